package io.lightwire.websock.internal.http;

/**
 * The headers a handler added to a response, in order, in a table of {@value #CAPACITY} made once
 * with its exchange (or deferral). The caller checks names and values first ({@link
 * HttpExchange#checkHeader}). Not thread-safe: its owner guards it.
 */
final class ResponseHeaders {

  /** Headers one response may carry. */
  static final int CAPACITY = 16;

  private final String[] names = new String[CAPACITY];
  private final String[] values = new String[CAPACITY];
  private int count;

  /**
   * Adds one header.
   *
   * @throws IllegalArgumentException when the table is full
   */
  void add(String name, String value) {
    if (count == CAPACITY) {
      throw new IllegalArgumentException("a response carries at most " + CAPACITY + " headers");
    }
    names[count] = name;
    values[count] = value;
    count++;
  }

  int count() {
    return count;
  }

  String name(int i) {
    return names[i];
  }

  String value(int i) {
    return values[i];
  }

  /** Forgets every header (and the references to them). */
  void clear() {
    for (int i = 0; i < count; i++) {
      names[i] = null;
      values[i] = null;
    }
    count = 0;
  }
}

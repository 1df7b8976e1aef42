package io.lightwire.examples.support;

/**
 * The host to print in the line that says where a server listens: one a client on this machine can
 * use. A wildcard bind is reached on loopback; an IPv6 literal is bracketed for a URL.
 */
public final class PrintableHost {

  private PrintableHost() {}

  /** The address to print for a server bound to {@code bind} (an IP literal). */
  public static String of(String bind) {
    if (bind.equals("0.0.0.0")) {
      return "127.0.0.1";
    }
    if (bind.equals("::") || bind.equals("[::]")) {
      return "[::1]";
    }
    return bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
  }
}

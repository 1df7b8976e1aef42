package io.lightwire.websock.server;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The project's one decoder of percent-encoded request text (RFC 3986 2.1): query parameters
 * ({@code application/x-www-form-urlencoded}, where {@code +} is a space) and path segments (where
 * {@code +} is itself). Strict: a {@code %} must be followed by two hex digits and the decoded
 * bytes must be UTF-8, else {@link MalformedQueryException} names the problem; nothing is guessed.
 *
 * <p>For request handling (upgrade filters, HTTP handlers), not for hot paths: a decoded value is a
 * new {@code String}. Stateless and safe from any thread.
 */
public final class QueryDecoder {

  private QueryDecoder() {}

  /**
   * The decoded value of the first parameter named {@code name} in {@code query} (the text after
   * {@code ?}, without it), or null when there is none. A parameter without {@code =} has the empty
   * value. Every parameter before the match is checked too, so a malformed query is refused
   * whichever parameter is asked for first.
   *
   * @throws MalformedQueryException when a name or value up to the match has a bad escape
   */
  public static String parameter(String query, String name) {
    if (query == null || query.isEmpty()) {
      return null;
    }
    int start = 0;
    while (start <= query.length()) {
      int end = query.indexOf('&', start);
      if (end < 0) {
        end = query.length();
      }
      if (end > start) {
        int equals = query.indexOf('=', start);
        int nameEnd = equals < 0 || equals > end ? end : equals;
        String key = decode(query, start, nameEnd, true);
        String value = nameEnd == end ? "" : decode(query, nameEnd + 1, end, true);
        if (key.equals(name)) {
          return value;
        }
      }
      start = end + 1;
    }
    return null;
  }

  /**
   * Checks every parameter of {@code query}.
   *
   * @throws MalformedQueryException at the first bad escape
   */
  public static void check(String query) {
    parameter(query, null);
  }

  /**
   * Decodes one query component (a parameter name or value): {@code +} is a space.
   *
   * @throws MalformedQueryException on a bad escape or bytes that are not UTF-8
   */
  public static String decodeComponent(String text) {
    return decode(text, 0, text.length(), true);
  }

  /**
   * Decodes one path segment: {@code +} stays {@code +}. The result may contain any character,
   * including {@code /} from {@code %2F}; callers that map it to files refuse those themselves.
   *
   * @throws MalformedQueryException on a bad escape or bytes that are not UTF-8
   */
  public static String decodePathSegment(String text) {
    return decode(text, 0, text.length(), false);
  }

  private static String decode(String text, int from, int to, boolean plusIsSpace) {
    int escape = text.indexOf('%', from);
    boolean plain = escape < 0 || escape >= to;
    if (plain && (!plusIsSpace || text.indexOf('+', from) < 0 || text.indexOf('+', from) >= to)) {
      return text.substring(from, to); // the common case: nothing to decode
    }
    ByteBuffer bytes = ByteBuffer.allocate(to - from);
    CharBuffer chars = CharBuffer.allocate(to - from);
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c == '%') {
        if (i + 2 >= to) {
          throw new MalformedQueryException(
              "malformed query: '%' at " + i + " is not followed by two hex digits");
        }
        int hi = Character.digit(text.charAt(i + 1), 16);
        int lo = Character.digit(text.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new MalformedQueryException(
              "malformed query: '%"
                  + text.charAt(i + 1)
                  + text.charAt(i + 2)
                  + "' at "
                  + i
                  + " is not a hex escape");
        }
        bytes.put((byte) (hi << 4 | lo));
        i += 2;
        continue;
      }
      flush(utf8, bytes, chars, i);
      chars.put(plusIsSpace && c == '+' ? ' ' : c);
    }
    flush(utf8, bytes, chars, to);
    return chars.flip().toString();
  }

  /** Decodes the escaped bytes collected so far as UTF-8 into {@code chars}. */
  private static void flush(CharsetDecoder utf8, ByteBuffer bytes, CharBuffer chars, int at) {
    if (bytes.position() == 0) {
      return;
    }
    bytes.flip();
    try {
      chars.put(utf8.reset().decode(bytes));
    } catch (CharacterCodingException e) {
      throw new MalformedQueryException(
          "malformed query: the escapes before " + at + " are not UTF-8");
    }
    bytes.clear();
  }
}

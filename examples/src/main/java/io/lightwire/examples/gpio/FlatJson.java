package io.lightwire.examples.gpio;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads the page's control messages: one flat JSON object whose values are strings, booleans,
 * integers or null (e.g. {@code {"type":"led","on":true}}). Nested objects and arrays are refused:
 * the protocol has none, and refusing them keeps a hostile message from costing more than its size.
 */
final class FlatJson {

  private final String text;
  private int at;

  private FlatJson(String text) {
    this.text = text;
  }

  /**
   * Parses {@code text}.
   *
   * @return the members: {@link String}, {@link Boolean}, {@link Long} or {@code null} values
   * @throws IllegalArgumentException naming the offset and what was expected there
   */
  static Map<String, Object> parse(String text) {
    FlatJson p = new FlatJson(text);
    Map<String, Object> members = new HashMap<>();
    p.skipSpace();
    p.expect('{');
    p.skipSpace();
    if (p.peek() == '}') {
      p.at++;
    } else {
      while (true) {
        p.skipSpace();
        String name = p.string();
        p.skipSpace();
        p.expect(':');
        p.skipSpace();
        if (members.put(name, p.value()) != null) {
          throw new IllegalArgumentException("member '" + name + "' appears twice");
        }
        p.skipSpace();
        if (p.peek() == ',') {
          p.at++;
          continue;
        }
        p.expect('}');
        break;
      }
    }
    p.skipSpace();
    if (p.at != text.length()) {
      throw p.error("end of message");
    }
    return members;
  }

  private Object value() {
    char c = peek();
    if (c == '"') {
      return string();
    }
    if (text.startsWith("true", at)) {
      at += 4;
      return Boolean.TRUE;
    }
    if (text.startsWith("false", at)) {
      at += 5;
      return Boolean.FALSE;
    }
    if (text.startsWith("null", at)) {
      at += 4;
      return null;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      return integer();
    }
    throw error("a string, true, false, null or an integer");
  }

  private Long integer() {
    int start = at;
    if (peek() == '-') {
      at++;
    }
    while (at < text.length() && Character.isDigit(text.charAt(at)) && at - start < 19) {
      at++;
    }
    try {
      return Long.parseLong(text, start, at, 10);
    } catch (NumberFormatException e) {
      throw error("an integer");
    }
  }

  private String string() {
    expect('"');
    StringBuilder out = new StringBuilder();
    while (true) {
      if (at >= text.length()) {
        throw error("the end of the string");
      }
      char c = text.charAt(at++);
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        throw error("no control character in a string");
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (at >= text.length()) {
        throw error("an escape");
      }
      char e = text.charAt(at++);
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (at + 4 > text.length()) {
            throw error("four hex digits");
          }
          try {
            out.append((char) Integer.parseInt(text, at, at + 4, 16));
          } catch (NumberFormatException x) {
            throw error("four hex digits");
          }
          at += 4;
        }
        default -> throw error("a valid escape");
      }
    }
  }

  private char peek() {
    return at < text.length() ? text.charAt(at) : '\0';
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("'" + c + "'");
    }
    at++;
  }

  private void skipSpace() {
    while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
      at++;
    }
  }

  private IllegalArgumentException error(String expected) {
    return new IllegalArgumentException("bad JSON at offset " + at + ": expected " + expected);
  }
}

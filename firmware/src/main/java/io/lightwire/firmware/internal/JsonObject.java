package io.lightwire.firmware.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parsed flat JSON object, as the control messages of the page, the GPIO panel and the hil
 * protocol are: string, number, boolean and null values; a nested object or array is refused.
 * Control messages are few, so parsing allocates; it never runs on the frame path.
 */
final class JsonObject {

  private final Map<String, Object> values;

  private JsonObject(Map<String, Object> values) {
    this.values = values;
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the position and what was expected
   */
  static JsonObject parse(CharSequence text) {
    Parser p = new Parser(text);
    p.skipSpace();
    p.expect('{');
    Map<String, Object> values = new LinkedHashMap<>();
    p.skipSpace();
    if (p.peek() == '}') {
      p.pos++;
    } else {
      while (true) {
        p.skipSpace();
        String key = p.string();
        p.skipSpace();
        p.expect(':');
        p.skipSpace();
        values.put(key, p.value());
        p.skipSpace();
        char c = p.next();
        if (c == '}') {
          break;
        }
        if (c != ',') {
          throw p.error("',' or '}'");
        }
      }
    }
    p.skipSpace();
    if (p.pos != text.length()) {
      throw p.error("the end of the message");
    }
    return new JsonObject(values);
  }

  /** True when the object has {@code key}. */
  boolean has(String key) {
    return values.containsKey(key);
  }

  /** The string value of {@code key}, or null when absent; not a string is an error. */
  String string(String key) {
    Object v = values.get(key);
    if (v == null || v instanceof String) {
      return (String) v;
    }
    throw new IllegalArgumentException("\"" + key + "\" must be a string, not " + v);
  }

  /** The number of {@code key} as a double; absent or not a number is an error. */
  double number(String key) {
    Object v = values.get(key);
    if (v instanceof Double d) {
      return d;
    }
    throw new IllegalArgumentException("\"" + key + "\" must be a number, not " + v);
  }

  /** The whole number of {@code key}; absent, fractional or out of int range is an error. */
  int integer(String key) {
    double d = number(key);
    if (d != Math.rint(d) || d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("\"" + key + "\" must be a whole number, not " + d);
    }
    return (int) d;
  }

  /** The boolean of {@code key}; 0 and 1 count as false and true; anything else is an error. */
  boolean flag(String key) {
    Object v = values.get(key);
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof Double d && (d == 0 || d == 1)) {
      return d == 1;
    }
    throw new IllegalArgumentException("\"" + key + "\" must be true or false, not " + v);
  }

  /** A cursor over the text. */
  private static final class Parser {
    private final CharSequence text;
    int pos;

    Parser(CharSequence text) {
      this.text = text;
    }

    char peek() {
      return pos < text.length() ? text.charAt(pos) : '\0';
    }

    char next() {
      if (pos >= text.length()) {
        throw error("more input");
      }
      return text.charAt(pos++);
    }

    void skipSpace() {
      while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
        pos++;
      }
    }

    void expect(char c) {
      if (next() != c) {
        pos--;
        throw error("'" + c + "'");
      }
    }

    Object value() {
      char c = peek();
      if (c == '"') {
        return string();
      }
      if (c == '{' || c == '[') {
        throw error("a string, number, true, false or null (nested values are not used here)");
      }
      if (match("true")) {
        return Boolean.TRUE;
      }
      if (match("false")) {
        return Boolean.FALSE;
      }
      if (match("null")) {
        return null;
      }
      int start = pos;
      while (pos < text.length() && "+-.eE0123456789".indexOf(text.charAt(pos)) >= 0) {
        pos++;
      }
      if (start == pos) {
        throw error("a value");
      }
      try {
        return Double.parseDouble(text.subSequence(start, pos).toString());
      } catch (NumberFormatException e) {
        pos = start;
        throw error("a number");
      }
    }

    private boolean match(String word) {
      if (pos + word.length() <= text.length()
          && text.subSequence(pos, pos + word.length()).toString().equals(word)) {
        pos += word.length();
        return true;
      }
      return false;
    }

    String string() {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (true) {
        char c = next();
        if (c == '"') {
          return out.toString();
        }
        if (c < 0x20) {
          pos--;
          throw error("no control characters in a string");
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        char e = next();
        switch (e) {
          case '"', '\\', '/' -> out.append(e);
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'u' -> {
            if (pos + 4 > text.length()) {
              throw error("four hex digits");
            }
            try {
              out.append((char) Integer.parseInt(text.subSequence(pos, pos + 4).toString(), 16));
            } catch (NumberFormatException ex) {
              throw error("four hex digits");
            }
            pos += 4;
          }
          default -> {
            pos--;
            throw error("a valid escape");
          }
        }
      }
    }

    IllegalArgumentException error(String expected) {
      return new IllegalArgumentException("bad JSON at offset " + pos + ": expected " + expected);
    }
  }
}

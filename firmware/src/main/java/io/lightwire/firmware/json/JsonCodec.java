package io.lightwire.firmware.json;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.value.ArrayValue;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/**
 * The one JSON codec of Lightwire (firmware and examples), to and from msgpack values: the REST
 * binding and MQTT carry stream values with it, and {@link JsonMessage} reads control messages with
 * it. JSON has no binary type: {@code bin} and {@code ext} values are written as base64 strings,
 * and non-string map keys as their JSON text.
 *
 * <p>Parsing is strict RFC 8259 and fuzzed: exactly one value, no comments, no trailing commas, no
 * leading {@code +} or zeros, a digit on both sides of the point and in the exponent, no control
 * characters in strings, no unpaired UTF-16 surrogate (escaped or not), no name twice in one object
 * (two parsers reading one message differently is how filters get bypassed), at most {@link
 * #MAX_DEPTH} nested arrays and objects. Any thread; parsing allocates the value tree, so it is for
 * control and REST messages, never the frame path.
 */
public final class JsonCodec {

  /** The deepest nesting of arrays and objects parsing accepts; deeper text is refused. */
  public static final int MAX_DEPTH = 32;

  private JsonCodec() {}

  // ---- writing

  /** {@code value} as JSON text. */
  public static String toJson(Value value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  private static void write(Value v, StringBuilder out) {
    switch (v.getValueType()) {
      case NIL -> out.append("null");
      case BOOLEAN -> out.append(v.asBooleanValue().getBoolean());
      case INTEGER -> out.append(v.asIntegerValue().toBigInteger());
      case FLOAT -> {
        double d = v.asFloatValue().toDouble();
        out.append(Double.isFinite(d) ? Double.toString(d) : "null");
      }
      case STRING -> string(v.asStringValue().toString(), out);
      case BINARY ->
          string(Base64.getEncoder().encodeToString(v.asBinaryValue().asByteArray()), out);
      case EXTENSION ->
          string(Base64.getEncoder().encodeToString(v.asExtensionValue().getData()), out);
      case ARRAY -> {
        ArrayValue a = v.asArrayValue();
        out.append('[');
        for (int i = 0; i < a.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(a.get(i), out);
        }
        out.append(']');
      }
      case MAP -> {
        MapValue m = v.asMapValue();
        out.append('{');
        boolean first = true;
        for (Map.Entry<Value, Value> e : m.entrySet()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          Value key = e.getKey();
          string(key.isStringValue() ? key.asStringValue().toString() : toJson(key), out);
          out.append(':');
          write(e.getValue(), out);
        }
        out.append('}');
      }
    }
  }

  /** Appends {@code s} as a JSON string. */
  public static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (ch < 0x20 || ch == 0x2028 || ch == 0x2029) {
            out.append(String.format("\\u%04x", (int) ch));
          } else {
            out.append(ch);
          }
        }
      }
    }
    out.append('"');
  }

  // ---- parsing

  /**
   * Parses {@code text}, which must hold exactly one JSON value.
   *
   * @throws JsonException naming the position and the rule broken
   */
  public static Value parse(String text) throws JsonException {
    Parser p = new Parser(text);
    p.skipSpace();
    Value v = p.value(0);
    p.skipSpace();
    if (p.pos != text.length()) {
      throw new JsonException("text after the JSON value", p.pos);
    }
    return v;
  }

  private static final class Parser {
    private final String s;
    int pos;

    Parser(String s) {
      this.s = s;
    }

    void skipSpace() {
      while (pos < s.length()) {
        char ch = s.charAt(pos);
        if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r') {
          return;
        }
        pos++;
      }
    }

    Value value(int depth) throws JsonException {
      if (pos >= s.length()) {
        throw new JsonException("the text ends where a value should be", pos);
      }
      char ch = s.charAt(pos);
      return switch (ch) {
        case '{' -> object(depth + 1);
        case '[' -> array(depth + 1);
        case '"' -> ValueFactory.newString(string());
        case 't' -> literal("true", ValueFactory.newBoolean(true));
        case 'f' -> literal("false", ValueFactory.newBoolean(false));
        case 'n' -> literal("null", ValueFactory.newNil());
        default -> {
          if (ch == '-' || (ch >= '0' && ch <= '9')) {
            yield number();
          }
          throw new JsonException("unexpected '" + ch + "'", pos);
        }
      };
    }

    private void checkDepth(int depth) throws JsonException {
      if (depth > MAX_DEPTH) {
        throw new JsonException("values nested deeper than " + MAX_DEPTH, pos);
      }
    }

    private Value object(int depth) throws JsonException {
      checkDepth(depth);
      pos++;
      Map<Value, Value> map = new LinkedHashMap<>();
      skipSpace();
      if (peek() == '}') {
        pos++;
        return ValueFactory.newMap(map);
      }
      while (true) {
        skipSpace();
        if (peek() != '"') {
          throw new JsonException("an object key must be a string", pos);
        }
        int keyAt = pos;
        Value key = ValueFactory.newString(string());
        skipSpace();
        expect(':');
        skipSpace();
        if (map.put(key, value(depth)) != null) {
          throw new JsonException(
              "the name " + key.toJson() + " appears twice in an object", keyAt);
        }
        skipSpace();
        char ch = peek();
        pos++;
        if (ch == '}') {
          return ValueFactory.newMap(map);
        }
        if (ch != ',') {
          throw new JsonException("expected ',' or '}' in an object", pos - 1);
        }
      }
    }

    private Value array(int depth) throws JsonException {
      checkDepth(depth);
      pos++;
      List<Value> list = new ArrayList<>();
      skipSpace();
      if (peek() == ']') {
        pos++;
        return ValueFactory.newArray(list);
      }
      while (true) {
        skipSpace();
        list.add(value(depth));
        skipSpace();
        char ch = peek();
        pos++;
        if (ch == ']') {
          return ValueFactory.newArray(list);
        }
        if (ch != ',') {
          throw new JsonException("expected ',' or ']' in an array", pos - 1);
        }
      }
    }

    private char peek() throws JsonException {
      if (pos >= s.length()) {
        throw new JsonException("the text ends inside a value", pos);
      }
      return s.charAt(pos);
    }

    private void expect(char ch) throws JsonException {
      if (peek() != ch) {
        throw new JsonException("expected '" + ch + "'", pos);
      }
      pos++;
    }

    private Value literal(String word, Value v) throws JsonException {
      if (!s.startsWith(word, pos)) {
        throw new JsonException("unexpected '" + s.charAt(pos) + "'", pos);
      }
      pos += word.length();
      return v;
    }

    private String string() throws JsonException {
      int start = pos;
      pos++; // the opening quote
      StringBuilder out = new StringBuilder();
      while (true) {
        char ch = peek();
        pos++;
        if (ch == '"') {
          checkSurrogates(out, start);
          return out.toString();
        }
        if (ch < 0x20) {
          throw new JsonException("a control character inside a string", pos - 1);
        }
        if (ch != '\\') {
          out.append(ch);
          continue;
        }
        char esc = peek();
        pos++;
        switch (esc) {
          case '"' -> out.append('"');
          case '\\' -> out.append('\\');
          case '/' -> out.append('/');
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'u' -> {
            if (pos + 4 > s.length()) {
              throw new JsonException("a \\u escape needs four hex digits", pos);
            }
            int code = 0;
            for (int i = 0; i < 4; i++) {
              int digit = Character.digit(s.charAt(pos + i), 16);
              if (digit < 0) {
                throw new JsonException("a \\u escape needs four hex digits", pos + i);
              }
              code = code * 16 + digit;
            }
            pos += 4;
            out.append((char) code);
          }
          default -> throw new JsonException("unknown escape \\" + esc, pos - 1);
        }
      }
    }

    /** A string is Unicode text: every surrogate, escaped or not, must be one of a pair. */
    private static void checkSurrogates(CharSequence text, int at) throws JsonException {
      for (int i = 0; i < text.length(); i++) {
        char ch = text.charAt(i);
        if (Character.isHighSurrogate(ch)
            && i + 1 < text.length()
            && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else if (Character.isSurrogate(ch)) {
          throw new JsonException(
              String.format("an unpaired surrogate U+%04X in the string", (int) ch), at);
        }
      }
    }

    private Value number() throws JsonException {
      int start = pos;
      if (peek() == '-') {
        pos++;
      }
      int intStart = pos;
      digits();
      if (pos - intStart > 1 && s.charAt(intStart) == '0') {
        throw new JsonException("a number must not start with 0", intStart);
      }
      boolean integral = true;
      if (pos < s.length() && s.charAt(pos) == '.') {
        pos++;
        digits();
        integral = false;
      }
      if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
        pos++;
        if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
          pos++;
        }
        digits();
        integral = false;
      }
      String text = s.substring(start, pos);
      if (integral) {
        BigInteger big = new BigInteger(text);
        if (big.bitLength() <= 63) {
          return ValueFactory.newInteger(big.longValue());
        }
        if (big.signum() > 0 && big.bitLength() <= 64) {
          return ValueFactory.newInteger(big);
        }
      }
      double d = Double.parseDouble(text);
      if (!Double.isFinite(d)) {
        throw new JsonException("number " + text + " is out of the range of a double", start);
      }
      return ValueFactory.newFloat(d);
    }

    private void digits() throws JsonException {
      int start = pos;
      while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
        pos++;
      }
      if (pos == start) {
        throw new JsonException("a digit is missing", pos);
      }
    }
  }
}

package io.lightwire.firmware.internal;

import io.lightwire.firmware.json.JsonCodec;

/** A small JSON writer for status documents: objects, arrays, strings and numbers. */
final class Json {

  private final StringBuilder out = new StringBuilder(1024);
  private boolean needComma;

  Json beginObject() {
    comma();
    out.append('{');
    needComma = false;
    return this;
  }

  Json endObject() {
    out.append('}');
    needComma = true;
    return this;
  }

  Json beginArray(String name) {
    name(name);
    out.append('[');
    needComma = false;
    return this;
  }

  Json endArray() {
    out.append(']');
    needComma = true;
    return this;
  }

  Json beginObject(String name) {
    name(name);
    out.append('{');
    needComma = false;
    return this;
  }

  Json field(String name, String value) {
    name(name);
    string(value);
    needComma = true;
    return this;
  }

  Json field(String name, long value) {
    name(name);
    out.append(value);
    needComma = true;
    return this;
  }

  Json field(String name, boolean value) {
    name(name);
    out.append(value);
    needComma = true;
    return this;
  }

  /** A number with up to three decimals (duty cycles, rates); whole numbers print without. */
  Json field(String name, double value) {
    name(name);
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      out.append((long) value);
    } else {
      out.append(Math.round(value * 1000) / 1000.0);
    }
    needComma = true;
    return this;
  }

  private void name(String name) {
    comma();
    string(name);
    out.append(':');
    needComma = false;
  }

  private void comma() {
    if (needComma) {
      out.append(',');
    }
  }

  private void string(String s) {
    // One escaping rule for every JSON the firmware writes (status, REST replies).
    JsonCodec.string(s, out);
  }

  /** {@code compact} JSON (as this class writes it) indented by two spaces, for people. */
  static String indent(String compact) {
    StringBuilder out = new StringBuilder(compact.length() * 2);
    int depth = 0;
    boolean inString = false;
    for (int i = 0; i < compact.length(); i++) {
      char c = compact.charAt(i);
      if (inString) {
        out.append(c);
        if (c == '\\') {
          out.append(compact.charAt(++i));
        } else if (c == '"') {
          inString = false;
        }
        continue;
      }
      switch (c) {
        case '"' -> {
          inString = true;
          out.append(c);
        }
        case '{', '[' -> {
          char close = c == '{' ? '}' : ']';
          if (i + 1 < compact.length() && compact.charAt(i + 1) == close) {
            out.append(c).append(close);
            i++;
          } else {
            out.append(c);
            newline(out, ++depth);
          }
        }
        case '}', ']' -> {
          newline(out, --depth);
          out.append(c);
        }
        case ',' -> {
          out.append(c);
          newline(out, depth);
        }
        case ':' -> out.append(": ");
        default -> out.append(c);
      }
    }
    return out.append('\n').toString();
  }

  private static void newline(StringBuilder out, int depth) {
    out.append('\n');
    out.append("  ".repeat(Math.max(0, depth)));
  }

  @Override
  public String toString() {
    return out.toString();
  }
}

package io.lightwire.firmware.internal;

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
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  @Override
  public String toString() {
    return out.toString();
  }
}

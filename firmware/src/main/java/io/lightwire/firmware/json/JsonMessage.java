package io.lightwire.firmware.json;

import java.util.Map;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/**
 * One control message: a JSON object read with {@link JsonCodec}'s strict rules, with typed
 * accessors that name the member and the value when it has the wrong type. Pages, the GPIO panel,
 * the camera, the hil protocol and the examples send such messages ({@code {"type":"set",
 * "bcm":17,"level":true}}). Parsing allocates; it never runs on the frame path. Not thread-safe; a
 * message is read where it arrived.
 */
public final class JsonMessage {

  private final Map<Value, Value> members;

  private JsonMessage(Map<Value, Value> members) {
    this.members = members;
  }

  /**
   * Parses {@code text}, which must be exactly one JSON object.
   *
   * @throws IllegalArgumentException when the text is not strict JSON (the message names the rule
   *     and the character) or not an object
   */
  public static JsonMessage parse(CharSequence text) {
    Value value;
    try {
      value = JsonCodec.parse(text.toString());
    } catch (JsonException e) {
      throw new IllegalArgumentException("bad JSON: " + e.getMessage(), e);
    }
    if (!value.isMapValue()) {
      throw new IllegalArgumentException("a message must be a JSON object, not " + value.toJson());
    }
    return new JsonMessage(value.asMapValue().map());
  }

  private Value get(String name) {
    return members.get(ValueFactory.newString(name));
  }

  /** True when the message has member {@code name} (null counts). */
  public boolean has(String name) {
    return get(name) != null;
  }

  /**
   * The string member {@code name}, or null when it is absent or null.
   *
   * @throws IllegalArgumentException when it is another type
   */
  public String string(String name) {
    Value v = get(name);
    if (v == null || v.isNilValue()) {
      return null;
    }
    if (!v.isStringValue()) {
      throw wrong(name, "a string", v);
    }
    return v.asStringValue().asString();
  }

  /**
   * The number member {@code name} as a double.
   *
   * @throws IllegalArgumentException when it is absent or not a number
   */
  public double number(String name) {
    Value v = get(name);
    if (v != null && v.isIntegerValue()) {
      return v.asIntegerValue().toBigInteger().doubleValue();
    }
    if (v != null && v.isFloatValue()) {
      return v.asFloatValue().toDouble();
    }
    throw wrong(name, "a number", v);
  }

  /**
   * The whole-number member {@code name} as an int.
   *
   * @throws IllegalArgumentException when it is absent, fractional or outside the int range
   */
  public int integer(String name) {
    double d = number(name);
    if (d != Math.rint(d) || d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("\"" + name + "\" must be a whole number, not " + d);
    }
    return (int) d;
  }

  /**
   * The boolean member {@code name}; 0 and 1 count as false and true (simple clients send them).
   *
   * @throws IllegalArgumentException when it is absent or anything else
   */
  public boolean flag(String name) {
    Value v = get(name);
    if (v != null && v.isBooleanValue()) {
      return v.asBooleanValue().getBoolean();
    }
    if (v != null && v.isIntegerValue() && v.asIntegerValue().isInLongRange()) {
      long n = v.asIntegerValue().asLong();
      if (n == 0 || n == 1) {
        return n == 1;
      }
    }
    throw wrong(name, "true or false", v);
  }

  private static IllegalArgumentException wrong(String name, String expected, Value v) {
    return new IllegalArgumentException(
        "\"" + name + "\" must be " + expected + ", not " + (v == null ? "absent" : v.toJson()));
  }
}

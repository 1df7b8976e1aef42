package io.lightwire.firmware.streams;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The device streams by name ({@link Streams#register}), the rule a stream name follows, and the
 * cache of encoded names the device writes. Any thread: the maps are concurrent.
 */
final class StreamRegistry {

  /** Encoded names kept at most; beyond, names are encoded afresh each time. */
  private static final int NAME_CACHE_SIZE = 256;

  private final Map<String, Registration> registry = new ConcurrentHashMap<>();
  private final Map<String, byte[]> encodedNames = new ConcurrentHashMap<>();

  /**
   * Registers the device stream {@code name}.
   *
   * @throws IllegalArgumentException when the name breaks {@link #checkName} or is registered
   */
  void register(String name, Permission permission, StreamHandler handler) {
    checkName(name);
    Objects.requireNonNull(permission, "permission");
    Objects.requireNonNull(handler, "handler");
    if (registry.putIfAbsent(name, new Registration(name, permission, handler)) != null) {
      throw new IllegalArgumentException("stream '" + name + "' is registered already");
    }
  }

  /** The registration of {@code name}, or null. */
  Registration get(String name) {
    return registry.get(name);
  }

  /** Every registration by name, live. */
  Map<String, Registration> all() {
    return registry;
  }

  /** Removes {@code name}; false when there was none. */
  boolean remove(String name) {
    return registry.remove(name) != null;
  }

  /** The names, sorted. */
  List<String> names() {
    List<String> names = new ArrayList<>(registry.keySet());
    names.sort(null);
    return names;
  }

  /**
   * Checks a stream name: 1 to {@value Streams#MAX_NAME_LENGTH} characters, no {@code /}, no
   * control character.
   *
   * @throws IllegalArgumentException naming the name and the rule
   */
  static void checkName(String name) {
    if (name == null || name.isEmpty() || name.length() > Streams.MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "stream name '" + name + "' must have 1 to " + Streams.MAX_NAME_LENGTH + " characters");
    }
    for (int i = 0; i < name.length(); i++) {
      char ch = name.charAt(i);
      if (ch == '/' || ch < 0x20 || ch == 0x7f) {
        throw new IllegalArgumentException(
            "stream name '" + name + "' must not contain '/' or control characters");
      }
    }
  }

  /**
   * The UTF-8 bytes of a stream name, cached so that writing the same streams again and again packs
   * no new array; the cache holds at most {@value #NAME_CACHE_SIZE} names.
   */
  byte[] encodedName(String stream) {
    byte[] utf8 = encodedNames.get(stream);
    if (utf8 == null) {
      utf8 = stream.getBytes(StandardCharsets.UTF_8);
      if (encodedNames.size() < NAME_CACHE_SIZE) {
        encodedNames.putIfAbsent(stream, utf8);
      }
    }
    return utf8;
  }
}

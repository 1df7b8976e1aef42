package io.lightwire.websock.testing;

import java.nio.charset.StandardCharsets;

/**
 * Fragmented messages written as text for parameterized tests: {@code |}-separated fragment
 * payloads, {@code _} standing for an empty fragment ({@code "ab|_"} is "ab" then an empty final
 * continuation, the shape of Autobahn 6.1.2).
 */
public final class FragmentShapes {

  private FragmentShapes() {}

  /** The payload of each fragment, in order. */
  public static byte[][] payloads(String shape) {
    String[] parts = shape.split("\\|");
    byte[][] payloads = new byte[parts.length][];
    for (int i = 0; i < parts.length; i++) {
      payloads[i] = parts[i].equals("_") ? new byte[0] : parts[i].getBytes(StandardCharsets.UTF_8);
    }
    return payloads;
  }

  /** The whole message: the fragments joined. */
  public static String joined(String shape) {
    return shape.replace("_", "").replace("|", "");
  }
}

package io.lightwire.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Fragmented messages written as text for parameterized tests: {@code |}-separated fragment
 * payloads, {@code _} standing for an empty fragment ({@code "ab|_"} is "ab" then an empty final
 * continuation, the shape of Autobahn 6.1.2).
 */
public final class FragmentShapes {

  private FragmentShapes() {}

  /**
   * Every empty-fragment shape, for text (1) and binary (2): empty first, middle and final
   * fragment, all empty, and one empty frame.
   */
  public static Stream<Arguments> everyShape() {
    return Stream.of(1, 2)
        .flatMap(
            type ->
                Stream.of("_|ab", "a|_|b", "ab|_", "_|_|_", "_")
                    .map(shape -> Arguments.of(type, shape)));
  }

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

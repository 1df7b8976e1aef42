package io.lightwire.websock.protocol;

import java.util.HexFormat;

/** Hex fixtures: frames in tests are written as hex literals (spaces allowed). */
public final class Hex {
  private Hex() {}

  /** Parses {@code "81 05 48 65"}. */
  public static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", ""));
  }

  /** Formats as lowercase hex without separators. */
  public static String hex(byte[] bytes, int offset, int length) {
    return HexFormat.of().formatHex(bytes, offset, offset + length);
  }
}

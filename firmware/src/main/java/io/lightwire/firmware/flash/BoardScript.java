package io.lightwire.firmware.flash;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The board side of a flash: {@code board.sh} (a resource next to this class), run as {@code sh -c
 * SCRIPT lightwire-board STEP ARGS...} so nothing has to be installed on the board first.
 */
final class BoardScript {

  private static final String SCRIPT = load();

  private BoardScript() {}

  /** The command line that runs {@code step} with {@code args}, each quoted for sh. */
  static String command(String step, List<String> args) {
    StringBuilder command = new StringBuilder("sh -c ").append(quote(SCRIPT));
    command.append(" lightwire-board ").append(quote(step));
    for (String arg : args) {
      command.append(' ').append(quote(arg));
    }
    return command.toString();
  }

  /** Single-quotes {@code text} for a POSIX shell ({@code '} becomes {@code '\''}). */
  static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }

  private static String load() {
    try (InputStream in = BoardScript.class.getResourceAsStream("board.sh")) {
      if (in == null) {
        throw new IllegalStateException("board.sh is missing from the firmware jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

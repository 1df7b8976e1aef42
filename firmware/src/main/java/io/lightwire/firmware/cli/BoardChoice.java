package io.lightwire.firmware.cli;

import io.lightwire.boards.BoardDescriptor;
import io.lightwire.boards.Boards;
import java.io.PrintWriter;
import java.util.Optional;

/**
 * A board id from the command line ({@code --board}, {@code boards show ID}): case-insensitive, and
 * an unknown one is the same message ({@link Boards#unknown}) and exit status {@value #EXIT} in
 * every command; {@code run} says it through its config check, in the same words.
 */
final class BoardChoice {

  /** The exit status for an unknown board: a usage error, like every bad option. */
  static final int EXIT = 2;

  private BoardChoice() {}

  /** The board {@code id} names, or empty after printing why to {@code err}. */
  static Optional<BoardDescriptor> resolve(String id, PrintWriter err) {
    Optional<BoardDescriptor> board = Boards.byId(id);
    if (board.isEmpty()) {
      err.println("lightwire: " + Boards.unknown(id) + "; lightwire boards lists them");
    }
    return board;
  }
}

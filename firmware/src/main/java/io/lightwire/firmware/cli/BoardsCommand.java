package io.lightwire.firmware.cli;

import io.lightwire.boards.BoardDescriptor;
import io.lightwire.boards.Boards;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lightwire boards}: lists the boards Lightwire knows. */
@Command(
    name = "boards",
    mixinStandardHelpOptions = true,
    description = "List the boards Lightwire knows.")
final class BoardsCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    out.printf("%-10s %s%n", "ID", "BOARD");
    for (BoardDescriptor board : Boards.all()) {
      out.printf("%-10s %s%n", board.id(), board.name());
    }
  }
}

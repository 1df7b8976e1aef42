package io.lightwire.firmware.cli;

import io.lightwire.boards.BoardDescriptor;
import io.lightwire.boards.Boards;
import io.lightwire.boards.HeaderDiagram;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lightwire boards}: lists the boards Lightwire knows; {@code boards show ID} details one.
 */
@Command(
    name = "boards",
    mixinStandardHelpOptions = true,
    description = "List the boards Lightwire knows.",
    subcommands = {BoardsCommand.Show.class})
final class BoardsCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    // Columns as wide as their widest cell, so no name or SoC is cut.
    int nameWidth = "BOARD".length();
    int socWidth = "SOC".length();
    for (BoardDescriptor board : Boards.all()) {
      nameWidth = Math.max(nameWidth, board.name().length());
      socWidth = Math.max(socWidth, board.soc().length());
    }
    String row = "%-10s %-" + nameWidth + "s %-" + socWidth + "s %s%n";
    out.printf(row, "ID", "BOARD", "SOC", "DETECTED BY (device-tree model)");
    for (BoardDescriptor board : Boards.all()) {
      out.printf(
          row,
          board.id(),
          board.name(),
          board.soc(),
          board.modelPrefixes().isEmpty()
              ? "(default off a Pi)"
              : String.join(" | ", board.modelPrefixes()));
    }
    out.println();
    out.println("Show a board's header: lightwire boards show ID");
  }

  /** {@code lightwire boards show ID}: the header diagram with each pin's functions. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Print a board's 40-pin header with each pin's functions.")
  static final class Show implements java.util.concurrent.Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "Board id, e.g. pi5.")
    String id;

    @Override
    public Integer call() {
      Optional<BoardDescriptor> board = BoardChoice.resolve(id, spec.commandLine().getErr());
      if (board.isEmpty()) {
        return BoardChoice.EXIT;
      }
      spec.commandLine().getOut().print(HeaderDiagram.render(board.get()));
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}

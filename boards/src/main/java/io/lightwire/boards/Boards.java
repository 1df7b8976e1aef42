package io.lightwire.boards;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The catalogue of known boards and detection of the board we run on. */
public final class Boards {

  /** The in-memory board, chosen when no Raspberry Pi is detected. */
  public static final BoardDescriptor EMULATED =
      new BoardDescriptor("emulated", "Emulated board (in memory)", List.of(), true);

  private static final List<BoardDescriptor> ALL = List.of(EMULATED);

  private Boards() {}

  /** Every known board, the emulated one first. */
  public static List<BoardDescriptor> all() {
    return ALL;
  }

  /** The board with this id, if any. */
  public static Optional<BoardDescriptor> byId(String id) {
    return ALL.stream().filter(b -> b.id().equals(id)).findFirst();
  }

  /**
   * Detects the board from {@code <root>/proc/device-tree/model}. Returns empty when the file is
   * missing or names no known board.
   *
   * @param root the file system root; {@code /} on a board, a temporary folder in tests
   */
  public static Optional<BoardDescriptor> detect(Path root) {
    Path model = root.resolve("proc/device-tree/model");
    String text;
    try {
      text = Files.readString(model, StandardCharsets.US_ASCII).replace("\0", "").trim();
    } catch (IOException e) {
      return Optional.empty();
    }
    return ALL.stream()
        .filter(b -> b.modelPrefixes().stream().anyMatch(text::startsWith))
        .findFirst();
  }
}

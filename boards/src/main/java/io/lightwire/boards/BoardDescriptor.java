package io.lightwire.boards;

import java.util.List;

/**
 * What Lightwire knows about one kind of board, as data.
 *
 * @param id the short name used on the command line and in config, e.g. {@code "pi5"}
 * @param name the marketing name, e.g. {@code "Raspberry Pi 5"}
 * @param modelPrefixes prefixes of {@code /proc/device-tree/model} that identify the board
 * @param emulated true for the in-memory board that runs on any PC
 */
public record BoardDescriptor(
    String id, String name, List<String> modelPrefixes, boolean emulated) {

  public BoardDescriptor {
    modelPrefixes = List.copyOf(modelPrefixes);
  }
}

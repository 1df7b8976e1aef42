package io.lightwire.boards;

/**
 * The machine is a Raspberry Pi that Lightwire's catalogue does not describe and whose header
 * cannot be inferred from its SoC (e.g. a compute module, whose header is on its carrier). Running
 * it as the emulated board would hide that nothing reaches the pins, so detection refuses; the
 * message names the model and the known boards.
 */
public final class UnknownBoardException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** A refusal with the user-facing message. */
  public UnknownBoardException(String message) {
    super(message);
  }
}

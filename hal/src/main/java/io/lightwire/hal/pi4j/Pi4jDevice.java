package io.lightwire.hal.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.IO;
import com.pi4j.io.gpio.digital.DigitalState;
import io.lightwire.hal.DeviceClosedException;
import io.lightwire.hal.DeviceIoException;
import io.lightwire.hal.HalClock;
import io.lightwire.hal.internal.ConfiguredDevice;
import io.lightwire.hal.internal.DeviceRegistry;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One device of {@link Pi4jHardware} over one Pi4J I/O: creates the I/O from the context, maps
 * Pi4J's runtime exceptions to {@link DeviceIoException}, and shuts the I/O down on close (which
 * applies its shutdown state). Levels: our configs are logical, Pi4J states raw (raw = logical XOR
 * activeLow).
 *
 * @param <I> the Pi4J I/O type
 * @param <C> our config type
 */
abstract class Pi4jDevice<I extends IO<?, ?, ?>, C> extends ConfiguredDevice<C> {

  /** What every device of one {@link Pi4jHardware} shares. */
  record Board(Context context, DeviceRegistry registry, HalClock clock) {}

  protected final Board board;
  protected final I io;

  /**
   * @param description see {@link #describe}
   * @param create builds the Pi4J I/O on the context (called once, here)
   */
  Pi4jDevice(
      Board board,
      String resource,
      String id,
      String description,
      C config,
      Function<Context, I> create) {
    super(board.registry(), resource, id, description, config);
    this.board = board;
    this.io = call(description(), () -> create.apply(board.context()));
  }

  /** Runs a Pi4J call, turning Pi4J's runtime exceptions into {@link DeviceIoException}. */
  static <T> T call(String what, Supplier<T> action) {
    try {
      return action.get();
    } catch (DeviceIoException | DeviceClosedException | IllegalArgumentException e) {
      throw e;
    } catch (com.pi4j.exception.Pi4JException e) {
      throw new DeviceIoException(DeviceIoException.Reason.OTHER, what + ": " + e.getMessage(), e);
    }
  }

  /** {@link #call(String, Supplier)} on an open device, naming it in errors. */
  protected final <T> T callOpen(Supplier<T> action) {
    ensureOpen();
    return call(description(), action);
  }

  /** {@link #callOpen} after checking {@code offset} and {@code length} against {@code data}. */
  protected final <T> T callOpen(byte[] data, int offset, int length, Supplier<T> action) {
    Objects.checkFromIndexSize(offset, length, data.length);
    return callOpen(action);
  }

  /** E.g. {@code digital output 'led' (GPIO 17)}: {@code kind}, the id and {@code where}. */
  static String describe(String kind, String id, String where) {
    return kind + " '" + id + "' (" + where + ")";
  }

  static DigitalState raw(boolean logical, boolean activeLow) {
    return logical ^ activeLow ? DigitalState.HIGH : DigitalState.LOW;
  }

  @Override
  protected void onClose() {
    try {
      board.context().shutdown(io.id());
    } catch (com.pi4j.exception.Pi4JException e) {
      throw new DeviceIoException(
          DeviceIoException.Reason.OTHER, "shutting down " + io.id() + " failed", e);
    }
  }
}

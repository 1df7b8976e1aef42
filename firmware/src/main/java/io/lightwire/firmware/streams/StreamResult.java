package io.lightwire.firmware.streams;

import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/**
 * The outcome of a request the device made to a page ({@link Streams#list}, {@link Streams#read}).
 * A timeout is its own status, distinct from an error the page answered.
 *
 * @param status how the request ended
 * @param value the page's answer when {@link Status#OK}, else {@code nil}
 * @param error the error code when {@link Status#ERROR} (see {@link StreamErrors}), else null
 * @param message the error's text when {@link Status#ERROR}, else a short reason
 */
public record StreamResult(Status status, Value value, String error, String message) {

  /** How a request ended. */
  public enum Status {
    /** The page answered; {@link #value()} holds the answer. */
    OK,
    /** The page answered with an error; {@link #error()} says which. */
    ERROR,
    /** No answer within the timeout. */
    TIMEOUT,
    /** The page is gone, or it went away before answering. */
    CLOSED,
    /** The request could not be sent: no stream message or request slot was free. */
    BUSY
  }

  /** An answer. */
  static StreamResult ok(Value value) {
    return new StreamResult(Status.OK, value, null, "");
  }

  /** An error the page answered. */
  static StreamResult error(String code, String message) {
    return new StreamResult(Status.ERROR, ValueFactory.newNil(), code, message);
  }

  /** A result without an answer. */
  static StreamResult of(Status status, String reason) {
    return new StreamResult(status, ValueFactory.newNil(), null, reason);
  }

  /** True when the page answered without an error. */
  public boolean ok() {
    return status == Status.OK;
  }
}

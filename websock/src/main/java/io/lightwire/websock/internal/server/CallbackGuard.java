package io.lightwire.websock.internal.server;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * The engine's one error-isolation rule: an application callback that throws is counted (see {@link
 * Counters#handlerErrors()}) and logged, and costs at most its own connection; the loop lives on.
 * An {@link IOException} means the peer went away or reset: the connection is freed without a log
 * line.
 *
 * <p>Service thread only; nothing is allocated unless something fails.
 */
final class CallbackGuard {

  /** One step of work on a connection that may call application code. */
  @FunctionalInterface
  interface Step {
    void run(Connection c) throws IOException;
  }

  private static final System.Logger LOG = System.getLogger("io.lightwire.websock.server");

  private final Counters counters;
  private final Consumer<Connection> close;

  CallbackGuard(Counters counters, Consumer<Connection> close) {
    this.counters = counters;
    this.close = close;
  }

  /**
   * Runs {@code step} for {@code c}; when it fails, closes {@code c} ({@code what} names the step
   * in the log line of a handler failure).
   */
  void run(Connection c, Step step, String what) {
    try {
      step.run(c);
    } catch (IOException e) {
      close.accept(c); // the peer went away or reset
    } catch (RuntimeException e) {
      failed("connection " + c.index + ": " + what + " failed; closing it", e);
      close.accept(c);
    }
  }

  /** Counts and logs a callback's exception the caller has recovered from. */
  void failed(String what, RuntimeException e) {
    counters.countHandlerError();
    LOG.log(System.Logger.Level.ERROR, what, e);
  }
}

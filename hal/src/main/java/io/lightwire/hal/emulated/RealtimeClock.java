package io.lightwire.hal.emulated;

import io.lightwire.hal.HalClock;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** {@link EmulatedClock#realtime()}: system clocks and one daemon thread running the tasks. */
final class RealtimeClock implements EmulatedClock {

  private final ScheduledThreadPoolExecutor executor;

  RealtimeClock() {
    executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "lightwire-emulated-board");
              t.setDaemon(true);
              return t;
            });
    executor.setRemoveOnCancelPolicy(true);
  }

  @Override
  public long nanos() {
    return HalClock.system().nanos();
  }

  @Override
  public long epochMicros() {
    return HalClock.system().epochMicros();
  }

  @Override
  public void schedule(long atNanos, Runnable task) {
    if (!executor.isShutdown()) {
      executor.schedule(task, Math.max(0, atNanos - nanos()), TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void shutdown() {
    executor.shutdownNow();
  }
}

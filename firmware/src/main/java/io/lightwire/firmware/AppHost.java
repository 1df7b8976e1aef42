package io.lightwire.firmware;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs one {@link Application} inside the firmware: {@code start} and {@code stop} on the
 * application thread, its state and failures for {@code /status} and the log. A failed start leaves
 * the firmware serving (the state says {@code failed} and why); see docs/decisions.md for the exit
 * codes.
 */
final class AppHost {

  private static final System.Logger LOG = System.getLogger("io.lightwire.firmware.app");

  /** How long shutdown waits for {@link Application#stop()} before it goes on without it. */
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

  private final Application application;
  private final String name;
  private final String version;
  private volatile AppState state;
  private volatile String error = "";
  private volatile long failures;

  private AppHost(Application application) {
    this.application = application;
    this.name = application == null ? "" : application.name();
    this.version = application == null ? "" : Version.of(application.getClass());
    this.state = application == null ? AppState.NONE : AppState.STARTING;
  }

  /** The host of {@code application}, or of none when it is null. */
  static AppHost of(Application application) {
    return new AppHost(application);
  }

  /** The application, or null. */
  Application application() {
    return application;
  }

  /** Posts {@link Application#start} to {@code thread}. */
  void start(ApplicationThread thread, Firmware firmware) {
    if (application == null) {
      return;
    }
    boolean posted =
        thread.post(
            () -> {
              try {
                application.start(firmware);
                state = AppState.RUNNING;
                LOG.log(System.Logger.Level.INFO, "application {0} {1} running", name, version);
              } catch (Exception | LinkageError e) {
                fail("start", e);
              }
            });
    if (!posted) {
      fail("start", new IllegalStateException("the application queue is full"));
    }
  }

  /**
   * Runs {@link Application#stop} on {@code thread} after a start that succeeded, waiting at most
   * {@link #STOP_TIMEOUT}.
   */
  void stop(ApplicationThread thread) {
    if (state != AppState.RUNNING) {
      if (state == AppState.STARTING) {
        state = AppState.STOPPED; // shut down before start ran: there is nothing to stop
      }
      return;
    }
    CountDownLatch done = new CountDownLatch(1);
    Runnable stop =
        () -> {
          try {
            application.stop();
            state = AppState.STOPPED;
          } catch (RuntimeException | LinkageError e) {
            fail("stop", e);
          } finally {
            done.countDown();
          }
        };
    if (thread.isCurrentThread()) {
      stop.run();
      return;
    }
    try {
      if (!thread.post(stop) || !done.await(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.log(
            System.Logger.Level.WARNING,
            "application {0}: stop did not finish within {1} ms; shutting down without it",
            name,
            STOP_TIMEOUT.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void fail(String step, Throwable e) {
    failures++;
    error = step + ": " + e;
    state = AppState.FAILED;
    LOG.log(
        System.Logger.Level.ERROR,
        "application " + name + " failed in " + step + "; the firmware keeps serving",
        e);
  }

  /** What {@code /status} shows. */
  AppStatus status() {
    return new AppStatus(name, version, state, failures, error);
  }
}

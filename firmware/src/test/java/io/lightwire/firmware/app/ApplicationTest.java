package io.lightwire.firmware.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.AppState;
import io.lightwire.firmware.testing.Lightwire;
import io.lightwire.firmware.testing.LightwireTest;
import io.lightwire.hal.emulated.EmulatedHardware;
import io.lightwire.testsupport.ManualClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The user's {@link io.lightwire.firmware.Application} booted by the harness with the firmware on
 * the emulated board: start on the application thread once the services serve, its streams over
 * REST, GPIO edge to output, timers, its HTTP prefix, its config keys, the camera hook, /status,
 * stop at shutdown; a start that throws leaves the firmware serving with the failure shown.
 */
@LightwireTest(application = DemoApplication.class, config = "camera.fps=20")
class ApplicationTest {

  private static final long WAIT_MILLIS = 5_000;

  static String get(Lightwire lw, String path) throws IOException, InterruptedException {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(lw.baseUri().resolve(path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() + " " + response.body();
    }
  }

  /** Polls {@code path} until its answer contains {@code fragment}; returns the last answer. */
  static String await(Lightwire lw, String path, String fragment) throws Exception {
    long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000L;
    String last;
    do {
      last = get(lw, path);
      if (last.contains(fragment)) {
        return last;
      }
      Thread.sleep(20);
    } while (System.nanoTime() < deadline);
    return last;
  }

  @Test
  void startRunsOnTheApplicationThreadAndStatusShowsTheApplicationRunning(Lightwire lw)
      throws Exception {
    assertTrue(DemoApplication.started.get());
    assertTrue(DemoApplication.startedOnAppThread.get(), "start ran on the application thread");
    assertEquals(AppState.RUNNING, lw.application().state());
    String status = get(lw, "/status");
    assertTrue(
        status.contains("\"app\":{\"name\":\"demo\",\"version\":\"dev\",\"state\":\"running\""),
        status);
    assertTrue(get(lw, "/status.html").contains("<strong id=\"app\">demo</strong>"));
  }

  @Test
  void anInputEdgeDrivesTheOutputAndTheStreamCountsIt(Lightwire lw, EmulatedHardware board)
      throws Exception {
    board.drive(22, true);
    assertEquals("200 1", await(lw, "/streams/presses", "200 1"));
    long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000L;
    while (!board.level(17) && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertTrue(board.level(17), "output 17 follows input 22");
    board.drive(22, false);
    while (board.level(17) && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertFalse(board.level(17));
  }

  @Test
  @LightwireTest(nanoClock = ManualClock.class)
  void theTimerTicksOnTheFirmwareClockAndTheHttpPrefixAnswersWithTheDefaultConfig(Lightwire lw)
      throws Exception {
    ManualClock clock = (ManualClock) lw.firmware().nanoClock();
    assertEquals("200 0", get(lw, "/streams/ticks"));
    clock.advanceMillis(49); // app.tick-ms defaults to 50
    lw.firmware().clockMoved();
    get(lw, "/streams/ticks"); // read on the application thread: the second read is a later pass
    assertEquals("200 0", get(lw, "/streams/ticks"), "1 ms before the first tick");
    clock.advanceMillis(1);
    lw.firmware().clockMoved();
    assertEquals("200 1", await(lw, "/streams/ticks", "200 1"));
    clock.advanceMillis(100); // two periods at once: one tick, the missed one is skipped
    lw.firmware().clockMoved();
    assertEquals("200 2", await(lw, "/streams/ticks", "200 2"));
    get(lw, "/streams/ticks");
    assertEquals("200 2", get(lw, "/streams/ticks"));
    assertEquals("200 hello\n", get(lw, "/api/greeting"));
  }

  @Test
  @LightwireTest(config = {"app.greeting=good day", "camera.fps=20"})
  void theApplicationReadsItsOwnConfigKeys(Lightwire lw) throws Exception {
    assertEquals("200 good day\n", get(lw, "/api/greeting"));
  }

  @Test
  void theCameraHookSeesFrames(Lightwire lw) throws Exception {
    long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000L;
    while (DemoApplication.frames.get() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertTrue(DemoApplication.frames.get() >= 3, "frames seen: " + DemoApplication.frames);
  }

  @Test
  void stopRunsAtShutdown(Lightwire lw) {
    lw.firmware().close();
    assertTrue(DemoApplication.stopped.get());
    assertEquals(AppState.STOPPED, lw.application().state());
  }

  @Test
  @LightwireTest(application = FailingApplication.class)
  void aStartThatThrowsLeavesTheFirmwareServingWithTheFailureInStatus(Lightwire lw)
      throws Exception {
    assertEquals(AppState.FAILED, lw.application().state());
    String status = get(lw, "/status");
    assertTrue(status.contains("\"name\":\"failing\""), status);
    assertTrue(status.contains("\"state\":\"failed\",\"failures\":1"), status);
    assertTrue(
        status.contains("start: java.lang.IllegalStateException: the sensor is not connected"),
        status);
    assertTrue(get(lw, "/streams").startsWith("200 "), "the firmware still serves");
    assertTrue(URI.create(lw.baseUri().toString()).getPort() > 0);
  }
}

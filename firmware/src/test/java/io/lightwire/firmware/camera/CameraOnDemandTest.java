package io.lightwire.firmware.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.testing.Lightwire;
import io.lightwire.firmware.testing.LightwireTest;
import io.lightwire.hal.Subscription;
import io.lightwire.testsupport.ManualClock;
import io.lightwire.websock.client.WebSocketClient;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Capture on demand: with no viewer of any kind the emulated camera neither renders nor encodes;
 * the first viewer starts it, the last one leaving stops it; {@code camera.always-on} keeps it
 * capturing. Asserted on {@code /status}'s state and frame counters, never on timing.
 */
@LightwireTest(
    config = {"camera.width=160", "camera.height=120", "camera.fps=30", "camera.stop-after-ms=0"})
class CameraOnDemandTest {

  @Test
  void withNoViewerTheCameraIsStoppedAndCapturesNothing(Lightwire lw) throws Exception {
    CameraStatus before = CameraStatus.read(lw);
    assertEquals("idle", before.state(), before.json());
    assertFalse(before.running(), before.json());
    Thread.sleep(300); // ten frame periods of a 30 fps camera
    CameraStatus after = CameraStatus.read(lw);
    assertEquals(before.framesCaptured(), after.framesCaptured(), "no frame rendered while idle");
    assertEquals(0, after.number("starts"), after.json());
    assertTrue(after.message().contains("nobody is watching"), after.message());
    try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
      String metrics =
          http.send(
                  java.net.http.HttpRequest.newBuilder(lw.baseUri().resolve("/metrics")).build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString())
              .body();
      assertTrue(metrics.contains("lightwire_camera_state{state=\"idle\"} 1\n"), metrics);
      assertTrue(metrics.contains("lightwire_camera_state{state=\"running\"} 0\n"), metrics);
    }
  }

  @Test
  void theFirstViewerGetsFramesAndTheLastOneLeavingStopsTheCamera(Lightwire lw) throws Exception {
    WebSocketClient viewer = lw.connect("/camera");
    byte[] buffer = new byte[1 << 20];
    assertTrue(Lightwire.receive(viewer, buffer, 5_000) > 0, "the first viewer gets a frame");
    CameraStatus watched = CameraStatus.read(lw);
    assertEquals("running", watched.state(), watched.json());
    assertEquals(1, watched.number("demand"));

    WebSocketClient second = lw.connect("/camera");
    assertTrue(Lightwire.receive(second, buffer, 5_000) > 0);
    viewer.close(1000, "bye", 1_000);
    assertTrue(Lightwire.receive(second, buffer, 5_000) > 0, "one viewer left: frames go on");

    second.close(1000, "bye", 1_000);
    CameraStatus idle = CameraStatus.await(lw, s -> !s.running(), 5);
    assertEquals("idle", idle.state(), idle.json());
    assertEquals(0, idle.number("demand"));
    Thread.sleep(300);
    assertEquals(
        idle.framesCaptured(), CameraStatus.read(lw).framesCaptured(), "stopped: no frames");
    assertEquals(1, idle.number("starts"), "one capture for both viewers: " + idle.json());
  }

  @Test
  @LightwireTest(config = "camera.stop-after-ms=3000", nanoClock = ManualClock.class)
  void theCameraGoesOnForStopAfterOnceTheLastViewerLeftAndThenStops(Lightwire lw) throws Exception {
    ManualClock clock = (ManualClock) lw.firmware().nanoClock();
    WebSocketClient viewer = lw.connect("/camera");
    byte[] buffer = new byte[1 << 20];
    assertTrue(Lightwire.receive(viewer, buffer, 5_000) > 0, "the viewer gets a frame");
    viewer.close(1000, "bye", 1_000);
    CameraStatus left = CameraStatus.await(lw, s -> s.number("demand") == 0, 5);
    assertEquals(0, left.number("demand"), left.json());

    clock.advanceMillis(2_999);
    lw.firmware().clockMoved();
    CameraStatus still =
        CameraStatus.await(lw, s -> s.framesCaptured() >= left.framesCaptured() + 3, 5);
    assertEquals("running", still.state(), "1 ms before stop-after: " + still.json());

    clock.advanceMillis(1);
    lw.firmware().clockMoved();
    CameraStatus idle = CameraStatus.await(lw, s -> !s.running(), 5);
    assertEquals("idle", idle.state(), idle.json());
    assertEquals(1, idle.number("starts"), idle.json());
  }

  @Test
  @LightwireTest(config = "camera.stop-after-ms=300")
  void onTheSystemClockTheCameraStopsNoSoonerThanStopAfter(Lightwire lw) throws Exception {
    WebSocketClient viewer = lw.connect("/camera");
    byte[] buffer = new byte[1 << 20];
    assertTrue(Lightwire.receive(viewer, buffer, 5_000) > 0, "the viewer gets a frame");
    long leaving = System.nanoTime();
    viewer.close(1000, "bye", 1_000);
    CameraStatus idle = CameraStatus.await(lw, s -> !s.running(), 5);
    long stoppedAfter = System.nanoTime() - leaving;
    assertEquals("idle", idle.state(), idle.json());
    assertTrue(stoppedAfter >= 300_000_000L, "stopped " + stoppedAfter / 1_000_000 + " ms after");
  }

  @Test
  void anApplicationFrameHookIsAViewerToo(Lightwire lw) throws Exception {
    AtomicLong frames = new AtomicLong();
    Subscription hook =
        lw.firmware().onCameraFrame((frame, seq, micros) -> frames.incrementAndGet());
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (frames.get() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertTrue(frames.get() >= 3, "the hook started the camera: " + frames.get() + " frames");
    hook.close();
    hook.close(); // idempotent: leaves once
    CameraStatus idle = CameraStatus.await(lw, s -> !s.running(), 5);
    assertEquals("idle", idle.state(), idle.json());
    assertEquals(0, idle.number("demand"), idle.json());
  }

  @Test
  @LightwireTest(config = "camera.always-on=true")
  void alwaysOnCapturesWithNobodyWatching(Lightwire lw) throws Exception {
    // state is written before the counters: a frame may land between them, so wait on the state.
    CameraStatus first = CameraStatus.await(lw, s -> s.state().equals("running"), 5);
    assertEquals("running", first.state(), first.json());
    assertEquals(0, first.number("demand"));
    CameraStatus later =
        CameraStatus.await(lw, s -> s.framesCaptured() > first.framesCaptured(), 5);
    assertTrue(later.framesCaptured() > first.framesCaptured(), "frames go on: " + later.json());
    assertTrue(later.running());
  }
}

package io.lightwire.firmware.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.testing.Lightwire;
import io.lightwire.firmware.testing.LightwireTest;
import io.lightwire.websock.client.WebSocketClient;
import org.junit.jupiter.api.Test;

/**
 * The emulated camera's stall fault reaches {@code camera.state}: starting, running, stalled with
 * the reason, running again when frames resume.
 */
@LightwireTest(config = {"camera.width=160", "camera.height=120", "camera.fps=30"})
class CameraStallTest {

  @Test
  void aStallIsStalledWithTheReasonAndFramesResumingAreRunningAgain(Lightwire lw) throws Exception {
    WebSocketClient viewer = lw.connect("/camera");
    assertTrue(Lightwire.receive(viewer, new byte[1 << 20], 5_000) > 0);
    assertEquals("running", CameraStatus.read(lw).state());
    assertEquals("live", CameraStatus.read(lw).message());

    lw.board().stallCamera(true);
    CameraStatus stalled = CameraStatus.await(lw, s -> s.state().equals("stalled"), 10);
    assertEquals("stalled", stalled.state(), stalled.json());
    assertTrue(
        stalled.message().startsWith("stalled: no frame for more than 1000 ms"), stalled.message());

    lw.board().stallCamera(false);
    CameraStatus again = CameraStatus.await(lw, s -> s.state().equals("running"), 10);
    assertEquals("running", again.state(), again.json());
  }
}

package io.lightwire.firmware.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.hal.Camera;
import io.lightwire.hal.CameraConfig;
import io.lightwire.hal.CameraListener;
import io.lightwire.hal.FrameInfo;
import io.lightwire.hal.FrameRing;
import io.lightwire.hal.Subscription;
import io.lightwire.websock.client.ClientConfig;
import io.lightwire.websock.client.MessageHeader;
import io.lightwire.websock.client.WebSocketClient;
import io.lightwire.websock.pool.BufferPool;
import io.lightwire.websock.server.Server;
import io.lightwire.websock.server.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * A camera whose frames carry no comment (as rpicam's do) is streamed with the {@code lightwire}
 * comment inserted, its sequence number and capture time taken from the ring.
 */
class RealCameraCommentTest {

  /** Frames like rpicam's: SOI, APP0, SOS, scan, EOI, no COM. */
  private static final byte[] FRAME =
      HexFormat.of()
          .parseHex(
              "ffd8"
                  + "ffe000104a46494600010100000100010000"
                  + "ffda0008010100003f005566"
                  + "ffd9");

  @Test
  void framesWithoutTheCommentGetItWithTheRingsSequenceAndCaptureTime() throws Exception {
    FakeCamera camera = new FakeCamera();
    BufferPool staging = new BufferPool("camera staging", 1, 4096 + JpegComment.HEADROOM, false);
    CameraService service = new CameraService(camera, staging);
    ServerConfig config =
        ServerConfig.builder()
            .bindAddress("127.0.0.1")
            .port(0)
            .maxConnections(4)
            .rxBufferBytes(16_384)
            .txBufferBytes(65_550)
            .maxHeaderBytes(8_192)
            .maxMessageBytes(65_535)
            .broadcastBuffers(4)
            .broadcastBufferBytes(70_000)
            .timeouts(5_000, 60_000)
            .build();
    Server server = Server.builder(config).protocol(service.protocol()).open();
    server.start();
    try (WebSocketClient viewer =
        WebSocketClient.open(ClientConfig.of("ws://127.0.0.1:" + server.localPort() + "/camera"))) {
      service.start(server);
      waitFor(() -> service.viewers() == 1);
      waitFor(camera::isRunning); // the first viewer starts the camera on the capture thread
      camera.publish(1_700_000_000_000_001L);
      byte[] buffer = new byte[4096];
      MessageHeader header = new MessageHeader();
      int n = viewer.recv(header, buffer, 0, buffer.length, 5_000);
      assertTrue(header.endOfMessage(), header.toString());
      String comment = "lightwire seq=0 t=1700000000000001";
      assertEquals(FRAME.length + 4 + comment.length(), n);
      assertEquals(comment, new String(buffer, 6, comment.length(), StandardCharsets.US_ASCII));
      assertEquals((byte) 0xD9, buffer[n - 1]);
    } finally {
      service.close();
      server.stop();
    }
    assertEquals(0, staging.inUse());
    assertEquals(0, server.memory().broadcastBuffers().inUse());
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertTrue(condition.getAsBoolean());
  }

  /** A camera that publishes {@link #FRAME} into a real ring when the test says so. */
  private static final class FakeCamera implements Camera {
    private final CameraConfig config = CameraConfig.of("fake", 16, 16, 30, 80);
    private final FrameRing ring = new FrameRing(2, 4096);
    private volatile boolean running;

    void publish(long captureMicros) {
      System.arraycopy(FRAME, 0, ring.writeSlot(), 0, FRAME.length);
      ring.commit(FRAME.length, captureMicros);
    }

    @Override
    public CameraConfig config() {
      return config;
    }

    @Override
    public void start() {
      running = true;
      ring.setRunning(true);
    }

    @Override
    public void stop() {
      running = false;
      ring.setRunning(false);
    }

    @Override
    public boolean isRunning() {
      return running;
    }

    @Override
    public int read(long after, FrameInfo info, byte[] dst, int offset, long timeoutMillis) {
      return ring.read(after, info, dst, offset, timeoutMillis);
    }

    @Override
    public boolean isStalled() {
      return false;
    }

    @Override
    public long framesCaptured() {
      return ring.nextSequence();
    }

    @Override
    public long framesDropped() {
      return 0;
    }

    @Override
    public Subscription onStall(CameraListener listener) {
      return () -> {};
    }

    @Override
    public String id() {
      return "fake";
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {
      stop();
    }
  }
}

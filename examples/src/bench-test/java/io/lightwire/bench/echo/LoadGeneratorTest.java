package io.lightwire.bench.echo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.websock.protocol.Masking;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The load generator's counts and checks, against the raw TCP echo and against Jetty (an
 * independent WebSocket server, in this JVM): every message sent comes back, no more than the
 * window is in flight, a wrong byte fails the round, and the measure window's edges are reported
 * once each.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoadGeneratorTest {

  @Test
  void framesAreMaskedBinaryFramesAndTheEchoIsTheirUnmaskedPayload() {
    for (int size : new int[] {16, 125, 126, 61_440}) {
      LoadFrames f = LoadFrames.of(size, 4, true);
      int header = size <= 125 ? 6 : 8;
      assertEquals(header + size, f.requestLength(), "masked header + payload at " + size);
      assertEquals(header - 4 + size, f.responseLength(), "unmasked header + payload at " + size);
      assertEquals((byte) 0x82, f.request()[0]);
      assertEquals((byte) 0x82, f.response()[0]);
      assertTrue((f.request()[1] & 0x80) != 0, "client frames are masked");
      assertTrue((f.response()[1] & 0x80) == 0, "server frames are not");
      byte[] payload = Arrays.copyOfRange(f.request(), header, header + size);
      Masking.mask(payload, 0, size, LoadFrames.MASK_KEY, 0);
      assertArrayEquals(
          Arrays.copyOfRange(f.response(), header - 4, header - 4 + size), payload, "the echo");
      assertEquals(4 * f.requestLength(), f.block().remaining(), "a window of frames");
    }
    LoadFrames raw = LoadFrames.of(1024, 1, false);
    assertArrayEquals(raw.request(), raw.response(), "the raw echo returns the frame itself");
  }

  @Test
  void pipelineAgainstTheRawEchoCountsEveryEchoAndReportsTheWindowEdgesOnce() throws Exception {
    RawTcpEcho echo = RawTcpEcho.start();
    try {
      List<Boolean> edges = new ArrayList<>();
      LoadGenerator.Measured m =
          LoadGenerator.run(
              echo.port(), new LoadGenerator.Plan(1024, 3, 64, 2, 50, 300, false), edges::add);
      assertNull(m.error());
      assertEquals(List.of(true, false), edges);
      assertTrue(m.messages() > 64, "more than one window completed: " + m.messages());
      assertTrue(m.sortedLatencies().length > 0);
      assertTrue(m.sortedLatencies().length <= m.messages());
      for (int i = 1; i < m.sortedLatencies().length; i++) {
        assertTrue(m.sortedLatencies()[i - 1] <= m.sortedLatencies()[i], "sorted");
      }
      assertTrue(m.cpuNanos() > 0, "the generator measured its own CPU");
      assertTrue(m.busiestThread() > 0 && m.busiestThread() <= 1.5, "busy " + m.busiestThread());
    } finally {
      echo.stop();
    }
  }

  @Test
  void echoAndPipelineAgainstJettyAtSmallAndLargeMessages() throws Exception {
    PeerServers.Running jetty = PeerServers.jetty();
    try {
      // {window, size}: the 2-byte and the 4-byte header lengths, one in flight and pipelined.
      int[][] cases = {{1, 16}, {1, 61_440}, {64, 16}, {8, 61_440}};
      for (int[] c : cases) {
        LoadGenerator.Measured m =
            LoadGenerator.run(
                jetty.port(),
                new LoadGenerator.Plan(c[1], 2, c[0], 1, 100, 400, true),
                start -> {});
        assertNull(m.error(), "window " + c[0] + ", " + c[1] + " B");
        assertTrue(m.messages() > 0, "window " + c[0] + ", " + c[1] + " B");
      }
    } finally {
      jetty.stop();
    }
  }

  @Test
  void aConnectionNeverHasMoreThanItsWindowInFlightAndCountsEachEcho() throws Exception {
    RawTcpEcho echo = RawTcpEcho.start();
    LoadFrames frames = LoadFrames.of(100, 8, false);
    LoadConnection c = LoadConnection.open(echo.port(), frames, 8, false, new SplittableRandom(1));
    try {
      c.fillWindow(System.nanoTime());
      assertEquals(8, c.inFlight());
      c.fillWindow(System.nanoTime());
      assertEquals(8, c.inFlight(), "a full window takes no more");
      Latencies latencies = new Latencies(1);
      latencies.recording(true);
      ByteBuffer three = ByteBuffer.allocate(3 * frames.responseLength() + 10);
      for (int i = 0; i < 3; i++) {
        three.put(frames.response());
      }
      three.put(frames.response(), 0, 10).flip(); // and the start of a fourth
      assertEquals(3, c.take(three, System.nanoTime(), latencies));
      assertEquals(5, c.inFlight());
      assertEquals(3, latencies.count());
      ByteBuffer rest = ByteBuffer.wrap(frames.response(), 10, frames.responseLength() - 10);
      assertEquals(1, c.take(rest, System.nanoTime(), latencies), "the fourth completes");
      assertEquals(4, latencies.count());
    } finally {
      c.close();
      echo.stop();
    }
  }

  @Test
  void aWrongByteOrMoreEchoesThanSentFailWithAReason() throws Exception {
    RawTcpEcho echo = RawTcpEcho.start();
    LoadFrames frames = LoadFrames.of(100, 2, false);
    try {
      LoadConnection wrong =
          LoadConnection.open(echo.port(), frames, 2, false, new SplittableRandom(1));
      wrong.fillWindow(System.nanoTime());
      byte[] bad = frames.response().clone();
      bad[50] ^= 1;
      assertEquals(-1, wrong.take(ByteBuffer.wrap(bad), System.nanoTime(), new Latencies(1)));
      assertTrue(wrong.error.contains("byte 50 of echo 0"), wrong.error);
      wrong.close();

      LoadConnection extra =
          LoadConnection.open(echo.port(), frames, 2, false, new SplittableRandom(1));
      extra.send(1, System.nanoTime());
      ByteBuffer two = ByteBuffer.allocate(2 * frames.responseLength());
      two.put(frames.response()).put(frames.response()).flip();
      assertEquals(-1, extra.take(two, System.nanoTime(), new Latencies(1)));
      assertTrue(extra.error.contains("more echoes"), extra.error);
      extra.close();
    } finally {
      echo.stop();
    }
  }

  @Test
  void aWindowWithNoEchoSaysWhereEachThreadStood() throws Exception {
    // Echoes the first 50 ms of traffic (inside the 400 ms warm-up even if the generator's thread
    // starts late), then holds everything until 1.5 s, past the window's end, and echoes it all:
    // the round drains, but its window saw no echo.
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread server =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try (Socket s = listener.accept()) {
                      s.setSoTimeout(10);
                      InputStream in = s.getInputStream();
                      OutputStream out = s.getOutputStream();
                      ByteArrayOutputStream held = new ByteArrayOutputStream();
                      byte[] buf = new byte[4096];
                      long first = 0;
                      while (true) {
                        int n;
                        try {
                          n = in.read(buf);
                        } catch (SocketTimeoutException e) {
                          n = 0;
                        }
                        if (n < 0) {
                          return;
                        }
                        long now = System.nanoTime();
                        if (n > 0 && first == 0) {
                          first = now;
                        }
                        long since = first == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(now - first);
                        if (since < 50 || since > 1_500) {
                          out.write(held.toByteArray());
                          held.reset();
                          out.write(buf, 0, n);
                        } else {
                          held.write(buf, 0, n);
                        }
                      }
                    } catch (IOException e) {
                      // the generator closed first
                    }
                  });
      LoadGenerator.Measured m =
          LoadGenerator.run(
              listener.getLocalPort(),
              new LoadGenerator.Plan(16, 1, 4, 1, 400, 300, false),
              start -> {});
      server.join(10_000);
      assertTrue(
          m.error() != null
              && m.error()
                  .matches(
                      "no echo completed in the measure window \\(thread 0: 4 in flight at the"
                          + " end, last echo \\d+ ms before it, [1-9]\\d* selector passes in the"
                          + " window\\)"),
          m.error());
    }
  }
}

package io.lightwire.websock.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The config's caller-supplied buffers go back only when no thread uses them any more: one thread
 * failing a connection while another is still inside a write must not hand the send buffer to the
 * next connection under that writer (which would then scribble over the new connection's bytes).
 * The stuck writer is made deterministic with a socket whose write blocks until the test lets it
 * go, even after the socket was closed (the window between a close and the writer leaving).
 */
class BufferReleaseRaceTest {

  @Test
  void buffersAreNotReleasedUnderAWriterStillInsideTheSendBuffer() throws Exception {
    ClientConfig config = ClientConfig.builder().buffers(new byte[1024], new byte[1024]).build();
    StuckSocket first = new StuckSocket();
    WebSocketClient client = WebSocketClient.attach(first, config, WebSocketClient.NO_HTTP);
    ExecutorService writer = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> send = writer.submit(() -> client.sendBinary(new byte[4096], 0, 4096, -1));
      assertTrue(first.writing.await(5, TimeUnit.SECONDS), "the writer reached the socket");

      // Another thread fails the connection: its close cannot get the send lock in time.
      assertFalse(client.close(1000, "", 50));
      assertFalse(client.isOpen());

      // The writer is still inside its write: the buffers must still count as in use.
      IllegalStateException busy =
          assertThrows(
              IllegalStateException.class,
              () -> WebSocketClient.attach(new StuckSocket(), config, WebSocketClient.NO_HTTP));
      assertTrue(busy.getMessage().contains("buffers"), busy.getMessage());

      first.release.countDown();
      int result;
      try {
        result = send.get(5, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        result = WebSocketClient.CLOSED; // the write failed on the closed socket
      }
      assertTrue(
          result == WebSocketClient.CLOSED || result == WebSocketClient.TIMEOUT,
          "result " + result);

      // Once the writer left, the buffers are free for the next connection.
      StuckSocket second = new StuckSocket();
      second.release.countDown();
      WebSocketClient next = WebSocketClient.attach(second, config, WebSocketClient.NO_HTTP);
      assertEquals(WebSocketClient.OK, next.sendText("next", 1_000));
      next.close(1000, "", 10);
    } finally {
      first.release.countDown();
      writer.shutdownNow();
      assertTrue(writer.awaitTermination(5, TimeUnit.SECONDS));
    }
  }

  /** A socket whose writes block until {@link #release}, closed or not; reads wait for close. */
  private static final class StuckSocket extends Socket {
    final CountDownLatch writing = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);

    @Override
    public OutputStream getOutputStream() {
      return new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          writing.countDown();
          try {
            if (!release.await(10, TimeUnit.SECONDS)) {
              throw new IOException("test: write never released");
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
          }
          if (closed.getCount() == 0) {
            throw new IOException("socket closed");
          }
        }
      };
    }

    @Override
    public InputStream getInputStream() {
      return new InputStream() {
        @Override
        public int read() throws IOException {
          try {
            closed.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return -1;
        }
      };
    }

    @Override
    public void setSoTimeout(int timeout) {}

    @Override
    public synchronized void close() {
      closed.countDown();
    }
  }
}

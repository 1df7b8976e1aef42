package io.lightwire.bench.echo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The raw TCP echo returns every byte, in order, on every connection, and ends with its peer. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RawTcpEchoTest {

  private RawTcpEcho echo;

  @BeforeEach
  void start() throws Exception {
    echo = RawTcpEcho.start();
  }

  @AfterEach
  void stop() throws Exception {
    echo.stop();
  }

  @Test
  void echoesFourMebibytesWrittenWhileReadingOnTwoConnectionsAtOnce() throws Exception {
    try (Socket a = new Socket("127.0.0.1", echo.port());
        Socket b = new Socket("127.0.0.1", echo.port())) {
      a.setSoTimeout(10_000);
      b.setSoTimeout(10_000);
      byte[] sentA = random(4 << 20, 1);
      byte[] sentB = random(3 << 20, 2);
      // More than the echo's buffer and the socket buffers: the writer must not wait for the
      // reader, so the echo's back-pressure path (stop reading until written) is exercised.
      Thread writerA = Thread.ofPlatform().start(() -> write(a, sentA));
      Thread writerB = Thread.ofPlatform().start(() -> write(b, sentB));
      assertArrayEquals(sentA, read(a.getInputStream(), sentA.length));
      assertArrayEquals(sentB, read(b.getInputStream(), sentB.length));
      writerA.join();
      writerB.join();
    }
  }

  @Test
  void closesTheConnectionWhenThePeerEndsItsStream() throws Exception {
    try (Socket s = new Socket("127.0.0.1", echo.port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(new byte[] {1, 2, 3});
      s.shutdownOutput();
      InputStream in = s.getInputStream();
      assertArrayEquals(new byte[] {1, 2, 3}, read(in, 3));
      assertEquals(-1, in.read(), "the echo closes after the end of stream");
    }
  }

  private static byte[] random(int length, long seed) {
    byte[] bytes = new byte[length];
    new SplittableRandom(seed).nextBytes(bytes);
    return bytes;
  }

  private static void write(Socket s, byte[] bytes) {
    try {
      OutputStream out = s.getOutputStream();
      for (int at = 0; at < bytes.length; at += 10_000) {
        out.write(bytes, at, Math.min(10_000, bytes.length - at));
      }
      out.flush();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static byte[] read(InputStream in, int length) throws java.io.IOException {
    byte[] got = new byte[length];
    int at = 0;
    while (at < length) {
      int n = in.read(got, at, length - at);
      if (n < 0) {
        throw new java.io.EOFException("after " + at + " of " + length + " bytes");
      }
      at += n;
    }
    return got;
  }
}

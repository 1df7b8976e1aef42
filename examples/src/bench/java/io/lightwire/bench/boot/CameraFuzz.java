package io.lightwire.bench.boot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

/**
 * Fuzzed WebSocket frames against the firmware's {@code /camera}: a seeded mix of valid masked
 * frames of every size class (up to past the 0xFFFF limit), pings, fragments, and protocol
 * violations (unmasked, reserved bits, unknown opcodes, long control frames, bad UTF-8). The server
 * closes a connection on each violation; the fuzzer reconnects and goes on. Camera frames the
 * server streams meanwhile are read and dropped by a reader thread per connection, so the firmware
 * sees a viewer that keeps up.
 */
final class CameraFuzz {

  /** The largest payload the server accepts (frames above it are closed with 1009). */
  static final int MAX_PAYLOAD = 0xFFFF;

  private static final int TIMEOUT_MS = 10_000;

  /** A masked close frame with status 1000 and the zero mask key. */
  private static final byte[] CLOSE = {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xE8};

  private final int port;
  private final Random random;
  private final byte[] payload = new byte[MAX_PAYLOAD + 8192];
  private int connections;

  /** Whether the frame just encoded must make the server close the connection. */
  private boolean violation;

  /** Whether a fragmented message is open on the connection (a new data frame then violates). */
  private boolean fragmentOpen;

  CameraFuzz(int port, long seed) {
    this.port = port;
    this.random = new Random(seed);
    random.nextBytes(payload);
  }

  /**
   * Sends {@code frames} fuzzed frames, reconnecting whenever the server ends a connection.
   *
   * @return the number of connections it took
   */
  int send(int frames) throws IOException {
    Connection connection = null;
    try {
      for (int sent = 0; sent < frames; ) {
        if (connection == null || connection.closed()) {
          if (connection != null) {
            connection.close();
          }
          connection = new Connection(port);
          connections++;
          fragmentOpen = false;
        }
        byte[] frame = frame();
        try {
          connection.out.write(frame);
        } catch (IOException e) {
          connection.close(); // the server closed it: the next frame reconnects
        }
        sent++;
        if (violation) {
          // The server answers a violation with a close frame and ends the connection once the
          // close handshake completes: our close frame completes it at once, and waiting for the
          // end means every later frame reaches a connection that parses it.
          try {
            connection.out.write(CLOSE);
          } catch (IOException e) {
            // already closed by the server
          }
          connection.awaitEnd();
        }
      }
    } finally {
      if (connection != null) {
        connection.close();
      }
    }
    return connections;
  }

  /**
   * One fuzzed frame, masked unless the case is "unmasked"; sets {@link #violation} when the server
   * must close the connection on it.
   */
  private byte[] frame() {
    byte[] frame = pick();
    int opcode = frame[0] & 0x0F;
    boolean control = opcode >= 0x8;
    boolean rsv = (frame[0] & 0x70) != 0;
    boolean masked = (frame[1] & 0x80) != 0;
    int length7 = frame[1] & 0x7F;
    violation =
        rsv
            || !masked
            || (opcode > 0x2 && opcode < 0x8)
            || opcode > 0xA
            || (control && length7 > 125)
            || (!control && fragmentOpen)
            || opcode == 0x1 // its payload starts with 0xFF: invalid UTF-8 (1007)
            || length7 == 127; // past 0xFFFF: 1009
    if (!violation && !control) {
      fragmentOpen = (frame[0] & 0x80) == 0;
    }
    return frame;
  }

  private byte[] pick() {
    int kind = random.nextInt(100);
    int opcode;
    int length;
    int firstByte;
    boolean masked = true;
    if (kind < 40) { // small binary
      opcode = 0x2;
      length = random.nextInt(126);
    } else if (kind < 55) { // medium binary
      opcode = 0x2;
      length = 126 + random.nextInt(8_192);
    } else if (kind < 60) { // near and past the limit
      opcode = 0x2;
      length = MAX_PAYLOAD - 64 + random.nextInt(128);
    } else if (kind < 70) { // text that is not UTF-8
      opcode = 0x1;
      length = 1 + random.nextInt(1_024);
    } else if (kind < 80) { // ping
      opcode = 0x9;
      length = random.nextInt(126);
    } else if (kind < 85) { // a fragment that never finishes
      opcode = 0x2;
      length = random.nextInt(2_048);
      return encode(opcode, length, true, false, 0);
    } else if (kind < 90) { // unmasked client frame
      opcode = 0x2;
      length = random.nextInt(64);
      masked = false;
    } else if (kind < 94) { // reserved bits
      return encode(0x2, random.nextInt(64), true, true, 0x70);
    } else if (kind < 97) { // unknown opcode
      opcode = 0x3 + random.nextInt(5);
      length = random.nextInt(64);
    } else { // control frame longer than 125
      opcode = 0x9;
      length = 126 + random.nextInt(200);
    }
    firstByte = 0;
    return encode(opcode, length, masked, true, firstByte);
  }

  private byte[] encode(int opcode, int length, boolean masked, boolean fin, int rsv) {
    int header = 2 + (length < 126 ? 0 : length <= 0xFFFF ? 2 : 8) + (masked ? 4 : 0);
    byte[] frame = new byte[header + length];
    frame[0] = (byte) ((fin ? 0x80 : 0) | rsv | opcode);
    int i = 1;
    if (length < 126) {
      frame[i++] = (byte) ((masked ? 0x80 : 0) | length);
    } else if (length <= 0xFFFF) {
      frame[i++] = (byte) ((masked ? 0x80 : 0) | 126);
      frame[i++] = (byte) (length >>> 8);
      frame[i++] = (byte) length;
    } else {
      frame[i++] = (byte) ((masked ? 0x80 : 0) | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame[i++] = (byte) ((long) length >>> shift);
      }
    }
    boolean text = opcode == 0x1;
    if (masked) {
      for (int k = 0; k < 4; k++) {
        // text gets the zero key, so the 0xFF below reaches the server's UTF-8 check as is
        frame[i++] = text ? 0 : (byte) random.nextInt(256);
      }
    }
    System.arraycopy(payload, random.nextInt(4096), frame, i, length);
    if (text) {
      frame[i] = (byte) 0xFF; // never a UTF-8 byte
    }
    return frame;
  }

  /** One WebSocket connection to {@code /camera}, its input drained by a thread of its own. */
  private static final class Connection implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final Thread reader;

    Connection(int port) throws IOException {
      socket = new Socket();
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MS);
      socket.setSoTimeout(TIMEOUT_MS);
      byte[] key = new byte[16];
      new Random().nextBytes(key);
      out = socket.getOutputStream();
      out.write(
          ("GET /camera HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                  + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                  + Base64.getEncoder().encodeToString(key)
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      reader =
          Thread.ofPlatform()
              .daemon()
              .name("bench-boot-fuzz-reader")
              .start(
                  () -> {
                    byte[] sink = new byte[64 * 1024];
                    try {
                      while (in.read(sink) >= 0) {
                        // camera frames and close frames: dropped
                      }
                    } catch (IOException e) {
                      // closed
                    }
                  });
    }

    boolean closed() {
      return !reader.isAlive();
    }

    /** Waits until the server has ended the connection (or the timeout passed), then closes it. */
    void awaitEnd() throws IOException {
      try {
        reader.join(TIMEOUT_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      close();
    }

    @Override
    public void close() throws IOException {
      socket.close();
      try {
        reader.join(TIMEOUT_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

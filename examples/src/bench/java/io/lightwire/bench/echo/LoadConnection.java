package io.lightwire.bench.echo;

import io.lightwire.websock.protocol.CloseCodes;
import io.lightwire.websock.protocol.FrameCodec;
import io.lightwire.websock.protocol.HandshakeKeys;
import io.lightwire.websock.protocol.Masking;
import io.lightwire.websock.protocol.WebSocketProtocol;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * One connection of the load generator, owned by one generator thread: keeps {@code window}
 * messages in flight by writing one request frame for each echo that came back (a window's worth in
 * one write at the start), stamps each send for the latency of its echo (echoes come back in order)
 * and checks what comes back against the expected echo: every byte of the first window, the two
 * header bytes of every later message. Nothing is allocated once it is open.
 */
final class LoadConnection {

  /** How many echoes of each connection are checked byte for byte (the rest: their headers). */
  private static final int FULLY_CHECKED_MESSAGES = 64;

  private static final int HANDSHAKE_LIMIT = 4096;

  final SocketChannel channel;
  private final LoadFrames frames;
  private final int window;
  private final ByteBuffer block;
  private final long[] sentAt;
  private final int requestLength;
  private final int responseLength;

  /** Request bytes due but not yet taken by the socket. */
  private long owedBytes;

  /** Request bytes the socket took in all. */
  private long writtenBytes;

  /** Response bytes received in all. */
  private long receivedBytes;

  /** Messages stamped as sent, and echoes complete. */
  long sent;

  long received;

  /** Why this connection failed, or null. */
  String error;

  private LoadConnection(SocketChannel channel, LoadFrames frames, int window) {
    this.channel = channel;
    this.frames = frames;
    this.window = window;
    this.block = frames.block().duplicate();
    this.sentAt = new long[window];
    this.requestLength = frames.requestLength();
    this.responseLength = frames.responseLength();
  }

  /**
   * Connects to {@code 127.0.0.1:port} (blocking; the caller makes it non-blocking), with the
   * WebSocket opening handshake when {@code webSocket}: a fresh key, and {@code 101} with the
   * matching {@code Sec-WebSocket-Accept} is required.
   */
  static LoadConnection open(
      int port, LoadFrames frames, int window, boolean webSocket, SplittableRandom random)
      throws IOException {
    SocketChannel channel = SocketChannel.open();
    try {
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      channel.connect(new InetSocketAddress("127.0.0.1", port));
      if (webSocket) {
        handshake(channel, port, random);
      }
      return new LoadConnection(channel, frames, window);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static void handshake(SocketChannel channel, int port, SplittableRandom random)
      throws IOException {
    byte[] nonce = new byte[HandshakeKeys.NONCE_LENGTH];
    random.nextBytes(nonce);
    byte[] key = new byte[HandshakeKeys.KEY_LENGTH];
    HandshakeKeys.encodeKey(nonce, 0, key, 0);
    String keyText = new String(key, StandardCharsets.US_ASCII);
    String request =
        "GET / HTTP/1.1\r\nHost: 127.0.0.1:"
            + port
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
            + keyText
            + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
    ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
    while (out.hasRemaining()) {
      channel.write(out);
    }
    // The server sends nothing after its 101 until the first frame, so read up to the blank line.
    ByteBuffer in = ByteBuffer.allocate(HANDSHAKE_LIMIT);
    String head = null;
    while (head == null) {
      if (!in.hasRemaining() || channel.read(in) < 0) {
        throw new IOException("the server closed or overran the handshake answer");
      }
      String text = new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      if (end >= 0) {
        if (end + 4 != text.length()) {
          throw new IOException("bytes after the handshake answer before any frame was sent");
        }
        head = text.substring(0, end);
      }
    }
    if (!head.startsWith("HTTP/1.1 101")) {
      throw new IOException("handshake refused: " + head.lines().findFirst().orElse(""));
    }
    String expected = new HandshakeKeys().accept(keyText);
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0
          && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("sec-websocket-accept")
          && line.substring(colon + 1).trim().equals(expected)) {
        return;
      }
    }
    throw new IOException("no matching Sec-WebSocket-Accept in: " + head);
  }

  /** Messages sent whose echo has not come back yet. */
  int inFlight() {
    return (int) (sent - received);
  }

  /** Stamps {@code count} more messages as sent at {@code now}; {@link #flush} writes them. */
  void send(int count, long now) {
    for (int i = 0; i < count; i++) {
      sentAt[(int) (sent++ % window)] = now;
    }
    owedBytes += (long) count * requestLength;
  }

  /** Fills the window: stamps as many messages as are missing from it. */
  void fillWindow(long now) {
    send(window - inFlight(), now);
  }

  /**
   * Writes what is owed, as far as the socket takes it.
   *
   * @return true when everything owed is written, false when the socket is full
   */
  boolean flush() throws IOException {
    while (owedBytes > 0) {
      // The block is window identical frames, so the stream continues at written % frame length.
      int from = (int) (writtenBytes % requestLength);
      int length = (int) Math.min(owedBytes, block.capacity() - from);
      block.limit(from + length).position(from);
      int n = channel.write(block);
      if (n == 0) {
        return false;
      }
      writtenBytes += n;
      owedBytes -= n;
    }
    return true;
  }

  /** True when request bytes wait for the socket to take them. */
  boolean owes() {
    return owedBytes > 0;
  }

  /**
   * Takes the response bytes {@code in[position, limit)} (the thread's read buffer): checks them,
   * completes the echoes they finish and hands each one's latency to {@code latencies}.
   *
   * @return the number of echoes completed, or -1 when the bytes are not the expected echo ({@link
   *     #error} says how)
   */
  int take(ByteBuffer in, long now, Latencies latencies) {
    int start = in.position();
    int end = in.limit();
    byte[] expected = frames.response();
    long fullyChecked = (long) FULLY_CHECKED_MESSAGES * responseLength;
    for (int i = start; i < end; ) {
      long at = receivedBytes + (i - start);
      int offset = (int) (at % responseLength);
      if (at < fullyChecked) {
        int n = Math.min(end - i, responseLength - offset);
        for (int k = 0; k < n; k++) {
          if (in.get(i + k) != expected[offset + k]) {
            return mismatch(at + k, offset + k, in.get(i + k));
          }
        }
        i += n;
      } else if (offset < 2) {
        if (in.get(i) != expected[offset]) {
          return mismatch(at, offset, in.get(i));
        }
        i++;
      } else {
        i += Math.min(end - i, responseLength - offset); // to the next message's header
      }
    }
    long before = receivedBytes / responseLength;
    receivedBytes += end - start;
    int completed = (int) (receivedBytes / responseLength - before);
    if (received + completed > sent) {
      error = "more echoes came back than messages were sent";
      return -1;
    }
    for (int i = 0; i < completed; i++) {
      latencies.add(now - sentAt[(int) (received++ % window)]);
    }
    return completed;
  }

  private int mismatch(long streamOffset, int messageOffset, byte seen) {
    error =
        String.format(
            Locale.ROOT,
            "byte %d of echo %d (stream offset %d) is 0x%02x, not what was sent%s",
            messageOffset,
            streamOffset / responseLength,
            streamOffset,
            seen & 0xff,
            messageOffset == 0 && (seen & 0x08) != 0 ? " (a control frame: ping or close?)" : "");
    return -1;
  }

  /**
   * Writes a masked close frame with status 1000 (the round is over; nothing is in flight).
   *
   * @throws IOException when the socket does not take its 8 bytes
   */
  void sendClose() throws IOException {
    byte[] frame = new byte[8];
    int header =
        FrameCodec.encodeHeader(
            frame, 0, true, WebSocketProtocol.OPCODE_CLOSE, 2, true, LoadFrames.MASK_KEY);
    frame[header] = (byte) (CloseCodes.NORMAL >>> 8);
    frame[header + 1] = (byte) CloseCodes.NORMAL;
    Masking.mask(frame, header, 2, LoadFrames.MASK_KEY, 0);
    ByteBuffer close = ByteBuffer.wrap(frame);
    for (int tries = 0; close.hasRemaining() && tries < 100; tries++) {
      if (channel.write(close) == 0) {
        Thread.onSpinWait();
      }
    }
    if (close.hasRemaining()) {
      throw new IOException("the socket did not take the close frame");
    }
  }

  /** Closes the socket. */
  void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // nothing left to measure on it
    }
  }
}

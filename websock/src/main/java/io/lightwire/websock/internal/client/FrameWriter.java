package io.lightwire.websock.internal.client;

import io.lightwire.websock.protocol.FrameCodec;
import io.lightwire.websock.protocol.FrameEncoder;
import io.lightwire.websock.protocol.Masking;
import io.lightwire.websock.protocol.Utf8Encoding;
import io.lightwire.websock.protocol.WebSocketProtocol;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Writes frames: header and payload go through the connection's send buffer, which is filled and
 * written in chunks, so a payload of any size is sent with one header and no allocation. In the
 * client role every frame is masked with a fresh key from {@link MaskKeyGenerator} while it is
 * copied, so the caller's bytes are never modified; in the server role ({@code ws_attach_server})
 * frames are sent unmasked (RFC 6455 5.1), through the same code with key 0.
 *
 * <p>Corked ({@link #cork}), frames are appended to the send buffer and written only when it is
 * full, at {@link #flush}, or with a close frame, so many small messages go out in one write (one
 * syscall). Uncorked, each frame is written when it is complete.
 *
 * <p>Not thread-safe by itself: {@code Sender} calls it under its write lock.
 */
final class FrameWriter {

  private final Transport transport;
  private final byte[] buf;
  private final ByteBuffer view;
  private final MaskKeyGenerator keys;
  private final boolean masked;
  private int pending;
  private boolean corked;
  private long writes;

  FrameWriter(Transport transport, byte[] sendBuffer, MaskKeyGenerator keys, boolean masked) {
    this.transport = transport;
    this.buf = sendBuffer;
    this.view = ByteBuffer.wrap(sendBuffer);
    this.keys = keys;
    this.masked = masked;
  }

  /** From now on frames collect in the send buffer until it is full or {@link #flush}. */
  void cork() {
    corked = true;
  }

  /** Ends corked mode; the caller then {@link #flush}es. */
  void uncork() {
    corked = false;
  }

  boolean corked() {
    return corked;
  }

  /** Bytes written to the send buffer and not yet to the transport. */
  int pending() {
    return pending;
  }

  /** Write calls made on the transport so far (tests count syscalls with it). */
  long writes() {
    return writes;
  }

  /** Writes what the send buffer holds. */
  void flush() throws IOException {
    if (pending > 0) {
      int n = pending;
      pending = 0; // a failed write leaves nothing to resend: the connection is failed
      write(n);
    }
  }

  /** Forgets unwritten bytes (the connection failed). */
  void discard() {
    pending = 0;
  }

  /** Writes one frame whose payload is {@code src[offset, offset + length)}. */
  void frame(boolean fin, int opcode, byte[] src, int offset, int length) throws IOException {
    frame(fin, opcode, src, null, offset, length);
  }

  /**
   * Writes one frame whose payload is {@code src}'s remaining bytes (heap or direct) and moves its
   * position to its limit.
   */
  void frame(boolean fin, int opcode, ByteBuffer src) throws IOException {
    int at = src.position();
    int length = src.remaining();
    frame(fin, opcode, null, src, at, length);
    src.position(at + length);
  }

  /** The one data frame loop: the payload is {@code array}'s or else {@code buffer}'s bytes. */
  private void frame(boolean fin, int opcode, byte[] array, ByteBuffer buffer, int at, int length)
      throws IOException {
    int key = nextKey();
    int pos = startFrame(fin, opcode, length, key);
    int keyIndex = 0;
    int done = 0;
    while (done < length) {
      int n = Math.min(length - done, buf.length - pos);
      if (array != null) {
        keyIndex = Masking.maskCopy(array, at + done, buf, pos, n, key, keyIndex);
      } else {
        buffer.get(at + done, buf, pos, n);
        keyIndex = Masking.mask(buf, pos, n, key, keyIndex);
      }
      pos += n;
      done += n;
      if (pos == buf.length) {
        write(pos);
        pos = 0;
      }
    }
    endFrame(pos);
  }

  /**
   * Writes one text frame whose payload is the UTF-8 encoding of {@code text} ({@code utf8Length}
   * bytes, from {@link Utf8Encoding#encodedLength}), encoded straight into the send buffer.
   */
  void text(boolean fin, int opcode, CharSequence text, long utf8Length) throws IOException {
    int key = nextKey();
    int pos = startFrame(fin, opcode, utf8Length, key);
    int keyIndex = 0;
    int next = 0;
    while (true) {
      view.limit(buf.length).position(pos);
      next = Utf8Encoding.encode(text, next, view);
      keyIndex = Masking.mask(buf, pos, view.position() - pos, key, keyIndex);
      pos = view.position();
      if (next == text.length()) {
        break;
      }
      write(pos); // the buffer has no room for the next character
      pos = 0;
    }
    endFrame(pos);
  }

  /**
   * Writes a close frame (empty when {@code code} is {@code NO_STATUS}) and everything corked
   * before it, at once.
   */
  void close(int code, byte[] reason, int offset, int length) throws IOException {
    control(code, WebSocketProtocol.OPCODE_CLOSE, reason, offset, length);
    flush();
  }

  /** Writes a pong and everything corked before it, at once (a pong must not wait). */
  void pong(byte[] payload, int offset, int length) throws IOException {
    control(-1, WebSocketProtocol.OPCODE_PONG, payload, offset, length);
    flush();
  }

  private void control(int code, int opcode, byte[] payload, int offset, int length)
      throws IOException {
    if (buf.length - pending < FrameEncoder.MAX_CONTROL_FRAME) {
      flush();
    }
    view.limit(buf.length).position(pending);
    int key = nextKey();
    if (opcode == WebSocketProtocol.OPCODE_CLOSE) {
      FrameEncoder.close(view, code, payload, offset, length, masked, key);
    } else {
      FrameEncoder.control(view, opcode, payload, offset, length, masked, key);
    }
    pending = view.position();
  }

  /** Writes the header after what is pending; returns the position after it. */
  private int startFrame(boolean fin, int opcode, long length, int key) throws IOException {
    if (buf.length - pending < WebSocketProtocol.MAX_HEADER_LENGTH) {
      flush();
    }
    return pending + FrameCodec.encodeHeader(buf, pending, fin, opcode, length, masked, key);
  }

  /** The frame's bytes end at {@code pos}: written now, or left for later when corked. */
  private void endFrame(int pos) throws IOException {
    pending = pos;
    if (!corked) {
      flush();
    }
  }

  private void write(int length) throws IOException {
    writes++;
    transport.write(buf, 0, length);
  }

  /** A fresh mask key in the client role; 0 (XOR leaves the bytes as they are) in the server's. */
  private int nextKey() {
    return masked ? keys.nextKey() : 0;
  }
}

package io.lightwire.websock.internal.client;

import io.lightwire.websock.protocol.CloseCodes;
import io.lightwire.websock.protocol.FrameCodec;
import io.lightwire.websock.protocol.Masking;
import io.lightwire.websock.protocol.WebSocketProtocol;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Writes frames: header and payload go through the connection's send buffer, which is filled and
 * flushed in chunks, so a payload of any size is sent with one header and no allocation. In the
 * client role every frame is masked with a fresh key from {@link MaskKeyGenerator} while it is
 * copied, so the caller's bytes are never modified; in the server role ({@code ws_attach_server})
 * frames are sent unmasked (RFC 6455 5.1), through the same code with key 0.
 *
 * <p>Not thread-safe by itself: {@code ClientConnection} calls it under its write lock.
 */
final class FrameWriter {

  private final Transport transport;
  private final byte[] buf;
  private final MaskKeyGenerator keys;
  private final boolean masked;

  FrameWriter(Transport transport, byte[] sendBuffer, MaskKeyGenerator keys, boolean masked) {
    this.transport = transport;
    this.buf = sendBuffer;
    this.keys = keys;
    this.masked = masked;
  }

  /** A fresh mask key in the client role; 0 (XOR leaves the bytes as they are) in the server's. */
  private int nextKey() {
    return masked ? keys.nextKey() : 0;
  }

  /** Writes one frame whose payload is {@code src[offset, offset + length)}. */
  void frame(boolean fin, int opcode, byte[] src, int offset, int length) throws IOException {
    int key = nextKey();
    int pos = FrameCodec.encodeHeader(buf, 0, fin, opcode, length, masked, key);
    int keyIndex = 0;
    int done = 0;
    while (done < length) {
      int n = Math.min(length - done, buf.length - pos);
      keyIndex = Masking.maskCopy(src, offset + done, buf, pos, n, key, keyIndex);
      pos += n;
      done += n;
      if (pos == buf.length) {
        transport.write(buf, 0, pos);
        pos = 0;
      }
    }
    if (pos > 0) {
      transport.write(buf, 0, pos);
    }
  }

  /**
   * Writes one frame whose payload is {@code src}'s remaining bytes (heap or direct) and moves its
   * position to its limit.
   */
  void frame(boolean fin, int opcode, ByteBuffer src) throws IOException {
    int length = src.remaining();
    int at = src.position();
    int key = nextKey();
    int pos = FrameCodec.encodeHeader(buf, 0, fin, opcode, length, masked, key);
    int keyIndex = 0;
    int done = 0;
    while (done < length) {
      int n = Math.min(length - done, buf.length - pos);
      src.get(at + done, buf, pos, n);
      keyIndex = Masking.mask(buf, pos, n, key, keyIndex);
      pos += n;
      done += n;
      if (pos == buf.length) {
        transport.write(buf, 0, pos);
        pos = 0;
      }
    }
    if (pos > 0) {
      transport.write(buf, 0, pos);
    }
    src.position(at + length);
  }

  /**
   * Writes one text frame whose payload is the UTF-8 encoding of {@code text}, encoded straight
   * into the send buffer (no intermediate byte array).
   *
   * @throws IllegalArgumentException when {@code text} has an unpaired surrogate (not encodable)
   */
  void text(boolean fin, int opcode, CharSequence text) throws IOException {
    long length = utf8Length(text);
    int key = nextKey();
    int pos = FrameCodec.encodeHeader(buf, 0, fin, opcode, length, masked, key);
    int keyIndex = 0;
    int chunkStart = pos;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      if (buf.length - pos < 4) {
        keyIndex = Masking.mask(buf, chunkStart, pos - chunkStart, key, keyIndex);
        transport.write(buf, 0, pos);
        pos = 0;
        chunkStart = 0;
      }
      char c = text.charAt(i);
      if (c < 0x80) {
        buf[pos++] = (byte) c;
      } else if (c < 0x800) {
        buf[pos++] = (byte) (0xC0 | (c >>> 6));
        buf[pos++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)) {
        int cp = Character.toCodePoint(c, text.charAt(++i));
        buf[pos++] = (byte) (0xF0 | (cp >>> 18));
        buf[pos++] = (byte) (0x80 | ((cp >>> 12) & 0x3F));
        buf[pos++] = (byte) (0x80 | ((cp >>> 6) & 0x3F));
        buf[pos++] = (byte) (0x80 | (cp & 0x3F));
      } else {
        buf[pos++] = (byte) (0xE0 | (c >>> 12));
        buf[pos++] = (byte) (0x80 | ((c >>> 6) & 0x3F));
        buf[pos++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    Masking.mask(buf, chunkStart, pos - chunkStart, key, keyIndex);
    transport.write(buf, 0, pos);
  }

  /**
   * Writes a close frame: empty when {@code code} is {@link CloseCodes#NO_STATUS}, else the code
   * and the reason bytes (the caller checked the code and that the reason is UTF-8 of at most 123
   * bytes).
   */
  void close(int code, byte[] reason, int offset, int length) throws IOException {
    int key = nextKey();
    int payload = code == CloseCodes.NO_STATUS ? 0 : 2 + length;
    int pos =
        FrameCodec.encodeHeader(buf, 0, true, WebSocketProtocol.OPCODE_CLOSE, payload, masked, key);
    if (payload > 0) {
      // The send buffer is at least MIN_BUFFER bytes, so a close frame (<= 131 bytes) fits.
      buf[pos] = (byte) (code >>> 8);
      buf[pos + 1] = (byte) code;
      System.arraycopy(reason, offset, buf, pos + 2, length);
      Masking.mask(buf, pos, payload, key, 0);
    }
    transport.write(buf, 0, pos + payload);
  }

  /**
   * The UTF-8 length of {@code text} in bytes.
   *
   * @throws IllegalArgumentException at the first unpaired surrogate, naming its index
   */
  static long utf8Length(CharSequence text) {
    long length = 0;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        length += 1;
      } else if (c < 0x800) {
        length += 2;
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(text.charAt(i + 1))) {
          length += 4;
          i++;
        } else {
          throw new IllegalArgumentException(
              "text must be valid UTF-16 to encode as UTF-8, unpaired surrogate 0x"
                  + Integer.toHexString(c)
                  + " at index "
                  + i);
        }
      } else {
        length += 3;
      }
    }
    return length;
  }
}

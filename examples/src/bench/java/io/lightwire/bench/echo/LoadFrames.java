package io.lightwire.bench.echo;

import io.lightwire.websock.protocol.FrameCodec;
import io.lightwire.websock.protocol.Masking;
import io.lightwire.websock.protocol.WebSocketProtocol;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * The bytes the load generator sends and expects back, computed once per cell: a block of {@code
 * window} identical masked binary frames (written a window at a time in one call), and the echo of
 * one message as the server must send it (an unmasked binary frame, or for the raw TCP echo the
 * masked frame itself, byte for byte).
 *
 * @param request one masked client frame
 * @param response one expected echo
 * @param block {@code window} request frames back to back (direct; read-only copies per connection)
 */
record LoadFrames(byte[] request, byte[] response, ByteBuffer block) {

  /** The fixed mask key of every request frame (servers must not depend on its value). */
  static final int MASK_KEY = 0x5a3c_96e1;

  /**
   * The frames for messages of {@code size} payload bytes, {@code window} per block.
   *
   * @param webSocket false for the raw TCP echo, whose answer is the request itself
   */
  static LoadFrames of(int size, int window, boolean webSocket) {
    byte[] payload = new byte[size];
    new SplittableRandom(size).nextBytes(payload);
    byte[] request = new byte[FrameCodec.headerLength(size, true) + size];
    int header =
        FrameCodec.encodeHeader(
            request, 0, true, WebSocketProtocol.OPCODE_BINARY, size, true, MASK_KEY);
    System.arraycopy(payload, 0, request, header, size);
    Masking.mask(request, header, size, MASK_KEY, 0);
    byte[] response;
    if (webSocket) {
      response = new byte[FrameCodec.headerLength(size, false) + size];
      int h =
          FrameCodec.encodeHeader(
              response, 0, true, WebSocketProtocol.OPCODE_BINARY, size, false, 0);
      System.arraycopy(payload, 0, response, h, size);
    } else {
      response = request.clone();
    }
    ByteBuffer block = ByteBuffer.allocateDirect(request.length * window);
    for (int i = 0; i < window; i++) {
      block.put(request);
    }
    return new LoadFrames(request, response, block.flip().asReadOnlyBuffer());
  }

  /** Bytes of one request frame. */
  int requestLength() {
    return request.length;
  }

  /** Bytes of one expected echo. */
  int responseLength() {
    return response.length;
  }
}

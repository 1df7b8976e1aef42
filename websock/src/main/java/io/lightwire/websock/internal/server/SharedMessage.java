package io.lightwire.websock.internal.server;

import io.lightwire.websock.pool.BufferPool;
import io.lightwire.websock.protocol.FrameCodec;
import io.lightwire.websock.protocol.WebSocketProtocol;
import io.lightwire.websock.server.BroadcastFilter;
import io.lightwire.websock.server.HttpStreamHandler;
import io.lightwire.websock.server.Protocol;
import java.nio.ByteBuffer;

/**
 * A broadcast message encoded once (frame headers and payload, fragmented when needed) into one
 * pooled buffer, and written from there to every connection that queued it. One exists per pool
 * buffer and is reused. Reference counted on the service thread: the buffer goes back to its pool
 * when the last connection is done with it.
 */
final class SharedMessage {

  final ByteBuffer bytes;
  final int index;
  private final BufferPool pool;
  int length;
  Protocol protocol;
  BroadcastFilter filter;

  /** The streams a published part goes to; null for a WebSocket broadcast. */
  HttpStreamHandler streams;

  private int references;

  SharedMessage(ByteBuffer bytes, int index, BufferPool pool) {
    this.bytes = bytes;
    this.index = index;
    this.pool = pool;
  }

  /**
   * Encodes {@code payload} (consumed) into {@code out} from its start as one message: frames of at
   * most {@code maxFrame} payload bytes, the first text or binary, the rest continuations.
   *
   * @return the encoded length, or -1 when it does not fit in {@code out}
   */
  static int encode(ByteBuffer out, boolean text, ByteBuffer payload, int maxFrame) {
    int max = maxFrame;
    int left = payload.remaining();
    boolean first = true;
    out.clear();
    do {
      int chunk = Math.min(left, max);
      int header = FrameCodec.headerLength(chunk, false);
      if (out.remaining() < header + chunk) {
        return -1;
      }
      int opcode =
          !first
              ? WebSocketProtocol.OPCODE_CONTINUATION
              : text ? WebSocketProtocol.OPCODE_TEXT : WebSocketProtocol.OPCODE_BINARY;
      FrameCodec.encodeHeader(out, out.position(), chunk == left, opcode, chunk, false, 0);
      out.position(out.position() + header);
      int limit = payload.limit();
      payload.limit(payload.position() + chunk);
      out.put(payload);
      payload.limit(limit);
      left -= chunk;
      first = false;
    } while (left > 0);
    return out.position();
  }

  /**
   * Copies {@code parts} (each consumed) one after the other into {@code out} from its start, as
   * one streamed HTTP part.
   *
   * @return the copied length, or -1 when they do not fit in {@code out}
   */
  static int copy(ByteBuffer out, ByteBuffer[] parts) {
    out.clear();
    int total = 0;
    for (ByteBuffer part : parts) {
      total += part.remaining();
    }
    if (total > out.remaining()) {
      return -1;
    }
    for (ByteBuffer part : parts) {
      out.put(part);
    }
    return total;
  }

  /**
   * Sets what this message carries now (the buffer holds {@code encoded} bytes) and which
   * connections take it ({@code null}: every one of the protocol).
   */
  void prepare(int encoded, Protocol target, BroadcastFilter accept) {
    length = encoded;
    protocol = target;
    filter = accept;
    streams = null;
    references = 0;
  }

  void retain() {
    references++;
  }

  /** Drops one reference; the last one returns the buffer to its pool. */
  void release() {
    if (--references == 0) {
      pool.release(bytes);
    }
  }

  /** Returns the buffer if no connection took a reference (a broadcast with no receivers). */
  void releaseIfUnused() {
    if (references == 0) {
      pool.release(bytes);
    }
  }
}

package io.lightwire.websock.protocol;

import static io.lightwire.websock.protocol.WebSocketProtocol.B0_FLAG_FIN;
import static io.lightwire.websock.protocol.WebSocketProtocol.B0_MASK_OPCODE;
import static io.lightwire.websock.protocol.WebSocketProtocol.B0_MASK_RSV;
import static io.lightwire.websock.protocol.WebSocketProtocol.B1_FLAG_MASK;
import static io.lightwire.websock.protocol.WebSocketProtocol.B1_MASK_LENGTH;
import static io.lightwire.websock.protocol.WebSocketProtocol.MASK_KEY_LENGTH;
import static io.lightwire.websock.protocol.WebSocketProtocol.PAYLOAD_BYTE_MAX;
import static io.lightwire.websock.protocol.WebSocketProtocol.PAYLOAD_LONG;
import static io.lightwire.websock.protocol.WebSocketProtocol.PAYLOAD_SHORT;
import static io.lightwire.websock.protocol.WebSocketProtocol.PAYLOAD_SHORT_MAX;

import java.nio.ByteBuffer;

/**
 * Frame header encoding and one-shot decoding for the 7-bit, 16-bit and 64-bit length forms. The
 * encoder always uses the shortest length form (RFC 6455 5.2). Decoding here only reads the fields;
 * the rules (reserved bits, opcodes, masking, control frame limits) are checked by {@link
 * FrameParser}, which also parses incrementally. Stateless, thread-safe, allocation-free.
 */
public final class FrameCodec {

  /** Result of {@link #decodeHeader}: the range does not yet hold the whole header. */
  public static final int INCOMPLETE = 0;

  private FrameCodec() {}

  /** The header size in bytes for a payload of {@code payloadLength} bytes. */
  public static int headerLength(long payloadLength, boolean masked) {
    int length;
    if (payloadLength <= PAYLOAD_BYTE_MAX) {
      length = 2;
    } else if (payloadLength <= PAYLOAD_SHORT_MAX) {
      length = 4;
    } else {
      length = 10;
    }
    return masked ? length + MASK_KEY_LENGTH : length;
  }

  /**
   * Writes a header at {@code dst[offset]}; {@code dst} needs {@link #headerLength} bytes there.
   *
   * @param opcode 0-15
   * @param payloadLength 0 to {@link Long#MAX_VALUE}
   * @param maskKey written when {@code masked}, first wire byte most significant
   * @return the number of bytes written
   * @throws IllegalArgumentException when the opcode or length is out of range
   */
  public static int encodeHeader(
      byte[] dst,
      int offset,
      boolean fin,
      int opcode,
      long payloadLength,
      boolean masked,
      int maskKey) {
    return encode(dst, null, offset, fin, opcode, payloadLength, masked, maskKey);
  }

  /**
   * Writes a header at absolute {@code index} of {@code dst} without moving its position.
   *
   * @return the number of bytes written
   * @throws IllegalArgumentException when the opcode or length is out of range
   */
  public static int encodeHeader(
      ByteBuffer dst,
      int index,
      boolean fin,
      int opcode,
      long payloadLength,
      boolean masked,
      int maskKey) {
    return encode(null, dst, index, fin, opcode, payloadLength, masked, maskKey);
  }

  /** The one header encoder, into {@code array} or else {@code buffer} (absolute puts). */
  private static int encode(
      byte[] array,
      ByteBuffer buffer,
      int at,
      boolean fin,
      int opcode,
      long payloadLength,
      boolean masked,
      int maskKey) {
    checkArguments(opcode, payloadLength);
    int i = at;
    i = put(array, buffer, i, (fin ? B0_FLAG_FIN : 0) | opcode);
    int maskBit = masked ? B1_FLAG_MASK : 0;
    if (payloadLength <= PAYLOAD_BYTE_MAX) {
      i = put(array, buffer, i, maskBit | (int) payloadLength);
    } else if (payloadLength <= PAYLOAD_SHORT_MAX) {
      i = put(array, buffer, i, maskBit | PAYLOAD_SHORT);
      i = put(array, buffer, i, (int) (payloadLength >>> 8));
      i = put(array, buffer, i, (int) payloadLength);
    } else {
      i = put(array, buffer, i, maskBit | PAYLOAD_LONG);
      for (int shift = 56; shift >= 0; shift -= 8) {
        i = put(array, buffer, i, (int) (payloadLength >>> shift));
      }
    }
    if (masked) {
      for (int shift = 24; shift >= 0; shift -= 8) {
        i = put(array, buffer, i, maskKey >>> shift);
      }
    }
    return i - at;
  }

  private static int put(byte[] array, ByteBuffer buffer, int index, int value) {
    if (array != null) {
      array[index] = (byte) value;
    } else {
      buffer.put(index, (byte) value);
    }
    return index + 1;
  }

  /**
   * Reads a header from {@code src[offset, offset + length)} into {@code out} if it is all there.
   *
   * @return the header length (2-14) when complete, or {@link #INCOMPLETE} when more bytes are
   *     needed ({@code out} is then partly filled and must not be used)
   */
  public static int decodeHeader(byte[] src, int offset, int length, FrameHeader out) {
    if (length < 2) {
      return INCOMPLETE;
    }
    int b0 = src[offset] & 0xFF;
    int b1 = src[offset + 1] & 0xFF;
    out.fin = (b0 & B0_FLAG_FIN) != 0;
    out.rsv = b0 & B0_MASK_RSV;
    out.opcode = b0 & B0_MASK_OPCODE;
    out.masked = (b1 & B1_FLAG_MASK) != 0;
    int len7 = b1 & B1_MASK_LENGTH;
    int sizeBytes = len7 == PAYLOAD_SHORT ? 2 : len7 == PAYLOAD_LONG ? 8 : 0;
    int headerLength = 2 + sizeBytes + (out.masked ? MASK_KEY_LENGTH : 0);
    if (length < headerLength) {
      return INCOMPLETE;
    }
    long payloadLength = len7 <= PAYLOAD_BYTE_MAX ? len7 : 0;
    for (int i = 0; i < sizeBytes; i++) {
      payloadLength = (payloadLength << 8) | (src[offset + 2 + i] & 0xFF);
    }
    out.payloadLength = payloadLength;
    int k = offset + 2 + sizeBytes;
    out.maskKey =
        out.masked
            ? ((src[k] & 0xFF) << 24)
                | ((src[k + 1] & 0xFF) << 16)
                | ((src[k + 2] & 0xFF) << 8)
                | (src[k + 3] & 0xFF)
            : 0;
    out.headerLength = headerLength;
    return headerLength;
  }

  private static void checkArguments(int opcode, long payloadLength) {
    if ((opcode & ~B0_MASK_OPCODE) != 0) {
      throw new IllegalArgumentException("opcode must be 0-15, was " + opcode);
    }
    if (payloadLength < 0) {
      throw new IllegalArgumentException("payload length must be >= 0, was " + payloadLength);
    }
  }
}

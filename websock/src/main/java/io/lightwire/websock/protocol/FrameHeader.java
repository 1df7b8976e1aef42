package io.lightwire.websock.protocol;

/**
 * A mutable holder for one frame header, filled by {@link FrameCodec#decodeHeader} and reused for
 * every frame so that decoding allocates nothing. Not thread-safe.
 */
public final class FrameHeader {

  /** The FIN bit: last frame of its message. */
  public boolean fin;

  /** The three reserved bits as they appear in byte 0 ({@code 0x70} mask). */
  public int rsv;

  /** The opcode nibble (0-15). */
  public int opcode = WebSocketProtocol.OPCODE_NONE;

  /** Whether a masking key follows the length. */
  public boolean masked;

  /** The masking key, first wire byte most significant; 0 when not masked. */
  public int maskKey;

  /** The payload length in bytes as decoded; a 64-bit length with its top bit set is negative. */
  public long payloadLength;

  /** How many bytes the header takes on the wire (2-14). */
  public int headerLength;

  /** Creates an empty header. */
  public FrameHeader() {}

  /** Clears every field. */
  public void clear() {
    fin = false;
    rsv = 0;
    opcode = WebSocketProtocol.OPCODE_NONE;
    masked = false;
    maskKey = 0;
    payloadLength = 0;
    headerLength = 0;
  }

  @Override
  public String toString() {
    return "FrameHeader[fin="
        + fin
        + ", rsv=0x"
        + Integer.toHexString(rsv)
        + ", opcode="
        + WebSocketProtocol.opcodeName(opcode)
        + ", masked="
        + masked
        + ", payloadLength="
        + payloadLength
        + ", headerLength="
        + headerLength
        + "]";
  }
}

package io.lightwire.websock.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A hand-written WebSocket client over any stream (plain or TLS) for server tests that need exact
 * control of the bytes on the wire: its own frames are built byte by byte, the server's are read
 * and checked one by one.
 */
final class RawClient {

  final DataInputStream in;
  final OutputStream out;

  RawClient(InputStream in, OutputStream out) {
    this.in = new DataInputStream(in);
    this.out = out;
  }

  /** Sends the upgrade request and reads the 101 response. */
  void handshake() throws IOException {
    out.write(
        ("GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      head.append((char) in.readUnsignedByte());
    }
    assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
  }

  /** Reads one frame: returns its payload, with the opcode in {@code opcode[0]}. */
  byte[] frame(int[] opcode) throws IOException {
    int b0 = in.readUnsignedByte();
    int b1 = in.readUnsignedByte();
    int length = b1 & 0x7F;
    if (length == 126) {
      length = in.readUnsignedShort();
    }
    byte[] payload = new byte[length];
    in.readFully(payload);
    opcode[0] = b0 & 0x0F;
    return payload;
  }

  /** Sends a close (1000) and reads frames until the server's close arrives. */
  void close() throws IOException {
    out.write(new byte[] {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xE8});
    out.flush();
    int[] opcode = new int[1];
    while (true) {
      frame(opcode);
      if (opcode[0] == 8) {
        return;
      }
    }
  }

  /**
   * Appends one client frame to {@code out}: FIN and {@code opcode}, masked with {@code maskKey}
   * (first wire byte most significant), the payload {@code payload[0, length)}.
   */
  static void putFrame(ByteBuffer out, boolean fin, int opcode, byte[] payload, int maskKey) {
    int length = payload.length;
    out.put((byte) ((fin ? 0x80 : 0) | opcode));
    if (length < 126) {
      out.put((byte) (0x80 | length));
    } else {
      out.put((byte) (0x80 | 126)).putShort((short) length);
    }
    out.putInt(maskKey);
    for (int i = 0; i < length; i++) {
      out.put((byte) (payload[i] ^ (maskKey >>> (24 - 8 * (i & 3)))));
    }
  }
}

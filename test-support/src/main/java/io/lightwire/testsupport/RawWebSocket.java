package io.lightwire.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

/**
 * A deliberately dumb WebSocket client for conformance tests: it writes exactly the bytes a test
 * gives it (frames as hex fixtures, masked with a seeded Random so runs repeat) and reads frames
 * back without judging them.
 */
public final class RawWebSocket implements AutoCloseable {

  /** One frame as received. */
  public record Frame(boolean fin, int opcode, byte[] payload) {
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    public int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
    }
  }

  public static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
  public static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

  public final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final Random random = new Random(6455);
  public String responseHead = "";

  public RawWebSocket(int port) throws IOException {
    this(port, 0);
  }

  /** A connection whose receive buffer is {@code receiveBuffer} bytes (0: the default). */
  public RawWebSocket(int port, int receiveBuffer) throws IOException {
    this(port, receiveBuffer, null);
  }

  /** As above, from {@code source} (another 127.x address: another peer) when not null. */
  public RawWebSocket(int port, int receiveBuffer, java.net.InetAddress source) throws IOException {
    socket = new Socket();
    if (source != null) {
      socket.bind(new InetSocketAddress(source, 0));
    }
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout(5_000);
    socket.setTcpNoDelay(true);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  /** Connects and completes a standard handshake for {@code path}; fails unless 101. */
  public static RawWebSocket open(int port, String path, String extraHeaders) throws IOException {
    RawWebSocket ws = new RawWebSocket(port);
    int status = ws.handshake(path, extraHeaders);
    if (status != 101) {
      ws.close();
      throw new IOException("handshake answered " + status + ":\n" + ws.responseHead);
    }
    return ws;
  }

  /** Sends a handshake request and reads the response head; returns its status. */
  public int handshake(String path, String extraHeaders) throws IOException {
    writeRaw(
        ("GET "
                + path
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: "
                + KEY
                + "\r\nSec-WebSocket-Version: 13\r\n"
                + extraHeaders
                + "\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    return readHead();
  }

  public int readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed inside the response head: " + head);
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    responseHead = head.toString(StandardCharsets.ISO_8859_1);
    return Integer.parseInt(responseHead.substring(9, 12));
  }

  public void writeRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Writes a hex fixture as is (spaces ignored). */
  public void writeHex(String hex) throws IOException {
    writeRaw(HexFormat.of().parseHex(hex.replace(" ", "")));
  }

  /** Writes one masked frame. */
  public void send(boolean fin, int opcode, byte[] payload) throws IOException {
    writeRaw(frame(fin, opcode, payload, true));
  }

  public void sendText(String text) throws IOException {
    send(true, 1, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Encodes a frame, masked with the next seeded key when {@code masked}. */
  public byte[] frame(boolean fin, int opcode, byte[] payload, boolean masked) {
    ByteArrayOutputStream f = new ByteArrayOutputStream();
    f.write((fin ? 0x80 : 0) | opcode);
    int maskBit = masked ? 0x80 : 0;
    if (payload.length <= 125) {
      f.write(maskBit | payload.length);
    } else if (payload.length <= 0xFFFF) {
      f.write(maskBit | 126);
      f.write(payload.length >>> 8);
      f.write(payload.length & 0xFF);
    } else {
      f.write(maskBit | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        f.write((int) ((long) payload.length >>> shift) & 0xFF);
      }
    }
    byte[] key = new byte[4];
    if (masked) {
      random.nextBytes(key);
      f.write(key, 0, 4);
    }
    for (int i = 0; i < payload.length; i++) {
      f.write(payload[i] ^ (masked ? key[i & 3] : 0));
    }
    return f.toByteArray();
  }

  /** Reads one frame; fails when the server masked it. */
  public Frame read() throws IOException {
    int b0 = in.readUnsignedByte();
    int b1 = in.readUnsignedByte();
    if ((b1 & 0x80) != 0) {
      throw new IOException("server frames must not be masked");
    }
    long length = b1 & 0x7F;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    byte[] payload = new byte[(int) length];
    in.readFully(payload);
    return new Frame((b0 & 0x80) != 0, b0 & 0x0F, payload);
  }

  /** Reads frames until a close frame, answering nothing; returns the close frame. */
  public Frame readUntilClose() throws IOException {
    while (true) {
      Frame f = read();
      if (f.opcode() == 8) {
        return f;
      }
    }
  }

  /** True when the server closed the TCP connection (EOF) within the socket timeout. */
  public boolean closedByServer() throws IOException {
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (java.net.SocketException e) {
      return true; // reset
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}

package io.lightwire.firmware.streams;

import io.lightwire.websock.client.ClientConfig;
import io.lightwire.websock.client.MessageHeader;
import io.lightwire.websock.client.WebSocketClient;
import java.io.IOException;
import java.util.List;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ArrayValue;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/**
 * A page written in Java: the websock client speaking the streams subprotocol, with msgpack-core
 * packing each message by hand, so tests can send exactly the bytes they mean (and garbage).
 */
final class JavaPage implements AutoCloseable {

  static final int LIST = 1;
  static final int READ = 2;
  static final int WRITE = 3;
  static final int RESULT = 4;
  static final int ERROR = 5;

  final WebSocketClient client;
  private final MessageHeader header = new MessageHeader();
  private final byte[] buffer = new byte[70_000];

  JavaPage(int port) throws IOException {
    this(port, null);
  }

  /** A page whose handshake carries {@code Origin: origin} (none when null). */
  JavaPage(int port, String origin) throws IOException {
    ClientConfig.Builder config =
        ClientConfig.builder()
            .url("ws://127.0.0.1:" + port + "/streams")
            .subprotocol(Streams.SUBPROTOCOL);
    if (origin != null) {
      config.origin(origin);
    }
    client = WebSocketClient.open(config.build());
  }

  /** Sends {@code [elements...]} packed as one msgpack array. */
  void send(Object... elements) throws IOException {
    List<Value> values = new java.util.ArrayList<>();
    for (Object e : elements) {
      values.add(value(e));
    }
    try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
      p.packValue(ValueFactory.newArray(values));
      sendRaw(p.toByteArray());
    }
  }

  void sendRaw(byte[] bytes) throws IOException {
    client.sendBinary(bytes, 0, bytes.length);
  }

  static Value value(Object e) {
    return switch (e) {
      case null -> ValueFactory.newNil();
      case Value v -> v;
      case Integer i -> ValueFactory.newInteger(i);
      case Long l -> ValueFactory.newInteger(l);
      case String s -> ValueFactory.newString(s);
      case Boolean b -> ValueFactory.newBoolean(b);
      case Double d -> ValueFactory.newFloat(d);
      case byte[] b -> ValueFactory.newBinary(b);
      default -> throw new IllegalArgumentException("no msgpack for " + e);
    };
  }

  /** The next message as an array, or null when the connection closed (see {@link #client}). */
  ArrayValue receive(long timeoutMillis) throws IOException {
    int length = 0;
    while (true) {
      // recv may hand a message over in parts (as the bytes arrive): gather them.
      int n = client.recv(header, buffer, length, buffer.length - length, timeoutMillis);
      if (n == WebSocketClient.TIMEOUT) {
        throw new AssertionError("no message within " + timeoutMillis + " ms");
      }
      if (n == WebSocketClient.CLOSED || header.opcode() == 8) {
        return null;
      }
      if (header.messageType() != 2) {
        throw new AssertionError("expected a binary message, got " + header);
      }
      length += n;
      if (header.endOfMessage()) {
        break;
      }
    }
    try (MessageUnpacker u = MessagePack.newDefaultUnpacker(buffer, 0, length)) {
      return u.unpackValue().asArrayValue();
    }
  }

  /** True when nothing arrives within {@code millis}. */
  boolean quietFor(long millis) throws IOException {
    int n = client.recv(header, buffer, 0, buffer.length, millis);
    return n == WebSocketClient.TIMEOUT;
  }

  @Override
  public void close() throws IOException {
    client.close();
  }
}

package io.lightwire.firmware.streams;

import io.lightwire.firmware.streams.internal.Wire;
import io.lightwire.websock.protocol.CloseCodes;
import io.lightwire.websock.server.WebSocketConnection;
import io.lightwire.websock.server.WebSocketHandler;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The streams' side of the WebSocket server: decodes each page message, answers what the service
 * thread can answer itself (lists, errors, the page's answers to the device), and hands reads and
 * writes of device streams to the application thread. Service thread only.
 */
final class StreamsSocket implements WebSocketHandler {

  private final StreamsCore streams;
  private final Wire.Envelope envelope = new Wire.Envelope();

  /**
   * The message being decoded: the server hands a read-only view, which msgpack-core cannot read in
   * place, so each message is copied here once. Service thread only.
   */
  private final byte[] scratch;

  StreamsSocket(StreamsCore streams, int maxMessageBytes) {
    this.streams = streams;
    this.scratch = new byte[maxMessageBytes];
  }

  @Override
  public void onOpen(WebSocketConnection connection) {
    streams.markServiceThread();
    streams.opened(connection.state(), connection);
  }

  @Override
  public void onClose(WebSocketConnection connection, int code, String reason) {
    streams.closedClient(connection.state());
  }

  @Override
  public void onWritable(WebSocketConnection connection) {
    streams.delivery().drain(connection.state());
  }

  @Override
  public void onMessage(WebSocketConnection connection, boolean text, ByteBuffer payload) {
    ClientSlot slot = connection.state();
    StreamClient client = slot.current();
    if (client == null) {
      return;
    }
    if (payload.remaining() > streams.maxMessageBytes()) {
      // A stream message must fit a stream message buffer, as the device's own must.
      connection.close(
          CloseCodes.TOO_BIG,
          "stream message of "
              + payload.remaining()
              + " bytes is over "
              + streams.maxMessageBytes());
      return;
    }
    if (text) {
      streams.countMalformed();
      error(connection, 0, StreamErrors.MALFORMED, "stream messages are binary msgpack", null);
      return;
    }
    int length = payload.remaining();
    payload.get(payload.position(), scratch, 0, length);
    Wire.Envelope e = envelope;
    if (!e.decode(scratch, 0, length)) {
      streams.countMalformed();
      error(connection, e.id, StreamErrors.MALFORMED, e.problem, null);
      return;
    }
    switch (e.op) {
      case Wire.RESULT -> streams.answered(e.id, client, StreamResult.ok(e.value));
      case Wire.ERROR ->
          streams.answered(
              e.id, client, StreamResult.error(e.code, e.message == null ? "" : e.message));
      case Wire.LIST -> list(connection, client, e.id);
      case Wire.READ, Wire.WRITE -> request(connection, client, e);
      default -> error(connection, e.id, StreamErrors.MALFORMED, "unexpected op " + e.op, null);
    }
  }

  private void list(WebSocketConnection connection, StreamClient client, int id) {
    StreamContext c = streams.acquireAnswer(client, null, id);
    if (c == null) {
      error(connection, id, StreamErrors.BUSY, "too many requests in flight", null);
      return;
    }
    try {
      Wire.packResultHeader(c.rawPacker(), id);
      var names = streams.registry.names();
      c.rawPacker().packArrayHeader(names.size());
      for (String name : names) {
        c.rawPacker().packString(name);
      }
    } catch (IOException e) {
      streams.release(c);
      error(connection, id, StreamErrors.TOO_BIG, "the list does not fit a stream message", null);
      return;
    }
    streams.delivery().queue(c);
  }

  private void request(WebSocketConnection connection, StreamClient client, Wire.Envelope e) {
    boolean write = e.op == Wire.WRITE;
    Registration registration = streams.registration(e.stream);
    if (registration == null) {
      error(
          connection,
          e.id,
          StreamErrors.UNKNOWN_STREAM,
          "no stream named '" + e.stream + "'",
          e.stream);
      return;
    }
    if (write
        ? !registration.permission().allowsWrite()
        : !registration.permission().allowsRead()) {
      error(
          connection,
          e.id,
          StreamErrors.PERMISSION_DENIED,
          "stream '" + e.stream + "' is " + (write ? "read-only" : "write-only"),
          e.stream);
      return;
    }
    StreamContext c = streams.acquireAnswer(client, e.stream, e.id);
    if (c == null) {
      error(connection, e.id, StreamErrors.BUSY, "too many requests in flight", e.stream);
      return;
    }
    c.job.set(registration, write, e.value, client);
    if (!streams.post(c.job)) {
      streams.release(c);
      error(connection, e.id, StreamErrors.BUSY, "the application queue is full", e.stream);
    }
  }

  private static void error(
      WebSocketConnection connection, int id, String code, String message, String stream) {
    // Error answers are rare and small: they are packed on their own, not from the pool, so an
    // exhausted pool can still be reported.
    connection.send(false, Wire.error(id, code, message, stream));
  }
}

package io.lightwire.firmware.streams;

import io.lightwire.firmware.streams.internal.Wire;
import java.io.IOException;
import org.msgpack.core.MessagePacker;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/**
 * Runs a stream's handler for one request on the application thread and packs the answer into the
 * request's context. One per context, made at boot, so posting a request allocates nothing of its
 * own.
 */
final class StreamJob implements Runnable {

  private final StreamContext context;
  private final StreamsCore owner;
  Registration registration;
  boolean write;
  Value value;
  StreamClient client;

  /** A REST request's failure, or null: the error code and its message. */
  String errorCode;

  String errorMessage;

  /** A REST request's deferred HTTP response, completed when the handler is done; else null. */
  io.lightwire.websock.server.DeferredResponse rest;

  /** Whether that response is msgpack rather than JSON. */
  boolean restMsgpack;

  StreamJob(StreamContext context, StreamsCore owner) {
    this.context = context;
    this.owner = owner;
  }

  void set(Registration registration, boolean write, Value value, StreamClient client) {
    this.registration = registration;
    this.write = write;
    this.value = value == null ? ValueFactory.newNil() : value;
    this.client = client;
    this.errorCode = null;
    this.errorMessage = null;
  }

  @Override
  public void run() {
    StreamContext c = context;
    MessagePacker p = c.rawPacker();
    boolean envelope = c.kind == StreamContext.KIND_REPLY;
    try {
      if (envelope) {
        Wire.packResultHeader(p, c.requestId);
      }
      int before = c.size();
      registration
          .handler()
          .handle(new StreamRequest(registration.name(), write, value, client), c);
      if (c.size() == before) {
        p.packNil();
      }
      c.commit();
    } catch (IOException | RuntimeException e) {
      c.truncate();
      errorCode =
          e instanceof SlotOutput.Overflow ? StreamErrors.TOO_BIG : StreamErrors.HANDLER_FAILED;
      errorMessage =
          "stream '"
              + registration.name()
              + "': "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
      if (envelope) {
        try {
          Wire.packError(p, c.requestId, errorCode, errorMessage, registration.name());
          c.commit();
        } catch (IOException again) {
          c.truncate(); // the error text itself is too long: the page will time out
        }
      }
      Streams.LOG.log(System.Logger.Level.WARNING, errorMessage, e);
    } finally {
      value = null;
      client = null;
      owner.jobDone(c);
    }
  }
}

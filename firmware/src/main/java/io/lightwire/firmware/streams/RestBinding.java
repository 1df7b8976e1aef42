package io.lightwire.firmware.streams;

import io.lightwire.firmware.json.JsonCodec;
import io.lightwire.firmware.json.JsonException;
import io.lightwire.firmware.streams.internal.Wire;
import io.lightwire.websock.server.DeferredResponse;
import io.lightwire.websock.server.HttpHandler;
import io.lightwire.websock.server.HttpRequest;
import io.lightwire.websock.server.HttpResponse;
import io.lightwire.websock.server.QueryDecoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/**
 * The REST binding of the device streams, for clients without WebSocket:
 *
 * <ul>
 *   <li>{@code GET /streams}: the device streams and their permissions, as JSON;
 *   <li>{@code GET /streams/NAME}: reads the stream;
 *   <li>{@code POST /streams/NAME}: writes the body's value ({@code application/msgpack} or {@code
 *       application/json}; any other type, or none, is {@code 415}, so a page of another site
 *       cannot post without a CORS preflight).
 * </ul>
 *
 * The answer is msgpack when {@code Accept} names {@code application/msgpack}, else JSON; errors
 * are JSON {@code {"error": code, "message": text, "stream": name}} with 404 (unknown stream), 403
 * (permission denied), 400 (malformed body), 415, 503 (busy) or 504 (the handler did not answer in
 * {@code streams.rest-timeout-ms}).
 *
 * <p>The handler runs on the application thread, as for pages. The request's HTTP response is
 * deferred ({@link HttpResponse#defer}): the service thread goes on serving every other socket, and
 * the application thread completes the response when the handler is done; past {@code
 * streams.rest-timeout-ms} the server sends the JSON {@code 504} prepared here, and the handler's
 * late answer is dropped (docs/decisions.md). While the application thread is itself blocked
 * waiting for a page ({@link Streams#list}, {@link Streams#read}), REST requests get {@code 503} at
 * once rather than a certain {@code 504}.
 */
final class RestBinding implements HttpHandler {

  private static final String PREFIX = "/streams/";
  private static final String JSON = "application/json";
  private static final String MSGPACK = "application/msgpack";

  private final StreamsCore streams;
  private final HttpHandler files;

  RestBinding(StreamsCore streams, HttpHandler files) {
    this.streams = streams;
    this.files = files;
  }

  @Override
  public void onRequest(HttpRequest request, HttpResponse response) {
    String path = request.path();
    boolean streamPath = path.equals("/streams") || path.startsWith(PREFIX);
    if (streamPath && !streams.accepts(request)) {
      error(response, 403, "refused", "the accept callback refused this request", null);
      return;
    }
    if (path.equals("/streams") || path.equals(PREFIX)) {
      if (!isGet(request)) {
        response.status(405).header("Allow", "GET, HEAD");
        error(response, 405, "method-not-allowed", "GET lists the streams", null);
        return;
      }
      response.header("Cache-Control", "no-store").body(JSON, listing());
      return;
    }
    if (!path.startsWith(PREFIX)) {
      files.onRequest(request, response);
      return;
    }
    String name;
    try {
      name = QueryDecoder.decodePathSegment(path.substring(PREFIX.length()));
      Streams.checkName(name);
    } catch (IllegalArgumentException e) {
      error(response, 400, StreamErrors.MALFORMED, e.getMessage(), null);
      return;
    }
    boolean write = request.method().equals("POST");
    if (!write && !isGet(request)) {
      response.header("Allow", "GET, HEAD, POST");
      error(response, 405, "method-not-allowed", "streams take GET and POST", name);
      return;
    }
    Registration registration = streams.registration(name);
    if (registration == null) {
      error(response, 404, StreamErrors.UNKNOWN_STREAM, "no stream named '" + name + "'", name);
      return;
    }
    Permission permission = registration.permission();
    if (write ? !permission.allowsWrite() : !permission.allowsRead()) {
      error(
          response,
          403,
          StreamErrors.PERMISSION_DENIED,
          "stream '" + name + "' is " + (write ? "read-only" : "write-only"),
          name);
      return;
    }
    Value value = ValueFactory.newNil();
    if (write) {
      value = body(request, response, name);
      if (value == null) {
        return;
      }
    }
    run(request, response, registration, write, value);
  }

  private void run(
      HttpRequest request,
      HttpResponse response,
      Registration registration,
      boolean write,
      Value value) {
    String name = registration.name();
    if (streams.applicationWaitsForAPage()) {
      response.header("Retry-After", "1");
      error(
          response,
          503,
          StreamErrors.BUSY,
          "the application thread is waiting for a page's answer",
          name);
      return;
    }
    StreamContext c = streams.acquire(StreamContext.KIND_REST, null, name, 0);
    if (c == null) {
      response.header("Retry-After", "1");
      error(response, 503, StreamErrors.BUSY, "no stream message free", name);
      return;
    }
    long timeout = streams.restTimeoutMillis();
    // What the server sends by itself when the handler has not answered in time.
    error(
        response,
        504,
        StreamErrors.TIMEOUT,
        "stream '" + name + "' did not answer within " + timeout + " ms",
        name);
    c.job.set(registration, write, value, null);
    // Deferred before posting: the job may end, and complete the response, before we return.
    c.job.rest = response.defer(timeout);
    c.job.restMsgpack = wantsMsgpack(request);
    if (!streams.post(c.job)) {
      DeferredResponse later = c.job.rest;
      c.job.rest = null;
      streams.release(c);
      later
          .header("Retry-After", "1")
          .status(503)
          .body(JSON, errorJson(StreamErrors.BUSY, "the application queue is full", name))
          .complete();
    }
  }

  /**
   * Application thread, when the handler of a REST request is done: completes its deferred response
   * and gives the context back. Nothing is built when the response is no longer awaited (the server
   * answered 504, the client left).
   */
  static void answer(StreamsCore streams, StreamContext c) {
    StreamJob job = c.job;
    DeferredResponse later = job.rest;
    boolean msgpack = job.restMsgpack;
    job.rest = null;
    String name = c.stream;
    String failure = job.errorCode;
    String message = job.errorMessage;
    boolean awaited = later != null && later.isPending();
    byte[] answer = awaited && failure == null ? c.copyBytes() : null;
    synchronized (c) {
      if (c.state == StreamContext.FILLING) {
        c.state = StreamContext.DONE; // claimed here, so a shutdown's reclaim cannot free it twice
      }
    }
    streams.release(c);
    if (!awaited) {
      streams.countLateRestAnswer();
      return;
    }
    if (failure != null) {
      later.status(500).body(JSON, errorJson(failure, message, name)).complete();
      return;
    }
    later.header("Cache-Control", "no-store");
    if (msgpack) {
      later.body(MSGPACK, answer).complete();
      return;
    }
    try (MessageUnpacker u = MessagePack.newDefaultUnpacker(answer)) {
      later.body(JSON, JsonCodec.toJson(u.unpackValue()));
    } catch (IOException | MessagePackException e) {
      later
          .status(500)
          .body(JSON, errorJson(StreamErrors.HANDLER_FAILED, "the answer is not msgpack", name));
    }
    later.complete();
  }

  /** The request body as a value, or null after answering 400 or 415. */
  private static Value body(HttpRequest request, HttpResponse response, String name) {
    String type = request.header("Content-Type");
    type = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    ByteBuffer body = request.body().duplicate();
    byte[] bytes = new byte[body.remaining()];
    body.get(bytes);
    if (isMsgpack(type)) {
      String problem = Wire.checkOneValue(bytes, 0, bytes.length);
      if (problem != null) {
        error(response, 400, StreamErrors.MALFORMED, problem, name);
        return null;
      }
      try (MessageUnpacker u = MessagePack.newDefaultUnpacker(bytes)) {
        return u.unpackValue();
      } catch (IOException | MessagePackException e) {
        error(response, 400, StreamErrors.MALFORMED, "not msgpack: " + e.getMessage(), name);
        return null;
      }
    }
    if (type.equals(JSON)) {
      try {
        String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        return JsonCodec.parse(text);
      } catch (JsonException | java.nio.charset.CharacterCodingException e) {
        error(response, 400, StreamErrors.MALFORMED, "not JSON: " + e.getMessage(), name);
        return null;
      }
    }
    error(
        response,
        415,
        "unsupported-media-type",
        "send application/msgpack or application/json, not " + (type.isEmpty() ? "no type" : type),
        name);
    return null;
  }

  private String listing() {
    StringBuilder out = new StringBuilder("[");
    boolean first = true;
    for (Map.Entry<String, Registration> e :
        new java.util.TreeMap<>(streams.registry()).entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      out.append("{\"name\":");
      JsonCodec.string(e.getKey(), out);
      out.append(",\"permission\":\"").append(e.getValue().permission()).append("\"}");
    }
    return out.append("]").toString();
  }

  private static boolean isGet(HttpRequest request) {
    return request.method().equals("GET") || request.method().equals("HEAD");
  }

  private static boolean isMsgpack(String type) {
    return type.equals(MSGPACK)
        || type.equals("application/x-msgpack")
        || type.equals("application/vnd.msgpack");
  }

  private static boolean wantsMsgpack(HttpRequest request) {
    String accept = request.header("Accept");
    if (accept == null) {
      return false;
    }
    for (String part : accept.split(",")) {
      if (isMsgpack(part.split(";", 2)[0].trim().toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  private static void error(
      HttpResponse response, int status, String code, String message, String stream) {
    response.status(status).body(JSON, errorJson(code, message, stream));
  }

  /** The JSON error body: {@code {"error": code, "message": text, "stream": name}}. */
  private static String errorJson(String code, String message, String stream) {
    StringBuilder out = new StringBuilder("{\"error\":");
    JsonCodec.string(code, out);
    out.append(",\"message\":");
    JsonCodec.string(message == null ? "" : message, out);
    out.append(",\"stream\":");
    if (stream == null) {
      out.append("null");
    } else {
      JsonCodec.string(stream, out);
    }
    return out.append('}').toString();
  }
}

package io.lightwire.websock.internal.http;

import io.lightwire.websock.server.DeferredResponse;
import io.lightwire.websock.server.HttpRequest;
import io.lightwire.websock.server.HttpResponse;
import io.lightwire.websock.server.HttpStream;
import io.lightwire.websock.server.HttpStreamHandler;
import io.lightwire.websock.server.Protocol;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One connection's request view and response builder, created once with the slot and reused for
 * every request on it. The request reads straight from the receive buffer through the parser's
 * offsets; the response head is written into the transmit buffer by {@link #writeHead}.
 */
public final class HttpExchange implements HttpRequest, HttpResponse {

  /** The most headers a handler may add to one response. */
  public static final int MAX_RESPONSE_HEADERS = ResponseHeaders.CAPACITY;

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

  private final HttpRequestParser parser;
  private ByteBuffer rx;
  private InetSocketAddress remote;

  private int status;
  private final ResponseHeaders headers = new ResponseHeaders();
  private String contentType;
  private ByteBuffer body;

  /** Null when the exchange cannot defer (no service loop behind it). */
  private final Runnable deferralWake;

  /** The slot's deferral handle; replaced when a request ended without it. */
  private Deferral deferral;

  /** True when the current request was deferred. */
  private boolean deferred;

  private boolean closeAfter;

  /** Carries out {@link #upgrade} for the connection; null without WebSocket protocols. */
  private Upgrader upgrader;

  /** True when the current request's handler upgraded it. */
  private boolean upgraded;

  /** Starts {@link #stream} for the connection; null without a service loop. */
  private Streamer streamer;

  /** The handler of the current request's stream, or null when it is not streamed. */
  private HttpStreamHandler streamHandler;

  /** What the service loop does for {@link HttpResponse#stream}. */
  @FunctionalInterface
  public interface Streamer {
    /** Prepares the connection's stream for {@code handler}; its head goes out later. */
    HttpStream prepare(HttpStreamHandler handler);
  }

  /** Lets handlers stream responses through {@code s}. */
  public void streamer(Streamer s) {
    this.streamer = s;
  }

  /** The current request's stream handler when its handler streamed it, else null. */
  public HttpStreamHandler streamHandler() {
    return streamHandler;
  }

  /** What the service loop does for {@link HttpResponse#upgrade}. */
  @FunctionalInterface
  public interface Upgrader {
    /** Prepares the upgrade of {@code exchange}'s request; 0 or the refusal's HTTP status. */
    int upgrade(HttpExchange exchange, Protocol protocol);
  }

  /** Lets handlers upgrade requests through {@code u}. */
  public void upgrader(Upgrader u) {
    this.upgrader = u;
  }

  /** An exchange reading requests through {@code parser} that cannot defer responses. */
  public HttpExchange(HttpRequestParser parser) {
    this(parser, null);
  }

  /**
   * An exchange reading requests through {@code parser}; a deferred response's completion runs
   * {@code wake} (any thread) so the service loop picks it up.
   */
  public HttpExchange(HttpRequestParser parser, Runnable wake) {
    this.parser = parser;
    this.deferralWake = wake;
    this.deferral = wake == null ? null : new Deferral(wake);
  }

  /** Binds the exchange to a new request in {@code rxBuffer} from {@code peer}. */
  public void begin(ByteBuffer rxBuffer, InetSocketAddress peer) {
    this.rx = rxBuffer;
    this.remote = peer;
    deferred = false;
    closeAfter = false;
    upgraded = false;
    streamHandler = null;
    resetResponse();
  }

  @Override
  public HttpResponse closeAfterResponse() {
    closeAfter = true;
    return this;
  }

  /** True when the handler asked to close the connection after this response. */
  public boolean closeAfterResponseRequested() {
    return closeAfter;
  }

  /** Forgets the status, headers and body set so far. */
  void resetResponse() {
    status = 0;
    headers.clear();
    contentType = null;
    body = null;
  }

  /** The handle of the current request when its handler deferred it, else null. */
  public Deferral deferral() {
    return deferred ? deferral : null;
  }

  /** True when the handler set a status or a body. */
  public boolean hasResponse() {
    return status != 0 || body != null;
  }

  /** Drops references to the request and the body once the response is written. */
  public void end() {
    headers.clear();
    body = null;
    remote = null;
  }

  // ---- HttpRequest

  @Override
  public String method() {
    return Ascii.string(rx, parser.methodStart(), parser.methodEnd());
  }

  /** True when the method is exactly {@code name} (no allocation). */
  public boolean methodIs(String name) {
    int length = parser.methodEnd() - parser.methodStart();
    if (length != name.length()) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (rx.get(parser.methodStart() + i) != name.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String path() {
    int q = queryStart();
    return Ascii.string(rx, parser.targetStart(), q < 0 ? parser.targetEnd() : q);
  }

  @Override
  public String query() {
    int q = queryStart();
    return q < 0 ? "" : Ascii.string(rx, q + 1, parser.targetEnd());
  }

  private int queryStart() {
    for (int i = parser.targetStart(); i < parser.targetEnd(); i++) {
      if (rx.get(i) == '?') {
        return i;
      }
    }
    return -1;
  }

  @Override
  public String header(String name) {
    int i = parser.find(rx, name);
    return i < 0 ? null : Ascii.string(rx, parser.valueStart(i), parser.valueEnd(i));
  }

  /** How many header lines named {@code name} the request has (no allocation). */
  public int headerCount(String name) {
    int n = 0;
    for (int i = 0; i < parser.headerCount(); i++) {
      if (parser.nameEquals(rx, i, name)) {
        n++;
      }
    }
    return n;
  }

  /** True for an HTTP/1.1 request, false for HTTP/1.0. */
  public boolean isHttp11() {
    return parser.minorVersion() == 1;
  }

  @Override
  public boolean headerHasToken(String name, String token) {
    for (int i = 0; i < parser.headerCount(); i++) {
      if (parser.nameEquals(rx, i, name)
          && Ascii.listHasToken(rx, parser.valueStart(i), parser.valueEnd(i), token)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public ByteBuffer body() {
    if (parser.contentLength() == 0) {
      return EMPTY;
    }
    return rx.slice(parser.headEnd(), parser.contentLength()).asReadOnlyBuffer();
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return remote;
  }

  /** True when the client asked to keep the connection open after this request. */
  public boolean keepAlive() {
    if (parser.minorVersion() == 0) {
      return headerHasToken("Connection", "keep-alive");
    }
    return !headerHasToken("Connection", "close");
  }

  // ---- HttpResponse

  @Override
  public HttpResponse status(int code) {
    if (code < 100 || code > 599) {
      throw new IllegalArgumentException("HTTP status " + code + " is not in [100, 599]");
    }
    status = code;
    return this;
  }

  /** The status to send: the one set, else 200 with a body and 404 without. */
  public int status() {
    if (status != 0) {
      return status;
    }
    return body != null ? 200 : 404;
  }

  @Override
  public DeferredResponse defer(long timeoutMillis) {
    if (deferralWake == null) {
      throw new UnsupportedOperationException("this exchange has no service loop to answer later");
    }
    if (timeoutMillis <= 0) {
      throw new IllegalArgumentException(
          "defer timeoutMillis " + timeoutMillis + " must be positive");
    }
    if (deferred) {
      throw new IllegalStateException("this response was deferred already");
    }
    if (streamHandler != null) {
      throw new IllegalStateException("this response is streamed");
    }
    if (upgraded) {
      throw new IllegalStateException("this request was upgraded to a WebSocket");
    }
    if (!deferral.isIdle()) {
      // The last deferral ended without its answer and another thread may still hold it: this
      // request gets a new handle (the only allocation, on the timeout and disconnect path).
      deferral = new Deferral(deferralWake);
    }
    deferral.begin(timeoutMillis);
    deferred = true;
    return deferral;
  }

  @Override
  public HttpStream stream(String type, HttpStreamHandler handler) {
    java.util.Objects.requireNonNull(handler, "handler");
    if (streamer == null) {
      throw new IllegalStateException("this exchange has no service loop to stream through");
    }
    if (deferred || upgraded || streamHandler != null) {
      throw new IllegalStateException("this response was deferred, upgraded or streamed already");
    }
    if (type != null) {
      checkValue("Content-Type", type);
    }
    HttpStream stream = streamer.prepare(handler);
    streamHandler = handler;
    contentType = type;
    body = null;
    return stream;
  }

  /**
   * Writes a streamed response's head into {@code tx}: the status (200 unless set), the headers,
   * the content type and {@code Connection: close}, without {@code Content-Length}.
   *
   * @throws java.nio.BufferOverflowException when the head does not fit in {@code tx}
   */
  public void writeStreamHead(ByteBuffer tx) {
    putStatusAndHeaders(tx, status != 0 ? status : 200);
    putHeader(tx, "Connection", "close");
    Ascii.put(tx, "\r\n");
  }

  @Override
  public int upgrade(Protocol protocol) {
    if (upgrader == null) {
      throw new IllegalArgumentException(
          "protocol " + protocol.name() + " is not served here: the server has no protocols");
    }
    if (deferred) {
      throw new IllegalStateException("a deferred response cannot be upgraded");
    }
    if (streamHandler != null) {
      throw new IllegalStateException("a streamed response cannot be upgraded");
    }
    int result = upgrader.upgrade(this, protocol);
    upgraded = result == 0;
    return result;
  }

  @Override
  public HttpResponse header(String name, String value) {
    checkHeader(name, value);
    headers.add(name, value);
    return this;
  }

  /** Refuses a header a handler may not set or that could split the head. */
  static void checkHeader(String name, String value) {
    checkToken(name);
    checkValue(name, value);
    if (name.equalsIgnoreCase("Content-Length")
        || name.equalsIgnoreCase("Connection")
        || name.equalsIgnoreCase("Content-Type")) {
      throw new IllegalArgumentException(
          "header " + name + " is set by the server (use body(contentType, ...))");
    }
  }

  static void checkValue(String name, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < ' ' && c != '\t' || c >= 0x7f) {
        throw new IllegalArgumentException(
            "header " + name + ": character " + (int) c + " at " + i + " is not allowed");
      }
    }
  }

  private static void checkToken(String name) {
    if (name.isEmpty()) {
      throw new IllegalArgumentException("header name is empty");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c > 0x7e || !HttpRequestParser.isTokenChar((byte) c)) {
        throw new IllegalArgumentException("header name '" + name + "' is not an HTTP token");
      }
    }
  }

  @Override
  public HttpResponse body(String type, CharSequence text) {
    return body(type, text.toString().getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public HttpResponse body(String type, byte[] bytes) {
    return body(type, ByteBuffer.wrap(bytes));
  }

  @Override
  public HttpResponse body(String type, ByteBuffer bytes) {
    if (type != null) {
      checkValue("Content-Type", type);
    }
    contentType = type;
    body = bytes;
    return this;
  }

  /**
   * Writes the status line and headers into {@code tx}. Returns the body to send after them (an
   * empty buffer when there is none or the request was {@code HEAD}).
   *
   * @throws java.nio.BufferOverflowException when the head does not fit in {@code tx}
   */
  public ByteBuffer writeHead(ByteBuffer tx, boolean keepAlive, boolean headRequest) {
    ByteBuffer content = body == null ? EMPTY : body;
    int code = status();
    putStatusAndHeaders(tx, code);
    if (code >= 200 && code != 204 && code != 304) {
      Ascii.put(tx, "Content-Length: ");
      Ascii.putDecimal(tx, content.remaining());
      Ascii.put(tx, "\r\n");
    }
    if (!keepAlive) {
      putHeader(tx, "Connection", "close");
    }
    Ascii.put(tx, "\r\n");
    return headRequest || code == 204 || code == 304 ? EMPTY : content;
  }

  /** The status line, the handler's headers and the content type, as every response starts. */
  private void putStatusAndHeaders(ByteBuffer tx, int code) {
    Ascii.put(tx, "HTTP/1.1 ");
    Ascii.putDecimal(tx, code);
    tx.put((byte) ' ');
    Ascii.put(tx, HttpStatus.reason(code));
    Ascii.put(tx, "\r\n");
    for (int i = 0; i < headers.count(); i++) {
      putHeader(tx, headers.name(i), headers.value(i));
    }
    if (contentType != null) {
      putHeader(tx, "Content-Type", contentType);
    }
  }

  private static void putHeader(ByteBuffer tx, String name, String value) {
    Ascii.put(tx, name);
    Ascii.put(tx, ": ");
    Ascii.put(tx, value);
    Ascii.put(tx, "\r\n");
  }
}

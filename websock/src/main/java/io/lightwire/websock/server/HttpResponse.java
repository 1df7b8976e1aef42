package io.lightwire.websock.server;

import java.nio.ByteBuffer;

/**
 * The response a handler fills in. The server adds {@code Content-Length} and {@code Connection},
 * leaves the body out for {@code HEAD}, and writes it all after the handler returns. Unless a
 * status is set, the response is {@code 200 OK} when it has a body and {@code 404 Not Found} when
 * it has none. A handler that cannot answer at once calls {@link #defer} instead.
 */
public interface HttpResponse {

  /** Sets the status code (100 to 599). Returns this response. */
  HttpResponse status(int code);

  /**
   * Adds a header. Names and values must be visible ASCII (values may contain spaces); {@code
   * Content-Length} and {@code Connection} belong to the server and are refused.
   *
   * @throws IllegalArgumentException on a forbidden name or a character that could split headers
   */
  HttpResponse header(String name, String value);

  /** Sets the body and its content type; the text is sent as UTF-8. */
  HttpResponse body(String contentType, CharSequence text);

  /** Sets the body and its content type. The array must not change until the response is sent. */
  HttpResponse body(String contentType, byte[] bytes);

  /**
   * Sets the body and its content type. The server consumes the buffer from its position to its
   * limit; pass {@code duplicate()} of shared content.
   */
  HttpResponse body(String contentType, ByteBuffer bytes);

  /**
   * Closes the connection once this response is sent ({@code Connection: close}), whatever the
   * client asked. For servers whose connection slots are scarcer than a TCP handshake: a browser
   * keeps several idle keep-alive connections per host open for a minute or more. Returns this
   * response.
   */
  HttpResponse closeAfterResponse();

  /**
   * Answers later: the handler returns, and another thread completes the returned handle within
   * {@code timeoutMillis}. Until then the connection's later (pipelined) requests wait, so
   * responses stay in order, and other connections are served as usual. When the deadline passes
   * first, the server sends what this response holds when the handler returns (e.g. a JSON {@code
   * 504} the handler prepared), or a plain {@code 504 Gateway Timeout} when it holds nothing, and
   * the late completion is ignored. The handler must copy what it needs from the request before
   * returning: the request is gone afterwards.
   *
   * @throws IllegalArgumentException when {@code timeoutMillis} is not positive
   * @throws IllegalStateException when this response was deferred already
   */
  DeferredResponse defer(long timeoutMillis);

  /**
   * Answers with a body written over time ({@link HttpStream}): when the handler returns, the
   * server sends {@code 200} (or the status set), the headers set and {@code contentType}, without
   * {@code Content-Length} and with {@code Connection: close}; the body then comes from {@link
   * HttpStream#write} and {@link Server#publish}, and ends when the connection closes. For a {@code
   * HEAD} request only the head is sent and the stream ends at once. {@code handler}'s {@link
   * HttpStreamHandler#onOpen} runs once the head is queued.
   *
   * @return the stream's handle, usable once the handler returned (on the service thread)
   * @throws IllegalStateException after {@link #defer} or {@link #upgrade}, or on a server without
   *     a service loop
   */
  HttpStream stream(String contentType, HttpStreamHandler handler);

  /**
   * Answers this request by making it a WebSocket connection served by {@code protocol}, one of the
   * server's protocols (Barracuda's {@code WSS::upgrade}): for a handler that decides itself which
   * requests become WebSockets, such as one upgrade path that authenticates first. Only requests
   * that no protocol of the table claims by subprotocol or path reach a handler. The request must
   * be a valid WebSocket handshake (RFC 6455 4.2.1), and the server's {@link UpgradeFilter} is
   * asked as for any upgrade. On success the {@code 101} goes out when the handler returns and the
   * protocol's {@link WebSocketHandler#onOpen(WebSocketConnection, HttpRequest)} runs; whatever
   * else the handler sets is ignored. On failure the response holds the refusal (400, 426, 403,
   * 503...), which the handler may replace.
   *
   * @return 0 when the connection will be upgraded, or the HTTP status of the refusal
   * @throws IllegalArgumentException when the server does not serve {@code protocol}
   * @throws IllegalStateException after {@link #defer}, or outside the handler's call
   */
  int upgrade(Protocol protocol);
}

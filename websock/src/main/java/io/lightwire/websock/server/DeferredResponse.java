package io.lightwire.websock.server;

import java.nio.ByteBuffer;

/**
 * An HTTP response answered later, from any thread: {@link HttpResponse#defer} hands one out, the
 * handler returns at once, and whoever has the answer fills it and calls {@link #complete}. The
 * service thread then writes it, in order with the connection's other responses.
 *
 * <p>One handle belongs to one connection slot and is reused for its next deferred request, so
 * nothing is allocated per request: do not touch a handle after {@link #complete} returned true.
 * Once the request is over without it (its deadline passed and the server answered, the client
 * left, the server stopped), every call is a harmless no-op and {@link #complete} returns false.
 */
public interface DeferredResponse {

  /** Sets the status code (100 to 599), as {@link HttpResponse#status}. Returns this handle. */
  DeferredResponse status(int code);

  /**
   * Adds a header, as {@link HttpResponse#header}.
   *
   * @throws IllegalArgumentException on a forbidden name or a character that could split headers
   */
  DeferredResponse header(String name, String value);

  /** Sets the body and its content type; the text is sent as UTF-8. */
  DeferredResponse body(String contentType, CharSequence text);

  /** Sets the body and its content type. The array must not change until the response is sent. */
  DeferredResponse body(String contentType, byte[] bytes);

  /** Sets the body and its content type; the server consumes the buffer's remaining bytes. */
  DeferredResponse body(String contentType, ByteBuffer bytes);

  /**
   * Hands the response to the service thread to be written. Returns false, writing nothing, when it
   * is too late: the deadline passed, the client left or the server stopped.
   */
  boolean complete();

  /** True while the server waits for this response: not yet completed, timed out or dropped. */
  boolean isPending();
}

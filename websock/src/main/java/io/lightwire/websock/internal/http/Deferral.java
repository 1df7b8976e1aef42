package io.lightwire.websock.internal.http;

import io.lightwire.websock.server.DeferredResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A connection slot's deferred response: made once with the slot and reused for each deferred
 * request, replaced only after a request ended without it (timed out, client gone), because then
 * another thread may still hold it. The answering thread fills a staging copy under this object's
 * lock; the service thread copies it into the exchange with {@link #settle}, so the two threads
 * never share the exchange itself.
 */
public final class Deferral implements DeferredResponse {

  private static final int IDLE = 0;
  private static final int PENDING = 1;
  private static final int COMPLETED = 2;
  private static final int DROPPED = 3;

  /** Tells the service loop that a completion waits (sets its flag and wakes its selector). */
  private final Runnable wake;

  private int state = IDLE;
  private long timeoutNanos;
  private int status;
  private final ResponseHeaders headers = new ResponseHeaders();
  private String contentType;
  private ByteBuffer body;

  Deferral(Runnable wake) {
    this.wake = wake;
  }

  /** Starts waiting for an answer; service thread, from {@link HttpExchange#defer}. */
  synchronized void begin(long timeoutMillis) {
    state = PENDING;
    timeoutNanos = timeoutMillis * 1_000_000L;
    status = 0;
    clearStaging();
  }

  /** True when nothing is waiting on this handle, so the slot may reuse it. */
  synchronized boolean isIdle() {
    return state == IDLE;
  }

  /** How long the server waits for the answer. */
  public synchronized long timeoutNanos() {
    return timeoutNanos;
  }

  /** True once {@link #complete} was called in time and the answer waits for the service thread. */
  public synchronized boolean isCompleted() {
    return state == COMPLETED;
  }

  @Override
  public synchronized boolean isPending() {
    return state == PENDING;
  }

  /**
   * Service thread: when the answer is complete, copies it into {@code exchange} and frees this
   * handle for the slot's next deferral, returning true; else drops the handle (a later completion
   * is ignored) and returns false, leaving the exchange as it is.
   */
  public synchronized boolean settle(HttpExchange exchange) {
    if (state != COMPLETED) {
      state = DROPPED;
      clearStaging();
      return false;
    }
    exchange.resetResponse();
    if (status != 0) {
      exchange.status(status);
    }
    for (int i = 0; i < headers.count(); i++) {
      exchange.header(headers.name(i), headers.value(i));
    }
    if (body != null) {
      exchange.body(contentType, body);
    }
    state = IDLE;
    clearStaging();
    return true;
  }

  /** Service thread: the request ended without this answer (client gone, server stopping). */
  public synchronized void drop() {
    if (state != IDLE) {
      state = DROPPED;
      clearStaging();
    }
  }

  private void clearStaging() {
    headers.clear();
    contentType = null;
    body = null;
  }

  // ---- DeferredResponse, any thread

  @Override
  public synchronized DeferredResponse status(int code) {
    if (code < 100 || code > 599) {
      throw new IllegalArgumentException("HTTP status " + code + " is not in [100, 599]");
    }
    if (state == PENDING) {
      status = code;
    }
    return this;
  }

  @Override
  public synchronized DeferredResponse header(String name, String value) {
    HttpExchange.checkHeader(name, value);
    if (state != PENDING) {
      return this;
    }
    headers.add(name, value);
    return this;
  }

  @Override
  public DeferredResponse body(String type, CharSequence text) {
    return body(type, text.toString().getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public DeferredResponse body(String type, byte[] bytes) {
    return body(type, ByteBuffer.wrap(bytes));
  }

  @Override
  public synchronized DeferredResponse body(String type, ByteBuffer bytes) {
    if (type != null) {
      HttpExchange.checkValue("Content-Type", type);
    }
    if (state == PENDING) {
      contentType = type;
      body = bytes;
    }
    return this;
  }

  @Override
  public boolean complete() {
    synchronized (this) {
      if (state != PENDING) {
        return false;
      }
      state = COMPLETED;
    }
    wake.run(); // outside the lock: the wake-up takes the selector's
    return true;
  }
}

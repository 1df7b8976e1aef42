package io.lightwire.websock.client;

import io.lightwire.websock.protocol.WebSocketProtocol;
import java.io.IOException;

/**
 * The thread behind {@link WebSocketClient#startReceiveLoop}: it calls {@code recv} with a short
 * poll timeout into a buffer it allocated once, and calls the listener. Listener exceptions are
 * reported to {@link WebSocketListener#onError} and the loop goes on (as Agrona's agent runner
 * does); a protocol or I/O error, or the peer's close, ends it.
 */
public final class ReceiveLoop {

  private final WebSocketClient client;
  private final WebSocketListener listener;
  private final byte[] buffer;
  private final Thread thread;
  private volatile boolean running = true;

  ReceiveLoop(WebSocketClient client, WebSocketListener listener, int bufferBytes) {
    this.client = client;
    this.listener = listener;
    this.buffer = new byte[bufferBytes];
    this.thread = new Thread(this::run, "lightwire-ws-receive");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void run() {
    MessageHeader header = new MessageHeader();
    try {
      while (running) {
        int n;
        try {
          n =
              client.recv(
                  header, buffer, 0, buffer.length, WebSocketClient.RECEIVE_LOOP_POLL_MILLIS);
        } catch (IOException e) {
          listener.onError(e);
          return;
        }
        if (n == WebSocketClient.TIMEOUT) {
          continue;
        }
        if (n == WebSocketClient.CLOSED) {
          return;
        }
        try {
          switch (header.opcode()) {
            case WebSocketProtocol.OPCODE_CLOSE -> {
              CloseStatus status = client.status();
              listener.onClose(status.code(), status.reason());
              return;
            }
            case WebSocketProtocol.OPCODE_PONG -> listener.onPong(buffer, 0, n);
            default -> {
              if (header.isText()) {
                listener.onText(buffer, 0, n, header.endOfMessage());
              } else {
                listener.onBinary(buffer, 0, n, header.endOfMessage());
              }
            }
          }
        } catch (RuntimeException e) {
          listener.onError(e);
        }
      }
    } finally {
      running = false;
    }
  }

  /** True until the loop ended (close, error, or {@link #stop()}). */
  public boolean isRunning() {
    return running && thread.isAlive();
  }

  /**
   * Asks the loop to end and waits until its thread has ended (at most one poll interval, 50 ms,
   * plus a callback in progress). Called from the loop's own thread (inside a callback) it only
   * asks. Idempotent.
   *
   * @throws InterruptedException when the calling thread is interrupted while waiting
   */
  public void stop() throws InterruptedException {
    running = false;
    if (Thread.currentThread() != thread) {
      thread.join();
    }
  }

  /**
   * Waits up to {@code millis} for the loop to end by itself (after the peer's close).
   *
   * @return true when it has ended
   * @throws InterruptedException when the calling thread is interrupted while waiting
   */
  public boolean join(long millis) throws InterruptedException {
    thread.join(millis);
    return !thread.isAlive();
  }
}

package io.lightwire.websock.server;

/**
 * The callbacks of the streams a handler started with {@link HttpResponse#stream}; also the target
 * that {@link Server#publish} sends a shared part to. All run on the service thread and must not
 * block.
 */
public interface HttpStreamHandler {

  /** Published parts a stream may hold queued: one going out and the newest waiting. */
  int DEFAULT_QUEUE_DEPTH = 2;

  /** The stream's body began: its head is queued. */
  default void onOpen(HttpStream stream) {}

  /** Everything queued went out after {@link HttpStream#requestWritable}. */
  default void onWritable(HttpStream stream) {}

  /**
   * The stream is over (ended, client gone, timed out, server stopping); the handle goes inert when
   * this returns.
   */
  void onClose(HttpStream stream);

  /**
   * True when {@code stream} takes the part being published now; a per-stream rate limit goes here.
   * Runs once per open stream of this handler for every {@link Server#publish}.
   */
  default boolean accept(HttpStream stream) {
    return true;
  }

  /**
   * How many published parts one stream may have queued (1 to {@value #MAX_QUEUE_DEPTH}); past that
   * the oldest part that has not started going out is dropped.
   */
  default int queueDepth() {
    return DEFAULT_QUEUE_DEPTH;
  }

  /** The largest {@link #queueDepth()}. */
  int MAX_QUEUE_DEPTH = 8;
}

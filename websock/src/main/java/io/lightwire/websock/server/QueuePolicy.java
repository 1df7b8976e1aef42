package io.lightwire.websock.server;

/** What a protocol's broadcast does with a connection whose transmit queue is full. */
public enum QueuePolicy {
  /**
   * Latest-value streams (camera frames, sensor readings): the oldest message not yet started is
   * dropped for the new one, so a slow connection skips to the newest and never slows the others.
   */
  KEEP_NEWEST,
  /**
   * Streams that must not lose data: the new message is not queued for that connection, and the
   * refusal is counted ({@link WebSocketConnection#messagesRefused()}) so the caller can act.
   */
  REFUSE
}

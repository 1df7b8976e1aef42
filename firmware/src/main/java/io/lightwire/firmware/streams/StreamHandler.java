package io.lightwire.firmware.streams;

import java.io.IOException;

/**
 * Answers reads and takes writes of one device stream. Runs on the application thread, one request
 * at a time, so it needs no locks; it must not block for long, since every other application event
 * waits behind it.
 */
@FunctionalInterface
public interface StreamHandler {

  /**
   * Handles one request.
   *
   * @param request what the client asked: a read, or a write with its value
   * @param reply the output context of the answer: for a read, pack exactly one value into {@link
   *     StreamContext#packer()} (nothing packed answers {@code nil}); for a write, pack nothing
   *     (the client gets {@code nil}) or one value. The service flushes it after this returns; do
   *     not flush or abort it yourself.
   * @throws IOException when packing fails, e.g. the value does not fit a stream message; the
   *     client gets a {@code handler-failed} error
   */
  void handle(StreamRequest request, StreamContext reply) throws IOException;
}

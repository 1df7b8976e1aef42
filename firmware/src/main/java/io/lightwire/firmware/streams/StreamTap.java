package io.lightwire.firmware.streams;

import java.nio.ByteBuffer;

/**
 * Sees each value the device writes to every page ({@link Streams#ALL}), for a bridge to another
 * transport (the MQTT bridge). Set with {@link Streams#setWriteAllTap}.
 */
@FunctionalInterface
public interface StreamTap {

  /**
   * Called on the flushing thread just before the message is broadcast; must copy what it keeps and
   * return at once.
   *
   * @param stream the stream's name
   * @param value the value's msgpack bytes, position to limit; valid during the call only
   */
  void written(String stream, ByteBuffer value);
}

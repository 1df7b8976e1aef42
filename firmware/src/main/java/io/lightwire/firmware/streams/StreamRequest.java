package io.lightwire.firmware.streams;

import org.msgpack.value.Value;

/**
 * One read or write of a device stream, as its {@link StreamHandler} sees it.
 *
 * @param stream the stream's name
 * @param write true for a write, false for a read
 * @param value the written value ({@code nil} for a read)
 * @param client the page that asked, or {@code null} for a REST client
 */
public record StreamRequest(String stream, boolean write, Value value, StreamClient client) {}

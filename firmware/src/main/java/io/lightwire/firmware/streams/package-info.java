/**
 * Named data streams (msgpack values) in both directions over one WebSocket and over REST: the
 * device registers streams with permissions and handlers that run on the application thread, lists,
 * reads and writes the streams connected pages registered, or writes to every page at once ({@link
 * io.lightwire.firmware.streams.Streams}).
 */
package io.lightwire.firmware.streams;

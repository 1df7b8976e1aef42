/**
 * The small WebSocket and HTTP/1.1 server: one selector service loop, a table of {@link
 * io.lightwire.websock.server.Protocol}s with their callbacks, HTTP handlers and static files on
 * the same port, broadcast that encodes once, and memory fixed at start ({@link
 * io.lightwire.websock.server.ServerMemory}). Callbacks run on the service thread.
 */
package io.lightwire.websock.server;

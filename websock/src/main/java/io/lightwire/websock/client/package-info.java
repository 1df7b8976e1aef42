/**
 * The blocking WebSocket client: {@link io.lightwire.websock.client.WebSocketClient} opens {@code
 * ws://} and {@code wss://} connections (TLS verified by default), sends text, binary and
 * fragments, and receives into caller buffers; a {@link io.lightwire.websock.client.ReceiveLoop}
 * thread can drive a {@link io.lightwire.websock.client.WebSocketListener} instead.
 */
package io.lightwire.websock.client;

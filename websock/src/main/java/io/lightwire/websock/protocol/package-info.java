/**
 * The RFC 6455 engine that client and server share: frame header codec and parser, word-wide
 * masking, incremental UTF-8 validation, close-code rules and the handshake key/accept computation.
 * Methods take (buffer, offset, length) and return primitives; protocol violations are {@link
 * io.lightwire.websock.protocol.WebSocketProtocolException}s that name the rule and carry the close
 * code to answer with.
 */
package io.lightwire.websock.protocol;

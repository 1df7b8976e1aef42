package io.lightwire.websock.client;

/**
 * The peer's close status (libdill's {@code ws_status}): the code from its close frame, 1005 when
 * it sent none, 1006 when the connection ended without a close frame; and the UTF-8 reason.
 *
 * @param code the close code (1000-4999)
 * @param reason the reason the peer gave, {@code ""} when none
 */
public record CloseStatus(int code, String reason) {}

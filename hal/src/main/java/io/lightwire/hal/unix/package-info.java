/**
 * Unix-domain datagram sockets, which the JDK's channels lack: systemd's notify socket ({@code
 * sd_notify}). Native calls through FFM, like the rest of this module.
 */
package io.lightwire.hal.unix;

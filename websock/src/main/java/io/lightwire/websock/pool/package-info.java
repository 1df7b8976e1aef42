/**
 * Fixed-capacity pools sized once at construction: slots and byte buffers that hot paths borrow and
 * return without allocating. Each pool counts what is in use, so a test (and {@code /status}) can
 * check that every scenario gives everything back; exhaustion is a return value, not an exception.
 */
package io.lightwire.websock.pool;

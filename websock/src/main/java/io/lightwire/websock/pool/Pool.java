package io.lightwire.websock.pool;

/**
 * A fixed-capacity pool decided at construction, as shown in the memory plan. Every pool counts
 * what is in use so that status pages and tests can see leaks: after any scenario, {@link #inUse()}
 * is back to zero.
 */
public interface Pool {

  /** The pool's name as printed in the memory plan, e.g. {@code "rx buffers"}. */
  String name();

  /** How many items the pool holds; fixed for the pool's life. */
  int capacity();

  /** The size of one item in bytes (0 for items that are not byte buffers). */
  int itemBytes();

  /** How many items are taken right now. Safe to read from any thread. */
  int inUse();

  /** Total bytes the pool reserved up front: {@code capacity() * itemBytes()}. */
  default long totalBytes() {
    return (long) capacity() * itemBytes();
  }
}

package io.lightwire.firmware.streams;

/** What pages and REST clients may do with a device stream (seed 000's stream permissions). */
public enum Permission {
  /** Clients may read the stream; writes are refused with {@code permission-denied}. */
  READ,
  /** Clients may write the stream; reads are refused with {@code permission-denied}. */
  WRITE,
  /** Clients may read and write the stream. */
  ALL;

  /** True when clients may read. */
  public boolean allowsRead() {
    return this != WRITE;
  }

  /** True when clients may write. */
  public boolean allowsWrite() {
    return this != READ;
  }
}

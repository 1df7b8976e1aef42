package io.lightwire.hal;

/** A registered listener; closing it unregisters the listener. Idempotent. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

  @Override
  void close();
}

package io.lightwire.examples.gpio;

/**
 * One page's state, made once per connection slot when the server starts and reset when a page
 * opens on that slot. Service thread only.
 */
final class RemoteClient {

  /** True once this connection sent the right access token. */
  boolean unlocked;

  /** True when the state could not be sent on open and waits for {@code onWritable}. */
  boolean stateOwed;

  void reset() {
    unlocked = false;
    stateOwed = false;
  }
}

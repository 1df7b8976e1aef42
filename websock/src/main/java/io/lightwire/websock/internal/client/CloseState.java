package io.lightwire.websock.internal.client;

/**
 * The closing handshake as a tiny state machine (Jetty's OPEN / ISHUT / OSHUT / CLOSED): which
 * directions are shut. Sending a close shuts output; receiving one shuts input; both make the
 * handshake complete. Illegal moves throw {@link IllegalStateException}. Guarded by the client's
 * lock discipline: the reader moves input, the writer moves output; fields are volatile so either
 * thread reads a current value.
 */
final class CloseState {

  static final int OPEN = 0;
  static final int ISHUT = 1; // close received, ours not yet sent
  static final int OSHUT = 2; // close sent, theirs not yet received
  static final int CLOSED = 3; // both

  private volatile boolean inputShut;
  private volatile boolean outputShut;
  private volatile boolean aborted;

  int state() {
    if (inputShut && outputShut) {
      return CLOSED;
    }
    return inputShut ? ISHUT : outputShut ? OSHUT : OPEN;
  }

  /** Records that our close frame went out; throws when one already did. */
  void onCloseSent() {
    if (outputShut) {
      throw new IllegalStateException("a close frame was already sent");
    }
    outputShut = true;
  }

  /** Records the peer's close frame; throws when one was already received. */
  void onCloseReceived() {
    if (inputShut) {
      throw new IllegalStateException("a close frame was already received");
    }
    inputShut = true;
  }

  /** The connection failed (protocol error, I/O error, EOF): both directions are gone. */
  void abort() {
    aborted = true;
    inputShut = true;
    outputShut = true;
  }

  boolean outputOpen() {
    return !outputShut;
  }

  boolean inputOpen() {
    return !inputShut;
  }

  /** Both close frames were exchanged and nothing failed. */
  boolean cleanlyClosed() {
    return inputShut && outputShut && !aborted;
  }

  boolean aborted() {
    return aborted;
  }
}

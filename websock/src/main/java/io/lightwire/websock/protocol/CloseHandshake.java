package io.lightwire.websock.protocol;

/**
 * The closing handshake of one connection as a tiny state machine (Jetty's OPEN / ISHUT / OSHUT /
 * CLOSED), the same for the client and the server: which directions are shut. Sending a close shuts
 * output; receiving one shuts input; both make the handshake complete. A failed connection
 * (protocol violation, I/O error, EOF) has both directions shut and is never clean. Illegal moves
 * throw {@link IllegalStateException}.
 *
 * <p>Fields are volatile so any thread reads a current value; each direction has one writer (the
 * client's reader moves input, its writer output; the server's service thread moves both).
 */
public final class CloseHandshake {

  /** Both directions open. */
  public static final int OPEN = 0;

  /** The peer's close arrived; ours is not sent yet. */
  public static final int ISHUT = 1;

  /** Our close went out; the peer's has not arrived. */
  public static final int OSHUT = 2;

  /** Both closes were exchanged, or the connection failed. */
  public static final int CLOSED = 3;

  private volatile boolean inputShut;
  private volatile boolean outputShut;
  private volatile boolean failed;

  /** A handshake with both directions open. */
  public CloseHandshake() {}

  /** {@link #OPEN}, {@link #ISHUT}, {@link #OSHUT} or {@link #CLOSED}. */
  public int state() {
    if (inputShut && outputShut) {
      return CLOSED;
    }
    return inputShut ? ISHUT : outputShut ? OSHUT : OPEN;
  }

  /** Back to {@link #OPEN} for the next connection of a reused slot. */
  public void reset() {
    inputShut = false;
    outputShut = false;
    failed = false;
  }

  /** Records that our close frame went out; throws when one already did. */
  public void onCloseSent() {
    if (outputShut) {
      throw new IllegalStateException("a close frame was already sent");
    }
    outputShut = true;
  }

  /** Records the peer's close frame; throws when one was already received. */
  public void onCloseReceived() {
    if (inputShut) {
      throw new IllegalStateException("a close frame was already received");
    }
    inputShut = true;
  }

  /** The connection failed: both directions are gone and the close is not clean. */
  public void fail() {
    failed = true;
    inputShut = true;
    outputShut = true;
  }

  /** True until our close was sent (or the connection failed). */
  public boolean outputOpen() {
    return !outputShut;
  }

  /** True until the peer's close arrived (or the connection failed). */
  public boolean inputOpen() {
    return !inputShut;
  }

  /** Both close frames were exchanged and nothing failed. */
  public boolean cleanlyClosed() {
    return inputShut && outputShut && !failed;
  }

  /** True once {@link #fail()} ran. */
  public boolean failed() {
    return failed;
  }
}

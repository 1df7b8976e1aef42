package io.lightwire.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * The socket a raw-socket test opens to a server on 127.0.0.1: connect and every read bounded by
 * {@link #TIMEOUT_MILLIS}, so a server that does not answer fails the test instead of hanging it.
 */
public final class Loopback {

  /** How long a connect or a read may take. */
  public static final int TIMEOUT_MILLIS = 5_000;

  private Loopback() {}

  /** A connected socket to {@code port} on 127.0.0.1. */
  public static Socket connect(int port) throws IOException {
    return connect(port, null);
  }

  /** As {@link #connect(int)}, from {@code source} (another 127.x address: another peer) if set. */
  public static Socket connect(int port, InetAddress source) throws IOException {
    Socket socket = new Socket();
    try {
      if (source != null) {
        socket.bind(new InetSocketAddress(source, 0));
      }
      socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }
}

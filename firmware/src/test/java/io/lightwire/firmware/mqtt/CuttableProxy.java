package io.lightwire.firmware.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP relay to the broker whose connections a test can cut at once, as a board that
 * loses power or network would: the broker sees the socket end without an MQTT DISCONNECT (and so
 * publishes the last will). New connections are relayed again afterwards.
 */
final class CuttableProxy implements AutoCloseable {

  private final ServerSocket listener;
  private final int brokerPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  CuttableProxy(int brokerPort) throws IOException {
    this.brokerPort = brokerPort;
    this.listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    this.acceptor = Thread.ofPlatform().daemon().name("proxy-accept").start(this::accept);
  }

  /** The URL the board should use. */
  String url() {
    return "tcp://127.0.0.1:" + listener.getLocalPort();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket board = listener.accept();
        Socket broker = new Socket();
        broker.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), brokerPort), 2_000);
        sockets.add(board);
        sockets.add(broker);
        relay(board, broker);
        relay(broker, board);
      } catch (IOException e) {
        // closed, or the broker is away: the board's attempt fails and it retries
      }
    }
  }

  private static void relay(Socket from, Socket to) {
    Thread.ofPlatform()
        .daemon()
        .name("proxy-relay")
        .start(
            () -> {
              byte[] buffer = new byte[8_192];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // cut
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            });
  }

  /** Cuts every relayed connection now. */
  void cut() {
    for (Socket s : sockets) {
      closeQuietly(s);
    }
    sockets.clear();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    cut();
    try {
      acceptor.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

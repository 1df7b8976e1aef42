package io.lightwire.websock.internal.client;

import io.lightwire.websock.client.ClientConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.security.SecureRandom;
import javax.net.ssl.SSLContext;

/**
 * Makes {@link ClientConnection}s: connects and upgrades ({@link #open}), layers the client over a
 * connected stream ({@link #attach}, libdill {@code ws_attach_client}), or the server role over an
 * accepted one whose handshake the caller did ({@link #attachServer}, libdill {@code
 * ws_attach_server}). On any failure the socket it opened is closed and {@code release} has run.
 */
public final class ConnectionOpener {

  private static final SecureRandom SEEDS = new SecureRandom();

  /** How long to wait for the peer's reason (a TLS alert) after the request could not be sent. */
  private static final long PEER_REASON_MILLIS = 1_000;

  private ConnectionOpener() {}

  /** Connects (TCP, then TLS when secure), runs the HTTP upgrade, returns the open connection. */
  public static ClientConnection open(
      ClientConfig config,
      byte[][] template,
      SSLContext ssl,
      byte[] rx,
      byte[] tx,
      int accept,
      Runnable release)
      throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(
          new InetSocketAddress(config.connectHost(), config.port()),
          (int) Math.min(Integer.MAX_VALUE, config.connectTimeoutMillis()));
      long deadline = ClientConnection.deadline(config.handshakeTimeoutMillis());
      Socket stream = socket;
      if (config.secure()) {
        stream = TlsSupport.wrap(ssl, socket, config, ClientConnection.millisLeft(deadline));
      }
      return handshake(
          new StreamTransport(stream, socket),
          config,
          template,
          rx,
          tx,
          accept,
          null,
          false,
          release,
          deadline);
    } catch (IOException | RuntimeException e) {
      closeQuietly(socket);
      release.run();
      throw e;
    }
  }

  /**
   * Layers the client over a connected stream ({@code endpoint} is the {@code Socket} or {@code
   * SocketChannel} handed back by {@link ClientConnection#detach}), running the HTTP upgrade unless
   * {@code skipHandshake}.
   */
  public static ClientConnection attach(
      Object endpoint,
      ClientConfig config,
      byte[][] template,
      byte[] rx,
      byte[] tx,
      int accept,
      boolean skipHandshake,
      Runnable release)
      throws IOException {
    try {
      return handshake(
          transport(endpoint),
          config,
          template,
          rx,
          tx,
          accept,
          endpoint,
          skipHandshake,
          release,
          ClientConnection.deadline(config.handshakeTimeoutMillis()));
    } catch (IOException | RuntimeException e) {
      release.run();
      throw e;
    }
  }

  /**
   * Layers the server role over an accepted stream whose HTTP upgrade the caller completed (it sent
   * the {@code 101}): frames start at once; incoming frames must be masked, outgoing ones are not.
   * {@code rx[0, buffered)} holds frame bytes the caller read past the request head.
   */
  public static ClientConnection attachServer(
      Object endpoint,
      ClientConfig config,
      byte[] rx,
      int buffered,
      byte[] tx,
      int accept,
      Runnable release)
      throws IOException {
    try {
      return new ClientConnection(
          transport(endpoint),
          true,
          new MaskKeyGenerator(SEEDS),
          rx,
          0,
          buffered,
          tx,
          config,
          accept,
          endpoint,
          null,
          release);
    } catch (IOException | RuntimeException e) {
      release.run();
      throw e;
    }
  }

  private static StreamTransport transport(Object endpoint) throws IOException {
    return endpoint instanceof SocketChannel channel
        ? StreamTransport.of(channel)
        : new StreamTransport((Socket) endpoint, null);
  }

  private static ClientConnection handshake(
      Transport transport,
      ClientConfig config,
      byte[][] template,
      byte[] rx,
      byte[] tx,
      int accept,
      Object endpoint,
      boolean skip,
      Runnable release,
      long deadline)
      throws IOException {
    MaskKeyGenerator keys = new MaskKeyGenerator(SEEDS);
    if (skip) {
      return new ClientConnection(
          transport, false, keys, rx, 0, 0, tx, config, accept, endpoint, null, release);
    }
    if (template == null) {
      throw new IllegalStateException(
          "the HTTP upgrade needs a host in the config (for the Host header), it has none");
    }
    ClientHandshake handshake = new ClientHandshake();
    int length = handshake.writeRequest(tx, template, keys);
    try {
      transport.write(tx, 0, length);
    } catch (IOException e) {
      throw peerReason(transport, rx, e);
    }
    long read = handshake.readResponse(transport, rx, deadline, config.subprotocols());
    int filled = (int) (read >>> 32);
    int consumed = (int) read;
    int selected = handshake.selectedProtocol();
    String protocol = selected < 0 ? null : config.subprotocols().get(selected);
    return new ClientConnection(
        transport, false, keys, rx, consumed, filled, tx, config, accept, endpoint, protocol,
        release);
  }

  /**
   * The write of the request failed: in TLS 1.3 a server that refuses our certificate (or has none
   * it wants) says why in an alert after our handshake ended, so read it; that error (an {@code
   * SSLException} naming the alert) tells the caller more than the broken pipe.
   */
  private static IOException peerReason(Transport transport, byte[] rx, IOException writeFailure) {
    try {
      transport.read(rx, 0, rx.length, PEER_REASON_MILLIS);
    } catch (IOException reason) {
      IOException failure =
          TlsSupport.isAlert(reason)
              ? TlsSupport.handshakeFailure("the TLS peer refused the connection: ", reason)
              : reason;
      failure.addSuppressed(writeFailure);
      return failure;
    }
    return writeFailure;
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Already failing; the original error is what the caller needs.
    }
  }
}

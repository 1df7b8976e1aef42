package io.lightwire.websock.client;

import io.lightwire.websock.internal.client.ClientConnection;
import io.lightwire.websock.protocol.CloseCodes;
import io.lightwire.websock.protocol.Result;
import io.lightwire.websock.protocol.Utf8Encoding;
import io.lightwire.websock.protocol.WebSocketProtocol;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A blocking RFC 6455 client on fixed buffers: seed 004's {@code websock_*}, libdill's {@code
 * ws_attach_client_mem} and the client half of libwebsockets.
 *
 * <p>Life cycle: {@link #open} (TCP, optional TLS, HTTP upgrade) or {@link #attach} (over a
 * connected socket), then sends and {@link #recv} (or a {@link #startReceiveLoop receive loop}),
 * then {@link #close(int, String, long)} and, for attached sockets, {@link #detachChannel}.
 *
 * <p>Results: sends return {@link #OK}, {@link #CLOSED} or {@link #TIMEOUT}; {@code recv} returns a
 * byte count, {@link #TIMEOUT} or {@link #CLOSED} ({@link SeedReceiver} gives seed 004's contract
 * instead). Every send has a deadline (libdill's convention: -1 waits without limit, 0 tries once
 * without waiting, else milliseconds); the overloads without one use {@link
 * ClientConfig#sendTimeoutMillis()}. A send that misses it returns {@link #TIMEOUT}: when it was
 * still waiting for another send to finish nothing was sent and the connection is intact; when its
 * own write was blocked (the peer stopped reading) the frame is cut, so the connection was failed
 * ({@link #isOpen()} false, status 1006). A write blocked past its deadline ends within {@value
 * #SEND_DEADLINE_GRACE_MILLIS} ms after it. Exceptions are for failures: {@link
 * io.lightwire.websock.protocol.WebSocketProtocolException} when the peer broke the protocol (the
 * connection was failed with the close code it carries), {@link java.io.EOFException} when the
 * connection ended without a close frame, other {@link IOException}s for I/O errors, {@link
 * IllegalArgumentException} / {@link IllegalStateException} for caller mistakes.
 *
 * <p>Thread rules: any thread may send (sends are serialized by a lock); one thread at a time
 * receives (also a lock); {@code close} may be called from any thread. Steady-state sends and
 * receives allocate nothing.
 */
public final class WebSocketClient implements AutoCloseable {

  /** Send result: the frame was written to the socket ({@link Result#OK}). */
  public static final int OK = Result.OK;

  /**
   * Result: that direction is closed (a close frame was sent or received, or the link failed);
   * {@link Result#CLOSED}.
   */
  public static final int CLOSED = Result.CLOSED;

  /**
   * {@link #recv} result: nothing was delivered within the timeout; not an error, call again. Send
   * result: the send missed its deadline (see the class comment). {@link Result#TIMEOUT}.
   */
  public static final int TIMEOUT = Result.TIMEOUT;

  /** {@link #ping} result: the payload is over 125 bytes; nothing was sent ({@link Result}). */
  public static final int TOO_BIG = Result.TOO_BIG;

  /**
   * How long after its deadline a blocked write ends at most: 20 ms (two periods of the one thread
   * that watches the deadlines of blocked writes).
   */
  public static final long SEND_DEADLINE_GRACE_MILLIS = ClientConnection.SEND_DEADLINE_GRACE_MILLIS;

  /** Flag: only text messages may be received; binary ones fail the connection with 1003. */
  public static final int TEXT_ONLY = 1;

  /** Flag: only binary messages may be received; text ones fail the connection with 1003. */
  public static final int BINARY_ONLY = 2;

  /** Flag for {@link #attach}: skip the HTTP upgrade, frames start at once (libdill WS_NOHTTP). */
  public static final int NO_HTTP = 4;

  /** How often a receive loop wakes to check for {@link ReceiveLoop#stop()}: 50 ms. */
  public static final long RECEIVE_LOOP_POLL_MILLIS = 50;

  private final ClientConnection connection;
  private final ClientConfig config;
  private ReceiveLoop loop;

  WebSocketClient(ClientConnection connection, ClientConfig config) {
    this.connection = connection;
    this.config = config;
  }

  /**
   * Connects to the config's host and port ({@code TCP_NODELAY} on), layers TLS when {@link
   * ClientConfig#secure()}, and runs the opening handshake with the implicit headers {@code Host}
   * (with the port only when it is not the default), {@code Upgrade}, {@code Connection}, a fresh
   * random {@code Sec-WebSocket-Key} and {@code Sec-WebSocket-Version: 13}, plus the configured
   * Origin, subprotocols and extra headers. Blocks for at most the connect timeout plus the
   * handshake timeout.
   *
   * @return the open client
   * @throws HandshakeException when the server does not upgrade properly (HTTP status and reason
   *     inside) or the handshake times out
   * @throws javax.net.ssl.SSLException when TLS fails (untrusted or self-signed certificate without
   *     {@link TlsConfig.Builder#allowSelfSigned}, wrong host name)
   * @throws java.net.SocketTimeoutException when the TCP connect times out
   * @throws IOException for other connection failures (unknown host, refused)
   * @throws IllegalStateException when the config's own buffers are used by another connection
   */
  public static WebSocketClient open(ClientConfig config) throws IOException {
    return ClientFactory.open(config);
  }

  /**
   * Layers the protocol over a connected, blocking {@link SocketChannel} (libdill {@code
   * ws_attach_client_mem}). The config gives the path and host of the HTTP upgrade, buffers,
   * timeouts and limits; its host and port are not connected to.
   *
   * @param flags {@link #TEXT_ONLY} or {@link #BINARY_ONLY} (overriding the config's types), and
   *     {@link #NO_HTTP} to skip the HTTP upgrade
   * @throws HandshakeException when the upgrade fails
   * @throws IOException on I/O errors
   */
  public static WebSocketClient attach(SocketChannel channel, ClientConfig config, int flags)
      throws IOException {
    return ClientFactory.attach(channel, config, flags);
  }

  /**
   * Layers the protocol over a connected {@link Socket}, plain or an {@code SSLSocket} whose TLS
   * the caller set up. Same flags and errors as {@link #attach(SocketChannel, ClientConfig, int)}.
   */
  public static WebSocketClient attach(Socket socket, ClientConfig config, int flags)
      throws IOException {
    return ClientFactory.attach(socket, config, flags);
  }

  /**
   * Layers the server side of the protocol over an accepted, blocking socket whose HTTP upgrade the
   * caller completed itself (libdill {@code ws_attach_server} with {@code WS_NOHTTP}): it read the
   * request and sent the {@code 101} (with {@link io.lightwire.websock.protocol.HandshakeKeys}).
   * The same engine as the client in the server role: incoming frames must be masked (1002
   * otherwise), outgoing frames are not. Sends, {@code recv}, the receive loop, {@code close} and
   * {@link #detachSocket} work as for a client. The config gives buffers, limits and the send
   * timeout; host, path and handshake settings are not used (a config without a host is fine).
   *
   * @param flags {@link #TEXT_ONLY} or {@link #BINARY_ONLY}, or 0
   * @param buffered frame bytes the caller already read past the request head (pipelined by the
   *     client), or null; they are received first
   * @throws IllegalArgumentException for bad flags or more buffered bytes than the receive buffer
   *     holds
   */
  public static WebSocketClient attachServer(
      Socket socket, ClientConfig config, int flags, ByteBuffer buffered) throws IOException {
    return ClientFactory.attachServer(socket, config, flags, buffered);
  }

  /** Like {@link #attachServer(Socket, ClientConfig, int, ByteBuffer)} over a blocking channel. */
  public static WebSocketClient attachServer(
      SocketChannel channel, ClientConfig config, int flags, ByteBuffer buffered)
      throws IOException {
    return ClientFactory.attachServer(channel, config, flags, buffered);
  }

  /**
   * Sends {@code text} as one text message, encoding UTF-8 straight into the send buffer.
   *
   * @param timeoutMillis deadline: -1 waits without limit, 0 tries once, else milliseconds
   * @return {@link #OK}; {@link #CLOSED} when a close was already sent or the link failed; {@link
   *     #TIMEOUT} when the deadline passed (see the class comment)
   * @throws IllegalArgumentException when {@code text} has an unpaired surrogate (the one UTF-8
   *     policy of client and server, {@link io.lightwire.websock.protocol.Utf8Encoding})
   * @throws IllegalStateException inside a fragmented message started with {@link #sendFragment}
   * @throws IOException when writing fails (the connection is then failed)
   */
  public int sendText(CharSequence text, long timeoutMillis) throws IOException {
    return connection.sendText(text, timeoutMillis);
  }

  /** {@link #sendText(CharSequence, long)} with the config's send timeout. */
  public int sendText(CharSequence text) throws IOException {
    return sendText(text, config.sendTimeoutMillis());
  }

  /**
   * Sends {@code utf8[offset, offset + length)} as one text message; results as {@link
   * #sendText(CharSequence, long)}.
   *
   * @throws IllegalArgumentException when the bytes are not valid UTF-8 (index named)
   */
  public int sendText(byte[] utf8, int offset, int length, long timeoutMillis) throws IOException {
    return connection.sendData(
        WebSocketProtocol.OPCODE_TEXT, true, true, utf8, offset, length, timeoutMillis);
  }

  /** {@link #sendText(byte[], int, int, long)} with the config's send timeout. */
  public int sendText(byte[] utf8, int offset, int length) throws IOException {
    return sendText(utf8, offset, length, config.sendTimeoutMillis());
  }

  /**
   * Sends {@code data[offset, offset + length)} as one binary message; results as {@link
   * #sendText(CharSequence, long)}.
   */
  public int sendBinary(byte[] data, int offset, int length, long timeoutMillis)
      throws IOException {
    return connection.sendData(
        WebSocketProtocol.OPCODE_BINARY, true, true, data, offset, length, timeoutMillis);
  }

  /** {@link #sendBinary(byte[], int, int, long)} with the config's send timeout. */
  public int sendBinary(byte[] data, int offset, int length) throws IOException {
    return sendBinary(data, offset, length, config.sendTimeoutMillis());
  }

  /**
   * Sends {@code data}'s remaining bytes (heap or direct) as one binary message and moves its
   * position to its limit; results as {@link #sendText(CharSequence, long)}.
   */
  public int sendBinary(ByteBuffer data, long timeoutMillis) throws IOException {
    return connection.send(true, WebSocketProtocol.OPCODE_BINARY, data, timeoutMillis);
  }

  /** {@link #sendBinary(ByteBuffer, long)} with the config's send timeout. */
  public int sendBinary(ByteBuffer data) throws IOException {
    return sendBinary(data, config.sendTimeoutMillis());
  }

  /**
   * Sends one fragment of a message: the first ({@code first}, with opcode text or binary), a
   * continuation, or the last ({@code last}); {@code first && last} is a whole message. Control
   * frames (ping) may be sent between fragments. Text fragments are checked as UTF-8 across the
   * message (a character may span fragments). Results as {@link #sendText(CharSequence, long)}.
   *
   * @param type {@link WebSocketProtocol#OPCODE_TEXT} or {@link WebSocketProtocol#OPCODE_BINARY}
   * @throws IllegalStateException for a first fragment inside a message, a continuation outside
   *     one, or a type change inside one
   * @throws IllegalArgumentException for a bad type or invalid UTF-8
   */
  public int sendFragment(
      int type,
      byte[] data,
      int offset,
      int length,
      boolean first,
      boolean last,
      long timeoutMillis)
      throws IOException {
    if (type != WebSocketProtocol.OPCODE_TEXT && type != WebSocketProtocol.OPCODE_BINARY) {
      throw new IllegalArgumentException(
          "fragment type must be text (1) or binary (2), was " + type);
    }
    return connection.sendData(type, first, last, data, offset, length, timeoutMillis);
  }

  /** {@link #sendFragment(int, byte[], int, int, boolean, boolean, long)}, config's timeout. */
  public int sendFragment(
      int type, byte[] data, int offset, int length, boolean first, boolean last)
      throws IOException {
    return sendFragment(type, data, offset, length, first, last, config.sendTimeoutMillis());
  }

  /**
   * Sends a ping; the pong is reported by {@link #recv} (opcode 10) or {@link
   * WebSocketListener#onPong}. Results as {@link #sendText(CharSequence, long)}, and {@link
   * #TOO_BIG} when the payload is over 125 bytes (nothing sent; the server's {@code ping} answers
   * the same).
   */
  public int ping(byte[] payload, int offset, int length, long timeoutMillis) throws IOException {
    if (length > WebSocketProtocol.MAX_CONTROL_PAYLOAD) {
      return TOO_BIG;
    }
    return connection.send(
        true, WebSocketProtocol.OPCODE_PING, payload, offset, length, timeoutMillis);
  }

  /** {@link #ping(byte[], int, int, long)} with the config's send timeout. */
  public int ping(byte[] payload, int offset, int length) throws IOException {
    return ping(payload, offset, length, config.sendTimeoutMillis());
  }

  /**
   * Corks the client (a batch): messages sent from now on, by any thread, are appended to the send
   * buffer and written when it fills, at {@link #uncork}, or together with a pong or close the
   * client sends, so a burst of small messages costs one write syscall instead of one each. Order
   * is kept. While corked each send still honours its deadline for the lock and for any write a
   * full buffer forces; bytes not written yet are not lost by a timed-out send. Idempotent.
   *
   * @param timeoutMillis deadline for the send lock, as for sends
   * @return {@link #OK}, {@link #TIMEOUT} or {@link #CLOSED}
   */
  public int cork(long timeoutMillis) {
    return connection.cork(timeoutMillis);
  }

  /** {@link #cork(long)} with the config's send timeout. */
  public int cork() {
    return cork(config.sendTimeoutMillis());
  }

  /**
   * Ends corked mode and writes what collected (one write when it fits the send buffer); results as
   * a send: {@link #OK}, {@link #CLOSED}, or {@link #TIMEOUT} when the lock or the write missed the
   * deadline (a missed write fails the connection, as for a send).
   */
  public int uncork(long timeoutMillis) throws IOException {
    return connection.uncork(timeoutMillis);
  }

  /** {@link #uncork(long)} with the config's send timeout. */
  public int uncork() throws IOException {
    return uncork(config.sendTimeoutMillis());
  }

  /**
   * Receives the next payload bytes into {@code buffer[offset, offset + length)} (seed 004's {@code
   * websock_recv}). Pings are answered with pongs automatically and not reported. The header says
   * what was delivered: the frame's opcode, FIN, payload length, and how many of its bytes remain
   * to be delivered by later calls (a frame bigger than the buffer comes in parts). A pong is
   * reported with opcode 10 and its payload. A close is answered, recorded for {@link #status()}
   * and reported with opcode 8 and 0 bytes; later calls return {@link #CLOSED}.
   *
   * @param timeoutMillis how long to wait for data, in milliseconds; 0 polls, negative waits
   *     without limit
   * @return the number of bytes copied (0 for an empty frame or a close), {@link #TIMEOUT} (the
   *     header's opcode is then -1 unless a frame was part-delivered), or {@link #CLOSED}
   * @throws io.lightwire.websock.protocol.WebSocketProtocolException when the server broke RFC 6455
   *     (the connection was failed with its close code: 1002, 1003, 1007, 1009)
   * @throws java.io.EOFException when the connection ended without a close frame (status 1006)
   * @throws IOException on I/O errors
   */
  public int recv(MessageHeader header, byte[] buffer, int offset, int length, long timeoutMillis)
      throws IOException {
    return connection.recv(header, buffer, offset, length, timeoutMillis);
  }

  /**
   * Like {@link #recv(MessageHeader, byte[], int, int, long)} into {@code buffer}'s remaining
   * space; advances its position by the count returned.
   */
  public int recv(MessageHeader header, ByteBuffer buffer, long timeoutMillis) throws IOException {
    return connection.recv(header, buffer, timeoutMillis);
  }

  /**
   * Runs the closing handshake: sends a close with {@code code} and {@code reason} (unless one was
   * sent already), then waits up to {@code timeoutMillis} for the server's close, discarding data
   * that arrives meanwhile, and closes the socket (an attached socket stays open after a clean
   * close, for {@link #detachChannel}).
   *
   * @param code 1000-1003, 1007-1014, 3000-4999, or 1005 for an empty close frame
   * @param reason at most 123 UTF-8 bytes
   * @return true when both close frames were exchanged; false on timeout or failure. Never blocks
   *     past {@code timeoutMillis}: when a send still blocks the connection then, the connection is
   *     failed (status 1006), which also ends that send
   * @throws IllegalArgumentException for a code not allowed on the wire, a reason over 123 bytes or
   *     with an unpaired surrogate (never cut: the server's {@code close} refuses it the same)
   */
  public boolean close(int code, String reason, long timeoutMillis) throws IOException {
    if (code != CloseCodes.NO_STATUS && !CloseCodes.isValidOnWire(code)) {
      throw new IllegalArgumentException(
          "close code must be 1000-1003, 1007-1014 or 3000-4999, was " + code);
    }
    byte[] bytes = Utf8Encoding.closeReason(reason);
    if (code == CloseCodes.NO_STATUS && bytes.length > 0) {
      throw new IllegalArgumentException("an empty close (1005) cannot carry a reason");
    }
    return connection.close(code, bytes, timeoutMillis);
  }

  /** {@code close(1000, "", 5000)}, ignoring the result; for try-with-resources. */
  @Override
  public void close() throws IOException {
    close(CloseCodes.NORMAL, "", 5_000);
  }

  /**
   * The server's close status (libdill {@code ws_status}): its code and reason, 1005 when its close
   * had no code, 1006 when the connection ended without one.
   *
   * @return the status, or null while the connection is open
   */
  public CloseStatus status() {
    return connection.status();
  }

  /** The subprotocol the server selected, or null when none. */
  public String subprotocol() {
    return connection.subprotocol();
  }

  /** True until a close frame was sent or received or the connection failed. */
  public boolean isOpen() {
    return connection.isOpen();
  }

  /** The config this client was opened or attached with. */
  public ClientConfig config() {
    return config;
  }

  /**
   * Completes the closing handshake (close 1000, if none happened yet) and hands back the channel
   * given to {@link #attach(SocketChannel, ClientConfig, int)}, still open, for other protocols
   * (libdill {@code ws_detach}).
   *
   * @throws IOException when the close handshake was not clean (the channel is then closed)
   * @throws IllegalStateException when the client was opened, or attached to a {@link Socket}
   */
  public SocketChannel detachChannel(long timeoutMillis) throws IOException {
    if (!(connection.detachTarget() instanceof SocketChannel)) {
      throw new IllegalStateException("detachChannel needs a client attached to a SocketChannel");
    }
    return (SocketChannel) connection.detach(timeoutMillis);
  }

  /**
   * Like {@link #detachChannel} for a client attached to a {@link Socket}.
   *
   * @throws IllegalStateException when the client was opened, or attached to a channel
   */
  public Socket detachSocket(long timeoutMillis) throws IOException {
    if (!(connection.detachTarget() instanceof Socket)) {
      throw new IllegalStateException("detachSocket needs a client attached to a Socket");
    }
    return (Socket) connection.detach(timeoutMillis);
  }

  /**
   * Starts one thread that calls {@link #recv} and hands what arrives to {@code listener} (seed
   * 004's receive loop). The loop ends after a close or an error (reported to the listener) or when
   * stopped. Do not call {@code recv} yourself while it runs.
   *
   * @return the running loop; {@link ReceiveLoop#stop()} stops and joins it
   * @throws IllegalStateException when a loop is already running
   */
  public synchronized ReceiveLoop startReceiveLoop(WebSocketListener listener) {
    if (loop != null && loop.isRunning()) {
      throw new IllegalStateException("a receive loop is already running for this client");
    }
    loop = new ReceiveLoop(this, listener, config.receiveBufferBytes());
    loop.start();
    return loop;
  }
}

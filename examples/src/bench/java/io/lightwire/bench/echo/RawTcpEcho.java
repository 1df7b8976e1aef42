package io.lightwire.bench.echo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The ceiling of the echo benchmark: a byte echo over plain TCP with no WebSocket at all (no
 * handshake, no framing, no masking), on one NIO selector thread as our server has. Each connection
 * owns a 256 KiB direct buffer: what one read brings is written back in one write; while the peer
 * does not take it all, the connection stops reading (back-pressure) until the rest is written.
 * Nothing is allocated per read. Ends a connection on end of stream.
 */
final class RawTcpEcho implements PeerServers.Running {

  /** Buffer per connection, bytes. */
  static final int BUFFER = 256 * 1024;

  private final ServerSocketChannel listener;
  private final Selector selector;
  private final Thread thread;
  private volatile boolean running = true;

  private RawTcpEcho() throws IOException {
    selector = Selector.open();
    listener = ServerSocketChannel.open();
    listener.bind(new InetSocketAddress("127.0.0.1", 0), 1024);
    listener.configureBlocking(false);
    listener.register(selector, SelectionKey.OP_ACCEPT);
    thread = Thread.ofPlatform().name("raw-tcp-echo").start(this::loop);
  }

  /** Starts the echo on a free loopback port. */
  static RawTcpEcho start() throws IOException {
    return new RawTcpEcho();
  }

  @Override
  public int port() {
    return listener.socket().getLocalPort();
  }

  @Override
  public void stop() throws InterruptedException {
    running = false;
    selector.wakeup();
    thread.join(5_000);
  }

  private void loop() {
    try (selector;
        listener) {
      while (running) {
        selector.select(this::ready);
      }
      for (SelectionKey key : selector.keys()) {
        key.channel().close();
      }
    } catch (IOException e) {
      System.err.println("raw-tcp-echo: " + e);
    }
  }

  private void ready(SelectionKey key) {
    try {
      if (key.isAcceptable()) {
        SocketChannel c = listener.accept();
        if (c != null) {
          c.configureBlocking(false);
          c.setOption(StandardSocketOptions.TCP_NODELAY, true);
          c.register(selector, SelectionKey.OP_READ, ByteBuffer.allocateDirect(BUFFER));
        }
        return;
      }
      SocketChannel c = (SocketChannel) key.channel();
      ByteBuffer buffer = (ByteBuffer) key.attachment();
      if (key.isReadable() && c.read(buffer) < 0) {
        c.close();
        return;
      }
      buffer.flip();
      c.write(buffer);
      buffer.compact();
      // Bytes left over: wait until the peer takes them before reading more.
      key.interestOps(buffer.position() > 0 ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    } catch (IOException e) {
      try {
        key.channel().close();
      } catch (IOException ignored) {
        // already gone
      }
    }
  }
}

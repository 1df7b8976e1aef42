package io.lightwire.bench.echo;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * The peers' echo servers, each written the way its library's own examples write one, with default
 * threading, on loopback, with the same 64 KiB message limit as ours and no extensions (no
 * permessage-deflate: ours has none). Each echoes text as text and binary as binary.
 */
final class PeerServers {

  /** The largest message every server takes: ours is limited to 0xFFFF bytes. */
  static final int MAX_MESSAGE = 65_536;

  private PeerServers() {}

  /** A started server: where it listens, and how to stop it. */
  interface Running {
    /** The loopback port. */
    int port();

    /** Stops the server and waits for it. */
    void stop() throws Exception;

    /** A running server listening on {@code port} that {@code stopper} stops. */
    static Running of(int port, Stopper stopper) {
      return new Listening(port, stopper);
    }
  }

  /** How a peer server is stopped. */
  @FunctionalInterface
  interface Stopper {
    void stop() throws Exception;
  }

  private record Listening(int port, Stopper stopper) implements Running {
    @Override
    public void stop() throws Exception {
      stopper.stop();
    }
  }

  /**
   * Netty 4.2 on NIO (as ours: no native transport), one acceptor thread and the default worker
   * group (two threads per core), with Netty's own handshake, frame aggregator and codec.
   */
  static Running netty() throws InterruptedException {
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    EventLoopGroup workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
    WebSocketServerProtocolConfig ws =
        WebSocketServerProtocolConfig.newBuilder()
            .websocketPath("/")
            .checkStartsWith(true)
            .maxFramePayloadLength(MAX_MESSAGE)
            .build();
    Channel channel =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(new HttpObjectAggregator(8192))
                        .addLast(new WebSocketServerProtocolHandler(ws))
                        .addLast(new WebSocketFrameAggregator(MAX_MESSAGE))
                        .addLast(new NettyEcho());
                  }
                })
            .bind("127.0.0.1", 0)
            .sync()
            .channel();
    return Running.of(
        ((InetSocketAddress) channel.localAddress()).getPort(),
        () -> {
          channel.close().sync();
          boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
          workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        });
  }

  /**
   * Netty's own echo idiom (its example EchoServerHandler): each whole text or binary frame is
   * written back with its buffer (no copy) and the channel is flushed once per read batch, in
   * {@code channelReadComplete}. Reading pauses while the outbound buffer is over its high-water
   * mark, so a pipelining client cannot make it queue without bound (without that, 128 pipelined
   * connections of 60 KiB messages exhaust its direct memory under {@code -Xmx64m}).
   */
  private static final class NettyEcho extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame) {
        ctx.write(msg);
      } else {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      ctx.channel().config().setAutoRead(ctx.channel().isWritable());
      ctx.fireChannelWritabilityChanged();
    }
  }

  /** Jetty 12 (jetty-websocket-jetty-server) with its default thread pool. */
  static Running jetty() throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(
        WebSocketUpgradeHandler.from(
            server,
            container -> {
              container.setMaxBinaryMessageSize(MAX_MESSAGE);
              container.setMaxTextMessageSize(MAX_MESSAGE);
              container.addMapping("/*", (request, response, callback) -> new JettyEcho());
            }));
    server.start();
    return Running.of(connector.getLocalPort(), server::stop);
  }

  /**
   * Jetty's endpoint: sends the received buffer back and completes the read callback (which lets
   * Jetty demand the next frame) once the write is done. Public: Jetty finds its methods
   * reflectively.
   */
  public static final class JettyEcho implements Session.Listener.AutoDemanding {
    private Session session;

    /** Made by the upgrade mapping. */
    public JettyEcho() {}

    @Override
    public void onWebSocketOpen(Session opened) {
      this.session = opened;
    }

    @Override
    public void onWebSocketText(String message) {
      session.sendText(message, Callback.NOOP);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
      session.sendBinary(payload, Callback.from(callback::succeed, callback::fail));
    }
  }

  /**
   * Java-WebSocket 1.6 with its defaults (one decoder thread per core), but for its keep-alive
   * pings, which are off.
   */
  static Running javaWebSocket() throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    WebSocketServer server =
        new WebSocketServer(new InetSocketAddress("127.0.0.1", 0)) {
          @Override
          public void onOpen(WebSocket conn, ClientHandshake handshake) {}

          @Override
          public void onClose(WebSocket conn, int code, String reason, boolean remote) {}

          @Override
          public void onMessage(WebSocket conn, String message) {
            conn.send(message);
          }

          @Override
          public void onMessage(WebSocket conn, ByteBuffer message) {
            conn.send(message);
          }

          @Override
          public void onError(WebSocket conn, Exception ex) {
            if (conn == null) {
              started.countDown(); // failed to start: the port check below reports it
            }
          }

          @Override
          public void onStart() {
            started.countDown();
          }
        };
    server.setTcpNoDelay(true);
    server.setReuseAddr(true);
    // Its connection-lost timer pings every connection each 60 s; a ping in the middle of the
    // echoes would read as a wrong echo to the load generator, which expects only echo frames.
    server.setConnectionLostTimeout(0);
    server.start();
    if (!started.await(30, TimeUnit.SECONDS) || server.getPort() <= 0) {
      throw new IllegalStateException("Java-WebSocket did not start");
    }
    return Running.of(server.getPort(), () -> server.stop(1000));
  }
}

package io.lightwire.examples.chat;

import io.lightwire.examples.support.PageServer;
import io.lightwire.websock.server.Protocol;
import io.lightwire.websock.server.QueuePolicy;
import io.lightwire.websock.server.Server;
import io.lightwire.websock.server.ServerConfig;
import io.lightwire.websock.server.ServerTls;
import java.io.IOException;

/**
 * The chat server: the page from the jar ({@code chat-web/}) and the {@value #PROTOCOL} protocol
 * (also reached at {@value #PATH} without a subprotocol), on a server whose service loop runs on a
 * thread of its own. Upgrades from pages of other origins are refused with 403.
 */
public final class ChatServer implements AutoCloseable {

  /** The subprotocol name the page asks for. */
  public static final String PROTOCOL = "lightwire-chat";

  /** The WebSocket path. */
  public static final String PATH = "/chat";

  /** People in the room at once: one connection slot each (the page needs none while loaded). */
  public static final int MAX_CONNECTIONS = 32;

  /** Messages waiting per connection before broadcasts to it are refused (and counted). */
  static final int QUEUE_DEPTH = 32;

  /** The largest message a page may send: past it, close 1009. Lines are refused past 1 KiB. */
  private static final int MAX_MESSAGE_BYTES = 4_096;

  /** Broadcasts in flight at once. */
  private static final int BROADCAST_BUFFERS = 16;

  private final Server server;
  private final ChatRoom room;

  private ChatServer(Server server, ChatRoom room) {
    this.server = server;
    this.room = room;
  }

  /**
   * The server's limits, listening on {@code bind}:{@code port}: {@value #MAX_CONNECTIONS} slots,
   * messages of at most 4 KiB, broadcast buffers that hold the largest JSON object the room sends.
   */
  public static ServerConfig config(String bind, int port) {
    return PageServer.config(
        bind,
        port,
        MAX_CONNECTIONS,
        MAX_MESSAGE_BYTES,
        BROADCAST_BUFFERS,
        ChatRoom.maxObjectBytes(MAX_CONNECTIONS) + ServerConfig.MAX_FRAME_HEADER);
  }

  /**
   * Binds and starts serving.
   *
   * @param tls the TLS setup for {@code https://} and {@code wss://}, or null for plain HTTP
   * @throws IOException when the address cannot be bound
   */
  public static ChatServer start(ServerConfig config, ServerTls tls) throws IOException {
    ChatRoom room = new ChatRoom(config.maxConnections());
    Server.Builder builder =
        PageServer.builder(config, ChatServer.class, "chat-web", tls)
            .protocol(
                new Protocol(
                    PROTOCOL, PATH, room, QueuePolicy.REFUSE, QUEUE_DEPTH, room::newMember));
    Server server = builder.open();
    room.attach(server);
    server.start();
    return new ChatServer(server, room);
  }

  /** The server underneath (its port, its pools). */
  public Server server() {
    return server;
  }

  /** Lines refused because every broadcast buffer was in flight. */
  public long linesRefusedBusy() {
    return room.linesRefusedBusy();
  }

  /** Stops serving: pages get close 1001; every slot and buffer is freed. Idempotent. */
  @Override
  public void close() {
    server.stop();
  }
}

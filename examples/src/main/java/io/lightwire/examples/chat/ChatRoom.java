package io.lightwire.examples.chat;

import io.lightwire.websock.protocol.CloseCodes;
import io.lightwire.websock.server.Server;
import io.lightwire.websock.server.WebSocketConnection;
import io.lightwire.websock.server.WebSocketHandler;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The chat room (Barracuda's WebSocket chat): the first text message a connection sends is its
 * nickname; once accepted, every later text message is a line said to the room. The server answers
 * with JSON objects:
 *
 * <ul>
 *   <li>{@code {"type":"welcome","nick":N,"members":[N...]}} to the one who joined;
 *   <li>{@code {"type":"join","nick":N,"count":C}} and {@code {"type":"leave","nick":N,"count":C}}
 *       to everyone;
 *   <li>{@code {"type":"message","nick":N,"text":T}} to everyone, the sender included;
 *   <li>{@code {"type":"error","text":T}} to the one whose nickname or line was refused; the
 *       connection stays open.
 * </ul>
 *
 * <p>Notices and lines go out with {@link Server#broadcast}: encoded once, written to every
 * connection of the protocol. That includes a connection whose nickname was refused and which has
 * not joined yet: the room is public, and the page connects only once a nickname was typed. All
 * callbacks run on the service thread, so the room needs no lock. Receiving allocates nothing:
 * lines are escaped from the received bytes into a reused buffer.
 */
final class ChatRoom implements WebSocketHandler {

  /** The longest nickname, in bytes (nicknames are ASCII). */
  static final int MAX_NICK_BYTES = 20;

  /** The longest line, in UTF-8 bytes; longer ones are refused with an error notice. */
  static final int MAX_LINE_BYTES = 1024;

  private static final String NICK_RULE =
      "a nickname is 1 to " + MAX_NICK_BYTES + " letters, digits, '_', '-' or '.'";

  private final List<Member> slots = new ArrayList<>();
  private final JsonOut out;
  private Server server;
  private int members;
  private long linesRefusedBusy;

  /** A room for up to {@code maxConnections} connections. */
  ChatRoom(int maxConnections) {
    out = new JsonOut(maxObjectBytes(maxConnections));
  }

  /**
   * The largest JSON object the room sends, in bytes: a welcome listing everybody, or a line with
   * every byte escaped.
   */
  static int maxObjectBytes(int maxConnections) {
    return Math.max(
        64 + maxConnections * (MAX_NICK_BYTES + 3),
        64 + MAX_NICK_BYTES + MAX_LINE_BYTES * JsonOut.MAX_ESCAPE_GROWTH);
  }

  /** The per-slot state factory for the protocol: it also remembers every slot for the room. */
  Member newMember() {
    Member member = new Member();
    slots.add(member);
    return member;
  }

  /** The server to broadcast through; set once, before it serves. */
  void attach(Server chatServer) {
    this.server = chatServer;
  }

  /** Members who chose a nickname. Service thread. */
  int members() {
    return members;
  }

  /** Lines refused because every broadcast buffer was in flight. */
  long linesRefusedBusy() {
    return linesRefusedBusy;
  }

  @Override
  public void onOpen(WebSocketConnection connection) {
    Member member = connection.state();
    member.reset(connection);
  }

  @Override
  public void onMessage(WebSocketConnection connection, boolean text, ByteBuffer payload) {
    if (!text) {
      connection.close(CloseCodes.UNSUPPORTED_DATA, "the chat takes text messages only");
      return;
    }
    Member member = connection.state();
    if (member.joined) {
      say(member, payload);
    } else {
      join(member, payload);
    }
  }

  @Override
  public void onClose(WebSocketConnection connection, int code, String reason) {
    Member member = connection.state();
    if (member.joined) {
      member.joined = false;
      members--;
      broadcast(notice("leave", member));
    }
    member.reset(null);
  }

  private void join(Member member, ByteBuffer payload) {
    int from = payload.position();
    int length = payload.remaining();
    if (!validNick(payload, from, length)) {
      sendError(member.connection, NICK_RULE);
      return;
    }
    for (Member other : slots) {
      if (other.joined && sameNick(other, payload, from, length)) {
        sendError(member.connection, "nickname '", payload, from, length, "' is taken");
        return;
      }
    }
    payload.get(from, member.nick, 0, length);
    member.nickLength = length;
    member.joined = true;
    members++;
    JsonOut welcome = out.begin().raw("{\"type\":\"welcome\",\"nick\":");
    welcome.string(member.nick, 0, member.nickLength).raw(",\"members\":[");
    boolean first = true;
    for (Member other : slots) {
      if (other.joined) {
        welcome.raw(first ? "" : ",").string(other.nick, 0, other.nickLength);
        first = false;
      }
    }
    member.connection.sendWithHeadroom(true, welcome.raw("]}").finish());
    broadcast(notice("join", member));
  }

  private void say(Member member, ByteBuffer payload) {
    int length = payload.remaining();
    if (length == 0) {
      return; // an empty line says nothing
    }
    if (length > MAX_LINE_BYTES) {
      out.begin().raw("{\"type\":\"error\",\"text\":\"a line is at most ");
      out.number(MAX_LINE_BYTES).raw(" bytes; this one was ").number(length).raw("\"}");
      member.connection.sendWithHeadroom(true, out.finish());
      return;
    }
    out.begin().raw("{\"type\":\"message\",\"nick\":").string(member.nick, 0, member.nickLength);
    out.raw(",\"text\":").string(payload, payload.position(), payload.limit()).raw("}");
    if (!broadcast(out.finish())) {
      linesRefusedBusy++;
      sendError(member.connection, "the room is busy; your line was not sent, try again");
    }
  }

  private ByteBuffer notice(String type, Member member) {
    out.begin().raw("{\"type\":\"").raw(type).raw("\",\"nick\":");
    out.string(member.nick, 0, member.nickLength).raw(",\"count\":").number(members).raw("}");
    return out.finish();
  }

  /** Sends to every connection of the room's protocol; false when nothing could be queued. */
  private boolean broadcast(ByteBuffer json) {
    return server.broadcast(ChatServer.PROTOCOL, true, json) >= 0;
  }

  private void sendError(WebSocketConnection connection, String text) {
    out.begin().raw("{\"type\":\"error\",\"text\":\"").raw(text).raw("\"}");
    connection.sendWithHeadroom(true, out.finish());
  }

  private void sendError(
      WebSocketConnection connection,
      String before,
      ByteBuffer nick,
      int from,
      int length,
      String after) {
    out.begin().raw("{\"type\":\"error\",\"text\":\"").raw(before);
    out.raw(nick, from, from + length).raw(after).raw("\"}");
    connection.sendWithHeadroom(true, out.finish());
  }

  private static boolean validNick(ByteBuffer payload, int from, int length) {
    if (length < 1 || length > MAX_NICK_BYTES) {
      return false;
    }
    for (int i = from; i < from + length; i++) {
      byte b = payload.get(i);
      boolean ok =
          (b >= 'a' && b <= 'z')
              || (b >= 'A' && b <= 'Z')
              || (b >= '0' && b <= '9')
              || b == '_'
              || b == '-'
              || b == '.';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Nicknames are unique regardless of case: "Alice" and "alice" would confuse the room. */
  private static boolean sameNick(Member member, ByteBuffer payload, int from, int length) {
    if (member.nickLength != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (lower(member.nick[i]) != lower(payload.get(from + i))) {
        return false;
      }
    }
    return true;
  }

  private static int lower(byte b) {
    return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
  }
}

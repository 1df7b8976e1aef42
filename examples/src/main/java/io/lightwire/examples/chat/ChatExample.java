package io.lightwire.examples.chat;

import io.lightwire.examples.support.ExampleArgs;
import io.lightwire.examples.support.ExampleUsage;
import io.lightwire.examples.support.Lifetime;
import io.lightwire.examples.support.ServerExample;
import io.lightwire.examples.support.ServerOptions;
import io.lightwire.firmware.Signals;
import java.io.IOException;
import java.io.PrintStream;
import java.util.function.Predicate;

/**
 * {@code lightwire example chat [--port PORT] [--bind ADDRESS] [--tls-cert PEM --tls-key PEM]}:
 * Barracuda's WebSocket chat. Serves a chat page; everyone who opens it picks a nickname, sees who
 * joins and leaves, and talks to the room. Runs until Ctrl-C or SIGTERM (pages then get close
 * 1001). Exit status 0 after a clean stop, 1 when the server cannot start, 2 for bad arguments.
 */
public final class ChatExample extends ServerExample<ServerOptions> {

  /** The port when none is given. */
  public static final int DEFAULT_PORT = 7682;

  /** One line for the example list. */
  static final String SUMMARY =
      "browser chat room: nicknames, join/leave notices, broadcast (Barracuda's chat)";

  static final ExampleUsage USAGE =
      new ExampleUsage(
          "chat",
          "usage: chat " + ServerOptions.SYNOPSIS,
          "A browser chat room: open the page in two or more browsers, pick nicknames and talk; every line is broadcast once to the room. Runs until Ctrl-C or SIGTERM.",
          ServerOptions.options(DEFAULT_PORT));

  /** Creates the example (found through {@link java.util.ServiceLoader}). */
  public ChatExample() {
    this(Signals::onTermination);
  }

  /**
   * For tests: {@code onTermination} receives the stop action instead of the signal handlers (see
   * {@link Lifetime#Lifetime(Predicate)}).
   */
  ChatExample(Predicate<Runnable> onTermination) {
    super(USAGE, SUMMARY, null, onTermination);
  }

  @Override
  protected ServerOptions options(ExampleArgs args) {
    return ServerOptions.from(args, DEFAULT_PORT);
  }

  @Override
  protected int serve(ServerOptions options, PrintStream out) {
    try (Lifetime lifetime = lifetime();
        ChatServer chat =
            ChatServer.start(ChatServer.config(options.bind(), options.port()), options.tls())) {
      out.println(
          "chat: open "
              + options.pageUrl(chat.server())
              + " in two or more browsers ("
              + options.listening(chat.server())
              + "; Ctrl-C stops)");
      lifetime.awaitStopRequest(Long.MAX_VALUE);
      out.println("chat: stopping");
      return 0;
    } catch (IOException e) {
      out.println("chat: " + e.getMessage());
      return 1;
    }
  }
}

package io.lightwire.examples.testserver;

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
 * {@code lightwire example test-server [--port PORT] [--bind ADDRESS] [--tls-cert PEM --tls-key
 * PEM]}: libwebsockets' test server. Its page shows a counter the server pushes (dumb-increment)
 * and a canvas whose drawing every open page mirrors (lws-mirror-protocol). Runs until Ctrl-C. Exit
 * status 0 after a clean stop, 1 when the server cannot start, 2 for bad arguments.
 */
public final class TestServerExample extends ServerExample<ServerOptions> {

  /** The port when none is given: libwebsockets' test server's. */
  public static final int DEFAULT_PORT = 7681;

  /** One line for the example list. */
  static final String SUMMARY =
      "libwebsockets' test server: dumb-increment counter and lws-mirror-protocol drawing";

  static final ExampleUsage USAGE =
      new ExampleUsage(
          "test-server",
          "usage: test-server " + ServerOptions.SYNOPSIS,
          "libwebsockets' test server: the dumb-increment counter and the lws-mirror-protocol drawing board, on one page. Runs until Ctrl-C or SIGTERM.",
          ServerOptions.options(DEFAULT_PORT));

  /** Creates the example (found through {@link java.util.ServiceLoader}). */
  public TestServerExample() {
    this(Signals::onTermination);
  }

  /**
   * For tests: {@code onTermination} receives the stop action instead of the signal handlers (see
   * {@link Lifetime#Lifetime(Predicate)}).
   */
  TestServerExample(Predicate<Runnable> onTermination) {
    super(USAGE, SUMMARY, null, onTermination);
  }

  @Override
  protected ServerOptions options(ExampleArgs args) {
    return ServerOptions.from(args, DEFAULT_PORT);
  }

  @Override
  protected int serve(ServerOptions options, PrintStream out) {
    try (Lifetime lifetime = lifetime()) {
      TestServer server =
          TestServer.open(TestServer.config(options.bind(), options.port()), options.tls());
      out.println(
          "test-server: open "
              + options.pageUrl(server.server())
              + " ("
              + options.listening(server.server())
              + "; Ctrl-C stops)");
      server.serve(lifetime);
      out.println("test-server: stopped");
      return 0;
    } catch (IOException e) {
      out.println("test-server: " + e.getMessage());
      return 1;
    }
  }
}

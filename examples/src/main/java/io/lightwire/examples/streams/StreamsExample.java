package io.lightwire.examples.streams;

import io.lightwire.examples.support.ExampleArgs;
import io.lightwire.examples.support.ExampleUsage;
import io.lightwire.examples.support.ServerOptions;
import io.lightwire.firmware.BootException;
import io.lightwire.firmware.Example;
import io.lightwire.firmware.Firmware;
import io.lightwire.firmware.config.ConfigException;
import io.lightwire.firmware.config.ConfigKey;
import io.lightwire.firmware.config.FirmwareConfig;
import io.lightwire.firmware.streams.Permission;
import io.lightwire.firmware.streams.StreamClient;
import io.lightwire.firmware.streams.StreamContext;
import io.lightwire.firmware.streams.StreamResult;
import io.lightwire.firmware.streams.Streams;
import io.lightwire.websock.pool.Pool;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code lightwire example streams}: seed 000's {@code network/http_server_stream} demo. The page
 * {@code /examples/streams.html} registers a stream {@code page-clock}; the device lists a page's
 * streams when it connects, reads {@code page-clock} of every page periodically, and writes a
 * {@code counter} stream to all pages at once. The device's own streams, {@code uptime} (read) and
 * {@code message} (read and write), can be used from the page or with REST: {@code curl
 * localhost:8080/streams/uptime}.
 *
 * <p>Options: {@code --port PORT} (8080), {@code --bind ADDRESS} (127.0.0.1, like every example),
 * {@code --period-ms MS} (1000, how often the device reads and writes), {@code --seconds N} (stop
 * after N seconds; default: run until Ctrl-C, or until the thread running it is interrupted).
 */
public final class StreamsExample implements Example {

  private static final long PAGE_TIMEOUT_MS = 1_000;

  private static final ExampleUsage USAGE =
      new ExampleUsage(
          "streams",
          "usage: streams [--port PORT] [--bind ADDRESS] [--period-ms MS] [--seconds N]",
          "Seed 000's data streams demo: boots the firmware; the page /examples/streams.html"
              + " registers page-clock, the device reads it from every page and writes counter to"
              + " all of them; uptime and message are the device's own streams (also over REST).",
          List.of(
              ExampleUsage.Option.value("--port", "PORT", "TCP port (default: 8080)."),
              ServerOptions.BIND_OPTION,
              ExampleUsage.Option.value(
                  "--period-ms", "MS", "How often the device reads and writes (default: 1000)."),
              ExampleUsage.Option.value(
                  "--seconds", "N", "Stop after N seconds (default: run until Ctrl-C).")));

  /** Creates the example (found through {@link java.util.ServiceLoader}). */
  public StreamsExample() {}

  @Override
  public String name() {
    return "streams";
  }

  @Override
  public String summary() {
    return "named msgpack data streams between the device and a web page (seed 000)";
  }

  @Override
  public int run(String[] args, PrintStream out) throws Exception {
    Map<String, String> overrides = new LinkedHashMap<>();
    long periodMillis;
    long seconds;
    try {
      ExampleArgs options = ExampleArgs.parse(args, USAGE);
      if (options.helpRequested()) {
        out.print(USAGE.help());
        return 0;
      }
      overrides.put(
          ConfigKey.SERVER_BIND.key(), options.value("--bind", ServerOptions.DEFAULT_BIND));
      if (options.has("--port")) {
        overrides.put(ConfigKey.SERVER_PORT.key(), options.value("--port", null));
      }
      periodMillis = positive("--period-ms", options.value("--period-ms", "1000"));
      seconds =
          options.has("--seconds") ? positive("--seconds", options.value("--seconds", null)) : -1;
    } catch (IllegalArgumentException e) {
      out.println("streams: " + e.getMessage());
      out.println(USAGE.synopsis());
      return 2;
    }
    FirmwareConfig config;
    try {
      config = FirmwareConfig.defaults().with(overrides, "on the command line");
    } catch (ConfigException e) {
      out.println("streams: " + e.getMessage());
      return 2;
    }
    Firmware firmware;
    try {
      firmware = Firmware.boot(config, out, Path.of("/"));
    } catch (BootException e) {
      out.println("streams: " + e.getMessage());
      return 1;
    }
    Thread stopper = new Thread(firmware::close, "streams-example-stop");
    Runtime.getRuntime().addShutdownHook(stopper);
    try {
      serve(firmware, periodMillis, seconds, out);
    } finally {
      firmware.close();
      try {
        Runtime.getRuntime().removeShutdownHook(stopper);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down: the hook has run
      }
      for (Pool pool : firmware.pools()) {
        if (pool.inUse() != 0) {
          out.println("streams: pool '" + pool.name() + "' still has " + pool.inUse() + " in use");
        }
      }
      out.println("streams: stopped");
    }
    return 0;
  }

  private static void serve(Firmware firmware, long periodMillis, long seconds, PrintStream out)
      throws InterruptedException {
    Streams streams = firmware.streams();
    long boot = System.nanoTime();
    String[] message = {"hello from the device"};
    streams.register(
        "uptime",
        Permission.READ,
        (request, reply) ->
            reply.packer().packLong(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - boot)));
    streams.register(
        "message",
        Permission.ALL,
        (request, reply) -> {
          if (request.write()) {
            message[0] =
                request.value().isStringValue()
                    ? request.value().asStringValue().toString()
                    : request.value().toJson();
            Object who = request.client() == null ? "a REST client" : request.client();
            out.println("streams: " + who + " wrote message: " + message[0]);
          }
          reply.packer().packString(message[0]);
        });
    streams.setHandlers(
        client -> {
          // Runs on the application thread: the seed's connect handler lists the page's streams.
          StreamResult names = streams.list(client, PAGE_TIMEOUT_MS);
          out.println("streams: " + client + " connected; its streams: " + describe(names));
        },
        client -> out.println("streams: " + client + " disconnected"));
    out.printf(
        "streams: open http://localhost:%d/examples/streams.html (REST: /streams/uptime)%n",
        firmware.port());

    long deadline = seconds < 0 ? Long.MAX_VALUE : System.nanoTime() + seconds * 1_000_000_000L;
    long counter = 0;
    while (System.nanoTime() < deadline) {
      Thread.sleep(periodMillis);
      for (StreamClient client : streams.clients()) {
        StreamResult clock = streams.read(client, "page-clock", PAGE_TIMEOUT_MS);
        out.println("streams: " + client + " page-clock = " + describe(clock));
      }
      writeCounter(streams, ++counter, out);
    }
  }

  /** Writes {@code counter} to every page at once: one message, encoded once. */
  private static void writeCounter(Streams streams, long counter, PrintStream out) {
    StreamContext c = streams.write(Streams.ALL, "counter");
    if (c == null) {
      out.println("streams: every stream message is in use; counter " + counter + " skipped");
      return;
    }
    try {
      c.packer().packLong(counter);
    } catch (IOException e) {
      streams.abortWrite(c); // never leak a context: abort what cannot be sent
      return;
    }
    int result = streams.flush(c, PAGE_TIMEOUT_MS);
    if (result < 0) {
      out.println("streams: counter " + counter + " not sent (" + result + ")");
    }
  }

  private static String describe(StreamResult result) {
    return switch (result.status()) {
      case OK -> result.value().toJson();
      case ERROR -> result.error() + ": " + result.message();
      default -> result.status().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static long positive(String option, String value) {
    try {
      long n = Long.parseLong(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through to the message
    }
    throw new IllegalArgumentException(option + " must be a positive number, was '" + value + "'");
  }
}

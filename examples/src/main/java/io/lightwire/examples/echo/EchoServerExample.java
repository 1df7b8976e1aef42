package io.lightwire.examples.echo;

import io.lightwire.examples.support.ExampleArgs;
import io.lightwire.examples.support.ExampleUsage;
import io.lightwire.examples.support.Lifetime;
import io.lightwire.examples.support.OptionNumbers;
import io.lightwire.examples.support.PrintableHost;
import io.lightwire.examples.support.ServerOptions;
import io.lightwire.examples.support.SignalledExample;
import io.lightwire.firmware.Signals;
import io.lightwire.websock.client.ClientConfig;
import io.lightwire.websock.server.SelfSignedCertificate;
import io.lightwire.websock.server.Server;
import io.lightwire.websock.server.ServerConfig;
import io.lightwire.websock.server.ServerTls;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * {@code lightwire example echo-server [--port P] [--max-frame N] [--tls]}: a WebSocket server that
 * echoes every message back with the same type and bytes (fragmented messages are joined first),
 * built on the public server API only ({@code io.lightwire.websock.server}). It prints exactly one
 * line on standard output, {@code listening on ws://127.0.0.1:P/} (or {@code wss://}), once it
 * accepts connections, and exits 0 on SIGTERM or Ctrl-C after closing every client with 1001. It is
 * how conformance and speed are checked from outside (an Autobahn-style client, {@code bench}).
 *
 * <p>Options: {@code --port P} (default 0: a free port, printed), {@code --bind ADDRESS} (default
 * {@code 127.0.0.1}), {@code --max-frame N} (largest frame and message, 125 to 65535, default
 * 65535; larger ones are closed with 1009), {@code --max-connections N} (default 64; one more gets
 * 503), {@code --busy-poll-us N} (the server's busy-poll window after a pass that did work, 0 to
 * 1000 microseconds, default 0: off; see {@code ServerConfig.busyPollMicros}), {@code --loops N}
 * (service loops, 1 to 64, default 1: N servers on one port through {@code SO_REUSEPORT}, each with
 * its own thread and {@link EchoLoops#slotsPerLoop} slots), {@code --tls} with {@code --cert FILE
 * --key FILE} (PEM chain and PKCS #8 key) or, without them, a fresh self-signed certificate whose
 * SHA-256 fingerprint goes to standard error. Exit status: 0 after a stop by signal, 1 when the
 * port cannot be bound or TLS cannot be set up, 2 for bad arguments.
 */
public final class EchoServerExample extends SignalledExample {

  /** The protocol name; clients may offer it in {@code Sec-WebSocket-Protocol} or offer nothing. */
  static final String PROTOCOL = "echo";

  private static final int DEFAULT_MAX_CONNECTIONS = 64;

  /** The smallest receive buffer: room for a request head (the server's default). */
  private static final int MIN_RX_BUFFER_BYTES = 16 * 1024;

  /**
   * Maximal frames the receive and the transmit buffer each hold: a read then brings whole large
   * messages, handed to the handler without a copy, and the replies to a full read leave in one
   * write (docs/decisions.md, "Large frames (issue 15)").
   */
  private static final int FRAMES_PER_BUFFER = 2;

  private static final long HANDSHAKE_TIMEOUT_MILLIS = 5_000;
  private static final long IDLE_TIMEOUT_MILLIS = 60_000;
  private static final ExampleUsage USAGE =
      new ExampleUsage(
          "echo-server",
          "usage: echo-server [--port P] [--bind ADDRESS] [--max-frame N] [--max-connections N]"
              + " [--busy-poll-us N] [--loops N] [--tls [--cert FILE --key FILE]]",
          "A WebSocket server that echoes every message back with the same type and bytes. Prints"
              + " one line, 'listening on ws://ADDRESS:PORT/', and runs until Ctrl-C or SIGTERM"
              + " (exit 0); exit 1 when it cannot listen or set up TLS, 2 for a bad command line.",
          List.of(
              ExampleUsage.Option.value("--port", "P", "TCP port (default: 0, a free one)."),
              ServerOptions.BIND_OPTION,
              ExampleUsage.Option.value(
                  "--max-frame",
                  "N",
                  "Largest frame and message, 125 to 65535 (default: 65535); larger close with"
                      + " 1009."),
              ExampleUsage.Option.value(
                  "--max-connections",
                  "N",
                  "Connection slots (default: 64); one more gets 503. With --loops, shared out as"
                      + " it says."),
              ExampleUsage.Option.value(
                  "--busy-poll-us",
                  "N",
                  "After a pass that did work, poll for more this long before sleeping, 0 to 1000"
                      + " microseconds (default: 0, off): lower latency for CPU."),
              ExampleUsage.Option.value(
                  "--loops",
                  "N",
                  "Service loops, 1 to 64 (default: 1): N servers, each with its own thread, on"
                      + " one port (SO_REUSEPORT). The kernel spreads connections by a hash, not"
                      + " evenly, so each loop gets S + 3*sqrt(S) + 3 slots for its share S ="
                      + " max-connections / N (at most max-connections): 91 each for 128 on 2."),
              ExampleUsage.Option.flag(
                  "--tls", "Serve wss:// (a fresh self-signed certificate unless --cert/--key)."),
              ExampleUsage.Option.value("--cert", "FILE", "Certificate chain (PEM), with --tls."),
              ExampleUsage.Option.value("--key", "FILE", "Its private key (PEM, PKCS #8).")));

  private final PrintStream err;
  private final Consumer<Server> started;

  /** Creates the example (found through {@link java.util.ServiceLoader}). */
  public EchoServerExample() {
    this(System.err, Signals::onTermination, server -> {});
  }

  /**
   * For tests: {@code onTermination} receives the stop action instead of the signal handlers and
   * returns true when it will call it; {@code started} sees each server (one per loop) once it
   * serves, so a test can check its pools.
   */
  EchoServerExample(PrintStream err, Predicate<Runnable> onTermination, Consumer<Server> started) {
    super(onTermination);
    this.err = err;
    this.started = started;
  }

  @Override
  public String name() {
    return "echo-server";
  }

  @Override
  public String summary() {
    return "serve ws://127.0.0.1:PORT/ (or wss://) and echo every message back until SIGTERM";
  }

  @Override
  public int run(String[] args, PrintStream out) throws InterruptedException {
    Options options;
    try {
      ExampleArgs parsed = ExampleArgs.parse(args, USAGE);
      if (parsed.helpRequested()) {
        out.print(USAGE.help());
        out.flush();
        return 0;
      }
      options = Options.from(parsed);
    } catch (IllegalArgumentException e) {
      return badArguments(err, e, USAGE.synopsis());
    }
    ServerTls tls = null;
    if (options.tls) {
      try {
        tls = tls(options);
      } catch (IOException | GeneralSecurityException e) {
        err.println("echo-server: " + e.getMessage());
        return 1;
      }
    }
    int slots = EchoLoops.slotsPerLoop(options.maxConnections, options.loops);
    EchoLoops loops;
    try {
      loops = EchoLoops.open(options.loops, options.port, port -> options.config(port, slots), tls);
    } catch (IOException e) {
      err.println("echo-server: " + e.getMessage());
      return 1;
    }
    if (options.loops > 1) {
      err.println(
          "echo-server: "
              + options.loops
              + " service loops on one port (SO_REUSEPORT), "
              + slots
              + " connection slots each");
    }
    try (Lifetime lifetime = lifetime()) {
      try {
        loops.start(started);
        out.println(
            "listening on "
                + (options.tls ? "wss" : "ws")
                + "://"
                + PrintableHost.of(options.bind)
                + ":"
                + loops.port()
                + "/");
        out.flush();
        lifetime.awaitStopRequest(Long.MAX_VALUE);
      } finally {
        loops.stop();
      }
    }
    err.println(
        "echo-server: stopped after echoing "
            + loops.messagesEchoed()
            + " messages ("
            + loops.backPressured()
            + " waited for a full transmit queue); connection slots in use: "
            + loops.slotsInUse());
    return 0;
  }

  private ServerTls tls(Options options) throws IOException, GeneralSecurityException {
    if (options.cert != null) {
      ServerTls tls = ServerTls.fromPem(options.cert, options.key);
      X509Certificate leaf;
      try (InputStream in = Files.newInputStream(options.cert)) {
        leaf = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      }
      err.println("echo-server: certificate " + options.cert + ", SHA-256 " + fingerprint(leaf));
      return tls;
    }
    SelfSignedCertificate self =
        SelfSignedCertificate.generate(
            "lightwire echo-server",
            List.of("localhost"),
            List.of("127.0.0.1"),
            Duration.ofDays(7));
    err.println(
        "echo-server: self-signed certificate for localhost and 127.0.0.1, SHA-256 "
            + self.fingerprint());
    return self.serverTls();
  }

  /** SHA-256 of a certificate's DER encoding, as colon-separated upper-case hex. */
  static String fingerprint(X509Certificate certificate) {
    return SelfSignedCertificate.fingerprint(certificate);
  }

  /** The command line, checked. */
  private static final class Options {

    int port;
    String bind = ServerOptions.DEFAULT_BIND;
    int maxFrame = ServerConfig.MAX_MESSAGE_BYTES;
    int maxConnections = DEFAULT_MAX_CONNECTIONS;
    int busyPollMicros;
    int loops = 1;
    boolean tls;
    Path cert;
    Path key;

    static Options from(ExampleArgs given) {
      Options o = new Options();
      o.port = number(given, "--port", o.port, 0, 65_535);
      o.bind = given.value("--bind", o.bind);
      o.maxFrame = number(given, "--max-frame", o.maxFrame, 125, ServerConfig.MAX_MESSAGE_BYTES);
      o.maxConnections = number(given, "--max-connections", o.maxConnections, 1, 65_535);
      o.busyPollMicros = number(given, "--busy-poll-us", 0, 0, ServerConfig.MAX_BUSY_POLL_MICROS);
      o.loops = number(given, "--loops", o.loops, 1, EchoLoops.MAX_LOOPS);
      o.tls = given.has("--tls");
      o.cert = given.has("--cert") ? Path.of(given.value("--cert", null)) : null;
      o.key = given.has("--key") ? Path.of(given.value("--key", null)) : null;
      if ((o.cert == null) != (o.key == null)) {
        throw new IllegalArgumentException("--cert and --key go together");
      }
      if (o.cert != null && !o.tls) {
        throw new IllegalArgumentException("--cert and --key need --tls");
      }
      if (!ClientConfig.isIpLiteral(o.bind)) {
        // As the firmware's server.bind: an address literal, so that starting never waits on DNS.
        throw new IllegalArgumentException("--bind must be an IP address, was '" + o.bind + "'");
      }
      return o;
    }

    /** Receive and transmit buffer bytes for frames of up to {@code maxFrame} payload bytes. */
    static int bufferBytes(int maxFrame) {
      return FRAMES_PER_BUFFER * (maxFrame + ServerConfig.MAX_FRAME_HEADER);
    }

    private static int number(ExampleArgs given, String option, int fallback, int min, int max) {
      String value = given.value(option, null);
      return value == null ? fallback : OptionNumbers.number(option, value, min, max);
    }

    /**
     * One loop's config, listening on {@code listenPort} with {@code slots} connection slots. One
     * address may hold every slot: this is the load benchmarks' peer, whose clients all come from
     * one address (127.0.0.1 by default).
     */
    ServerConfig config(int listenPort, int slots) {
      int buffer = bufferBytes(maxFrame);
      return ServerConfig.builder()
          .bindAddress(bind)
          .port(listenPort)
          .maxConnections(slots)
          .rxBufferBytes(Math.max(MIN_RX_BUFFER_BYTES, buffer))
          .txBufferBytes(buffer)
          .maxMessageBytes(maxFrame)
          .broadcastBuffers(0)
          .broadcastBufferBytes(0)
          .timeouts(HANDSHAKE_TIMEOUT_MILLIS, IDLE_TIMEOUT_MILLIS)
          .maxConnectionsPerAddress(slots)
          .busyPollMicros(busyPollMicros)
          .build();
    }
  }
}

package io.lightwire.bench.echo;

import io.lightwire.bench.common.Args;
import io.lightwire.examples.support.OptionNumbers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The command line of {@code bench echo}, checked: each bad value is named with its option.
 *
 * @param servers which servers ({@link #SERVERS}); rounds rotate through them
 * @param modes {@code echo} (one message in flight per connection) and/or {@code pipeline}
 * @param window messages in flight per connection in pipeline mode
 * @param sizes message sizes, bytes (1 to 65535: our server's limit)
 * @param connections connection counts (1 to 1024)
 * @param warmupMillis load before each round's measure window
 * @param rounds measured rounds per cell and server (the table shows their median)
 * @param roundMillis length of one measure window
 * @param loadThreads load generator threads (each drives its share of the connections)
 * @param out folder for the Markdown table, the PNG chart and the servers' logs
 * @param jvmOptions options of every server's child JVM (the same for all)
 * @param quick whether this is the short {@code --quick} configuration
 */
record BenchOptions(
    List<String> servers,
    List<Mode> modes,
    int window,
    List<Integer> sizes,
    List<Integer> connections,
    long warmupMillis,
    int rounds,
    long roundMillis,
    int loadThreads,
    Path out,
    List<String> jvmOptions,
    boolean quick) {

  /** How many messages each connection keeps in flight. */
  enum Mode {
    /** One: send, wait for the echo, send again. */
    ECHO,
    /** {@link BenchOptions#window()}: a window of messages written at once, refilled per echo. */
    PIPELINE;

    /** The name on the command line and in the tables. */
    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  static final List<String> SERVERS =
      List.of(EchoBench.OURS, "netty", "jetty", "java-websocket", EchoBench.RAW_TCP);

  /** The measurement: a small heap and the serial collector, the same for every server. */
  static final String DEFAULT_JVM = "-Xmx64m -XX:+UseSerialGC";

  static final String USAGE =
      """
      usage: bench echo [--quick] [--servers lightwire,netty,jetty,java-websocket,raw-tcp]
                        [--modes echo,pipeline] [--window 64] [--sizes 16,1024,16384,61440]
                        [--connections 1,16,128] [--warmup-ms 500] [--rounds 3] [--round-ms 1000]
                        [--load-threads 2] [--out target/bench] [--server-jvm "%s"]"""
          .formatted(DEFAULT_JVM);

  /** The defaults: every server, both modes, the sizes and counts (about 12 minutes). */
  static BenchOptions defaults() {
    return new BenchOptions(
        SERVERS,
        List.of(Mode.ECHO, Mode.PIPELINE),
        64,
        List.of(16, 1024, 16 * 1024, 60 * 1024),
        List.of(1, 16, 128),
        500,
        3,
        1000,
        2,
        Path.of("target", "bench"),
        List.of(DEFAULT_JVM.split(" ")),
        false);
  }

  /** {@code --quick}: two sizes, 1 and 16 connections, short windows (about two minutes). */
  static BenchOptions quickDefaults() {
    BenchOptions d = defaults();
    return new BenchOptions(
        d.servers, d.modes, d.window, List.of(16, 16 * 1024), List.of(1, 16), 200, 3, 300,
        d.loadThreads, d.out, d.jvmOptions, true);
  }

  /** Parses {@code args} over the defaults ({@code --quick} anywhere selects the quick ones). */
  static BenchOptions parse(String[] args) {
    boolean quick = Arrays.asList(args).contains("--quick");
    String[] rest = Arrays.stream(args).filter(a -> !a.equals("--quick")).toArray(String[]::new);
    Builder b = new Builder(quick ? quickDefaults() : defaults());
    for (String[] pair : Args.pairs(rest)) {
      String key = pair[0];
      String value = pair[1];
      switch (key) {
        case "--servers" -> b.servers = names(key, value, SERVERS);
        case "--modes" -> b.modes = modes(value);
        case "--window" -> b.window = OptionNumbers.number(key, value, 1, 1024);
        case "--sizes" -> b.sizes = OptionNumbers.numbers(key, value, 1, 65_535);
        case "--connections" -> b.connections = OptionNumbers.numbers(key, value, 1, 1024);
        case "--warmup-ms" -> b.warmupMillis = OptionNumbers.number(key, value, 0, 600_000);
        case "--rounds" -> b.rounds = OptionNumbers.number(key, value, 1, 100);
        case "--round-ms" -> b.roundMillis = OptionNumbers.number(key, value, 100, 600_000);
        case "--load-threads" -> b.loadThreads = OptionNumbers.number(key, value, 1, 64);
        case "--out" -> b.out = Path.of(value);
        case "--server-jvm" ->
            b.jvmOptions = value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
        default -> throw new IllegalArgumentException("unknown option '" + key + "'");
      }
    }
    return b.build();
  }

  /** Messages in flight per connection in {@code mode}. */
  int window(Mode mode) {
    return mode == Mode.ECHO ? 1 : window;
  }

  /** The most connections any cell opens (our server's slots are sized to it). */
  int maxConnections() {
    return connections.stream().mapToInt(Integer::intValue).max().orElse(1);
  }

  private static List<Mode> modes(String value) {
    List<Mode> list = new ArrayList<>();
    for (String name : names("--modes", value, List.of("echo", "pipeline"))) {
      list.add(Mode.valueOf(name.toUpperCase(java.util.Locale.ROOT)));
    }
    return List.copyOf(list);
  }

  private static List<String> names(String option, String value, List<String> known) {
    List<String> list = new ArrayList<>();
    for (String part : value.split(",")) {
      String name = part.trim();
      if (!known.contains(name)) {
        throw new IllegalArgumentException(
            option + ": no " + option.substring(2, option.length() - 1) + " named '" + name
                + "'; known: " + String.join(", ", known));
      }
      if (!list.contains(name)) {
        list.add(name);
      }
    }
    return List.copyOf(list);
  }

  /** The mutable side of parsing. */
  private static final class Builder {
    List<String> servers;
    List<Mode> modes;
    int window;
    List<Integer> sizes;
    List<Integer> connections;
    long warmupMillis;
    int rounds;
    long roundMillis;
    int loadThreads;
    Path out;
    List<String> jvmOptions;
    final boolean quick;

    Builder(BenchOptions o) {
      servers = o.servers;
      modes = o.modes;
      window = o.window;
      sizes = o.sizes;
      connections = o.connections;
      warmupMillis = o.warmupMillis;
      rounds = o.rounds;
      roundMillis = o.roundMillis;
      loadThreads = o.loadThreads;
      out = o.out;
      jvmOptions = o.jvmOptions;
      quick = o.quick;
    }

    BenchOptions build() {
      return new BenchOptions(
          servers, modes, window, sizes, connections, warmupMillis, rounds, roundMillis,
          loadThreads, out, jvmOptions, quick);
    }
  }
}

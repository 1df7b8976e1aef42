package io.lightwire.bench.echo;

import io.lightwire.bench.common.Args;
import io.lightwire.examples.support.OptionNumbers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The command line of {@code bench echo}, checked: each bad value is named with its option.
 *
 * @param servers which servers ({@link #SERVERS}, all by default); rounds rotate through them
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
 * @param cpuSplit the generator's and the servers' CPUs: by default the two halves of the CPUs this
 *     process may use, or the lists {@code --load-cpus} and {@code --server-cpus}; null with {@code
 *     --placement shared} or on one CPU: the scheduler places both
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
    boolean quick,
    CpuSplit cpuSplit) {

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

  /** Every server the bench knows. */
  static final List<String> SERVERS =
      List.of(
          EchoBench.OURS,
          EchoBench.OURS_SPINNING,
          EchoBench.OURS_LOOPS,
          "netty",
          "jetty",
          "java-websocket",
          EchoBench.RAW_TCP);

  /**
   * The measurement, the same for every server: a small heap and the serial collector, plus
   * the product's Integer cache (jvm-memory.flags), without which the JDK's epoll selector boxes
   * every ready descriptor past 127 and no server on it allocates zero bytes at 128 connections.
   */
  static final String DEFAULT_JVM = "-Xmx64m -XX:+UseSerialGC -XX:AutoBoxCacheMax=8192";

  static final String USAGE =
      """
      usage: bench echo [--quick] [--servers lightwire,lightwire-spin,lightwire-loops,netty,jetty,java-websocket,raw-tcp]
                        [--modes echo,pipeline] [--window 64] [--sizes 16,1024,16384,61440]
                        [--connections 1,16,128] [--warmup-ms 500] [--rounds 3] [--round-ms 1000]
                        [--load-threads 2] [--out target/bench] [--server-jvm "%s"]
                        [--placement split|shared] [--load-cpus LIST --server-cpus LIST]
      servers: lightwire (echo-server), lightwire-spin (echo-server --busy-poll-us 100),
               lightwire-loops (echo-server --loops 2),
               netty, jetty, java-websocket, raw-tcp (a raw TCP byte echo, the ceiling)
      --placement split (the default on 2 or more CPUs): the load generator on the first half of
               the CPUs and the servers on the other half, as on two machines; --load-cpus and
               --server-cpus choose the halves (taskset lists, sharing none)
      --placement shared: the scheduler places the generator and the servers on every CPU"""
          .formatted(DEFAULT_JVM);

  /** The defaults: every server, both modes, the sizes and counts (about 15 minutes). */
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
        false,
        null);
  }

  /** {@code --quick}: two sizes, 1 and 16 connections, short windows (about two minutes). */
  static BenchOptions quickDefaults() {
    BenchOptions d = defaults();
    return new BenchOptions(
        d.servers,
        d.modes,
        d.window,
        List.of(16, 16 * 1024),
        List.of(1, 16),
        200,
        3,
        300,
        d.loadThreads,
        d.out,
        d.jvmOptions,
        true,
        null);
  }

  /** Parses {@code args} over the defaults ({@code --quick} anywhere selects the quick ones). */
  static BenchOptions parse(String[] args) {
    return parse(args, CpuSplit.allowedCpus());
  }

  /** {@link #parse(String[])} for a process that may run on {@code cpus} (for the placement). */
  static BenchOptions parse(String[] args, BitSet cpus) {
    boolean quick = Arrays.asList(args).contains("--quick");
    String[] rest = Arrays.stream(args).filter(a -> !a.equals("--quick")).toArray(String[]::new);
    Map<String, String> given = new HashMap<>();
    for (String[] pair : Args.pairs(rest)) {
      if (!OPTIONS.contains(pair[0])) {
        throw new IllegalArgumentException("unknown option '" + pair[0] + "'");
      }
      given.put(pair[0], pair[1]);
    }
    BenchOptions d = quick ? quickDefaults() : defaults();
    return new BenchOptions(
        option(given, "--servers", d.servers, v -> names("--servers", v, SERVERS)),
        option(given, "--modes", d.modes, BenchOptions::modes),
        option(given, "--window", d.window, v -> OptionNumbers.number("--window", v, 1, 1024)),
        option(given, "--sizes", d.sizes, v -> OptionNumbers.numbers("--sizes", v, 1, 65_535)),
        option(
            given,
            "--connections",
            d.connections,
            v -> OptionNumbers.numbers("--connections", v, 1, 1024)),
        option(
            given,
            "--warmup-ms",
            d.warmupMillis,
            v -> (long) OptionNumbers.number("--warmup-ms", v, 0, 600_000)),
        option(given, "--rounds", d.rounds, v -> OptionNumbers.number("--rounds", v, 1, 100)),
        option(
            given,
            "--round-ms",
            d.roundMillis,
            v -> (long) OptionNumbers.number("--round-ms", v, 100, 600_000)),
        option(
            given,
            "--load-threads",
            d.loadThreads,
            v -> OptionNumbers.number("--load-threads", v, 1, 64)),
        option(given, "--out", d.out, Path::of),
        option(
            given,
            "--server-jvm",
            d.jvmOptions,
            v -> v.isBlank() ? List.of() : List.of(v.trim().split("\\s+"))),
        quick,
        cpuSplit(
            given.getOrDefault("--placement", "split"),
            given.get("--load-cpus"),
            given.get("--server-cpus"),
            cpus));
  }

  /**
   * Where the generator and the servers run. Split by default: on one machine they would otherwise
   * take turns on each core, and at many connections that turn-taking, not the server, sets the
   * echo rate (docs/decisions.md, "The load generator and the servers on CPUs of their own").
   */
  private static CpuSplit cpuSplit(String placement, String load, String servers, BitSet cpus) {
    if (!placement.equals("split") && !placement.equals("shared")) {
      throw new IllegalArgumentException(
          "--placement: '" + placement + "' is neither split nor shared");
    }
    if ((load == null) != (servers == null)) {
      throw new IllegalArgumentException("--load-cpus and --server-cpus go together");
    }
    if (placement.equals("shared")) {
      if (load != null) {
        throw new IllegalArgumentException(
            "--placement shared and --load-cpus/--server-cpus contradict each other");
      }
      return null;
    }
    if (load != null) {
      return CpuSplit.parse(load, servers, cpus);
    }
    return CpuSplit.halves(cpus);
  }

  private static final List<String> OPTIONS =
      List.of(
          "--servers",
          "--modes",
          "--window",
          "--sizes",
          "--connections",
          "--warmup-ms",
          "--rounds",
          "--round-ms",
          "--load-threads",
          "--out",
          "--server-jvm",
          "--placement",
          "--load-cpus",
          "--server-cpus");

  /** The value of {@code key} read by {@code read}, or {@code fallback} when it was not given. */
  private static <T> T option(
      Map<String, String> given, String key, T fallback, Function<String, T> read) {
    String value = given.get(key);
    return value == null ? fallback : read.apply(value);
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
            option
                + ": no "
                + option.substring(2, option.length() - 1)
                + " named '"
                + name
                + "'; known: "
                + String.join(", ", known));
      }
      if (!list.contains(name)) {
        list.add(name);
      }
    }
    return List.copyOf(list);
  }
}

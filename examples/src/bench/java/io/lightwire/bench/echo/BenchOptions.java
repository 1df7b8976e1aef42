package io.lightwire.bench.echo;

import io.lightwire.examples.support.OptionNumbers;
import io.lightwire.bench.common.Args;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@code bench echo}, checked: each bad value is named with its option.
 *
 * @param servers which servers, in order ({@code lightwire}, {@code netty}, {@code jetty}, {@code
 *     java-websocket})
 * @param sizes message sizes, bytes (1 to 65535: our server's limit)
 * @param connections connection counts (1 to 1024)
 * @param warmupMillis warm-up before each cell's rounds
 * @param rounds measured rounds per cell (the table shows their median)
 * @param roundMillis length of one round
 * @param out folder for the Markdown table, the PNG chart and the servers' logs
 * @param jvmOptions options of every server's child JVM (the same for all)
 */
record BenchOptions(
    List<String> servers,
    List<Integer> sizes,
    List<Integer> connections,
    long warmupMillis,
    int rounds,
    long roundMillis,
    Path out,
    List<String> jvmOptions) {

  static final List<String> SERVERS = List.of(EchoBench.OURS, "netty", "jetty", "java-websocket");

  static final String USAGE =
      """
      usage: bench echo [--servers lightwire,netty,jetty,java-websocket] [--sizes 16,1024,16384,61440]
                        [--connections 1,16,128] [--warmup-ms 1000] [--rounds 3] [--round-ms 1000]
                        [--out target/bench] [--server-jvm "-Xmx256m"]""";

  /** The defaults: every server, the sizes and counts, about four minutes on two cores. */
  static BenchOptions defaults() {
    return new BenchOptions(
        SERVERS,
        List.of(16, 1024, 16 * 1024, 60 * 1024),
        List.of(1, 16, 128),
        1000,
        3,
        1000,
        Path.of("target", "bench"),
        List.of("-Xmx256m"));
  }

  /** Parses {@code args} over the defaults. */
  static BenchOptions parse(String[] args) {
    BenchOptions o = defaults();
    for (String[] pair : Args.pairs(args)) {
      String key = pair[0];
      String value = pair[1];
      o =
          switch (key) {
            case "--servers" -> o.withServers(servers(value));
            case "--sizes" -> o.withSizes(OptionNumbers.numbers(key, value, 1, 65_535));
            case "--connections" -> o.withConnections(OptionNumbers.numbers(key, value, 1, 1024));
            case "--warmup-ms" ->
                new BenchOptions(
                    o.servers, o.sizes, o.connections, OptionNumbers.number(key, value, 0, 600_000), o.rounds,
                    o.roundMillis, o.out, o.jvmOptions);
            case "--rounds" ->
                new BenchOptions(
                    o.servers, o.sizes, o.connections, o.warmupMillis, OptionNumbers.number(key, value, 1, 100),
                    o.roundMillis, o.out, o.jvmOptions);
            case "--round-ms" ->
                new BenchOptions(
                    o.servers, o.sizes, o.connections, o.warmupMillis, o.rounds,
                    OptionNumbers.number(key, value, 100, 600_000), o.out, o.jvmOptions);
            case "--out" ->
                new BenchOptions(
                    o.servers, o.sizes, o.connections, o.warmupMillis, o.rounds, o.roundMillis,
                    Path.of(value), o.jvmOptions);
            case "--server-jvm" ->
                new BenchOptions(
                    o.servers, o.sizes, o.connections, o.warmupMillis, o.rounds, o.roundMillis,
                    o.out, value.isBlank() ? List.of() : List.of(value.trim().split("\\s+")));
            default -> throw new IllegalArgumentException("unknown option '" + key + "'");
          };
    }
    return o;
  }

  private BenchOptions withServers(List<String> list) {
    return new BenchOptions(
        list, sizes, connections, warmupMillis, rounds, roundMillis, out, jvmOptions);
  }

  private BenchOptions withSizes(List<Integer> list) {
    return new BenchOptions(
        servers, list, connections, warmupMillis, rounds, roundMillis, out, jvmOptions);
  }

  private BenchOptions withConnections(List<Integer> list) {
    return new BenchOptions(
        servers, sizes, list, warmupMillis, rounds, roundMillis, out, jvmOptions);
  }

  private static List<String> servers(String value) {
    List<String> list = new ArrayList<>();
    for (String name : value.split(",")) {
      String server = name.trim();
      if (!SERVERS.contains(server)) {
        throw new IllegalArgumentException(
            "--servers: no server named '" + server + "'; known: " + String.join(", ", SERVERS));
      }
      if (!list.contains(server)) {
        list.add(server);
      }
    }
    return List.copyOf(list);
  }
}

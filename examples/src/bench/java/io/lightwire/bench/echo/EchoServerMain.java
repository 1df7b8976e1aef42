package io.lightwire.bench.echo;

import io.lightwire.firmware.Example;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;

/**
 * The main class of a server's child JVM: {@code EchoServerMain SERVER MAX_CONNECTIONS}. Starts one
 * echo server on a free loopback port, prints {@code listening on ws://127.0.0.1:P/} ({@code
 * tcp://} for the raw TCP echo; {@code lightwire-spin} is ours with a busy-poll window, {@code
 * lightwire-loops} ours with {@value #LOOPS} service loops), then answers {@code stats} lines on
 * standard input with {@code stats SERVICE_THREAD_BYTES ALL_THREADS_BYTES GC_COUNT}: bytes
 * allocated so far by our service threads (every loop's; {@code -1} for the peers, which have no
 * single one) and by every thread of the JVM, and the collections of every garbage collector so
 * far. Our server is the {@code echo-server} example itself, found as {@code ./lightwire example}
 * finds it, so SIGTERM stops it with exit status 0.
 */
public final class EchoServerMain {

  /** Our server's service threads, each named so by {@code Server.start()}. */
  static final String SERVICE_THREAD = "lightwire-service";

  /** The busy-poll window of {@link EchoBench#OURS_SPINNING}, microseconds. */
  static final int SPIN_MICROS = 100;

  /** The service loops of {@link EchoBench#OURS_LOOPS}: one per core of this machine. */
  static final int LOOPS = 2;

  private EchoServerMain() {}

  /** Runs the server until SIGTERM (ours) or the end of standard input. */
  public static void main(String[] args) throws Exception {
    String server = args[0];
    int maxConnections = Integer.parseInt(args[1]);
    if (server.startsWith(EchoBench.OURS)) {
      Thread stats = new Thread(EchoServerMain::answerStats, "bench-stats");
      stats.setDaemon(true);
      stats.start();
      Example echo = echoServerExample();
      int spin = server.equals(EchoBench.OURS_SPINNING) ? SPIN_MICROS : 0;
      int loops = server.equals(EchoBench.OURS_LOOPS) ? LOOPS : 1;
      String[] options = {
        "--port", "0",
        "--max-connections", Integer.toString(maxConnections),
        "--busy-poll-us", Integer.toString(spin),
        "--loops", Integer.toString(loops)
      };
      System.exit(echo.run(options, System.out));
    }
    PeerServers.Running running =
        switch (server) {
          case "netty" -> PeerServers.netty();
          case "jetty" -> PeerServers.jetty();
          case "java-websocket" -> PeerServers.javaWebSocket();
          case EchoBench.RAW_TCP -> RawTcpEcho.start();
          default -> throw new IllegalArgumentException("no server named " + server);
        };
    try {
      String scheme = server.equals(EchoBench.RAW_TCP) ? "tcp" : "ws";
      System.out.println("listening on " + scheme + "://127.0.0.1:" + running.port() + "/");
      System.out.flush();
      answerStats();
    } finally {
      running.stop();
    }
    System.exit(0);
  }

  private static Example echoServerExample() {
    for (Example example : ServiceLoader.load(Example.class)) {
      if (example.name().equals("echo-server")) {
        return example;
      }
    }
    throw new IllegalStateException("the echo-server example is not on the class path");
  }

  /** Answers {@code stats} requests until standard input ends. */
  private static void answerStats() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.equals("stats")) {
          long service = serviceThreadBytes(threads);
          long all = threads.getTotalThreadAllocatedBytes();
          System.out.println("stats " + service + " " + all + " " + collections());
          System.out.flush();
        }
      }
    } catch (java.io.IOException e) {
      // the parent went away: nothing to answer
    }
  }

  private static long collections() {
    long sum = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      sum += Math.max(0, gc.getCollectionCount());
    }
    return sum;
  }

  /**
   * Our service threads (one per loop), found once: {@link Thread#getAllStackTraces()} copies every
   * thread's stack, which on each {@code stats} would allocate in the measured JVM and could start
   * a collection inside a measure window. The first {@code stats} comes after the server printed
   * that it listens, which it does after starting every loop, so the threads exist by then (or
   * never will: the peers have none).
   */
  private static long[] serviceThreads;

  private static long serviceThreadBytes(com.sun.management.ThreadMXBean threads) {
    if (serviceThreads == null) {
      serviceThreads =
          Thread.getAllStackTraces().keySet().stream()
              .filter(t -> t.getName().equals(SERVICE_THREAD))
              .mapToLong(Thread::threadId)
              .toArray();
    }
    if (serviceThreads.length == 0) {
      return -1;
    }
    long sum = 0;
    for (long id : serviceThreads) {
      sum += threads.getThreadAllocatedBytes(id);
    }
    return sum;
  }
}

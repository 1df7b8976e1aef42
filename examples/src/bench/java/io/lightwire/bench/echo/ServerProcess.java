package io.lightwire.bench.echo;

import io.lightwire.bench.common.ProcMemory;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One echo server in a child JVM of its own, so that its resident memory is its own: started with
 * the same {@code java} and class path as this process, asked for allocation counters over its
 * standard input, measured through {@code /proc/PID/status}, and stopped with SIGTERM.
 */
final class ServerProcess implements AutoCloseable {

  private static final Pattern LISTENING =
      Pattern.compile("listening on (?:ws|tcp)://127\\.0\\.0\\.1:(\\d+)/");
  private static final long START_TIMEOUT_SECONDS = 60;
  private static final long ANSWER_TIMEOUT_SECONDS = 10;

  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final OutputStream commands;
  private final int port;
  private final String name;
  private final Path log;

  /**
   * Counters of the child at one moment.
   *
   * @param serviceThread bytes our service thread allocated so far (-1: no such thread)
   * @param allThreads bytes all threads allocated so far
   * @param collections garbage collections so far, every collector
   * @param cpuTicks user plus system CPU time so far, in clock ticks ({@link
   *     ProcCpu#TICKS_PER_SECOND})
   */
  record Counters(long serviceThread, long allThreads, long collections, long cpuTicks) {}

  private ServerProcess(
      String server, int maxConnections, List<String> jvmOptions, List<String> launcher, Path log)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(launcher);
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classPath());
    command.add(EchoServerMain.class.getName());
    command.add(server);
    command.add(Integer.toString(maxConnections));
    name = server;
    this.log = log;
    process = new ProcessBuilder(command).redirectError(log.toFile()).start();
    commands = process.getOutputStream();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // the child ended
              }
            },
            "bench-" + server + "-stdout");
    reader.setDaemon(true);
    reader.start();
    int found = -1;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
    while (found < 0 && System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line != null) {
        Matcher m = LISTENING.matcher(line);
        if (m.matches()) {
          found = Integer.parseInt(m.group(1));
        }
      } else if (!process.isAlive()) {
        break;
      }
    }
    if (found < 0) {
      process.destroyForcibly();
      throw new IOException(server + " did not start; its log " + log + " says: " + tail(log));
    }
    port = found;
  }

  /**
   * Starts {@code server} with room for {@code maxConnections} and waits until it listens. The
   * JVM's command comes after {@code launcher}, empty or a command that execs the rest (such as
   * {@code taskset -c 1}), so the PID is still the JVM's.
   */
  static ServerProcess start(
      String server, int maxConnections, List<String> jvmOptions, List<String> launcher, Path log)
      throws IOException, InterruptedException {
    return new ServerProcess(server, maxConnections, jvmOptions, launcher, log);
  }

  /** The server's name ({@link BenchOptions#SERVERS}). */
  String name() {
    return name;
  }

  /** The loopback port it listens on. */
  int port() {
    return port;
  }

  /** Asks the child for its allocation and GC counters and reads its CPU time. */
  Counters counters() throws IOException, InterruptedException {
    commands.write("stats\n".getBytes(StandardCharsets.US_ASCII));
    commands.flush();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ANSWER_TIMEOUT_SECONDS);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line != null && line.startsWith("stats ")) {
        String[] parts = line.split(" ");
        return new Counters(
            Long.parseLong(parts[1]),
            Long.parseLong(parts[2]),
            Long.parseLong(parts[3]),
            ProcCpu.ticks(process.pid()));
      }
    }
    throw new IOException(
        "the server did not answer 'stats' within " + ANSWER_TIMEOUT_SECONDS + " s");
  }

  /** How many bytes the child's log holds now (0 when it cannot be read). */
  long logLength() {
    try {
      return Files.size(log);
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * The first line the child logged after byte {@code from} that reports running out of memory
   * (heap or direct), or null: a failed round names it, so "the server closed the connection" reads
   * as what it was.
   */
  String outOfMemorySince(long from) {
    try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(log.toFile(), "r")) {
      file.seek(Math.min(from, file.length()));
      String line;
      while ((line = file.readLine()) != null) {
        if (line.contains("OutOfMemoryError") || line.contains("OutOfDirectMemoryError")) {
          return line.strip();
        }
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Reads {@code VmRSS} and {@code VmHWM} of the child; -1 where {@code /proc} has none. */
  ProcMemory memory() {
    return ProcMemory.of(process.pid());
  }

  /**
   * Stops the child with SIGTERM and waits for it.
   *
   * @return its exit status (0 for ours after a clean stop; peers may report 143)
   */
  int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }

  /**
   * This JVM's class path for the child, with module path entries turned into jars: under {@code
   * ./lightwire bench} everything is on the class path already; under a modular launch the module
   * path lists folders, which a class path would read as class folders.
   */
  static String classPath() {
    List<String> entries = new ArrayList<>();
    for (String property : new String[] {"jdk.module.path", "java.class.path"}) {
      String value = System.getProperty(property, "");
      for (String entry : value.split(File.pathSeparator)) {
        if (entry.isEmpty()) {
          continue;
        }
        File file = new File(entry);
        File[] jars =
            file.isDirectory() && property.equals("jdk.module.path")
                ? file.listFiles((d, n) -> n.endsWith(".jar"))
                : null;
        if (jars != null) {
          for (File jar : jars) {
            entries.add(jar.getPath());
          }
        } else {
          entries.add(entry);
        }
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  private static String tail(Path log) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - 20), all.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }
}

package io.lightwire.bench.echo;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The load of one measured round, the same for every server: a few threads, each with a selector
 * over its share of the connections, each connection keeping {@code window} binary messages in
 * flight (1: echo mode, send and wait; 64: pipeline mode). Requests are precomputed masked frames,
 * written a window at a time in one call; responses are read in 256 KiB chunks and checked. Each
 * thread measures its own CPU time in the measure window, so the report can show whether the
 * generator, rather than the server, was the limit.
 */
final class LoadGenerator {

  /** Bytes one read may take. */
  static final int READ_CHUNK = 256 * 1024;

  /** A round fails when no echo comes back for this long after its window. */
  static final long STALL_MILLIS = 5_000;

  /** The longest a worker may take past the window's end (draining, then closing). */
  private static final long FINISH_MILLIS = 120_000;

  private static final long CLOSE_MILLIS = 1_000;
  private static final long START_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  /**
   * One round's load.
   *
   * @param size payload bytes per message
   * @param connections connections, spread over the threads
   * @param window messages in flight per connection
   * @param threads generator threads (at most {@code connections})
   * @param warmupMillis load before the measure window
   * @param measureMillis the measure window
   * @param webSocket false for the raw TCP echo (no handshake; the echo is the request itself)
   */
  record Plan(
      int size,
      int connections,
      int window,
      int threads,
      long warmupMillis,
      long measureMillis,
      boolean webSocket) {}

  /**
   * What one round measured on the generator side.
   *
   * @param messages echoes completed inside the measure window
   * @param sortedLatencies round-trip samples in nanoseconds, ascending
   * @param cpuNanos CPU time of all generator threads in the window
   * @param busiestThread the largest share of the window one generator thread spent on CPU (0-1)
   * @param error why the round failed, or null
   */
  record Measured(
      long messages, long[] sortedLatencies, long cpuNanos, double busiestThread, String error) {}

  /** Called by the round's coordinator at the start and the end of the measure window. */
  interface WindowEdge {
    void at(boolean start) throws IOException, InterruptedException;
  }

  private LoadGenerator() {}

  /**
   * Runs {@code plan} against {@code 127.0.0.1:port}; {@code edge} runs on the calling thread when
   * the measure window opens and closes (to read the server's counters).
   */
  static Measured run(int port, Plan plan, WindowEdge edge)
      throws IOException, InterruptedException {
    LoadFrames frames = LoadFrames.of(plan.size(), plan.window(), plan.webSocket());
    int threads = Math.max(1, Math.min(plan.threads(), plan.connections()));
    List<Worker> workers = new ArrayList<>();
    try {
      SplittableRandom random = new SplittableRandom(port);
      for (int t = 0; t < threads; t++) {
        workers.add(new Worker(t, plan));
      }
      for (int i = 0; i < plan.connections(); i++) {
        workers
            .get(i % threads)
            .add(LoadConnection.open(port, frames, plan.window(), plan.webSocket(), random));
      }
      long start = System.nanoTime() + START_DELAY_NANOS;
      long measureStart = start + TimeUnit.MILLISECONDS.toNanos(plan.warmupMillis());
      long end = measureStart + TimeUnit.MILLISECONDS.toNanos(plan.measureMillis());
      List<Thread> running = new ArrayList<>();
      for (Worker w : workers) {
        w.schedule(start, measureStart, end);
        running.add(Thread.ofPlatform().name("bench-load-" + w.index).start(w));
      }
      sleepUntil(measureStart);
      edge.at(true);
      sleepUntil(end);
      edge.at(false);
      long joinBy = end + TimeUnit.MILLISECONDS.toNanos(FINISH_MILLIS);
      for (Thread t : running) {
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinBy - System.nanoTime())));
        if (t.isAlive()) {
          t.interrupt();
          return failed(t.getName() + " did not end in time");
        }
      }
      return summarize(workers, plan);
    } finally {
      for (Worker w : workers) {
        w.closeAll();
      }
    }
  }

  private static Measured summarize(List<Worker> workers, Plan plan) {
    long messages = 0;
    int kept = 0;
    long cpu = 0;
    double busiest = 0;
    for (Worker w : workers) {
      if (w.error != null) {
        return failed(w.error);
      }
      messages += w.latencies.count();
      kept += w.latencies.kept();
      cpu += w.cpuNanos;
      busiest =
          Math.max(
              busiest, w.cpuNanos / (double) TimeUnit.MILLISECONDS.toNanos(plan.measureMillis()));
    }
    if (messages == 0) {
      // Rare, and seen only with large pipelined messages: say where each thread stood, so the
      // next one shows whether the generator stopped or the echoes did.
      StringBuilder why = new StringBuilder("no echo completed in the measure window (");
      for (Worker w : workers) {
        why.append(w.index == 0 ? "" : "; ").append(w.standing());
      }
      return failed(why.append(')').toString());
    }
    long[] samples = new long[kept];
    int at = 0;
    for (Worker w : workers) {
      w.latencies.copyTo(samples, at);
      at += w.latencies.kept();
    }
    Arrays.sort(samples);
    return new Measured(messages, samples, cpu, busiest, null);
  }

  private static Measured failed(String error) {
    return new Measured(0, new long[0], 0, 0, error);
  }

  static void sleepUntil(long deadline) {
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
    }
  }

  /** One generator thread and its connections. */
  private static final class Worker implements Runnable {
    final int index;
    private final Plan plan;
    private final List<LoadConnection> connections = new ArrayList<>();
    private final ByteBuffer in = ByteBuffer.allocateDirect(READ_CHUNK);
    final Latencies latencies;
    private Selector selector;
    private long start;
    private long measureStart;
    private long end;
    private boolean sending = true;
    volatile String error;
    volatile long cpuNanos;
    // Where the thread stood when the window closed (read after join, for a failed round's error).
    // The last echo is stamped only while sending, so the drain after the window leaves it alone.
    private long lastEchoNanos = Long.MIN_VALUE;
    private long windowPasses;
    private int inFlightAtEnd;

    Worker(int index, Plan plan) throws IOException {
      this.index = index;
      this.plan = plan;
      this.latencies = new Latencies(index);
      this.selector = Selector.open();
    }

    void add(LoadConnection c) throws IOException {
      connections.add(c);
      c.channel.configureBlocking(false);
      c.channel.register(selector, SelectionKey.OP_READ, c);
    }

    void schedule(long startAt, long measureAt, long endAt) {
      start = startAt;
      measureStart = measureAt;
      end = endAt;
    }

    @Override
    public void run() {
      ThreadMXBean mx = ManagementFactory.getThreadMXBean();
      try {
        sleepUntil(start);
        long now = System.nanoTime();
        for (LoadConnection c : connections) {
          c.fillWindow(now);
          flush(c);
        }
        long cpuAtStart = -1;
        while (error == null) {
          now = System.nanoTime();
          if (cpuAtStart < 0 && now - measureStart >= 0) {
            cpuAtStart = mx.getCurrentThreadCpuTime();
            latencies.recording(true);
          }
          if (now - end >= 0) {
            inFlightAtEnd = inFlight();
            break;
          }
          if (cpuAtStart >= 0) {
            windowPasses++;
          }
          selector.select(this::ready, 1);
        }
        latencies.recording(false);
        cpuNanos = mx.getCurrentThreadCpuTime() - Math.max(0, cpuAtStart);
        sending = false;
        drain();
        closeHandshake();
      } catch (IOException | RuntimeException e) {
        if (error == null) {
          error = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
      }
    }

    private void ready(SelectionKey key) {
      LoadConnection c = (LoadConnection) key.attachment();
      try {
        if (key.isWritable()) {
          flush(c);
        }
        if (key.isReadable()) {
          read(c);
        }
      } catch (IOException e) {
        fail(c, e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }

    private void read(LoadConnection c) throws IOException {
      while (true) {
        in.clear();
        int n = c.channel.read(in);
        if (n < 0) {
          fail(c, "the server closed the connection");
          return;
        }
        if (n == 0) {
          return;
        }
        long now = System.nanoTime();
        in.flip();
        int completed = c.take(in, now, latencies);
        if (completed < 0) {
          fail(c, c.error);
          return;
        }
        if (completed > 0 && sending) {
          lastEchoNanos = now;
          c.send(completed, now);
          flush(c);
        }
        if (n < READ_CHUNK) {
          return; // the socket had no more
        }
      }
    }

    private void flush(LoadConnection c) throws IOException {
      SelectionKey key = c.channel.keyFor(selector);
      int ops = c.flush() ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE;
      if (key.interestOps() != ops) {
        key.interestOps(ops);
      }
    }

    private void fail(LoadConnection c, String why) {
      if (error == null) {
        error = why + " (" + c.received + " of " + c.sent + " echoes back)";
      }
    }

    /**
     * Waits for the echoes still in flight, so every message sent is accounted for; a window of
     * large messages on many connections may take seconds to come back, so this fails only when no
     * echo arrived for {@link #STALL_MILLIS}.
     */
    private void drain() throws IOException {
      long stallNanos = TimeUnit.MILLISECONDS.toNanos(STALL_MILLIS);
      long lastProgress = System.nanoTime();
      long giveUp = lastProgress + TimeUnit.MILLISECONDS.toNanos(FINISH_MILLIS - 10_000);
      int left = inFlight();
      while (error == null && left > 0) {
        selector.select(this::ready, 10);
        int now = inFlight();
        if (now < left) {
          left = now;
          lastProgress = System.nanoTime();
        } else if (System.nanoTime() - lastProgress > stallNanos) {
          error = left + " echoes still missing, none came back for " + STALL_MILLIS + " ms";
          return;
        }
        if (System.nanoTime() - giveUp > 0) {
          error =
              left + " echoes still missing after draining for " + (FINISH_MILLIS - 10_000) + " ms";
          return;
        }
      }
    }

    /** Where this thread stood at the window's end, in words. */
    String standing() {
      return "thread "
          + index
          + ": "
          + inFlightAtEnd
          + " in flight at the end, "
          + (lastEchoNanos == Long.MIN_VALUE
              ? "no echo before it"
              : "last echo " + TimeUnit.NANOSECONDS.toMillis(end - lastEchoNanos) + " ms before it")
          + ", "
          + windowPasses
          + " selector passes in the window";
    }

    private int inFlight() {
      int sum = 0;
      for (LoadConnection c : connections) {
        sum += c.inFlight();
      }
      return sum;
    }

    /**
     * Ends each connection as its server expects: a close frame (the server answers and closes), or
     * for the raw echo an end of stream; then reads until each server closed, briefly.
     */
    private void closeHandshake() throws IOException {
      if (error != null) {
        return;
      }
      for (LoadConnection c : connections) {
        if (plan.webSocket()) {
          c.sendClose();
        } else {
          c.channel.shutdownOutput();
        }
      }
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_MILLIS);
      while (!selector.keys().isEmpty() && System.nanoTime() - deadline < 0) {
        selector.select(this::closing, 5);
      }
    }

    /** Reads (and drops) the server's close frame until it closes the connection. */
    private void closing(SelectionKey key) {
      LoadConnection c = (LoadConnection) key.attachment();
      try {
        in.clear();
        if (c.channel.read(in) < 0) {
          c.close(); // also cancels the key
        }
      } catch (IOException e) {
        c.close();
      }
    }

    void closeAll() {
      for (LoadConnection c : connections) {
        c.close();
      }
      try {
        selector.close();
      } catch (IOException e) {
        // nothing registered is used any more
      }
    }
  }
}

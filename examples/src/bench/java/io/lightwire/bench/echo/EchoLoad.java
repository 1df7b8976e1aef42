package io.lightwire.bench.echo;

import io.lightwire.bench.common.Stats;
import io.lightwire.websock.client.ClientConfig;
import io.lightwire.websock.client.MessageHeader;
import io.lightwire.websock.client.WebSocketClient;
import io.lightwire.websock.protocol.WebSocketProtocol;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The load of one table cell: {@code connections} clients (ours, the same for every server), each on
 * a thread of its own, each with one binary message in flight: send, wait for the whole echo, check
 * it, time it, repeat. Warm-up first, then {@code rounds} rounds of equal length; each round gets
 * its own count and latency samples, and the cell reports the median round.
 */
final class EchoLoad {

  /** Latency samples kept per connection and round (reservoir sampling beyond that). */
  private static final int SAMPLES = 4096;

  private static final long RECV_TIMEOUT_MILLIS = 5_000;
  private static final long START_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /** What one cell runs. Times in milliseconds. */
  record Plan(int size, int connections, long warmupMillis, int rounds, long roundMillis) {}

  /**
   * What one cell measured: medians over the rounds, and the server's allocation per message over
   * all rounds.
   *
   * @param messagesPerSecond echoes completed per second, all connections together
   * @param p50Micros median round trip, microseconds
   * @param p99Micros 99th percentile round trip, microseconds
   * @param serviceThreadBytesPerMessage bytes our service thread allocated per echo (-1: no such
   *     thread)
   * @param allThreadsBytesPerMessage bytes the whole server JVM allocated per echo
   * @param error why the cell failed, or null
   */
  record Result(
      double messagesPerSecond,
      double p50Micros,
      double p99Micros,
      double serviceThreadBytesPerMessage,
      double allThreadsBytesPerMessage,
      String error) {

    static Result failed(String error) {
      return new Result(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, error);
    }
  }

  private EchoLoad() {}

  /** Runs {@code plan} against {@code server}; never waits much longer than the plan's time. */
  static Result run(ServerProcess server, Plan plan) throws InterruptedException {
    List<Driver> drivers = new ArrayList<>();
    try {
      ClientConfig config =
          ClientConfig.builder()
              .url("ws://127.0.0.1:" + server.port() + "/")
              .bufferBytes(PeerServers.MAX_MESSAGE + 16, PeerServers.MAX_MESSAGE + 16)
              .build();
      byte[] message = new byte[plan.size()];
      new SplittableRandom(plan.size()).nextBytes(message);
      for (int i = 0; i < plan.connections(); i++) {
        drivers.add(new Driver(WebSocketClient.open(config), message, plan.rounds(), i));
      }
      long start = System.nanoTime() + START_DELAY_NANOS;
      long measureStart = start + TimeUnit.MILLISECONDS.toNanos(plan.warmupMillis());
      long roundNanos = TimeUnit.MILLISECONDS.toNanos(plan.roundMillis());
      long end = measureStart + plan.rounds() * roundNanos;
      List<Thread> threads = new ArrayList<>();
      for (Driver d : drivers) {
        d.schedule(start, measureStart, roundNanos, end);
        threads.add(Thread.ofPlatform().name("bench-load-" + d.index).start(d));
      }
      sleepUntil(measureStart);
      ServerProcess.Allocated before = server.allocated();
      sleepUntil(end);
      ServerProcess.Allocated after = server.allocated();
      long joinDeadline = end + TimeUnit.MILLISECONDS.toNanos(RECV_TIMEOUT_MILLIS + 5_000);
      for (Thread t : threads) {
        long left = joinDeadline - System.nanoTime();
        if (left > 0) {
          t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
      }
      for (Driver d : drivers) {
        if (d.error != null) {
          return Result.failed(d.error);
        }
        if (!d.done) {
          return Result.failed("a connection was still busy " + RECV_TIMEOUT_MILLIS + " ms late");
        }
      }
      return summarize(drivers, plan, before, after);
    } catch (IOException e) {
      return Result.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
    } finally {
      for (Driver d : drivers) {
        d.close();
      }
    }
  }

  private static Result summarize(
      List<Driver> drivers,
      Plan plan,
      ServerProcess.Allocated before,
      ServerProcess.Allocated after) {
    int rounds = plan.rounds();
    double[] rate = new double[rounds];
    double[] p50 = new double[rounds];
    double[] p99 = new double[rounds];
    long total = 0;
    for (int r = 0; r < rounds; r++) {
      long count = 0;
      int samples = 0;
      for (Driver d : drivers) {
        count += d.counts[r];
        samples += d.kept(r);
      }
      long[] merged = new long[samples];
      int at = 0;
      for (Driver d : drivers) {
        System.arraycopy(d.samples[r], 0, merged, at, d.kept(r));
        at += d.kept(r);
      }
      Arrays.sort(merged);
      total += count;
      rate[r] = count * 1000.0 / plan.roundMillis();
      p50[r] = Stats.percentile(merged, 0.50) / 1000.0;
      p99[r] = Stats.percentile(merged, 0.99) / 1000.0;
    }
    if (total == 0) {
      return Result.failed("no echo completed");
    }
    double service =
        before.serviceThread() < 0 || after.serviceThread() < 0
            ? -1
            : (after.serviceThread() - before.serviceThread()) / (double) total;
    double all = (after.allThreads() - before.allThreads()) / (double) total;
    return new Result(Stats.median(rate), Stats.median(p50), Stats.median(p99), service, all, null);
  }

  private static void sleepUntil(long deadline) {
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
    }
  }

  /** One connection's loop. Its arrays are written by its thread and read after the join. */
  private static final class Driver implements Runnable {
    final int index;
    private final WebSocketClient client;
    private final byte[] message;
    private final byte[] buffer;
    private final MessageHeader header = new MessageHeader();
    final long[] counts;
    final long[][] samples;
    private final SplittableRandom random;
    private long start;
    private long measureStart;
    private long roundNanos;
    private long end;
    volatile String error;
    volatile boolean done;

    Driver(WebSocketClient client, byte[] message, int rounds, int index) {
      this.client = client;
      this.message = message;
      this.buffer = new byte[Math.max(1, message.length)];
      this.counts = new long[rounds];
      this.samples = new long[rounds][SAMPLES];
      this.random = new SplittableRandom(index);
      this.index = index;
    }

    void schedule(long startAt, long measureAt, long round, long endAt) {
      this.start = startAt;
      this.measureStart = measureAt;
      this.roundNanos = round;
      this.end = endAt;
    }

    int kept(int round) {
      return (int) Math.min(counts[round], SAMPLES);
    }

    @Override
    public void run() {
      try {
        sleepUntil(start);
        boolean first = true;
        while (true) {
          long t0 = System.nanoTime();
          if (t0 - end >= 0) {
            break;
          }
          client.sendBinary(message, 0, message.length);
          int length = receiveEcho();
          long t1 = System.nanoTime();
          if (length != message.length
              || (length > 0
                  && (buffer[0] != message[0] || buffer[length - 1] != message[length - 1]))
              || (first && !Arrays.equals(buffer, 0, length, message, 0, length))) {
            error = "the echo of a " + message.length + " B message came back different";
            return;
          }
          first = false;
          if (t0 - measureStart >= 0) {
            record((int) ((t0 - measureStart) / roundNanos), t1 - t0);
          }
        }
        done = true;
      } catch (IOException | RuntimeException e) {
        error = e.getClass().getSimpleName() + ": " + e.getMessage();
      }
    }

    private int receiveEcho() throws IOException {
      int length = 0;
      while (true) {
        int n = client.recv(header, buffer, length, buffer.length - length, RECV_TIMEOUT_MILLIS);
        if (n < 0) {
          throw new IOException(
              n == WebSocketClient.TIMEOUT
                  ? "no echo within " + RECV_TIMEOUT_MILLIS + " ms"
                  : "the server closed the connection");
        }
        if (header.opcode() == WebSocketProtocol.OPCODE_PONG) {
          continue;
        }
        length += n;
        if (header.endOfMessage()) {
          return length;
        }
        if (length == buffer.length) {
          throw new IOException("the echo is longer than the " + buffer.length + " B sent");
        }
      }
    }

    private void record(int round, long nanos) {
      if (round >= counts.length) {
        return;
      }
      long seen = counts[round]++;
      if (seen < SAMPLES) {
        samples[round][(int) seen] = nanos;
      } else {
        long slot = random.nextLong(seen + 1);
        if (slot < SAMPLES) {
          samples[round][(int) slot] = nanos;
        }
      }
    }

    void close() {
      try {
        client.close(1000, "", 2_000);
      } catch (IOException | RuntimeException e) {
        // the cell's result already says what went wrong
      }
    }
  }
}

package io.lightwire.firmware.mqtt;

import static io.lightwire.firmware.mqtt.BridgedBoard.number;
import static io.lightwire.firmware.mqtt.BridgedBoard.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lightwire.firmware.MemoryPlan;
import io.lightwire.firmware.streams.StreamContext;
import io.lightwire.firmware.streams.Streams;
import io.lightwire.websock.pool.Pool;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgpack.value.Value;

/**
 * What the bridge costs, against a real Mosquitto: the threads it adds, bytes allocated per
 * published stream value on the writer's thread (zero: the bridge only copies the value into the
 * outgoing queue; the same writes without the bridge are measured too) and on the bridge's and the
 * MQTT client's threads (printed; docs/decisions.md records the figures).
 */
@Tag("mqtt")
class MqttCostTest {

  private static final int WARMUP = 3_000;
  private static final int MEASURED = 2_000;
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  @TempDir Path dir;

  private static Set<String> threadNames() {
    Set<String> names = new TreeSet<>();
    Thread.getAllStackTraces().keySet().forEach(t -> names.add(t.getName()));
    return names;
  }

  private static long[] mqttThreadIds() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("lightwire-mqtt") || t.getName().startsWith("MQTT"))
        .mapToLong(Thread::threadId)
        .toArray();
  }

  private static long allocated(long[] ids) {
    long sum = 0;
    for (long b : THREADS.getThreadAllocatedBytes(ids)) {
      sum += Math.max(0, b);
    }
    return sum;
  }

  @Test
  void threadsAndAllocationPerPublishedValue() throws Exception {
    try (MosquittoBroker broker = MosquittoBroker.start(dir, new MosquittoBroker.Options())) {
      BridgedBoard probe = BridgedBoard.boot(dir, broker.url(), Map.of("mqtt.url", ""));
      Set<String> without = threadNames();
      // Warms the stream write path up (no broker in the way), then measures it without the bridge.
      long baseline = writerBytes(probe.firmware.streams(), 20_000, MEASURED, null);
      System.out.println("writer bytes per value without the bridge: " + baseline);
      probe.close();
      BridgedBoard board =
          BridgedBoard.boot(dir, broker.url(), Map.of("mqtt.queue-messages", "1024"));
      try {
        board.awaitStatus(s -> text(s, "state").equals("connected"), 10_000);
        Set<String> added = threadNames();
        added.removeAll(without);
        added.removeIf(n -> !n.startsWith("lightwire-mqtt") && !n.startsWith("MQTT"));
        System.out.println("threads the MQTT bridge adds: " + added);
        assertEquals(
            1, added.stream().filter(n -> n.equals("lightwire-mqtt")).count(), added.toString());

        long[] mqtt = mqttThreadIds();
        Streams streams = board.firmware.streams();
        Pool queue = board.pool(MemoryPlan.MQTT_MESSAGES);
        writerBytes(streams, WARMUP, 0, queue);
        awaitDrained(board);
        long mqttBefore = allocated(mqtt);
        long writerBytes = writerBytes(streams, 0, MEASURED, queue);
        awaitDrained(board);
        long mqttBytes = allocated(mqtt) - mqttBefore;
        System.out.printf(
            "per published stream value (QoS 1): writer thread %d B (%d B without the bridge),"
                + " bridge + client threads %d B%n",
            writerBytes, baseline, mqttBytes / MEASURED);
        // The tap's copy into the queue allocates nothing: zero, as without the bridge (the
        // baseline's 20 000 writes also warmed the shared write path up).
        assertEquals(
            0,
            writerBytes,
            "bytes per value on the writing thread (without the bridge: " + baseline + ")");
        assertEquals(0, number(board.mqttStatus(), "queueRefused"));
      } finally {
        board.close();
      }
    }
  }

  /**
   * Writes {@code warmup} then {@code measured} values to all pages; returns the writing thread's
   * bytes per measured value. With a {@code queue}, waits while it is half full: this measures, it
   * does not flood.
   */
  private static long writerBytes(Streams streams, int warmup, int measured, Pool queue) {
    long writer = Thread.currentThread().threadId();
    long total = 0;
    for (int i = 0; i < warmup + measured; i++) {
      while (queue != null && queue.inUse() > queue.capacity() / 2) {
        Thread.onSpinWait();
      }
      long before = THREADS.getThreadAllocatedBytes(writer);
      StreamContext c = streams.write(Streams.ALL, "counter");
      try {
        c.packer().packLong(i);
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
      streams.flush(c, 1_000);
      long after = THREADS.getThreadAllocatedBytes(writer);
      if (i >= warmup) {
        total += after - before;
      }
    }
    return measured == 0 ? 0 : total / measured;
  }

  /** Waits until the queue is empty and the broker acknowledged everything published. */
  private static void awaitDrained(BridgedBoard board) throws Exception {
    Map<Value, Value> s =
        board.awaitStatus(
            x -> number(x, "queueInUse") == 0 && number(x, "delivered") == number(x, "published"),
            30_000);
    assertEquals(0, number(s, "queueInUse"), s.toString());
  }
}

package io.lightwire.firmware.mqtt;

import io.lightwire.firmware.internal.CameraService;
import io.lightwire.firmware.json.JsonCodec;
import io.lightwire.hal.FrameInfo;
import io.lightwire.websock.pool.BufferPool;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;

/**
 * Hands messages to the MQTT client on the MQTT thread: retained states, the outgoing queue's
 * messages (in order; one leaves the queue only once the client took it), camera snapshots. When
 * the client's in-flight window is full, the queue waits and the thread sleeps briefly until a
 * delivery completes. MQTT thread only, except the counters.
 */
final class Publisher {

  /** Sleep while the in-flight window is full (a delivery wakes the thread sooner), in ms. */
  static final long BACK_PRESSURE_MILLIS = 20;

  /** Longest wait of a retained state for room in the in-flight window, in ms. */
  private static final long STATE_WAIT_MILLIS = 2_000;

  /** Longest wait for a camera frame for a snapshot, in ms (an idle camera starts first). */
  private static final long FRAME_WAIT_MILLIS = 3_000;

  private static final System.Logger LOG = System.getLogger("io.lightwire.firmware.mqtt");

  private final MqttAsyncClient client;
  private final int qos;
  private final FrameInfo frame = new FrameInfo();
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong delivered = new AtomicLong();
  private volatile boolean backPressured;
  private ByteBuffer snapshotBuffer;

  Publisher(MqttAsyncClient client, int qos) {
    this.client = client;
    this.qos = qos;
  }

  /**
   * Publishes a retained state, waiting (bounded) for room in the in-flight window.
   *
   * @return false when the client is not connected or the window stayed full
   */
  boolean retained(String topic, byte[] payload) {
    long deadline = System.nanoTime() + STATE_WAIT_MILLIS * 1_000_000L;
    while (true) {
      int result = publish(topic, payload, true);
      if (result > 0) {
        return true;
      }
      if (result < 0 || System.nanoTime() >= deadline) {
        return false;
      }
      LockSupport.parkNanos(BACK_PRESSURE_MILLIS * 1_000_000L);
    }
  }

  /** Moves the queue's messages to the client, oldest first, while it takes them. */
  void drain(OutgoingQueue queue) {
    while (!queue.isEmpty()) {
      byte[] payload = queue.copyPayload();
      if (queue.format() == OutgoingQueue.MSGPACK_AS_JSON) {
        payload = json(queue.topic(), payload);
        if (payload == null) {
          queue.remove(); // cannot happen for a value the stream packer wrote; logged
          continue;
        }
      }
      int result = publish(queue.topic(), payload, queue.retained());
      if (result <= 0) {
        return; // the window is full, or the connection is gone: it stays queued
      }
      queue.remove();
    }
  }

  /**
   * Publishes the camera's newest frame to {@code topic} (not retained: a JPEG is large).
   *
   * @return true when published
   */
  boolean snapshot(CameraService camera, BufferPool pool, String topic) {
    if (snapshotBuffer == null) {
      snapshotBuffer = pool.acquire();
      if (snapshotBuffer == null) {
        return false;
      }
    }
    byte[] array = snapshotBuffer.array();
    int offset = snapshotBuffer.arrayOffset();
    int n = camera.snapshot(frame, array, offset, FRAME_WAIT_MILLIS);
    if (n <= 0) {
      LOG.log(System.Logger.Level.WARNING, "mqtt: no camera frame for the snapshot ({0})", n);
      return false;
    }
    // The client keeps the payload until the broker has it: it gets its own copy.
    return publish(topic, Arrays.copyOfRange(array, offset, offset + n), false) > 0;
  }

  /** Gives the snapshot buffer back (the bridge stopped). */
  void releaseSnapshot(BufferPool pool) {
    if (snapshotBuffer != null) {
      pool.release(snapshotBuffer);
      snapshotBuffer = null;
    }
  }

  /** 1: handed over; 0: the in-flight window is full; -1: not connected or refused. */
  private int publish(String topic, byte[] payload, boolean retain) {
    try {
      client.publish(topic, payload, qos, retain);
      published.incrementAndGet();
      backPressured = false;
      return 1;
    } catch (MqttException e) {
      if (e.getReasonCode() == MqttException.REASON_CODE_MAX_INFLIGHT) {
        backPressured = true;
        return 0;
      }
      return -1;
    }
  }

  private static byte[] json(String topic, byte[] msgpack) {
    try (MessageUnpacker u = MessagePack.newDefaultUnpacker(msgpack)) {
      return JsonCodec.toJson(u.unpackValue()).getBytes(StandardCharsets.UTF_8);
    } catch (IOException | MessagePackException e) {
      LOG.log(System.Logger.Level.ERROR, "mqtt: {0}: the value is not msgpack; dropped", topic);
      return null;
    }
  }

  /** A delivery completed: Paho's callback thread. */
  void delivered() {
    delivered.incrementAndGet();
    backPressured = false;
  }

  /** True while the client's in-flight window was full at the last try. */
  boolean backPressured() {
    return backPressured;
  }

  long published() {
    return published.get();
  }

  long deliveredCount() {
    return delivered.get();
  }
}

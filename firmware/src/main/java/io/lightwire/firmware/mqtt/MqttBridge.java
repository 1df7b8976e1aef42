package io.lightwire.firmware.mqtt;

import io.lightwire.firmware.ApplicationThread;
import io.lightwire.firmware.internal.CameraService;
import io.lightwire.firmware.internal.GpioPins;
import io.lightwire.firmware.streams.Streams;
import io.lightwire.hal.Subscription;
import io.lightwire.websock.pool.BufferPool;
import io.lightwire.websock.pool.Pool;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The MQTT bridge (docs/mqtt.md): the board's GPIO, device streams and camera on an existing
 * broker, with Home Assistant discovery. On when {@code mqtt.url} is set.
 *
 * <p><b>Threads.</b> One thread of its own, {@code lightwire-mqtt}, connects (with back-off),
 * announces (status, discovery, every pin), publishes pin changes, drains the outgoing queue and
 * takes snapshots; it sleeps until something changes. The client library (Eclipse Paho) runs its
 * socket reader, writer, callback and ping threads beside it (docs/decisions.md). Commands from the
 * broker are checked on Paho's callback thread and applied on the application thread. Nothing here
 * ever blocks the application thread or the service thread: they only copy into the outgoing queue
 * or set a flag.
 *
 * <p><b>Delivery.</b> Pin and status states are retained and sent again after every reconnect;
 * stream values are queued (the memory plan's {@code mqtt messages}) and wait there while the
 * broker is away. A clean session is not asked for, so the broker keeps the bridge's subscriptions
 * and the client sends again, after a reconnect, every QoS 1 or 2 message the broker had not
 * acknowledged.
 */
public final class MqttBridge implements AutoCloseable {

  /** The status payloads (and Home Assistant's availability payloads). */
  static final String ONLINE = "online";

  static final String OFFLINE = "offline";

  /** Messages the client may have sent and not yet had acknowledged. */
  static final int MAX_IN_FLIGHT = 32;

  /** Longest sleep of the MQTT thread when nothing wakes it, in ms. */
  static final long IDLE_MILLIS = 1_000;

  /** How long close waits for the offline status and the disconnect, in ms. */
  static final long CLOSE_MILLIS = 2_000;

  private static final System.Logger LOG = System.getLogger("io.lightwire.firmware.mqtt");

  private final MqttSettings settings;
  private final Topics topics;
  private final GpioPins gpio;
  private volatile Subscription watchingPins;
  private final Streams streams;
  private final CameraService camera;
  private final BufferPool snapshotPool;
  private final OutgoingQueue queue;
  private final Commands commands;
  private final PinStates pins;
  private final Announcer announcer;
  private final MqttAsyncClient client;
  private final MqttConnectOptions options;
  private final Thread thread;
  private final Publisher publisher;
  private final LongSupplier nanoClock;
  private final AtomicLong connects = new AtomicLong();
  private final AtomicLong connectFailures = new AtomicLong();
  private final AtomicLong connectionsLost = new AtomicLong();
  private final AtomicLong snapshots = new AtomicLong();
  private volatile boolean running;
  private volatile boolean pinsChanged = true;
  private volatile boolean snapshotWanted;
  private volatile String state = "starting";
  private volatile String lastError = "";
  private long backoffMillis;
  private long nextSnapshotNanos;

  /**
   * A bridge for {@code settings}, not yet started.
   *
   * @param messages the memory plan's {@code mqtt messages} pool (the outgoing queue)
   * @param snapshot the memory plan's {@code mqtt snapshot} pool (one buffer, or none without a
   *     camera)
   * @param camera the camera service (snapshots start an idle camera), or null when it is off
   * @param nanoClock the firmware's clock ({@link System#nanoTime()} scale): the snapshot interval
   *     and the discovery refresh; after moving a manual clock call {@link #clockMoved()}
   * @throws IOException when the TLS settings cannot be used (the CA file is unreadable)
   */
  public MqttBridge(
      MqttSettings settings,
      BufferPool messages,
      BufferPool snapshot,
      GpioPins gpio,
      ApplicationThread app,
      Streams streams,
      CameraService camera,
      String boardName,
      String version,
      LongSupplier nanoClock)
      throws IOException {
    this.settings = settings;
    this.nanoClock = nanoClock;
    this.topics = new Topics(settings.prefix());
    this.gpio = gpio;
    this.streams = streams;
    this.camera = snapshot.capacity() > 0 ? camera : null;
    this.snapshotPool = snapshot;
    this.queue = new OutgoingQueue(messages);
    this.pins = new PinStates(gpio, topics);
    this.commands = new Commands(topics, gpio, app, streams, this::requestSnapshot);
    Discovery discovery =
        settings.discoveryPrefix() == null
            ? null
            : new Discovery(
                settings.discoveryPrefix(),
                settings.nodeId(),
                topics,
                boardName,
                version,
                settings.qos());
    this.announcer =
        new Announcer(topics, discovery, gpio, streams, this.camera != null, nanoClock);
    this.options = ConnectOptions.of(settings, topics.status(), MAX_IN_FLIGHT);
    try {
      this.client =
          new MqttAsyncClient(
              settings.url(), "lightwire-" + settings.nodeId(), new MemoryPersistence());
    } catch (MqttException e) {
      throw new IOException("mqtt.url '" + settings.url() + "': " + e.getMessage(), e);
    }
    this.publisher = new Publisher(client, settings.qos());
    this.thread = Thread.ofPlatform().name("lightwire-mqtt").daemon(true).unstarted(this::loop);
  }

  /** Starts the MQTT thread; it connects in the background (boot does not wait for the broker). */
  public void start() {
    running = true;
    client.setCallback(new Callback());
    watchingPins = gpio.watch(this::pinChanged);
    streams.setWriteAllTap(this::streamWritten);
    backoffMillis = settings.reconnectMinMillis();
    nextSnapshotNanos = nanoClock.getAsLong() + settings.cameraIntervalMillis() * 1_000_000L;
    thread.start();
  }

  /**
   * Makes the MQTT thread look at the clock now instead of at the end of its current wait (at most
   * {@value #IDLE_MILLIS} ms): for a test that moved the bridge's manual clock. Any thread.
   */
  public void clockMoved() {
    LockSupport.unpark(thread);
  }

  private void pinChanged() {
    pinsChanged = true;
    LockSupport.unpark(thread);
  }

  private void streamWritten(String stream, ByteBuffer value) {
    String topic = topics.stream(stream);
    if (topic != null && queue.offer(topic, value, OutgoingQueue.MSGPACK_AS_JSON, true)) {
      LockSupport.unpark(thread);
    }
  }

  private void requestSnapshot() {
    snapshotWanted = true;
    LockSupport.unpark(thread);
  }

  /** The MQTT thread: a duty cycle that sleeps when there is nothing to do. */
  private void loop() {
    while (running) {
      try {
        if (!client.isConnected() && !connect()) {
          sleep(backoffMillis);
          backoffMillis = Math.min(backoffMillis * 2, settings.reconnectMaxMillis());
          continue;
        }
        work();
      } catch (RuntimeException e) {
        lastError = "bridge failure: " + e;
        LOG.log(System.Logger.Level.ERROR, "mqtt: bridge pass failed; going on", e);
        sleep(IDLE_MILLIS);
      }
    }
    goOffline();
  }

  /** One attempt; on success the board is announced. Returns whether it is connected. */
  private boolean connect() {
    if (connects.get() == 0) {
      state = connectFailures.get() == 0 ? "connecting" : "retrying";
    } else {
      state = "reconnecting";
    }
    try {
      client.connect(options).waitForCompletion(settings.connectTimeoutMillis() + 1_000L);
    } catch (MqttException e) {
      connectFailures.incrementAndGet();
      lastError = ConnectOptions.explain(settings, e);
      state = connects.get() == 0 ? "retrying" : "reconnecting";
      LOG.log(
          System.Logger.Level.WARNING,
          "mqtt: cannot connect to {0}: {1}; attempt {2} failed, next in {3} ms",
          settings,
          lastError,
          connectFailures.get(),
          backoffMillis);
      ConnectOptions.abandon(client);
      return false;
    }
    connects.incrementAndGet();
    backoffMillis = settings.reconnectMinMillis();
    pins.forget();
    pinsChanged = true;
    // Connected before the announcement goes out: whoever sees "online" on the broker must find
    // /status saying connected too (the other order left a window that a test caught).
    state = "connected";
    try {
      announcer.announce(client, publisher, settings.qos());
    } catch (MqttException e) {
      lastError = "announcing after connect: " + e.getMessage();
      return client.isConnected();
    }
    LOG.log(System.Logger.Level.INFO, "mqtt: connected to {0}", settings);
    return true;
  }

  private void work() {
    if (pinsChanged) {
      pinsChanged = false;
      if (!pins.publishChanges(publisher::retained)) {
        pinsChanged = true;
      }
    }
    announcer.refreshStreams(publisher);
    publisher.drain(queue);
    long now = nanoClock.getAsLong();
    boolean due = settings.cameraIntervalMillis() > 0 && now - nextSnapshotNanos >= 0;
    if (camera != null && (snapshotWanted || due)) {
      snapshotWanted = false;
      nextSnapshotNanos = now + settings.cameraIntervalMillis() * 1_000_000L;
      if (publisher.snapshot(camera, snapshotPool, topics.snapshot())) {
        snapshots.incrementAndGet();
      }
    }
    if (!pinsChanged && !snapshotWanted && (queue.isEmpty() || publisher.backPressured())) {
      long wait = IDLE_MILLIS;
      if (camera != null && settings.cameraIntervalMillis() > 0) {
        wait =
            Math.min(wait, Math.max(1, (nextSnapshotNanos - nanoClock.getAsLong()) / 1_000_000L));
      }
      if (publisher.backPressured()) {
        wait = Math.min(wait, Publisher.BACK_PRESSURE_MILLIS);
      }
      sleep(wait);
    }
  }

  private static void sleep(long millis) {
    LockSupport.parkNanos(millis * 1_000_000L);
  }

  /**
   * On the MQTT thread when it stops: the retained status says offline, then a clean disconnect.
   */
  private void goOffline() {
    try {
      if (client.isConnected()) {
        client
            .publish(
                topics.status(), OFFLINE.getBytes(StandardCharsets.US_ASCII), settings.qos(), true)
            .waitForCompletion(CLOSE_MILLIS);
        client.disconnect(CLOSE_MILLIS).waitForCompletion(CLOSE_MILLIS);
      }
    } catch (MqttException e) {
      LOG.log(System.Logger.Level.WARNING, "mqtt: clean disconnect failed: {0}", e.getMessage());
    } finally {
      try {
        if (client.isConnected()) {
          client.disconnectForcibly(0, CLOSE_MILLIS, false);
        }
        client.close(true);
      } catch (MqttException e) {
        LOG.log(System.Logger.Level.WARNING, "mqtt: closing the client: {0}", e.getMessage());
      }
      state = "stopped";
    }
  }

  private void closeUnstarted() {
    try {
      client.close(true);
    } catch (MqttException e) {
      LOG.log(System.Logger.Level.DEBUG, "mqtt: closing an unstarted client: {0}", e.getMessage());
    }
  }

  /** Paho's callbacks: its callback thread. */
  private final class Callback implements MqttCallback {
    @Override
    public void connectionLost(Throwable cause) {
      connectionsLost.incrementAndGet();
      lastError = "connection lost: " + (cause == null ? "unknown" : cause.getMessage());
      state = "reconnecting";
      LOG.log(System.Logger.Level.WARNING, "mqtt: {0} ({1}); reconnecting", lastError, settings);
      LockSupport.unpark(thread);
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      commands.arrived(topic, message.getPayload(), message.isRetained());
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
      publisher.delivered();
      LockSupport.unpark(thread); // the in-flight window has room again
    }
  }

  // ---- status

  /**
   * {@code connecting}, {@code connected}, {@code retrying}, {@code reconnecting}, {@code stopped}.
   */
  public String state() {
    return state;
  }

  /** The broker and user, never the password. */
  public String broker() {
    return settings.toString();
  }

  /** The last connection or bridge error, or empty. */
  public String lastError() {
    return lastError;
  }

  /** Successful connections since boot. */
  public long connects() {
    return connects.get();
  }

  /** Connection attempts that failed (each is retried after the back-off). */
  public long connectFailures() {
    return connectFailures.get();
  }

  /** Connections that were lost after they were up. */
  public long connectionsLost() {
    return connectionsLost.get();
  }

  /** Messages handed to the client. */
  public long published() {
    return publisher.published();
  }

  /** QoS 1 and 2 messages the broker acknowledged (QoS 0: written). */
  public long delivered() {
    return publisher.deliveredCount();
  }

  /** The outgoing queue's pool (capacity and messages waiting). */
  public Pool queuePool() {
    return queue.pool();
  }

  /** Messages the full outgoing queue refused. */
  public long queueRefused() {
    return queue.refused();
  }

  /** Messages refused for being larger than {@code mqtt.message-bytes}. */
  public long queueTooBig() {
    return queue.tooBig();
  }

  /** Commands from the broker applied. */
  public long commandsApplied() {
    return commands.applied();
  }

  /** Commands from the broker refused (malformed, wrong pin or stream, retained, queue full). */
  public long commandsRefused() {
    return commands.refused();
  }

  /** Why the last command was refused, or empty. */
  public String lastCommandRefusal() {
    return commands.lastRefusal();
  }

  /** Camera snapshots published. */
  public long snapshots() {
    return snapshots.get();
  }

  /** The topic prefix. */
  public String topicPrefix() {
    return topics.prefix();
  }

  /**
   * Stops: the MQTT thread publishes the retained {@code offline} status and disconnects cleanly
   * (so the broker does not send the last will), the outgoing queue is emptied and its buffers and
   * the snapshot buffer go back. Idempotent.
   */
  @Override
  public void close() {
    if (!running) {
      if (thread.getState() == Thread.State.NEW) {
        closeUnstarted(); // boot failed after the bridge was made
      }
      return;
    }
    running = false;
    if (watchingPins != null) {
      watchingPins.close();
    }
    streams.setWriteAllTap(null);
    LockSupport.unpark(thread);
    boolean interrupted = false;
    long deadline =
        System.nanoTime() + (3 * CLOSE_MILLIS + settings.connectTimeoutMillis()) * 1_000_000L;
    while (thread.isAlive() && System.nanoTime() < deadline) {
      try {
        thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    queue.clear();
    publisher.releaseSnapshot(snapshotPool);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}

package io.lightwire.firmware.mqtt;

import io.lightwire.firmware.internal.GpioPins;
import io.lightwire.firmware.streams.Permission;
import io.lightwire.firmware.streams.Streams;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * What the bridge tells the broker after each connect: it subscribes to the command topics, sets
 * the retained status to {@code online} and publishes Home Assistant's discovery configs (when
 * discovery is on). Device streams registered or removed later get their sensor config added or
 * removed within a second. MQTT thread only.
 */
final class Announcer {

  /** How often the device streams are compared with what discovery announced, in ms. */
  static final long STREAMS_CHECK_MILLIS = 1_000;

  private final Topics topics;
  private final Discovery discovery;
  private final GpioPins gpio;
  private final Streams streams;
  private final boolean camera;
  private final LongSupplier nanoClock;
  private final Map<String, Discovery.Config> announcedStreams = new TreeMap<>();
  private long nextStreamsCheckNanos;

  Announcer(
      Topics topics,
      Discovery discovery,
      GpioPins gpio,
      Streams streams,
      boolean camera,
      LongSupplier nanoClock) {
    this.topics = topics;
    this.nanoClock = nanoClock;
    this.discovery = discovery;
    this.gpio = gpio;
    this.streams = streams;
    this.camera = camera;
  }

  /**
   * Subscribes, says online, announces every entity.
   *
   * @throws MqttException when the subscription fails (the connection is gone)
   */
  void announce(MqttAsyncClient client, Publisher publisher, int qos) throws MqttException {
    String[] filters = topics.subscriptions();
    int[] qoss = new int[filters.length];
    Arrays.fill(qoss, qos);
    client.subscribe(filters, qoss).waitForCompletion(MqttBridge.CLOSE_MILLIS);
    publisher.retained(topics.status(), MqttBridge.ONLINE.getBytes(StandardCharsets.US_ASCII));
    if (discovery == null) {
      return;
    }
    List<Discovery.Config> configs = new ArrayList<>();
    gpio.outputs().forEach(bcm -> configs.add(discovery.output(bcm)));
    gpio.inputs().forEach(bcm -> configs.add(discovery.input(bcm)));
    gpio.pwmPins().forEach(bcm -> configs.add(discovery.pwm(bcm)));
    if (camera) {
      configs.add(discovery.camera());
    }
    for (Discovery.Config c : configs) {
      publisher.retained(c.topic(), c.payload());
    }
    announcedStreams.clear();
    nextStreamsCheckNanos = nanoClock.getAsLong();
    refreshStreams(publisher);
  }

  /** Announces readable device streams not yet announced, removes those that went away. */
  void refreshStreams(Publisher publisher) {
    long now = nanoClock.getAsLong();
    if (discovery == null || now - nextStreamsCheckNanos < 0) {
      return;
    }
    nextStreamsCheckNanos = now + STREAMS_CHECK_MILLIS * 1_000_000L;
    List<String> readable = new ArrayList<>();
    for (String name : streams.names()) {
      Permission p = streams.permission(name);
      if (p != null && p.allowsRead() && topics.stream(name) != null) {
        readable.add(name);
      }
    }
    for (String name : readable) {
      if (!announcedStreams.containsKey(name)) {
        Discovery.Config c = discovery.stream(name, topics.stream(name));
        if (publisher.retained(c.topic(), c.payload())) {
          announcedStreams.put(name, c);
        }
      }
    }
    for (String name : new ArrayList<>(announcedStreams.keySet())) {
      if (!readable.contains(name)) {
        Discovery.Config removal = Discovery.removal(announcedStreams.get(name));
        if (publisher.retained(removal.topic(), removal.payload())) {
          announcedStreams.remove(name);
        }
      }
    }
  }
}

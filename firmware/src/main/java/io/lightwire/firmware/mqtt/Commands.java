package io.lightwire.firmware.mqtt;

import io.lightwire.firmware.ApplicationThread;
import io.lightwire.firmware.internal.GpioPins;
import io.lightwire.firmware.json.JsonCodec;
import io.lightwire.firmware.json.JsonException;
import io.lightwire.firmware.streams.Streams;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.msgpack.value.Value;

/**
 * The commands that arrive over MQTT: checked on the MQTT client's callback thread, applied on the
 * application thread (GPIO writes and stream handlers run there, as for the page and REST). A
 * command that is malformed, names a pin or stream that cannot take it, or finds the application
 * queue full is refused: counted, logged with the reason, and the last reason kept for {@code
 * /status}. Retained command messages are ignored (and counted): a stale {@code set} left on the
 * broker must not drive a pin again after every reconnect.
 *
 * <p>Who may send them is the broker's business: its authentication and ACLs authorise MQTT
 * controls, not the page's access token.
 */
final class Commands {

  private static final System.Logger LOG = System.getLogger("io.lightwire.firmware.mqtt");

  private final Topics topics;
  private final GpioPins gpio;
  private final ApplicationThread app;
  private final Streams streams;
  private final Runnable snapshotRequest;
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private volatile String lastRefusal = "";

  Commands(
      Topics topics,
      GpioPins gpio,
      ApplicationThread app,
      Streams streams,
      Runnable snapshotRequest) {
    this.topics = topics;
    this.gpio = gpio;
    this.app = app;
    this.streams = streams;
    this.snapshotRequest = snapshotRequest;
  }

  /** The client's callback thread: one message on a subscribed topic. */
  void arrived(String topic, byte[] payload, boolean retained) {
    Topics.Command command = topics.parse(topic);
    if (command == null) {
      refuse(topic, "not a command topic of this board (see docs/mqtt.md)");
      return;
    }
    if (retained) {
      refuse(topic, "a retained command is ignored; publish commands without the retain flag");
      return;
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(payload)).toString().strip();
    } catch (CharacterCodingException e) {
      refuse(topic, "the payload is not UTF-8 text");
      return;
    }
    switch (command.kind()) {
      case GPIO_SET -> gpioSet(topic, command.bcm(), text);
      case PWM_SET -> pwmSet(topic, command.bcm(), text);
      case STREAM_SET -> streamSet(topic, command.stream(), text);
      case SNAPSHOT -> snapshotRequest.run();
    }
  }

  private void gpioSet(String topic, int bcm, String text) {
    if (!gpio.outputs().contains(bcm)) {
      refuse(topic, "GPIO " + bcm + " is not an opened output; outputs: " + gpio.outputs());
      return;
    }
    String value = text.toUpperCase(Locale.ROOT);
    if (!value.equals("ON") && !value.equals("OFF") && !value.equals("TOGGLE")) {
      refuse(topic, "'" + shorten(text) + "' is not ON, OFF or TOGGLE");
      return;
    }
    apply(
        topic,
        () -> gpio.write(bcm, value.equals("TOGGLE") ? !gpio.level(bcm) : value.equals("ON")));
  }

  private void pwmSet(String topic, int bcm, String text) {
    if (!gpio.pwmPins().contains(bcm)) {
      refuse(topic, "GPIO " + bcm + " is not an opened PWM pin; PWM pins: " + gpio.pwmPins());
      return;
    }
    double duty;
    try {
      duty = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      duty = Double.NaN;
    }
    if (!(duty >= 0 && duty <= 100)) {
      refuse(topic, "'" + shorten(text) + "' is not a duty from 0 to 100 (percent)");
      return;
    }
    double d = duty;
    apply(topic, () -> gpio.writeDuty(bcm, d));
  }

  private void streamSet(String topic, String name, String text) {
    Value value;
    try {
      value = JsonCodec.parse(text);
    } catch (JsonException e) {
      refuse(topic, "the payload is not JSON: " + e.getMessage());
      return;
    }
    String error = streams.writeFromOutside(name, value);
    if (error != null) {
      refuse(topic, "stream '" + name + "': " + error);
      return;
    }
    applied.incrementAndGet();
  }

  private void apply(String topic, Runnable change) {
    boolean posted =
        app.post(
            () -> {
              change.run();
              applied.incrementAndGet();
            });
    if (!posted) {
      refuse(topic, "the application queue is full");
    }
  }

  private void refuse(String topic, String reason) {
    refused.incrementAndGet();
    lastRefusal = topic + ": " + reason;
    LOG.log(System.Logger.Level.WARNING, "mqtt: command refused on {0}: {1}", topic, reason);
  }

  private static String shorten(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }

  /** Commands applied (for streams: handed to the stream's handler). */
  long applied() {
    return applied.get();
  }

  /** Commands refused. */
  long refused() {
    return refused.get();
  }

  /** Why the last command was refused, or empty. */
  String lastRefusal() {
    return lastRefusal;
  }
}

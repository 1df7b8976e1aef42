package io.lightwire.firmware.mqtt;

import io.lightwire.firmware.internal.GpioPins;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * What the broker was last told about each opened pin, so the MQTT thread publishes only the pins
 * that changed (and all of them after a reconnect). MQTT thread only.
 */
final class PinStates {

  /** Publishes one retained state; returns false when the connection is gone. */
  interface Sink {
    boolean publish(String topic, byte[] payload);
  }

  private static final byte[] ON = "ON".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] OFF = "OFF".getBytes(StandardCharsets.US_ASCII);
  private static final byte UNKNOWN = -1;

  private final GpioPins gpio;
  private final Topics topics;
  private final int[] digital;
  private final int[] pwm;
  private final byte[] sentLevel = new byte[Topics.MAX_BCM + 1];
  private final double[] sentDuty = new double[Topics.MAX_BCM + 1];

  PinStates(GpioPins gpio, Topics topics) {
    this.gpio = gpio;
    this.topics = topics;
    List<Integer> levels = new java.util.ArrayList<>(gpio.outputs());
    levels.addAll(gpio.inputs());
    this.digital = levels.stream().mapToInt(Integer::intValue).toArray();
    this.pwm = gpio.pwmPins().stream().mapToInt(Integer::intValue).toArray();
    forget();
  }

  /** After a reconnect: everything is sent again. */
  void forget() {
    java.util.Arrays.fill(sentLevel, UNKNOWN);
    java.util.Arrays.fill(sentDuty, Double.NaN);
  }

  /**
   * Publishes every pin whose level or duty differs from what was last sent.
   *
   * @return false when a publish failed (the rest waits for the next pass)
   */
  boolean publishChanges(Sink sink) {
    for (int bcm : digital) {
      byte level = gpio.level(bcm) ? (byte) 1 : (byte) 0;
      if (level != sentLevel[bcm]) {
        if (!sink.publish(topics.gpioState(bcm), level == 1 ? ON : OFF)) {
          return false;
        }
        sentLevel[bcm] = level;
      }
    }
    for (int bcm : pwm) {
      double duty = gpio.duty(bcm);
      if (Double.compare(duty, sentDuty[bcm]) != 0) {
        if (!sink.publish(topics.pwmState(bcm), dutyText(duty))) {
          return false;
        }
        sentDuty[bcm] = duty;
      }
    }
    return true;
  }

  /** A duty as Home Assistant's number entity reads it: {@code 25}, {@code 12.5}. */
  static byte[] dutyText(double duty) {
    String text =
        duty == Math.rint(duty)
            ? Long.toString((long) duty)
            : String.format(Locale.ROOT, "%.3f", duty).replaceAll("0+$", "");
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}

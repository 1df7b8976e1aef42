package io.lightwire.firmware.mqtt;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bridge's topics under one prefix, made once per pin and stream so publishing builds no
 * strings, and the parser of the command topics it subscribes to:
 *
 * <pre>
 * PREFIX/status                     online | offline (retained; offline is the last will)
 * PREFIX/gpio/BCM/state             ON | OFF (retained), inputs and outputs
 * PREFIX/gpio/BCM/set               ON | OFF | TOGGLE, outputs
 * PREFIX/pwm/BCM/state              duty in percent (retained)
 * PREFIX/pwm/BCM/set                duty in percent, 0 to 100
 * PREFIX/streams/NAME               the value, JSON, each time the device writes it to all pages
 * PREFIX/streams/NAME/set           a JSON value written to device stream NAME
 * PREFIX/camera/snapshot            one JPEG, on request and every mqtt.camera-interval-ms
 * PREFIX/camera/snapshot/set        any payload: publish a snapshot now
 * </pre>
 */
final class Topics {

  /** What a command topic asks for. */
  enum Kind {
    GPIO_SET,
    PWM_SET,
    STREAM_SET,
    SNAPSHOT
  }

  /**
   * A parsed command topic.
   *
   * @param kind what it asks for
   * @param bcm the GPIO of a GPIO or PWM command, else -1
   * @param stream the stream of a stream command, else null
   */
  record Command(Kind kind, int bcm, String stream) {}

  /** Highest BCM GPIO number a topic may name (the header's are 0 to 27). */
  static final int MAX_BCM = 63;

  private static final String SET = "/set";

  private final String prefix;
  private final String status;
  private final String snapshot;
  private final String[] gpioState = new String[MAX_BCM + 1];
  private final String[] pwmState = new String[MAX_BCM + 1];
  private final Map<String, String> streams = new ConcurrentHashMap<>();

  Topics(String prefix) {
    this.prefix = prefix;
    this.status = prefix + "/status";
    this.snapshot = prefix + "/camera/snapshot";
    for (int bcm = 0; bcm <= MAX_BCM; bcm++) {
      gpioState[bcm] = prefix + "/gpio/" + bcm + "/state";
      pwmState[bcm] = prefix + "/pwm/" + bcm + "/state";
    }
  }

  String prefix() {
    return prefix;
  }

  String status() {
    return status;
  }

  String gpioState(int bcm) {
    return gpioState[bcm];
  }

  String gpioSet(int bcm) {
    return prefix + "/gpio/" + bcm + SET;
  }

  String pwmState(int bcm) {
    return pwmState[bcm];
  }

  String pwmSet(int bcm) {
    return prefix + "/pwm/" + bcm + SET;
  }

  String snapshot() {
    return snapshot;
  }

  String snapshotSet() {
    return snapshot + SET;
  }

  /**
   * The topic of stream {@code name}, or null when the name cannot be a topic level (it holds an
   * MQTT wildcard, {@code +} or {@code #}).
   */
  String stream(String name) {
    String topic = streams.get(name);
    if (topic == null) {
      if (name.indexOf('+') >= 0 || name.indexOf('#') >= 0) {
        return null;
      }
      topic = prefix + "/streams/" + name;
      streams.putIfAbsent(name, topic);
    }
    return topic;
  }

  String streamSet(String name) {
    return prefix + "/streams/" + name + SET;
  }

  /** The filters the bridge subscribes to. */
  String[] subscriptions() {
    return new String[] {
      prefix + "/gpio/+" + SET, prefix + "/pwm/+" + SET, prefix + "/streams/+" + SET, snapshotSet()
    };
  }

  /** The command {@code topic} asks for, or null when it is none of the bridge's. */
  Command parse(String topic) {
    if (!topic.startsWith(prefix) || topic.length() <= prefix.length() + 1) {
      return null;
    }
    if (topic.equals(snapshotSet())) {
      return new Command(Kind.SNAPSHOT, -1, null);
    }
    if (!topic.endsWith(SET) || topic.charAt(prefix.length()) != '/') {
      return null;
    }
    String rest = topic.substring(prefix.length() + 1, topic.length() - SET.length());
    int slash = rest.indexOf('/');
    if (slash < 0) {
      return null;
    }
    String group = rest.substring(0, slash);
    String item = rest.substring(slash + 1);
    if (item.isEmpty() || item.indexOf('/') >= 0) {
      return null;
    }
    return switch (group) {
      case "gpio" -> bcm(item) < 0 ? null : new Command(Kind.GPIO_SET, bcm(item), null);
      case "pwm" -> bcm(item) < 0 ? null : new Command(Kind.PWM_SET, bcm(item), null);
      case "streams" -> new Command(Kind.STREAM_SET, -1, item);
      default -> null;
    };
  }

  /** A GPIO number from a topic level, or -1. */
  private static int bcm(String level) {
    if (level.isEmpty() || level.length() > 2) {
      return -1;
    }
    for (int i = 0; i < level.length(); i++) {
      if (level.charAt(i) < '0' || level.charAt(i) > '9') {
        return -1;
      }
    }
    int n = Integer.parseInt(level);
    return n <= MAX_BCM ? n : -1;
  }
}

package io.lightwire.firmware.internal;

import io.lightwire.boards.HeaderPin;
import io.lightwire.hal.DigitalInput;
import io.lightwire.hal.DigitalOutput;
import io.lightwire.hal.PwmOutput;

/**
 * One header pin as {@link GpioPins} holds it (and the GPIO panel shows it): its place on the
 * header and, when the firmware opened it, the device and its last known state. State fields are
 * written on the application thread (or the hardware's event thread for input edges) and read on
 * other threads (service, MQTT), hence volatile.
 */
final class PanelPin {

  /** What the panel does with a pin. */
  enum Mode {
    OUTPUT,
    INPUT,
    PWM,
    UNUSED,
    POWER,
    GROUND;

    String json() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  final HeaderPin header;
  final Mode mode;
  DigitalOutput output;
  DigitalInput input;
  PwmOutput pwm;
  EdgeEvent events; // inputs only: the application thread's event for this pin
  volatile boolean level;
  volatile double duty;
  volatile long frequencyHz;

  PanelPin(HeaderPin header, Mode mode) {
    this.header = header;
    this.mode = mode;
  }

  int bcm() {
    return header.bcm();
  }
}

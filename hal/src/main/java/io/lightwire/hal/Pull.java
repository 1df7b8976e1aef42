package io.lightwire.hal;

/** The bias resistor of an input. */
public enum Pull {
  /** Floating; the emulated board reads a floating pin as low. */
  NONE,
  /** Pulled up to 3.3 V: reads raw high when nothing drives it. */
  UP,
  /** Pulled down to ground: reads raw low when nothing drives it. */
  DOWN
}

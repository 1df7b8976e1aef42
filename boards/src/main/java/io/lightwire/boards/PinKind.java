package io.lightwire.boards;

/** What a header pin is. */
public enum PinKind {
  /** A GPIO with a BCM number and functions. */
  GPIO,
  /** 3.3 V supply. */
  POWER_3V3,
  /** 5 V supply. */
  POWER_5V,
  /** Ground. */
  GROUND
}

package io.lightwire.firmware.kernel;

import io.lightwire.firmware.Application;
import io.lightwire.firmware.Firmware;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A user firmware for the kernel checks: at start it subscribes to edges of one input through
 * {@code Firmware.gpio()} and records each one, with whether it ran on the application thread.
 */
final class EdgeRecorderApp implements Application {

  /** One edge as the application saw it. */
  record Seen(int bcm, boolean high, long nanos, boolean onAppThread) {}

  private final int bcm;
  private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();

  EdgeRecorderApp(int bcm) {
    this.bcm = bcm;
  }

  @Override
  public String name() {
    return "kernel-check";
  }

  @Override
  public void start(Firmware firmware) {
    var app = firmware.applicationThread();
    firmware
        .gpio()
        .onEdge(bcm, (pin, high, t) -> seen.add(new Seen(pin, high, t, app.isCurrentThread())));
  }

  /** The edges seen so far, in order. */
  BlockingQueue<Seen> seen() {
    return seen;
  }
}

package io.lightwire.firmware;

import io.lightwire.firmware.internal.AccessToken;
import io.lightwire.firmware.internal.CameraHttp;
import io.lightwire.firmware.internal.CameraService;
import io.lightwire.firmware.internal.GpioPanel;
import io.lightwire.firmware.internal.GpioPins;
import io.lightwire.firmware.internal.ServiceWatchdog;
import io.lightwire.firmware.internal.SystemdNotifier;
import io.lightwire.firmware.mqtt.MqttBridge;
import io.lightwire.firmware.streams.Streams;
import io.lightwire.hal.Camera;
import io.lightwire.hal.Hardware;
import io.lightwire.websock.server.Server;
import io.lightwire.websock.server.StaticFiles;
import java.util.function.LongSupplier;

/**
 * Everything boot made, so a failure part way closes exactly what was opened, in the reverse order
 * of boot ({@link FirmwareBoot}). Filled on the booting thread; handed to {@link Firmware} whole.
 */
final class BootParts implements AutoCloseable {
  /** The firmware's one clock, handed to every timed service ({@link System#nanoTime()} scale). */
  final LongSupplier nanoClock;

  Hardware hardware;
  ApplicationThread app;
  GpioPins pins;
  GpioPanel gpio;
  Camera cameraDevice;
  CameraService camera;
  CameraHttp cameraHttp;
  AccessToken token;
  Streams streams;
  StaticFiles pages;
  Server server;
  MqttBridge mqtt;
  SystemdNotifier systemd;
  ServiceWatchdog watchdog;
  AppSetup appSetup;
  Firmware firmware;

  BootParts(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  Firmware firmware() {
    return firmware;
  }

  @Override
  public void close() {
    if (mqtt != null) {
      mqtt.close();
    }
    if (watchdog != null) {
      watchdog.close();
    }
    if (systemd != null) {
      systemd.close();
    }
    if (camera != null) {
      camera.close();
    }
    if (server != null) {
      server.stop();
    }
    if (pages != null) {
      pages.clearCache();
    }
    if (gpio != null) {
      gpio.close();
    }
    if (pins != null) {
      pins.close();
    }
    if (app != null) {
      app.close();
    }
    if (streams != null) {
      streams.close(); // after the app thread: its handlers may still hold contexts
    }
    if (hardware != null) {
      hardware.close(); // closes the camera device and the pins too
    }
  }
}

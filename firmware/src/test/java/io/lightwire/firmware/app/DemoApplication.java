package io.lightwire.firmware.app;

import io.lightwire.firmware.AppSetup;
import io.lightwire.firmware.Application;
import io.lightwire.firmware.Firmware;
import io.lightwire.firmware.config.AppConfigKey;
import io.lightwire.firmware.streams.Permission;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A user's firmware for the tests: input 22 drives output 17, a stream counts the presses, a timer
 * ticks every {@code app.tick-ms}, {@code /api/greeting} answers {@code app.greeting}, and the
 * camera hook counts frames. What it sees is in static fields, since the harness makes it.
 */
public final class DemoApplication implements Application {

  static final AtomicBoolean started = new AtomicBoolean();
  static final AtomicBoolean startedOnAppThread = new AtomicBoolean();
  static final AtomicBoolean stopped = new AtomicBoolean();
  static final AtomicLong frames = new AtomicLong();

  private long presses;
  private long ticks;

  /** Made by the harness or ServiceLoader. */
  public DemoApplication() {
    started.set(false);
    stopped.set(false);
    frames.set(0);
  }

  @Override
  public String name() {
    return "demo";
  }

  @Override
  public List<AppConfigKey> configKeys() {
    return List.of(
        AppConfigKey.text("app.greeting", "hello", "[a-z ]{1,40}", "1 to 40 letters a-z"),
        AppConfigKey.number("app.tick-ms", 50, 10, 10_000));
  }

  @Override
  public void install(AppSetup setup) {
    String greeting = setup.config().text("app.greeting");
    setup.http(
        "/api/greeting", (request, response) -> response.body("text/plain", greeting + "\n"));
  }

  @Override
  public void start(Firmware firmware) {
    startedOnAppThread.set(firmware.applicationThread().isCurrentThread());
    firmware
        .streams()
        .register("presses", Permission.READ, (request, reply) -> reply.packer().packLong(presses));
    firmware
        .streams()
        .register("ticks", Permission.READ, (request, reply) -> reply.packer().packLong(ticks));
    firmware
        .gpio()
        .onEdge(
            22,
            (bcm, high, time) -> {
              if (high) {
                presses++;
              }
              firmware.gpio().write(17, high);
            });
    firmware.applicationThread().every(firmware.appConfig().number("app.tick-ms"), () -> ticks++);
    if (firmware
        .config()
        .text(io.lightwire.firmware.config.ConfigKey.CAMERA_ENABLED)
        .equals("true")) {
      firmware.onCameraFrame((jpeg, seq, micros) -> frames.incrementAndGet());
    }
    started.set(true);
  }

  @Override
  public void stop() {
    stopped.set(true);
  }
}

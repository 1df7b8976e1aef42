package io.lightwire.firmware.ops;

import io.lightwire.firmware.Firmware;
import io.lightwire.firmware.config.FirmwareConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/** A firmware booted in-process on loopback for the operations tests, with what it printed. */
final class OpsFirmware implements AutoCloseable {

  final Firmware firmware;
  final String printed;

  private OpsFirmware(Firmware firmware, String printed) {
    this.firmware = firmware;
    this.printed = printed;
  }

  /** Boots with {@code state.dir} under {@code dir}, port 0 on 127.0.0.1, plus {@code extra}. */
  static OpsFirmware boot(Path dir, String... extra) throws Exception {
    return boot(dir, System::nanoTime, extra);
  }

  /** Boots as {@link #boot(Path, String...)} with {@code nanoClock} as the firmware's clock. */
  static OpsFirmware boot(Path dir, LongSupplier nanoClock, String... extra) throws Exception {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("server.port", "0");
    entries.put("server.bind", "127.0.0.1");
    entries.put("state.dir", dir.resolve("state").toString());
    entries.put("camera.fps", "10");
    entries.put("camera.width", "160");
    entries.put("camera.height", "120");
    for (int i = 0; i < extra.length; i += 2) {
      entries.put(extra[i], extra[i + 1]);
    }
    FirmwareConfig config = FirmwareConfig.defaults().with(entries, "in the test");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Firmware firmware =
        Firmware.boot(
            config, new PrintStream(out, true, StandardCharsets.UTF_8), dir, null, nanoClock);
    return new OpsFirmware(firmware, out.toString(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    firmware.close();
  }
}

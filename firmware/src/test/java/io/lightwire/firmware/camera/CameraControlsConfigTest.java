package io.lightwire.firmware.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.config.ConfigException;
import io.lightwire.firmware.config.FirmwareConfig;
import io.lightwire.hal.CameraControls;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The camera control keys: validated at load, a bad value named with its key and the rule. */
class CameraControlsConfigTest {

  @TempDir Path dir;

  private FirmwareConfig load(String text) throws Exception {
    Path file = dir.resolve("lightwire.conf");
    Files.writeString(file, text);
    return FirmwareConfig.load(file);
  }

  @Test
  void everyControlReachesTheCameraControls() throws Exception {
    FirmwareConfig config =
        load(
            """
            camera.index = 1
            camera.rotation = 180
            camera.hflip = true
            camera.vflip = false
            camera.shutter-us = 20000
            camera.gain = 2.5
            camera.awb = daylight
            camera.denoise = cdn_fast
            camera.autofocus-mode = continuous
            camera.always-on = true
            """);
    assertEquals(
        new CameraControls(1, 180, true, false, 20_000, 2.5, "daylight", "cdn_fast", "continuous"),
        config.cameraControls());
  }

  @Test
  void theDefaultsAreRpicamVidsOwn() {
    assertEquals(CameraControls.DEFAULTS, FirmwareConfig.defaults().cameraControls());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "camera.rotation|90|0 or 180",
        "camera.hflip|yes|true or false",
        "camera.vflip|1|true or false",
        "camera.always-on|on|true or false",
        "camera.index|16|from 0 to 15",
        "camera.shutter-us|-5|from 0 to 600000000",
        "camera.gain|0.5|auto, or a fixed analogue gain from 1.0 to 64.0",
        "camera.gain|65|auto, or a fixed analogue gain from 1.0 to 64.0",
        "camera.gain|fast|auto, or a fixed analogue gain from 1.0 to 64.0",
        "camera.awb|sunny|auto, incandescent, tungsten",
        "camera.denoise|on|auto, off, cdn_off, cdn_fast or cdn_hq",
        "camera.autofocus-mode|macro|default, manual, auto or continuous",
        "camera.stop-after-ms|-1|from 0 to 3600000"
      })
  void aBadValueNamesTheKeyTheValueAndWhatIsAllowed(String key, String value, String rule)
      throws Exception {
    ConfigException e = assertThrows(ConfigException.class, () -> load(key + " = " + value));
    assertTrue(e.getMessage().contains("'" + key + "'"), e.getMessage());
    assertTrue(e.getMessage().contains(value), e.getMessage());
    assertTrue(e.getMessage().contains(rule), e.getMessage());
  }
}

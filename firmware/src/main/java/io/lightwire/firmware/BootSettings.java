package io.lightwire.firmware;

import io.lightwire.boards.BoardDescriptor;
import io.lightwire.boards.BoardHardware;
import io.lightwire.boards.Boards;
import io.lightwire.boards.UnknownBoardException;
import io.lightwire.firmware.config.ConfigException;
import io.lightwire.firmware.config.ConfigKey;
import io.lightwire.firmware.config.FirmwareConfig;
import io.lightwire.firmware.config.ServerSettings;
import io.lightwire.firmware.internal.GpioPins;
import io.lightwire.hal.CameraConfig;
import io.lightwire.hal.Hardware;
import io.lightwire.hal.emulated.EmulatedHardware;
import io.lightwire.websock.server.HttpHandler;
import io.lightwire.websock.server.SecurityHeaders;
import io.lightwire.websock.server.ServerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What boot makes of the configuration: the board, the hardware, the GPIO pins, the camera's and
 * the server's settings, and the HTTP answers' common wrapping. Static steps, so that {@link
 * Firmware} keeps the order of boot and the life cycle only.
 */
final class BootSettings {

  private BootSettings() {}

  static GpioPins openPins(
      FirmwareConfig config, BoardDescriptor board, Hardware hardware, ApplicationThread app)
      throws BootException {
    List<Integer> outputs = pins(config, ConfigKey.GPIO_OUTPUTS, board, Firmware.EMULATED_OUTPUTS);
    List<Integer> inputs = pins(config, ConfigKey.GPIO_INPUTS, board, Firmware.EMULATED_INPUTS);
    List<Integer> pwm = pins(config, ConfigKey.GPIO_PWM, board, Firmware.EMULATED_PWM);
    GpioPins opened;
    try {
      opened = GpioPins.open(board, hardware, outputs, inputs, pwm, app);
    } catch (RuntimeException e) {
      throw new BootException(
          "config keys 'gpio.outputs' ("
              + config.text(ConfigKey.GPIO_OUTPUTS)
              + "), 'gpio.inputs' ("
              + config.text(ConfigKey.GPIO_INPUTS)
              + "), 'gpio.pwm' ("
              + config.text(ConfigKey.GPIO_PWM)
              + "): "
              + e.getMessage(),
          e);
    }
    EmulatedHardware emulated = emulated(hardware);
    if (emulated != null
        && outputs.contains(Firmware.DEMO_WIRE_FROM)
        && inputs.contains(Firmware.DEMO_WIRE_TO)
        && config.text(ConfigKey.GPIO_OUTPUTS).equals("auto")
        && config.text(ConfigKey.GPIO_INPUTS).equals("auto")) {
      emulated.wire(Firmware.DEMO_WIRE_FROM, Firmware.DEMO_WIRE_TO);
    }
    return opened;
  }

  /** The GPIO numbers a gpio key names: {@code auto} is the demo set on the emulated board only. */
  static List<Integer> pins(
      FirmwareConfig config, ConfigKey key, BoardDescriptor board, List<Integer> emulatedDefault) {
    String value = config.text(key);
    if (value.equals("auto")) {
      return board.emulated() ? emulatedDefault : List.of();
    }
    if (value.equals("none")) {
      return List.of();
    }
    List<Integer> out = new ArrayList<>();
    for (String part : value.split(",")) {
      out.add(Integer.parseInt(part.strip()));
    }
    return List.copyOf(out);
  }

  /**
   * Every plain HTTP answer with the security headers, closing its connection: the page lives on
   * two WebSockets, and idle keep-alive connections would hold the board's few slots for a minute.
   */
  static HttpHandler pageHttp(HttpHandler handler) {
    HttpHandler secured = SecurityHeaders.around(handler);
    return (request, response) -> {
      response.closeAfterResponse();
      secured.onRequest(request, response);
    };
  }

  static EmulatedHardware emulated(Hardware hardware) {
    if (hardware instanceof BoardHardware b && b.delegate() instanceof EmulatedHardware e) {
      return e;
    }
    return hardware instanceof EmulatedHardware e ? e : null;
  }

  static CameraConfig cameraConfig(FirmwareConfig config) {
    int fps = config.number(ConfigKey.CAMERA_FPS);
    return new CameraConfig(
        "camera",
        config.number(ConfigKey.CAMERA_WIDTH),
        config.number(ConfigKey.CAMERA_HEIGHT),
        fps,
        config.number(ConfigKey.CAMERA_QUALITY),
        config.number(ConfigKey.CAMERA_RING_FRAMES),
        config.number(ConfigKey.CAMERA_FRAME_BYTES),
        Math.max(1_000, 5_000L / fps),
        config.cameraControls());
  }

  static BoardDescriptor chooseBoard(String wanted, Path root) throws BootException {
    if (wanted.equals("auto")) {
      try {
        return Boards.detect(root).orElse(Boards.EMULATED);
      } catch (UnknownBoardException e) {
        // A Raspberry Pi we have no header map for: exit 2, never the emulated board.
        throw new BootException(e.getMessage(), e, 2);
      }
    }
    return Boards.byId(wanted)
        .orElseThrow(
            () -> new BootException("config key 'board': " + Boards.unknown(wanted), null));
  }

  /**
   * The emulated board in memory, or a Raspberry Pi through Pi4J with Lightwire's providers; every
   * device opened later is checked against the board's header.
   */
  static Hardware openHardware(BoardDescriptor board) throws BootException {
    try {
      return BoardHardware.open(board);
    } catch (RuntimeException e) {
      throw new BootException("board '" + board.id() + "': " + e.getMessage(), e);
    }
  }

  static ServerConfig serverConfig(FirmwareConfig config) {
    try {
      return ServerSettings.from(config);
    } catch (ConfigException e) {
      // FirmwareConfig checked this when it was loaded; reaching here is a bug.
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}

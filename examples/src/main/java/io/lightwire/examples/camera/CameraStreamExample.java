package io.lightwire.examples.camera;

import io.lightwire.boards.BoardHardware;
import io.lightwire.examples.device.DeviceBoard;
import io.lightwire.examples.device.DeviceOptions;
import io.lightwire.examples.device.DeviceOptions.IntOption;
import io.lightwire.examples.support.ExampleArgs;
import io.lightwire.examples.support.ExampleUsage;
import io.lightwire.examples.support.Lifetime;
import io.lightwire.examples.support.PrintableHost;
import io.lightwire.examples.support.ServerExample;
import io.lightwire.firmware.Signals;
import io.lightwire.hal.CameraConfig;
import io.lightwire.hal.DeviceIoException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * {@code lightwire example camera-stream [--port P] [--bind ADDRESS] [--board auto|emulated]
 * [--width W] [--height H] [--fps N] [--quality Q]}: seed 000's arducam example. Captures frames
 * from the board's camera (the emulated board's synthetic camera unless on a Pi) and writes each
 * one to every connected page. Prints one line saying where to open the page; runs until Ctrl-C or
 * SIGTERM, then pages get close 1001 and the exit status is 0. Bad options exit 2, a busy port or a
 * camera that will not start exit 1.
 */
public final class CameraStreamExample extends ServerExample<DeviceOptions> {

  private static final IntOption WIDTH =
      new IntOption("--width", 640, 16, 4096, "W", "Frame width in pixels (default: 640)");
  private static final IntOption HEIGHT =
      new IntOption("--height", 480, 16, 4096, "H", "Frame height in pixels (default: 480)");
  private static final IntOption FPS =
      new IntOption("--fps", 15, 1, 120, "N", "Frames per second (default: 15)");
  private static final IntOption QUALITY =
      new IntOption("--quality", 80, 1, 100, "Q", "JPEG quality (default: 80)");

  /** One line for the example list. */
  static final String SUMMARY =
      "captures camera frames and writes each to every open page (seed 000's arducam)";

  static final ExampleUsage USAGE =
      new ExampleUsage(
          "camera-stream",
          "usage: camera-stream "
              + DeviceOptions.SYNOPSIS
              + " [--width W] [--height H] [--fps N] [--quality Q]",
          "Seed 000's arducam: captures camera frames (the synthetic camera on the emulated"
              + " board) and writes each to every open page. Runs until Ctrl-C or SIGTERM.",
          DeviceOptions.usage(WIDTH, HEIGHT, FPS, QUALITY));

  private final PrintStream err;
  private final Consumer<CameraStream> started;
  private final Path root;

  /** Creates the example (found through {@link java.util.ServiceLoader}). */
  public CameraStreamExample() {
    this(System.err, Signals::onTermination, stream -> {}, Path.of("/"));
  }

  /**
   * For tests: {@code onTermination} receives the stop action instead of the signal handlers and
   * returns true when it will call it; {@code started} sees the running stream; {@code root} is
   * where the board is detected.
   */
  CameraStreamExample(
      PrintStream err,
      Predicate<Runnable> onTermination,
      Consumer<CameraStream> started,
      Path root) {
    super(USAGE, SUMMARY, err, onTermination);
    this.err = err;
    this.started = started;
    this.root = root;
  }

  @Override
  protected DeviceOptions options(ExampleArgs args) {
    return DeviceOptions.from(args, WIDTH, HEIGHT, FPS, QUALITY);
  }

  @Override
  protected int serve(DeviceOptions options, PrintStream out) throws InterruptedException {
    CameraConfig camera;
    try {
      camera =
          CameraConfig.of(
              "camera",
              options.integer(WIDTH.name()),
              options.integer(HEIGHT.name()),
              options.integer(FPS.name()),
              options.integer(QUALITY.name()));
    } catch (IllegalArgumentException e) {
      return badArguments(err, e, USAGE.synopsis());
    }
    try (Lifetime lifetime = lifetime();
        BoardHardware hardware = DeviceBoard.open(options.board(), root);
        CameraStream stream =
            CameraStream.start(hardware, camera, options.bind(), options.port())) {
      started.accept(stream);
      out.println(
          "camera-stream: open http://"
              + PrintableHost.of(options.bind())
              + ":"
              + stream.server().localPort()
              + "/ (camera of "
              + hardware.board().name()
              + ", "
              + camera.width()
              + "x"
              + camera.height()
              + " at "
              + camera.frameRate()
              + " fps)");
      out.flush();
      lifetime.awaitStopRequest(Long.MAX_VALUE);
      stream.stop(); // pages get close 1001 now; the summary below reads final counts
      err.println(
          "camera-stream: stopped; "
              + stream.framesSent()
              + " frames written to every page, "
              + stream.framesDropped()
              + " dropped for want of a broadcast buffer; connection slots in use: "
              + stream.server().connectionSlots().inUse());
      return 0;
    } catch (IOException | DeviceIoException | UnsupportedOperationException e) {
      err.println("camera-stream: " + e.getMessage());
      return 1;
    }
  }
}

package io.lightwire.examples.gpio;

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
import io.lightwire.hal.DeviceIoException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * {@code lightwire example gpio-remote [--port P] [--bind ADDRESS] [--board auto|emulated] [--led
 * BCM] [--button BCM]}: an LED and a button driven from the browser. On the emulated board the LED
 * (GPIO 17 by default) is wired to the button's input (GPIO 27), so switching the LED in the page
 * shows the button pressed: the loop closes through the (virtual) hardware. On a Raspberry Pi both
 * pins must be named: driving a pin nobody chose could harm what is wired to it.
 *
 * <p>A fresh access token is made at every start and printed once, in the line that says where to
 * open the page ({@code #token=...}: the page keeps it and the browser never sends the fragment to
 * the server). Pages without it watch only. Runs until Ctrl-C or SIGTERM (pages get close 1001, the
 * LED goes low, exit status 0); bad options exit 2, a busy port or a pin that cannot open 1.
 */
public final class GpioRemoteExample extends ServerExample<DeviceOptions> {

  /** The emulated board's LED pin when {@code --led} is not given. */
  static final int EMULATED_LED = 17;

  /** The emulated board's button pin when {@code --button} is not given. */
  static final int EMULATED_BUTTON = 27;

  private static final int UNSET = -1;
  private static final IntOption LED =
      new IntOption(
          "--led",
          UNSET,
          0,
          27,
          "BCM",
          "GPIO of the LED output (default on the emulated board: 17)");
  private static final IntOption BUTTON =
      new IntOption(
          "--button",
          UNSET,
          0,
          27,
          "BCM",
          "GPIO of the button input (default on the emulated board: 27, wired to the LED)");

  /** Random bytes in an access token (43 base64url characters). */
  static final int TOKEN_BYTES = 32;

  /** One line for the example list. */
  static final String SUMMARY =
      "an LED and a button in the browser; on the emulated board the LED is wired to the button";

  static final ExampleUsage USAGE =
      new ExampleUsage(
          "gpio-remote",
          "usage: gpio-remote " + DeviceOptions.SYNOPSIS + " [--led BCM] [--button BCM]",
          "An LED and a button in the browser, controlled with an access token; on the emulated"
              + " board the LED is wired to the button. On a Pi name both pins. Runs until Ctrl-C"
              + " or SIGTERM.",
          DeviceOptions.usage(LED, BUTTON));

  private final PrintStream err;
  private final Consumer<GpioRemote> started;
  private final Path root;

  /** Creates the example (found through {@link java.util.ServiceLoader}). */
  public GpioRemoteExample() {
    this(System.err, Signals::onTermination, remote -> {}, Path.of("/"));
  }

  /**
   * For tests: {@code onTermination} receives the stop action instead of the signal handlers and
   * returns true when it will call it; {@code started} sees the running remote; {@code root} is
   * where the board is detected.
   */
  GpioRemoteExample(
      PrintStream err, Predicate<Runnable> onTermination, Consumer<GpioRemote> started, Path root) {
    super(USAGE, SUMMARY, err, onTermination);
    this.err = err;
    this.started = started;
    this.root = root;
  }

  @Override
  protected DeviceOptions options(ExampleArgs args) {
    return DeviceOptions.from(args, LED, BUTTON);
  }

  @Override
  protected int serve(DeviceOptions options, PrintStream out) throws InterruptedException {
    try (BoardHardware hardware = DeviceBoard.open(options.board(), root)) {
      boolean emulated = hardware.board().emulated();
      int led = options.integer(LED.name());
      int button = options.integer(BUTTON.name());
      if (!emulated && (led == UNSET || button == UNSET)) {
        err.println(
            "gpio-remote: on "
                + hardware.board().name()
                + " name both pins, e.g. --led 17 --button 27 (driving a pin nobody chose could"
                + " harm what is wired to it)");
        err.println(USAGE.synopsis());
        return BAD_ARGUMENTS;
      }
      led = led == UNSET ? EMULATED_LED : led;
      button = button == UNSET ? EMULATED_BUTTON : button;
      if (led == button) {
        err.println("gpio-remote: options --led and --button both name GPIO " + led);
        return BAD_ARGUMENTS;
      }
      String token = newToken();
      try (Lifetime lifetime = lifetime();
          GpioRemote remote =
              GpioRemote.start(hardware, led, button, token, options.bind(), options.port())) {
        // The jumper: on the emulated board the LED drives the button's input.
        final int from = led;
        final int to = button;
        DeviceBoard.emulated(hardware).ifPresent(board -> board.wire(from, to));
        started.accept(remote);
        out.println(
            "gpio-remote: open http://"
                + PrintableHost.of(options.bind())
                + ":"
                + remote.server().localPort()
                + "/#token="
                + token
                + " (LED GPIO "
                + led
                + ", button GPIO "
                + button
                + (emulated ? ", wired together on the emulated board" : "")
                + "; without #token the page only watches)");
        out.flush();
        lifetime.awaitStopRequest(Long.MAX_VALUE);
        remote.stop(); // pages get close 1001 now; the summary below reads final counts
        err.println(
            "gpio-remote: stopped; "
                + remote.controlsApplied()
                + " LED controls applied, "
                + remote.controlsRefused()
                + " refused, "
                + remote.presses()
                + " button presses; connection slots in use: "
                + remote.server().connectionSlots().inUse());
        return 0;
      }
    } catch (IOException | DeviceIoException | IllegalArgumentException | IllegalStateException e) {
      err.println("gpio-remote: " + e.getMessage());
      return 1;
    }
  }

  /** 32 random bytes, base64url without padding: a new token per run, never stored. */
  static String newToken() {
    byte[] bytes = new byte[TOKEN_BYTES];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}

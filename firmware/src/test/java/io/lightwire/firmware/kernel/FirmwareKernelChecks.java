package io.lightwire.firmware.kernel;

import static io.lightwire.hal.kernel.CheckRunner.read;
import static io.lightwire.hal.kernel.CheckRunner.require;
import static io.lightwire.hal.kernel.CheckRunner.requireEquals;

import io.lightwire.firmware.Firmware;
import io.lightwire.firmware.config.FirmwareConfig;
import io.lightwire.hal.kernel.CheckRunner;
import io.lightwire.hal.kernel.GpioSim;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The firmware on a simulated Raspberry Pi 4 GPIO controller, inside the kernel-check VM: a
 * gpio-sim chip labelled {@code pinctrl-bcm2711} with lines {@code GPIO0..GPIO57} and a device tree
 * model file saying "Raspberry Pi 4 Model B", so the firmware detects the Pi 4, opens its header
 * GPIOs through the HAL's Linux providers and serves them. Output 17 is toggled through {@code
 * /gpio} with the access token and read back in gpio-sim's sysfs; input 22 is driven through the
 * simulator and its edge is seen by an application's edge handler ({@code Firmware.gpio()}), on the
 * panel and in {@code /status}; PWM 18 lands on the test PWM chip.
 */
public final class FirmwareKernelChecks {

  private static final long WAIT_SECONDS = 15;
  private static final String PWM0 = "/sys/class/pwm/pwmchip0/pwm0/";

  private final CheckRunner run;
  private final GpioSim sim;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ByteArrayOutputStream bootReport = new ByteArrayOutputStream();
  private final EdgeRecorderApp app = new EdgeRecorderApp(22);
  private Firmware firmware;

  private FirmwareKernelChecks(CheckRunner run, GpioSim sim) {
    this.run = run;
    this.sim = sim;
  }

  /** Runs the checks; exits 1 when any failed. */
  public static void main(String[] args) throws Exception {
    CheckRunner run = new CheckRunner(System.out);
    new FirmwareKernelChecks(run, new GpioSim("pi")).all();
    System.exit(run.finish());
  }

  private void all() throws Exception {
    sim.pull(22, false);
    run.check("firmware: detects the Pi 4 and boots on the simulated pinctrl-bcm2711", this::boot);
    if (firmware == null) {
      System.out.print(bootReport.toString(StandardCharsets.UTF_8));
      return;
    }
    try {
      run.check("firmware: /gpio without the token changes nothing", this::refused);
      run.check("firmware: /gpio with the token drives GPIO 17 as gpio-sim sees it", this::output);
      run.check(
          "firmware: an edge on GPIO 22 reaches the application, the panel and /status",
          this::inputEdge);
      run.check("firmware: /gpio PWM duty on GPIO 18 lands on pwmchip0", this::pwm);
      sim.pull(17, true);
      run.check(
          "firmware: a held output ignores the simulated pull",
          () -> require(!sim.value(17), "GPIO17 still driven low"));
    } finally {
      firmware.close();
    }
    run.check("firmware: stopping releases the header lines", this::released);
  }

  private void boot() throws Exception {
    Path root = Files.createTempDirectory("lw-root");
    Files.createDirectories(root.resolve("proc/device-tree"));
    Files.writeString(root.resolve("proc/device-tree/model"), "Raspberry Pi 4 Model B Rev 1.5\0");
    Path state = Files.createTempDirectory("lw-state");
    FirmwareConfig config =
        FirmwareConfig.defaults()
            .with(
                Map.of(
                    "server.port", "0",
                    "server.bind", "127.0.0.1",
                    "camera.enabled", "false",
                    "state.dir", state.toString(),
                    "gpio.outputs", "17",
                    "gpio.inputs", "22",
                    "gpio.pwm", "18"),
                "kernel checks");
    firmware =
        Firmware.boot(config, new PrintStream(bootReport, true, StandardCharsets.UTF_8), root, app);
    requireEquals("pi4b", firmware.board().id(), "board");
    require(!sim.value(17), "GPIO 17 starts low");
  }

  private URI uri(String scheme, String path) {
    return URI.create(scheme + "://127.0.0.1:" + firmware.port() + path);
  }

  private void refused() throws Exception {
    try (PanelSocket panel = new PanelSocket(http, uri("ws", "/gpio"))) {
      require(panel.await("\"type\":\"pins\"", WAIT_SECONDS) != null, "the header state arrives");
      panel.send("{\"type\":\"set\",\"bcm\":17,\"level\":true}");
      require(panel.await("\"type\":\"error\"", WAIT_SECONDS) != null, "refused with an error");
      require(!sim.value(17), "GPIO 17 still low");
    }
  }

  /** A {@code /gpio} client that has sent the access token and had it accepted. */
  private PanelSocket authorisedPanel() throws InterruptedException {
    PanelSocket panel = new PanelSocket(http, uri("ws", "/gpio"));
    panel.send("{\"type\":\"auth\",\"token\":\"" + firmware.accessToken() + "\"}");
    panel.await("\"ok\":true", WAIT_SECONDS);
    return panel;
  }

  private void output() throws Exception {
    try (PanelSocket panel = authorisedPanel()) {
      panel.send("{\"type\":\"set\",\"bcm\":17,\"level\":true}");
      require(
          panel.await("\"bcm\":17,\"mode\":\"output\",\"level\":true", WAIT_SECONDS) != null,
          "panel reports GPIO 17 high");
      require(sim.value(17), "gpio-sim: GPIO17 driven high");
      panel.send("{\"type\":\"toggle\",\"bcm\":17}");
      require(
          panel.await("\"bcm\":17,\"mode\":\"output\",\"level\":false", WAIT_SECONDS) != null,
          "panel reports GPIO 17 low");
      require(!sim.value(17), "gpio-sim: GPIO17 driven low");
    }
  }

  private void inputEdge() throws Exception {
    try (PanelSocket panel = new PanelSocket(http, uri("ws", "/gpio"))) {
      require(panel.await("\"type\":\"pins\"", WAIT_SECONDS) != null, "the header state arrives");
      long before = System.nanoTime();
      sim.pull(22, true);
      EdgeRecorderApp.Seen s = app.seen().poll(WAIT_SECONDS, TimeUnit.SECONDS);
      require(s != null, "the application's edge handler was called");
      require(s.bcm() == 22 && s.high() && s.onAppThread(), "rising edge on the app thread: " + s);
      require(
          s.nanos() >= before && s.nanos() <= System.nanoTime(),
          "the kernel's timestamp is within the change: " + s.nanos() + " vs " + before);
      require(
          panel.await("\"bcm\":22,\"mode\":\"input\",\"level\":true", WAIT_SECONDS) != null,
          "the panel pushed GPIO 22 high");
      String status =
          http.send(
                  HttpRequest.newBuilder(uri("http", "/status")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      require(status.contains("\"board\":{\"id\":\"pi4b\""), "status names the board: " + status);
      require(status.contains("{\"bcm\":22,\"edges\":1,"), "status counts the edge: " + status);
      require(
          status.contains(
              "\"app\":{\"name\":\"kernel-check\",\"version\":\"dev\",\"state\":\"running\""),
          "status shows the application running: " + status);
    }
  }

  private void pwm() throws Exception {
    try (PanelSocket panel = authorisedPanel()) {
      panel.send("{\"type\":\"pwm\",\"bcm\":18,\"duty\":25}");
      require(
          panel.await("\"bcm\":18,\"mode\":\"pwm\",\"duty\":25", WAIT_SECONDS) != null,
          "panel reports the duty");
      requireEquals("1000000", read(PWM0 + "period"), "period ns (1 kHz)");
      requireEquals("250000", read(PWM0 + "duty_cycle"), "duty_cycle ns");
      requireEquals("1", read(PWM0 + "enable"), "enable");
    }
  }

  private void released() throws Exception {
    require(!Files.exists(Path.of(PWM0)), "pwm0 unexported");
    // A released gpio-sim line reads its simulated pull; a held output reads what it drives.
    require(sim.value(17), "GPIO17 released (reads the pull-up set while it was held low)");
  }
}

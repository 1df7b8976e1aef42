package io.lightwire.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven by Selenium through Debian's ChromeDriver. Where they are not
 * installed the browser tests are skipped, and say so; CI installs them and sets {@code
 * LIGHTWIRE_REQUIRE_BROWSER=1}, which turns a missing browser into a failure.
 */
public final class HeadlessChromium {

  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private HeadlessChromium() {}

  /** Skips the calling test without a browser, or fails it when CI requires one. */
  public static void assumeInstalled() {
    boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!installed && "1".equals(System.getenv("LIGHTWIRE_REQUIRE_BROWSER"))) {
      throw new AssertionError(
          "LIGHTWIRE_REQUIRE_BROWSER=1 but " + CHROMIUM + " or " + CHROMEDRIVER + " is missing");
    }
    Assumptions.assumeTrue(
        installed,
        "browser tests need Debian's chromium and chromium-driver (apt-get install chromium"
            + " chromium-driver); skipped");
  }

  /**
   * Starts a headless Chromium with a fresh profile under {@code profileDir}, plus {@code
   * extraArguments} (e.g. {@code --ignore-certificate-errors-spki-list=...} for a self-signed
   * server). The browser console is recorded: read it with {@code
   * driver.manage().logs().get(LogType.BROWSER)}.
   */
  public static ChromeDriver start(Path profileDir, String... extraArguments) throws IOException {
    Files.createDirectories(profileDir);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--user-data-dir=" + profileDir.toAbsolutePath());
    options.addArguments(extraArguments);
    // As a plain map: LoggingPreferences takes a java.util.logging.Level, and this module's tests
    // run on the module path without java.logging.
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    return new ChromeDriver(service, options);
  }

  /** Saves what {@code browser} shows now as a PNG at {@code file} (parents made, replaced). */
  public static void screenshot(ChromeDriver browser, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.copy(
        browser.getScreenshotAs(OutputType.FILE).toPath(),
        file,
        StandardCopyOption.REPLACE_EXISTING);
  }
}

package io.lightwire.firmware.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.app.DemoApplication;
import io.lightwire.firmware.testing.Lightwire;
import io.lightwire.firmware.testing.LightwireTest;
import io.lightwire.testsupport.HeadlessChromium;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page at {@code /} in headless Chromium: the stream plays at the configured rate with a
 * latency overlay, the GPIO panel drives the emulated board for every open page, and a user's
 * application is named on the page (its board line and the tab's title).
 */
@LightwireTest(config = {"camera.width=320", "camera.height=240", "camera.fps=10"})
@Tag("browser")
class PageBrowserTest {

  private static final int CONFIGURED_FPS = 10;

  /** Long enough that a busy shared machine's hiccups average out. */
  private static final long MEASURE_MILLIS = 8_000;

  /** Where the screenshot of the page is left for people to look at. */
  static final Path SCREENSHOT = Path.of("target", "screenshots", "page.png");

  @TempDir Path profile;

  @Test
  void thePageShowsAdvancingFramesAtTheConfiguredRateWithALatencyOverlay(Lightwire lw)
      throws Exception {
    HeadlessChromium.assumeInstalled();
    ChromeDriver browser = HeadlessChromium.start(profile);
    try {
      browser.manage().window().setSize(new Dimension(1280, 1100));
      browser.get(lw.baseUri().toString());
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
      wait.until(d -> number(browser, "return window.lightwire.frames") >= 5);

      List<?> start =
          (List<?>)
              browser.executeScript(
                  "return [window.lightwire.frames, performance.now(), window.lightwire.lastSeq]");
      Thread.sleep(MEASURE_MILLIS);
      List<?> end =
          (List<?>)
              browser.executeScript(
                  "return [window.lightwire.frames, performance.now(), window.lightwire.lastSeq]");
      double frames = ((Number) end.get(0)).doubleValue() - ((Number) start.get(0)).doubleValue();
      double seconds =
          (((Number) end.get(1)).doubleValue() - ((Number) start.get(1)).doubleValue()) / 1000;
      double fps = frames / seconds;
      assertTrue(
          ((Number) end.get(2)).longValue() > ((Number) start.get(2)).longValue(),
          "sequence numbers advance");
      assertTrue(
          Math.abs(fps - CONFIGURED_FPS) <= CONFIGURED_FPS * 0.10,
          "page frame rate " + fps + " over " + seconds + " s is within 10% of " + CONFIGURED_FPS);

      String latency = browser.findElement(By.id("latency")).getText();
      assertTrue(latency.matches("\\d+ ms"), "latency shown: '" + latency + "'");
      double latencyMs = number(browser, "return window.lightwire.latencyMs");
      assertTrue(latencyMs >= 0 && latencyMs < 10_000, "latency " + latencyMs + " ms");
      assertEquals(0, number(browser, "return window.lightwire.decodeErrors"));
      System.out.printf(
          "page: %.2f fps over %.1f s (configured %d), latency %.0f ms%n",
          fps, seconds, CONFIGURED_FPS, latencyMs);

      // The status section fills from /status, and the chart has been drawn.
      wait.until(d -> !browser.findElements(By.cssSelector("#pools tbody tr")).isEmpty());
      wait.until(d -> browser.findElements(By.cssSelector("#viewers tbody tr")).size() == 1);
      HeadlessChromium.screenshot(browser, SCREENSHOT);
    } finally {
      browser.quit();
    }
  }

  @Test
  void togglingAPinInThePageDrivesTheEmulatedPinAndASecondPageSeesIt(Lightwire lw)
      throws Exception {
    HeadlessChromium.assumeInstalled();
    ChromeDriver browser = HeadlessChromium.start(profile);
    try {
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
      browser.get(lw.baseUri() + "#token=" + lw.accessToken());
      wait.until(
          d -> Boolean.TRUE.equals(browser.executeScript("return window.lightwire.unlocked")));
      String controller = browser.getWindowHandle();
      assertFalse(browser.getCurrentUrl().contains("token"), "the token leaves the address bar");

      browser.switchTo().newWindow(WindowType.TAB);
      browser.get(lw.baseUri().toString()); // a second page, without the token
      String watcher = browser.getWindowHandle();
      wait.until(d -> level(browser, "pin-17").equals("0"));

      browser.switchTo().window(controller);
      wait.until(d -> level(browser, "pin-17").equals("0"));
      browser.findElement(By.id("pin-17")).click();
      wait.until(d -> lw.board().level(17));
      wait.until(d -> level(browser, "pin-17").equals("1"));

      browser.switchTo().window(watcher);
      wait.until(d -> level(browser, "pin-17").equals("1"));

      // The second page holds no token: its click is refused and changes nothing.
      long refused = lw.firmware().gpioControlsRefused();
      browser.findElement(By.id("pin-17")).click();
      wait.until(d -> browser.findElement(By.id("gpio-message")).getText().contains("token"));
      assertEquals(refused + 1, lw.firmware().gpioControlsRefused());
      assertTrue(lw.board().level(17), "still high");
    } finally {
      browser.quit();
    }
  }

  @Test
  @LightwireTest(application = DemoApplication.class, config = "camera.enabled=false")
  void thePageNamesTheUsersApplicationItsVersionAndState(Lightwire lw) throws Exception {
    HeadlessChromium.assumeInstalled();
    ChromeDriver browser = HeadlessChromium.start(profile);
    try {
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
      browser.get(lw.baseUri().toString());
      wait.until(d -> !browser.findElement(By.id("board-line")).getText().startsWith("connecting"));
      String boardLine = browser.findElement(By.id("board-line")).getText();
      assertTrue(boardLine.startsWith("demo dev (running) on "), "board line: " + boardLine);
      assertTrue(boardLine.contains(", Lightwire "), "board line: " + boardLine);
      assertEquals("demo · Lightwire", browser.getTitle());
    } finally {
      browser.quit();
    }
  }

  private static String level(ChromeDriver browser, String id) {
    List<?> found = browser.findElements(By.id(id));
    if (found.isEmpty()) {
      return "";
    }
    String level = browser.findElement(By.id(id)).getDomAttribute("data-level");
    return level == null ? "" : level;
  }

  private static double number(ChromeDriver browser, String script) {
    Object value = browser.executeScript(script);
    return value instanceof Number n ? n.doubleValue() : Double.NaN;
  }
}

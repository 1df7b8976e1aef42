package io.lightwire.examples.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.examples.device.RunningExample;
import io.lightwire.examples.support.Pools;
import io.lightwire.hal.emulated.EmulatedHardware;
import io.lightwire.testsupport.HeadlessChromium;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code gpio-remote}'s page in headless Chromium on the emulated board: the page opened with the
 * token switches the LED, the LED's wire changes the button's input, and the page shows the button
 * pressed (the loop closes through the hardware); a second page without the token sees the same and
 * is refused when it tries.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@Tag("browser")
class GpioRemoteBrowserTest {

  /** Where a screenshot of the page is left for people to look at. */
  static final Path SCREENSHOT = Path.of("target", "screenshots", "gpio-remote.png");

  @TempDir Path profile;

  @Test
  void switchingTheLedInThePageShowsTheWiredButtonPressedInEveryPage() throws Exception {
    HeadlessChromium.assumeInstalled();
    try (RunningExample<GpioRemote> running = GpioRemoteExampleTest.start()) {
      Matcher line = GpioRemoteExampleTest.line(running);
      EmulatedHardware board = GpioRemoteExampleTest.board(running);
      GpioRemote remote = running.value();
      String page = "http://127.0.0.1:" + line.group(1) + "/";
      ChromeDriver browser = HeadlessChromium.start(profile);
      try {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        browser.get(page + "#token=" + line.group(2));
        wait.until(d -> Boolean.TRUE.equals(browser.executeScript("return gpioRemote.unlocked")));
        assertFalse(browser.getCurrentUrl().contains("token"), "the token leaves the address bar");
        String controller = browser.getWindowHandle();
        wait.until(d -> level(browser, "button").equals("0"));

        browser.findElement(By.id("led-toggle")).click();
        wait.until(d -> board.level(17));
        wait.until(d -> level(browser, "led").equals("1"));
        wait.until(d -> level(browser, "button").equals("1"));
        assertEquals("pressed", browser.findElement(By.id("button")).getText());
        assertEquals("1", browser.findElement(By.id("presses")).getText());
        HeadlessChromium.screenshot(browser, SCREENSHOT);

        browser.switchTo().newWindow(WindowType.TAB);
        browser.get(page); // a second page, without the token
        wait.until(d -> level(browser, "button").equals("1"));
        assertEquals("1", level(browser, "led"));
        assertFalse(Boolean.TRUE.equals(browser.executeScript("return gpioRemote.unlocked")));
        browser.findElement(By.id("led-toggle")).click();
        wait.until(d -> browser.findElement(By.id("message")).getText().contains("token"));
        assertEquals(1, remote.controlsRefused());
        assertTrue(board.level(17), "the LED stays on");

        browser.switchTo().window(controller);
        browser.findElement(By.id("led-toggle")).click();
        wait.until(d -> level(browser, "button").equals("0"));
        assertEquals("0", level(browser, "led"));
        assertFalse(board.level(17));
      } finally {
        browser.quit();
      }
      assertEquals(0, running.terminate());
      assertEquals(2, remote.controlsApplied());
      Pools.assertAllFree(remote.pools());
    }
  }

  private static String level(ChromeDriver browser, String id) {
    String level = browser.findElement(By.id(id)).getDomAttribute("data-level");
    return level == null ? "" : level;
  }
}

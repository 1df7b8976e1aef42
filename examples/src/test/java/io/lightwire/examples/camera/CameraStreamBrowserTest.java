package io.lightwire.examples.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.examples.device.RunningExample;
import io.lightwire.examples.support.Pools;
import io.lightwire.testsupport.HeadlessChromium;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code camera-stream}'s page in headless Chromium: it shows advancing frames (the sequence number
 * from each JPEG's comment rises), and a second page gets them too while the first goes on.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@Tag("browser")
class CameraStreamBrowserTest {

  /** Where a screenshot of the page is left for people to look at. */
  static final Path SCREENSHOT = Path.of("target", "screenshots", "camera-stream.png");

  @TempDir Path profile;

  @Test
  void twoPagesEachShowAdvancingFrames() throws Exception {
    HeadlessChromium.assumeInstalled();
    try (RunningExample<CameraStream> running =
        CameraStreamExampleTest.start("--width", "320", "--height", "240", "--fps", "10")) {
      String page = "http://127.0.0.1:" + CameraStreamExampleTest.port(running) + "/";
      ChromeDriver browser = HeadlessChromium.start(profile);
      try {
        browser.manage().window().setSize(new Dimension(900, 900));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        browser.get(page);
        String first = browser.getWindowHandle();
        long firstSeq = advancingSequence(browser, wait);

        browser.switchTo().newWindow(WindowType.TAB);
        browser.get(page);
        long secondSeq = advancingSequence(browser, wait);
        wait.until(d -> number(browser, "return window.cameraStream.viewers") == 2);
        assertEquals("2", browser.findElement(By.id("viewers")).getText());

        browser.switchTo().window(first);
        wait.until(d -> number(browser, "return window.cameraStream.lastSeq") > secondSeq);
        assertTrue(secondSeq > firstSeq, "the second page joined a stream already going");
        assertEquals(0, number(browser, "return window.cameraStream.badFrames"));
        assertEquals("streaming", browser.findElement(By.id("state")).getText());
        HeadlessChromium.screenshot(browser, SCREENSHOT);
      } finally {
        browser.quit();
      }
      CameraStream stream = running.value();
      assertEquals(0, running.terminate());
      Pools.assertAllFree(stream.pools());
    }
  }

  /** Waits for three frames, then for the sequence number to move on; returns the later one. */
  private static long advancingSequence(ChromeDriver browser, WebDriverWait wait) {
    wait.until(d -> number(browser, "return window.cameraStream.frames") >= 3);
    long seen = number(browser, "return window.cameraStream.lastSeq");
    assertTrue(seen >= 0, "the page read the sequence number from the JPEG comment");
    wait.until(d -> number(browser, "return window.cameraStream.lastSeq") > seen);
    long later = number(browser, "return window.cameraStream.lastSeq");
    assertEquals(
        Long.toString(later).length() > 0,
        browser.findElement(By.id("seq")).getText().matches("\\d+"),
        "the page shows the number");
    return later;
  }

  private static long number(ChromeDriver browser, String script) {
    Object value = browser.executeScript(script);
    return value instanceof Number n ? n.longValue() : -1;
  }
}

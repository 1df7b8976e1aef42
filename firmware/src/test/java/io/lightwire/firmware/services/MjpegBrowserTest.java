package io.lightwire.firmware.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.lightwire.firmware.testing.Lightwire;
import io.lightwire.firmware.testing.LightwireTest;
import io.lightwire.testsupport.HeadlessChromium;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium shows {@code <img src="/camera.mjpg">}: the image gets the camera's size and
 * its pixels change as parts arrive (Chromium replaces the picture with each part of a {@code
 * multipart/x-mixed-replace} response).
 */
@LightwireTest(config = {"camera.width=160", "camera.height=120", "camera.fps=10"})
@Tag("browser")
class MjpegBrowserTest {

  /** Draws the image into a canvas and returns a checksum of its pixels. */
  private static final String PIXELS =
      "const img = document.getElementById('mjpeg');"
          + "const c = document.createElement('canvas');"
          + "c.width = img.naturalWidth; c.height = img.naturalHeight;"
          + "const g = c.getContext('2d'); g.drawImage(img, 0, 0);"
          + "const d = g.getImageData(0, 0, c.width, c.height).data;"
          + "let h = 0; for (let i = 0; i < d.length; i++) { h = (h * 31 + d[i]) | 0; }"
          + "return h;";

  @TempDir Path profile;

  @Test
  void anImgElementShowsTheStreamAtTheCameraSizeAndItsPictureChanges(Lightwire lw)
      throws Exception {
    HeadlessChromium.assumeInstalled();
    ChromeDriver browser = HeadlessChromium.start(profile);
    try {
      // A page of the device (same origin: its CSP allows images from 'self').
      browser.get(lw.baseUri() + "status.html");
      browser.executeScript(
          "const img = document.createElement('img'); img.id = 'mjpeg';"
              + " img.src = '/camera.mjpg'; document.body.append(img);");
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
      wait.until(
          d ->
              ((Number)
                          browser.executeScript(
                              "return document.getElementById('mjpeg').naturalWidth"))
                      .intValue()
                  > 0);
      assertEquals(
          160,
          ((Number) browser.executeScript("return document.getElementById('mjpeg').naturalWidth"))
              .intValue());
      assertEquals(
          120,
          ((Number) browser.executeScript("return document.getElementById('mjpeg').naturalHeight"))
              .intValue());
      Object first = browser.executeScript(PIXELS);
      wait.until(d -> !first.equals(browser.executeScript(PIXELS)));
      assertNotEquals(first, browser.executeScript(PIXELS), "the picture changes");
    } finally {
      browser.quit();
    }
  }
}

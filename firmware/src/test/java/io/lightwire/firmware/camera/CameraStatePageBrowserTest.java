package io.lightwire.firmware.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.testing.Lightwire;
import io.lightwire.firmware.testing.LightwireTest;
import io.lightwire.testsupport.HeadlessChromium;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in headless Chromium says what the camera does: {@code running} while frames come, the
 * firmware's {@code stalled} state and reason on the picture during a stall fault, a stale picture
 * (no frozen frame rate) when it loses the firmware; and it changes the camera's size with the
 * token.
 */
@LightwireTest(config = {"camera.width=320", "camera.height=240", "camera.fps=10"})
@Tag("browser")
class CameraStatePageBrowserTest {

  @TempDir Path profile;

  private static String text(ChromeDriver browser, String id) {
    return browser.findElement(By.id(id)).getText();
  }

  private static Object js(ChromeDriver browser, String script) {
    return browser.executeScript(script);
  }

  /** What a test does with the page open. */
  private interface PageCheck {
    void run(ChromeDriver browser, WebDriverWait wait) throws Exception;
  }

  /** Opens {@code url} in headless Chromium (skipped without it), runs {@code check}, quits. */
  private void onPage(String url, PageCheck check) throws Exception {
    HeadlessChromium.assumeInstalled();
    ChromeDriver browser = HeadlessChromium.start(profile);
    try {
      browser.get(url);
      check.run(browser, new WebDriverWait(browser, Duration.ofSeconds(20)));
    } finally {
      browser.quit();
    }
  }

  @Test
  void thePageShowsRunningThenTheStallAndItsReasonThenAStalePictureWhenTheFirmwareIsGone(
      Lightwire lw) throws Exception {
    onPage(
        lw.baseUri().toString(),
        (browser, wait) -> {
          wait.until(d -> "running".equals(js(browser, "return window.lightwire.cameraState")));
          assertEquals("running", text(browser, "camera-state"));
          assertEquals(false, js(browser, "return window.lightwire.stale"));

          lw.board().stallCamera(true);
          wait.until(d -> "stalled".equals(text(browser, "camera-state")));
          String overlay = text(browser, "camera-overlay");
          assertTrue(overlay.startsWith("stalled: no frame for more than"), overlay);
          lw.board().stallCamera(false);
          wait.until(d -> "running".equals(text(browser, "camera-state")));
          wait.until(d -> !browser.findElement(By.id("camera-overlay")).isDisplayed());

          lw.firmware().close();
          wait.until(d -> Boolean.TRUE.equals(js(browser, "return window.lightwire.stale")));
          assertEquals("stale", text(browser, "camera-state"));
          assertEquals("–", text(browser, "fps"), "no frozen frame rate");
          assertTrue(text(browser, "camera-overlay").contains("lost the firmware"));
        });
  }

  @Test
  void withTheTokenThePageChangesTheCameraSizeAndShowsTheCurrentOne(Lightwire lw) throws Exception {
    // The token as a #token= link gives it to the page (the GPIO panel keeps it for the tab).
    onPage(
        lw.baseUri() + "#token=" + lw.accessToken(),
        (browser, wait) -> {
          wait.until(d -> text(browser, "camera-current").startsWith("now 320×240"));
          new Select(browser.findElement(By.name("size"))).selectByValue("640x480");
          browser.findElement(By.name("fps")).sendKeys("5");
          browser.findElement(By.cssSelector("#camera-settings button")).click();
          wait.until(d -> text(browser, "camera-current").equals("now 640×480, 5 fps, quality 75"));
          wait.until(
              d ->
                  ((Number) js(browser, "return document.getElementById('camera').width"))
                          .intValue()
                      == 640);
          assertEquals(640, CameraStatus.read(lw).number("width"));
        });
  }

  @Test
  void withoutTheTokenThePageSaysHowToUnlock(Lightwire lw) throws Exception {
    onPage(
        lw.baseUri().toString(),
        (browser, wait) -> {
          browser.findElement(By.cssSelector("#camera-settings button")).click();
          wait.until(
              d ->
                  text(browser, "camera-settings-message")
                      .startsWith("Unlock with the access token"));
          assertEquals(320, CameraStatus.read(lw).number("width"), "nothing changed");
        });
  }
}

package io.lightwire.examples.testserver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.examples.support.Lifetime;
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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The test page in Chromium: the pushed counter climbs, and a drawing reaches the other page. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@Tag("browser")
class TestServerBrowserTest {

  /** Counts the canvas pixels that are not transparent. */
  private static final String PAINTED_PIXELS =
      "const c = document.getElementById('canvas');"
          + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
          + "let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i] !== 0) n++; } return n;";

  @TempDir Path profile;

  @Test
  void theCounterClimbsAndResetsAndADrawingOnOnePageAppearsOnTheOther() throws Exception {
    HeadlessChromium.assumeInstalled();
    TestServer server = TestServer.open(TestServer.config("127.0.0.1", 0), null);
    Lifetime lifetime = new Lifetime(stop -> true);
    Thread loop = new Thread(() -> server.serve(lifetime), "test-server");
    loop.start();
    ChromeDriver browser = HeadlessChromium.start(profile);
    try {
      String url = "http://127.0.0.1:" + server.server().localPort() + "/";
      browser.get(url);
      String drawer = browser.getWindowHandle();
      int first = waitForNumberAbove(browser, 5);
      // It keeps climbing, one number per writable call; high enough that a reset shows clearly.
      int high = waitForNumberAbove(browser, first + 40);
      browser.findElement(By.id("reset")).click();
      waitFor(browser, "the counter restarts after reset", d -> number(d) < high);

      browser.switchTo().newWindow(WindowType.WINDOW);
      String viewer = browser.getWindowHandle();
      browser.get(url);
      waitFor(browser, "the viewer's mirror connects", d -> status(d).equals("connected"));
      waitForNumberAbove(browser, 2);

      browser.switchTo().window(drawer);
      WebElement canvas = browser.findElement(By.id("canvas"));
      // The headless window is small: bring the whole canvas into view, so offsets land on it.
      ((JavascriptExecutor) browser)
          .executeScript("arguments[0].scrollIntoView({block: 'center'})", canvas);
      new Actions(browser)
          .moveToElement(canvas, -100, -50)
          .clickAndHold()
          .moveByOffset(40, 10)
          .moveByOffset(40, 20)
          .moveByOffset(40, 30)
          .release()
          .perform();
      waitFor(browser, "the drawer sees its own strokes mirrored", d -> strokes(d) >= 3);

      browser.switchTo().window(viewer);
      waitFor(browser, "the strokes reach the other page", d -> strokes(d) >= 3);
      long painted = (Long) ((JavascriptExecutor) browser).executeScript(PAINTED_PIXELS);
      assertTrue(painted > 50, "the other page's canvas shows the lines: " + painted + " pixels");

      browser.findElement(By.id("clear")).click();
      waitFor(
          browser,
          "clear wipes the canvas",
          d -> (Long) ((JavascriptExecutor) d).executeScript(PAINTED_PIXELS) == 0L);
    } finally {
      browser.quit();
      lifetime.requestStop();
      loop.join(10_000);
      lifetime.close();
    }
    Pools.assertAllFree(server.server());
  }

  private static int number(WebDriver page) {
    String text = page.findElement(By.id("number")).getText();
    return text.matches("\\d+") ? Integer.parseInt(text) : -1;
  }

  private static int strokes(WebDriver page) {
    return Integer.parseInt(page.findElement(By.id("strokes")).getText());
  }

  private static String status(WebDriver page) {
    return page.findElement(By.id("mirror-status")).getText();
  }

  private static int waitForNumberAbove(WebDriver page, int floor) {
    waitFor(page, "the counter passes " + floor, d -> number(d) > floor);
    return number(page);
  }

  private static void waitFor(
      WebDriver page, String what, java.util.function.Predicate<WebDriver> condition) {
    new WebDriverWait(page, Duration.ofSeconds(20))
        .pollingEvery(Duration.ofMillis(50))
        .withMessage(
            () ->
                what
                    + " (counter "
                    + page.findElement(By.id("number")).getText()
                    + ", strokes "
                    + page.findElement(By.id("strokes")).getText()
                    + ", mirror "
                    + status(page)
                    + ")")
        .until(d -> condition.test(d));
  }
}

package io.lightwire.firmware.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.internal.TlsSetup;
import io.lightwire.firmware.testing.Lightwire;
import io.lightwire.firmware.testing.LightwireTest;
import io.lightwire.testsupport.HeadlessChromium;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page as a user on a phone sees it, in headless Chromium: no horizontal scroll at 390 px, a
 * favicon, no console errors, a locked panel that looks locked and says why in words (cleared once
 * unlocked), a {@code #token=} link that works in an open tab and leaves the address bar, the input
 * level in words, WCAG AA contrast, at most two connection slots per open tab, {@code /status.html}
 * with what {@code /status} has, and the whole page over https and wss.
 */
@LightwireTest(config = {"camera.width=320", "camera.height=240", "camera.fps=10"})
@Tag("browser")
class PageOpsBrowserTest {

  /** WCAG 2.x AA for normal text. */
  static final double MIN_CONTRAST = 4.5;

  /** The smallest contrast ratio of any visible text on the page against its background. */
  static final String CONTRAST =
      """
      const lum = (c) => { const [r, g, b] = c.map((v) => { v /= 255;
        return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
      const rgb = (s) => (s.match(/[\\d.]+/g) || []).map(Number);
      const bg = (el) => { for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3); }
        return [255, 255, 255]; };
      let worst = { ratio: 99, text: '' };
      for (const el of document.querySelectorAll('body *')) {
        const own = [...el.childNodes].filter((n) => n.nodeType === 3 && n.textContent.trim());
        if (!own.length || el.offsetParent === null && getComputedStyle(el).position !== 'fixed') continue;
        const l1 = lum(rgb(getComputedStyle(el).color).slice(0, 3)), l2 = lum(bg(el));
        const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
        if (ratio < worst.ratio) worst = { ratio, text: el.tagName + ' ' + el.className + ': ' + own[0].textContent.trim() };
      }
      return [worst.ratio, worst.text];
      """;

  @TempDir Path profile;

  @Test
  void onAPhoneThePageFitsIsReadableLocksInWordsAndHoldsTwoSlots(Lightwire lw) throws Exception {
    HeadlessChromium.assumeInstalled();
    ChromeDriver browser = HeadlessChromium.start(profile);
    try {
      browser.manage().window().setSize(new Dimension(390, 844));
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
      browser.get(lw.baseUri().toString());
      wait.until(d -> number(browser, "return window.lightwire.frames") >= 3);
      wait.until(d -> !browser.findElements(By.id("pin-17")).isEmpty());
      wait.until(d -> !browser.findElements(By.cssSelector("#pools tbody tr")).isEmpty());

      double viewport = number(browser, "return window.innerWidth");
      double content = number(browser, "return document.documentElement.scrollWidth");
      assertTrue(viewport <= 400, "a phone-sized viewport: " + viewport);
      assertTrue(
          content <= viewport, "no horizontal scroll: content " + content + " px in " + viewport);

      // Locked: it says so with an icon, a word and a dashed frame; a click explains in words.
      assertTrue(section(browser).contains("locked"));
      assertTrue(browser.findElement(By.id("lock-state")).getText().contains("Locked"));
      browser.findElement(By.id("pin-17")).click();
      wait.until(
          d -> browser.findElement(By.id("gpio-message")).getText().contains("access token"));
      assertFalse(
          browser.findElement(By.id("gpio-message")).getText().contains("{"), "no protocol text");

      // A #token= link in this already open tab unlocks it and leaves the address bar.
      browser.executeScript("location.hash = '#token=' + arguments[0]", lw.accessToken());
      wait.until(
          d -> Boolean.TRUE.equals(browser.executeScript("return window.lightwire.unlocked")));
      wait.until(d -> !browser.getCurrentUrl().contains("token"));
      assertTrue(browser.findElement(By.id("lock-state")).getText().contains("Unlocked"));
      assertTrue(section(browser).contains("unlocked"));
      wait.until(d -> browser.findElement(By.id("gpio-message")).getText().isEmpty());
      browser.findElement(By.id("pin-27")).click();
      wait.until(d -> browser.findElement(By.id("pin-22")).getText().equals("HIGH"));
      assertEquals("HIGH", browser.findElement(By.id("pin-22")).getText(), "the level in words");

      List<?> contrast = (List<?>) browser.executeScript(CONTRAST);
      double ratio = ((Number) contrast.get(0)).doubleValue();
      assertTrue(ratio >= MIN_CONTRAST, "contrast " + ratio + " below 4.5:1 at " + contrast.get(1));

      // Slots: once loaded, the tab holds its two WebSockets (camera, GPIO + status) and nothing
      // more.
      long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (slots(lw) > 2 && System.nanoTime() < settle) {
        Thread.sleep(50);
      }
      int most = 0;
      for (int i = 0; i < 40; i++) {
        most = Math.max(most, slots(lw));
        Thread.sleep(75);
      }
      System.out.printf("page: %d connection slots held by one open tab (max over 3 s)%n", most);
      assertTrue(most <= 2, "one tab holds " + most + " connection slots");
      assertTrue(
          browser.findElement(By.id("status-line")).getText().contains("connections"),
          "the status arrives over the GPIO socket");

      assertEquals(
          "/favicon.svg",
          browser.executeScript(
              "return new URL(document.querySelector('link[rel=icon]').href).pathname"));
      assertEquals(
          200L,
          browser.executeAsyncScript("fetch('/favicon.svg').then((r) => arguments[0](r.status))"));
      assertNoConsoleErrors(browser);
    } finally {
      browser.quit();
    }
  }

  @Test
  void statusHtmlShowsCameraViewersGpioAndHeapWithRefreshAndALinkBack(Lightwire lw)
      throws Exception {
    HeadlessChromium.assumeInstalled();
    ChromeDriver browser = HeadlessChromium.start(profile);
    try {
      browser.manage().window().setSize(new Dimension(390, 844));
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
      browser.get(lw.baseUri().toString()); // a viewer, so that the camera has one to show
      wait.until(d -> number(browser, "return window.lightwire.frames") >= 2);
      browser.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
      browser.get(lw.baseUri() + "status.html");
      for (String id : new String[] {"camera", "gpio", "heap", "connections", "pools", "app"}) {
        assertFalse(browser.findElements(By.id("section-" + id)).isEmpty(), "section " + id);
      }
      assertEquals(
          1,
          browser
                  .findElements(By.cssSelector("#section-camera table#viewers-table tr td"))
                  .isEmpty()
              ? 0
              : 1,
          "a viewer row");
      assertTrue(browser.findElement(By.id("section-gpio")).getText().contains("controls refused"));
      assertTrue(browser.findElement(By.id("section-heap")).getText().contains("used bytes"));
      assertFalse(browser.findElements(By.cssSelector("a[href='/']")).isEmpty(), "a link back");
      browser.findElement(By.id("refresh")).click();
      wait.until(d -> browser.getCurrentUrl().endsWith("/status.html"));
      double content = number(browser, "return document.documentElement.scrollWidth");
      assertTrue(content <= number(browser, "return window.innerWidth"), "no horizontal scroll");
      List<?> contrast = (List<?>) browser.executeScript(CONTRAST);
      assertTrue(
          ((Number) contrast.get(0)).doubleValue() >= MIN_CONTRAST, String.valueOf(contrast));
      assertNoConsoleErrors(browser);
    } finally {
      browser.quit();
    }
  }

  @Test
  void thePageWorksOverHttpsAndWss(@TempDir Path dir) throws Exception {
    HeadlessChromium.assumeInstalled();
    try (OpsFirmware fw = OpsFirmware.boot(dir, "server.tls", "true")) {
      Path cert = dir.resolve("state").resolve(TlsSetup.CERT_FILE);
      ChromeDriver browser =
          HeadlessChromium.start(
              profile, "--ignore-certificate-errors-spki-list=" + spkiHash(cert));
      try {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        String origin = "https://localhost:" + fw.firmware.port();
        browser.get(origin + "/#token=" + fw.firmware.accessToken());
        assertEquals("https:", browser.executeScript("return location.protocol"));
        wait.until(d -> number(browser, "return window.lightwire.frames") >= 3);
        wait.until(
            d -> Boolean.TRUE.equals(browser.executeScript("return window.lightwire.unlocked")));
        browser.findElement(By.id("pin-17")).click();
        wait.until(d -> fw.firmware.emulatedHardware().orElseThrow().level(17));
        assertNoConsoleErrors(browser);
      } finally {
        browser.quit();
      }
    }
  }

  private static String spkiHash(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      Certificate c = CertificateFactory.getInstance("X.509").generateCertificate(in);
      return Base64.getEncoder()
          .encodeToString(
              MessageDigest.getInstance("SHA-256").digest(c.getPublicKey().getEncoded()));
    }
  }

  private static void assertNoConsoleErrors(ChromeDriver browser) {
    List<LogEntry> errors =
        browser.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
            .toList();
    assertTrue(
        errors.isEmpty(),
        "console errors:\n"
            + errors.stream().map(LogEntry::getMessage).collect(Collectors.joining("\n")));
  }

  private static String section(ChromeDriver browser) {
    return browser.findElement(By.id("gpio-section")).getDomAttribute("class");
  }

  private static int slots(Lightwire lw) {
    return lw.firmware().pools().get(0).inUse();
  }

  private static double number(ChromeDriver browser, String script) {
    Object value = browser.executeScript(script);
    return value instanceof Number n ? n.doubleValue() : Double.NaN;
  }
}

package io.lightwire.examples.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.testsupport.HeadlessChromium;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Runs {@code lightwire example streams} in-process and drives its page in headless Chromium. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@Tag("browser")
class StreamsExampleTest {

  @TempDir Path profile;

  @Test
  void thePageRegistersAStreamTheDeviceReadsAndSeesTheCounterWrittenToAllPages() throws Exception {
    HeadlessChromium.assumeInstalled();
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    AtomicInteger exit = new AtomicInteger(-1);
    Thread example =
        Thread.ofPlatform()
            .name("streams-example")
            .start(
                () -> {
                  try {
                    exit.set(
                        new StreamsExample()
                            .run(
                                new String[] {
                                  "--port", "0", "--bind", "127.0.0.1", "--period-ms", "100"
                                },
                                out));
                  } catch (InterruptedException e) {
                    exit.set(0); // stopped by the test, as Ctrl-C would
                  } catch (Exception e) {
                    e.printStackTrace(out);
                  }
                });
    int port = port(printed);
    ChromeDriver browser = HeadlessChromium.start(profile);
    try {
      browser.get("http://127.0.0.1:" + port + "/examples/streams.html");
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
      wait.until(d -> d.findElement(By.id("status")).getText().equals("connected"));
      wait.until(d -> number(d.findElement(By.id("counter")).getText()) >= 3);
      wait.until(d -> number(d.findElement(By.id("clock")).getText()) >= 2);
      wait.until(d -> d.findElement(By.id("log")).getText().contains("device streams: "));
      assertTrue(
          browser.findElement(By.id("log")).getText().contains("[\"message\",\"uptime\"]"),
          browser.findElement(By.id("log")).getText());

      browser.findElement(By.id("send")).click();
      wait.until(
          d ->
              d.findElement(By.id("log"))
                  .getText()
                  .contains("message written: \"hello from the page\""));

      // The REST binding, with the JDK's plain URL connection.
      HttpURLConnection rest =
          (HttpURLConnection)
              URI.create("http://127.0.0.1:" + port + "/streams/uptime").toURL().openConnection();
      rest.setConnectTimeout(5_000);
      rest.setReadTimeout(5_000);
      assertEquals(200, rest.getResponseCode());
      try (InputStream body = rest.getInputStream()) {
        String uptime = new String(body.readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(uptime.matches("\\d+"), uptime);
      }
      rest.disconnect();
    } finally {
      browser.quit();
      example.interrupt();
      example.join(10_000);
    }
    String log = printed.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit.get(), log);
    assertTrue(log.contains("connected; its streams: [\"page-clock\",\"counter\"]"), log);
    assertTrue(log.matches("(?s).*page-clock = \"20\\d\\d-.*"), log);
    assertTrue(log.contains("wrote message: hello from the page"), log);
    assertTrue(log.contains("streams: stopped"), log);
    assertFalse(log.contains("still has"), log);
  }

  private static long number(String text) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static int port(ByteArrayOutputStream printed) throws InterruptedException {
    Pattern open = Pattern.compile("open http://localhost:(\\d+)/examples/streams.html");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      Matcher m = open.matcher(printed.toString(StandardCharsets.UTF_8));
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the example did not start: " + printed);
  }
}

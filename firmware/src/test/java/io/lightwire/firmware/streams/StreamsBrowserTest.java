package io.lightwire.firmware.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.Firmware;
import io.lightwire.testsupport.HeadlessChromium;
import io.lightwire.websock.pool.Pool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * End to end in headless Chromium: two pages use the served JavaScript client (and its msgpack
 * library) against the booted firmware, in both directions.
 */
@Tag("browser")
class StreamsBrowserTest {

  @TempDir Path root;
  @TempDir Path profile;

  @Test
  void pagesAndDeviceListReadAndWriteEachOthersStreams() throws Exception {
    HeadlessChromium.assumeInstalled();
    Firmware firmware = StreamsTest.bootFirmware(root); // loopback, a free port
    Streams streams = firmware.streams();
    List<String> led = new CopyOnWriteArrayList<>();
    streams.register("temperature", Permission.READ, (r, reply) -> reply.packer().packDouble(21.5));
    streams.register("led", Permission.WRITE, (r, reply) -> led.add(r.value().toJson()));
    streams.register(
        "slow",
        Permission.READ,
        (r, reply) -> {
          try {
            Thread.sleep(400); // longer than the page's 200 ms timeout for this read
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          reply.packer().packInt(1);
        });
    streams.register(
        "bytes",
        Permission.READ,
        (r, reply) -> reply.writeBin(java.nio.ByteBuffer.wrap(new byte[] {1, 2, (byte) 250})));
    BlockingQueue<StreamClient> connected = new ArrayBlockingQueue<>(4);
    streams.setHandlers(connected::add, null);

    ChromeDriver browser = HeadlessChromium.start(profile);
    try {
      String url = "http://127.0.0.1:" + firmware.port() + "/test/streams.html";
      browser.get(url);
      String first = browser.getWindowHandle();
      String log = waitForLine(browser, "ready");
      assertEquals(
          List.of(
              "names bytes,led,slow,temperature",
              "temperature 21.5",
              "led null",
              "nope unknown-stream nope",
              "write temperature permission-denied temperature",
              "read led permission-denied led",
              "slow timeout slow",
              "bytes 1,2,250",
              "ready"),
          log.lines().toList());
      assertEquals(List.of("{\"on\":true,\"level\":3}"), led);
      StreamClient pageA = connected.poll(5, TimeUnit.SECONDS);
      assertNotNull(pageA);

      browser.switchTo().newWindow(WindowType.TAB);
      browser.get(url);
      String second = browser.getWindowHandle();
      waitForLine(browser, "ready");
      StreamClient pageB = connected.poll(5, TimeUnit.SECONDS);
      assertNotNull(pageB);

      StreamResult names = streams.list(pageA, 3_000);
      assertEquals("[\"page-clock\",\"counter\",\"never\"]", names.value().toJson());
      assertEquals(1, streams.read(pageA, "page-clock", 3_000).value().asIntegerValue().asInt());
      assertEquals(2, streams.read(pageA, "page-clock", 3_000).value().asIntegerValue().asInt());
      assertEquals(1, streams.read(pageB, "page-clock", 3_000).value().asIntegerValue().asInt());
      StreamResult never = streams.read(pageA, "never", 300);
      assertEquals(StreamResult.Status.TIMEOUT, never.status());
      StreamResult unknown = streams.read(pageB, "nothing", 3_000);
      assertEquals(StreamResult.Status.ERROR, unknown.status());
      assertEquals(StreamErrors.UNKNOWN_STREAM, unknown.error());
      assertTrue(unknown.message().contains("'nothing'"), unknown.message());

      write(streams, Streams.ALL, 7);
      StreamContext aborted = streams.write(pageA, "counter");
      aborted.packer().packInt(8);
      streams.abortWrite(aborted);
      write(streams, pageA, 9);
      write(streams, pageB, 10);

      browser.switchTo().window(first);
      assertCounters(browser, "counter 9", List.of("counter 7", "counter 9"));
      browser.switchTo().window(second);
      assertCounters(browser, "counter 10", List.of("counter 7", "counter 10"));
    } finally {
      browser.quit();
    }
    StreamsTest.waitFor(() -> streams.clients().isEmpty(), "pages gone");
    StreamsTest.waitFor(() -> streams.pool().inUse() == 0, "stream messages free");
    firmware.close();
    for (Pool pool : firmware.pools()) {
      assertEquals(0, pool.inUse(), pool.name() + " in use after stop");
    }
    assertEquals(0, streams.leakedContexts());
  }

  private static void write(Streams streams, StreamClient to, int value) throws Exception {
    StreamContext c = streams.write(to, "counter");
    c.packer().packInt(value);
    int sent = streams.flush(c, 3_000);
    assertTrue(sent > 0, "flush to " + to + ": " + sent);
  }

  private static void assertCounters(ChromeDriver browser, String last, List<String> expected) {
    String log = waitForLine(browser, last);
    List<String> counters = log.lines().filter(l -> l.startsWith("counter ")).toList();
    assertEquals(expected, counters, log);
    assertFalse(log.contains("unhandled"), log);
  }

  private static String waitForLine(ChromeDriver browser, String line) {
    return new WebDriverWait(browser, Duration.ofSeconds(20))
        .until(
            driver -> {
              String text = driver.findElement(By.id("log")).getText();
              if (text.contains("failed ")) {
                throw new AssertionError("the page failed: " + text);
              }
              return text.lines().anyMatch(line::equals) ? text : null;
            });
  }
}

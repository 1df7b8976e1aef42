package io.lightwire.websock.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lightwire.testsupport.HeadlessChromium;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A real browser page, served by our HTTP side, talks WebSocket to our server. */
@Tag("browser")
class BrowserEchoTest {

  @TempDir Path profile;

  @Test
  void aChromiumPageExchangesTextAndBinaryMessagesAndClosesCleanly() throws Exception {
    HeadlessChromium.assumeInstalled();
    Recorder recorder = new Recorder();
    Server server =
        Server.builder(ServerConfig.loopback())
            .http(
                StaticFiles.fromClassPath(BrowserEchoTest.class, "browser", HttpHandler.notFound()))
            .protocol(Protocol.of("echo", recorder))
            .open();
    server.start();
    ChromeDriver browser = HeadlessChromium.start(profile);
    try {
      browser.get("http://127.0.0.1:" + server.localPort() + "/echo.html");
      String log =
          new WebDriverWait(browser, Duration.ofSeconds(20))
              .until(
                  driver -> {
                    String text = driver.findElement(By.id("log")).getText();
                    return text.contains("close ") ? text : null;
                  });
      assertEquals(
          List.of(
              "open echo",
              "text hello from chromium €",
              "binary 1,2,3,250",
              "text length 60000",
              "close 1000 clean=true"),
          log.lines().toList());
      recorder.expect("open echo");
      recorder.expect("text hello from chromium €");
      recorder.expect("binary 4");
      recorder.nextStartingWith("text xxxx");
      recorder.expect("close 1000 done");
    } finally {
      browser.quit();
      server.stop();
    }
    Pools.assertAllFree(server);
  }
}

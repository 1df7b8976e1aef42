package io.lightwire.examples.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.examples.support.Pools;
import io.lightwire.testsupport.HeadlessChromium;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Two Chromium pages in the chat room: each sees the other join, talk and leave. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@Tag("browser")
class ChatBrowserTest {

  @TempDir Path profile;

  @Test
  void twoPagesSeeEachOthersLinesAndJoinAndLeaveNotices() throws Exception {
    HeadlessChromium.assumeInstalled();
    ChatServer chat = ChatServer.start(ChatServer.config("127.0.0.1", 0), null);
    ChromeDriver browser = HeadlessChromium.start(profile);
    try {
      String url = "http://127.0.0.1:" + chat.server().localPort() + "/";
      browser.get(url);
      String alice = browser.getWindowHandle();
      joinAs(browser, "alice");
      waitForLog(browser, "alice joined (1 here)");

      browser.switchTo().newWindow(WindowType.TAB);
      String bob = browser.getWindowHandle();
      browser.get(url);
      joinAs(browser, "bob");
      waitForLog(browser, "bob joined (2 here)");
      assertEquals(List.of("alice", "bob"), members(browser), "bob's welcome lists the room");

      browser.switchTo().window(alice);
      waitForLog(browser, "bob joined (2 here)");
      assertEquals(List.of("alice", "bob"), members(browser));
      say(browser, "hello bob <b>not bold</b>");

      browser.switchTo().window(bob);
      waitForLog(browser, "alice:hello bob <b>not bold</b>");
      assertEquals(0, browser.findElements(By.cssSelector("#log b")).size(), "text, not markup");
      say(browser, "hi alice ✓");

      browser.switchTo().window(alice);
      waitForLog(browser, "bob:hi alice ✓");

      browser.switchTo().window(bob);
      browser.findElement(By.id("leave")).click();
      waitForLog(browser, "disconnected (1000)");

      browser.switchTo().window(alice);
      waitForLog(browser, "bob left (1 here)");
      assertEquals(List.of("alice"), members(browser));
    } finally {
      browser.quit();
      chat.close();
    }
    Pools.assertAllFree(chat.server());
  }

  private static void joinAs(WebDriver page, String nick) {
    page.findElement(By.id("nick")).sendKeys(nick);
    page.findElement(By.id("join-button")).click();
  }

  private static void say(WebDriver page, String line) {
    new WebDriverWait(page, Duration.ofSeconds(20))
        .until(driver -> driver.findElement(By.id("line")).isDisplayed());
    page.findElement(By.id("line")).sendKeys(line);
    page.findElement(By.id("send")).click();
  }

  private static void waitForLog(WebDriver page, String entry) {
    String log =
        new WebDriverWait(page, Duration.ofSeconds(20))
            .withMessage(
                () ->
                    "no '"
                        + entry
                        + "' in the log: "
                        + page.findElements(By.cssSelector("#log li")).stream()
                            .map(item -> item.getText())
                            .toList())
            .until(
                driver -> {
                  List<String> entries =
                      driver.findElements(By.cssSelector("#log li")).stream()
                          .map(item -> item.getText().replace(": ", ":"))
                          .toList();
                  return entries.contains(entry) ? String.join("\n", entries) : null;
                });
    assertTrue(log.contains(entry), log);
  }

  private static List<String> members(WebDriver page) {
    return page.findElements(By.cssSelector("#members li")).stream()
        .map(item -> item.getText())
        .toList();
  }
}

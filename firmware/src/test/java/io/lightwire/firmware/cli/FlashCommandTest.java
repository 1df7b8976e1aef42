package io.lightwire.firmware.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lightwire flash} refuses bad options before it connects anywhere. */
class FlashCommandTest {

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return LightwireCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void aHostWithoutUserIsRefused() {
    assertEquals(2, run("flash", "--board", "pi5", "--host", "192.168.1.50"));
    assertTrue(
        err.toString().contains("--host '192.168.1.50' is not USER@ADDRESS"), err.toString());
  }

  @Test
  void aFileThatIsNotABundleIsRefused() throws Exception {
    Path notABundle = dir.resolve("notes.tar.gz");
    Files.writeString(notABundle, "hello");
    assertEquals(
        1,
        run("flash", "--board", "pi5", "--host", "pi@10.0.0.9", "--bundle", notABundle.toString()));
    assertTrue(err.toString().contains("cannot read the bundle"), err.toString());
  }

  @Test
  void aMissingBundleNamesTheDefaultFile() {
    assertEquals(1, run("flash", "--board", "zero2w", "--host", "pi@10.0.0.9"));
    assertTrue(err.toString().contains("lightwire-zero2w.tar.gz"), err.toString());
  }
}

package io.lightwire.firmware.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lightwire flash} refuses bad options before it connects anywhere. */
class FlashCommandTest {

  private final CliRun cli = new CliRun();

  @TempDir Path dir;

  @Test
  void aHostWithoutUserIsRefused() {
    assertEquals(2, cli.run("flash", "--board", "pi5", "--host", "192.168.1.50"));
    assertTrue(cli.err().contains("--host '192.168.1.50' is not USER@ADDRESS"), cli.err());
  }

  @Test
  void aFileThatIsNotABundleIsRefused() throws Exception {
    Path notABundle = dir.resolve("notes.tar.gz");
    Files.writeString(notABundle, "hello");
    assertEquals(
        1,
        cli.run(
            "flash", "--board", "pi5", "--host", "pi@10.0.0.9", "--bundle", notABundle.toString()));
    assertTrue(cli.err().contains("cannot read the bundle"), cli.err());
  }

  @Test
  void aMissingBundleNamesTheDefaultFile() {
    assertEquals(1, cli.run("flash", "--board", "zero2w", "--host", "pi@10.0.0.9"));
    assertTrue(cli.err().contains("lightwire-zero2w.tar.gz"), cli.err());
  }
}

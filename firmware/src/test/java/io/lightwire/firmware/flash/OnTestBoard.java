package io.lightwire.firmware.flash;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test against a {@link TestBoard} of its own: started in the test's folder before each test,
 * with a {@code known_hosts} that trusts it, and closed after the test (a subclass's own
 * {@code @BeforeEach} runs after the board is up, its {@code @AfterEach} before it is closed).
 */
abstract class OnTestBoard {

  @TempDir Path dir;
  TestBoard board;
  Path knownHosts;

  @BeforeEach
  final void startBoard() throws Exception {
    board = new TestBoard(dir);
    knownHosts = board.trustedKnownHosts(dir);
  }

  @AfterEach
  final void stopBoard() throws Exception {
    board.close();
  }
}

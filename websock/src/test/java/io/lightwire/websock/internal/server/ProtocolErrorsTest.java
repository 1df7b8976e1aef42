package io.lightwire.websock.internal.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;

/** The protocol-error log's window: ten lines, then a summary when the next window starts. */
class ProtocolErrorsTest {

  private static final long WINDOW = 1_000;

  /** Records formatted WARNING lines. */
  private static final class Lines implements System.Logger {
    final List<String> lines = new ArrayList<>();

    @Override
    public String getName() {
      return "test";
    }

    @Override
    public boolean isLoggable(Level level) {
      return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
      lines.add(msg);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      lines.add(java.text.MessageFormat.format(format, params));
    }
  }

  @Test
  void aWindowLogsTenLinesAndTheNextOneStartsWithTheSummary() throws Exception {
    Lines log = new Lines();
    ProtocolErrors errors = new ProtocolErrors(log, WINDOW);
    InetAddress peer = InetAddress.getByAddress(new byte[] {10, 0, 0, 7});
    for (int i = 0; i < 25; i++) {
      errors.record(peer, 1002, "rule " + i, 100 + i);
    }
    assertEquals(10, log.lines.size());
    assertTrue(log.lines.get(9).contains("summed up"), log.lines.get(9));
    errors.record(peer, 1007, "late", 100 + WINDOW);
    assertEquals(12, log.lines.size(), log.lines.toString());
    assertTrue(log.lines.get(10).startsWith("15 more protocol errors"), log.lines.get(10));
    assertTrue(log.lines.get(11).contains("late"), log.lines.get(11));
    assertEquals(26, errors.total());
    assertEquals(26L, errors.byPeer().get(peer));
  }

  @Test
  void theTableKeepsTheBusiestAddresses() throws Exception {
    ProtocolErrors errors = new ProtocolErrors(new Lines(), WINDOW);
    InetAddress busy = InetAddress.getByAddress(new byte[] {10, 0, 0, 1});
    for (int i = 0; i < 5; i++) {
      errors.record(busy, 1002, "x", i);
    }
    for (int i = 0; i < 2 * ProtocolErrors.PEERS; i++) {
      errors.record(InetAddress.getByAddress(new byte[] {10, 1, 0, (byte) i}), 1002, "x", i);
    }
    assertEquals(ProtocolErrors.PEERS, errors.byPeer().size());
    assertEquals(busy, errors.byPeer().keySet().iterator().next());
    assertEquals(5L, errors.byPeer().get(busy));
  }
}

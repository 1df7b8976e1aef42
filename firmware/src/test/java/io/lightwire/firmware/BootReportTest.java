package io.lightwire.firmware;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.internal.AccessToken;
import io.lightwire.firmware.internal.HostNames;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What boot prints once serving: where to reach the board, and the token only where safe. */
class BootReportTest {

  @TempDir Path state;

  @Test
  void onEveryInterfaceTheLanAddressesAndHostnameDotLocalArePrinted() throws Exception {
    AccessToken token = AccessToken.loadOrCreate(state);
    String printed = print("0.0.0.0", token, false);
    assertTrue(printed.contains("page http://localhost:8080/"), printed);
    String host = HostNames.hostname();
    if (!host.equals("localhost")) {
      assertTrue(printed.contains("http://" + host + ".local:8080/"), printed);
    }
    for (String address : HostNames.lanAddresses()) {
      assertTrue(printed.contains("http://" + address + ":8080/"), printed);
    }
    assertFalse(print("127.0.0.1", token, false).contains("from other machines"));
  }

  @Test
  void underJournaldTheNewTokenIsNotPrinted() throws Exception {
    AccessToken token = AccessToken.loadOrCreate(state);
    assertTrue(token.generated());
    String journal = print("127.0.0.1", token, true);
    assertFalse(journal.contains(token.value()), journal);
    assertTrue(journal.contains("lightwire token --new"), journal);
    assertTrue(print("127.0.0.1", token, false).contains(token.value()), "on a terminal");
  }

  private static String print(String bind, AccessToken token, boolean journal) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BootReport.print(
        new PrintStream(out, true, StandardCharsets.UTF_8), bind, 8080, null, token, journal);
    return out.toString(StandardCharsets.UTF_8);
  }
}

package io.lightwire.firmware.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessTokenTest {

  @TempDir Path dir;

  @Test
  void theFirstBootGeneratesAnOwnerOnlyTokenAndLaterBootsReadIt() throws Exception {
    Path state = dir.resolve("nested/state");
    AccessToken first = AccessToken.loadOrCreate(state);
    assertTrue(first.generated());
    assertEquals(43, first.value().length(), "32 random bytes, base64url");
    assertTrue(first.value().matches("[A-Za-z0-9_-]+"));
    Path file = state.resolve(AccessToken.FILE);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

    AccessToken again = AccessToken.loadOrCreate(state);
    assertFalse(again.generated(), "not generated, so not printed again");
    assertEquals(first.value(), again.value());
  }

  @Test
  void onlyTheExactTokenMatches() throws Exception {
    AccessToken token = AccessToken.loadOrCreate(dir);
    assertTrue(token.matches(token.value()));
    assertFalse(token.matches(null));
    assertFalse(token.matches(""));
    assertFalse(token.matches(token.value().substring(1)));
    assertFalse(token.matches(token.value() + "x"));
  }

  @Test
  void twoBootsGetDifferentTokens() throws Exception {
    assertFalse(
        AccessToken.loadOrCreate(dir.resolve("a"))
            .value()
            .equals(AccessToken.loadOrCreate(dir.resolve("b")).value()));
  }
}

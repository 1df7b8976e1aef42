package io.lightwire.firmware.flash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.bundle.TestBundles;
import io.lightwire.firmware.cli.CliRun;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed bundles ({@code keys new}, {@code bundle --sign}, {@code flash --trust-key}) on the SSH
 * test board, whose install step checks the signature with the board's openssl. Key A signs the
 * good bundles; key B is a wrong key.
 */
@Tag("process")
class SignedBundleTest extends OnTestBoard {

  @TempDir static Path work;
  private static Path keyA;
  private static Path keyB;
  private static Path v1A;
  private static Path v2A;
  private static Path v2B;
  private static Path v2Unsigned;

  private StringWriter out;
  private StringWriter err;

  @BeforeAll
  static void makeKeysAndBundles() throws Exception {
    keyA = work.resolve("a");
    keyB = work.resolve("b");
    assertEquals(0, cli("keys", "new", "-o", keyA.toString()));
    assertEquals(0, cli("keys", "new", "-o", keyB.toString()));
    int port = TestReleases.freePort();
    String config = "server.bind = 127.0.0.1\nserver.port = " + port + "\n";
    TestBundles maker = new TestBundles(work);
    v1A = maker.bundle("1.0.0", "emulated", config, "v1A", "--sign", keyA + ".key");
    v2A = maker.bundle("2.0.0", "emulated", config, "v2A", "--sign", keyA + ".key");
    v2B = maker.bundle("2.0.0", "emulated", config, "v2B", "--sign", keyB + ".key");
    v2Unsigned = maker.bundle("2.0.0", "emulated", config, "v2U");
  }

  private static int cli(String... args) {
    return new CliRun().run(args);
  }

  private int flash(Path bundle, String... extra) {
    out = new StringWriter();
    err = new StringWriter();
    return board.flash(knownHosts, bundle, 60, out, err, extra);
  }

  private static String release(Path bundle) throws Exception {
    return TestReleases.release(bundle);
  }

  @Test
  void keysNewWritesAPrivateKeyOnlyItsOwnerReadsAndAPublicKeyOpensslReads() throws Exception {
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve("a.key"))));
    assertTrue(Files.readString(work.resolve("a.key")).startsWith("-----BEGIN PRIVATE KEY-----"));
    assertTrue(Files.readString(work.resolve("a.pub")).startsWith("-----BEGIN PUBLIC KEY-----"));
    Process openssl =
        new ProcessBuilder("openssl", "pkey", "-pubin", "-in", keyA + ".pub", "-noout", "-text")
            .redirectErrorStream(true)
            .start();
    String text = new String(openssl.getInputStream().readAllBytes());
    assertEquals(0, openssl.waitFor(), text);
    assertTrue(text.contains("ED25519"), text);
    assertEquals(1, cli("keys", "new", "-o", keyA.toString()), "a key is never overwritten");
  }

  @Test
  void theFirstSignedBundleSetsTheTrustedKeyAndAWrongKeyOrNoSignatureIsRefused() throws Exception {
    assertEquals(0, flash(v1A), err.toString());
    assertTrue(out.toString().contains("its key is trusted from now on"), out.toString());
    assertEquals(
        Files.readString(work.resolve("a.pub")).strip(),
        Files.readString(board.home.resolve("trusted-key.pem")).strip());

    assertEquals(1, flash(v2B));
    assertTrue(err.toString().contains("signature does not verify"), err.toString());
    assertEquals(release(v1A), board.current(), "nothing switched");

    assertEquals(1, flash(v2Unsigned));
    assertTrue(err.toString().contains("the bundle is not signed"), err.toString());
    assertEquals(release(v1A), board.current());

    assertEquals(0, flash(v2A), err.toString());
    assertTrue(out.toString().contains("verified on the board with its trusted key"));
    assertEquals(release(v2A), board.current());
  }

  @Test
  void filesChangedAfterSigningAreRefusedEvenWithFreshSums() throws Exception {
    // An attacker changes the config and writes SHA256SUMS anew; only the signature catches it.
    Path unpacked = Files.createDirectories(dir.resolve("tampered"));
    run(dir, "tar", "-xzf", v1A.toString(), "-C", unpacked.toString());
    Files.writeString(
        unpacked.resolve("config/lightwire.properties"),
        "# changed\n",
        java.nio.file.StandardOpenOption.APPEND);
    run(
        unpacked,
        "sh",
        "-c",
        "grep -v ' MANIFEST$' SHA256SUMS | awk '{print $2}' | xargs sha256sum > S.new"
            + " && sha256sum MANIFEST >> S.new && sort -k2 S.new > SHA256SUMS && rm S.new");
    Path tampered = dir.resolve("tampered.tar.gz");
    run(unpacked, "sh", "-c", "tar -czf '" + tampered + "' *"); // names without ./, as bundle

    assertEquals(1, flash(tampered, "--trust-key", keyA + ".pub"));

    assertTrue(err.toString().contains("signature does not verify"), err.toString());
    assertTrue(out.toString().contains("files match SHA256SUMS"), "the sums did match");
    assertEquals("", board.current());
    assertFalse(Files.exists(board.home.resolve("trusted-key.pem")), "nothing trusted");
  }

  @Test
  void aKeyGivenWithTrustKeyRefusesABundleSignedWithAnother() throws Exception {
    assertEquals(1, flash(v2B, "--trust-key", keyA + ".pub"));
    assertTrue(err.toString().contains("signature does not verify"), err.toString());
    assertFalse(Files.exists(board.home.resolve("trusted-key.pem")));

    assertEquals(0, flash(v1A, "--trust-key", keyA + ".pub"), err.toString());
    assertEquals(
        Files.readString(work.resolve("a.pub")).strip(),
        Files.readString(board.home.resolve("trusted-key.pem")).strip());
  }

  private static void run(Path in, String... command) throws Exception {
    Process process = new ProcessBuilder(command).directory(in.toFile()).inheritIO().start();
    assertEquals(0, process.waitFor(), String.join(" ", command));
  }
}

package io.lightwire.firmware.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's unsigned copies of signed jars, checked on Bouncy Castle's real, signed bctls jar.
 */
class UnsignedJarsTest {

  @TempDir Path dir;

  @Test
  void aSignedJarLosesItsSignatureAndNothingElse() throws Exception {
    Path original = bctlsJar();
    Path jar = Files.copy(original, dir.resolve("bctls.jar"));
    assertTrue(UnsignedJars.isSigned(jar), "the fixture is signed");
    assertTrue(hasSigners(original), "the JDK verifies the original's classes");

    assertEquals(List.of(jar), UnsignedJars.rewriteSigned(dir));

    assertFalse(UnsignedJars.isSigned(jar));
    assertFalse(hasSigners(jar), "no signer after the rewrite");
    List<String> kept = new ArrayList<>();
    for (String name : names(original)) {
      if (!UnsignedJars.isSignatureFile(name)) {
        kept.add(name);
      }
    }
    assertEquals(kept, names(jar), "every other entry, in the same order");
    try (ZipFile before = new ZipFile(original.toFile());
        ZipFile after = new ZipFile(jar.toFile())) {
      for (String name : kept) {
        if (!name.equals(JarFile.MANIFEST_NAME)) {
          assertArrayEquals(bytes(before, name), bytes(after, name), name);
        }
      }
    }
    Manifest before = manifest(original);
    Manifest after = manifest(jar);
    assertFalse(before.getEntries().isEmpty(), "the original lists a digest per entry");
    assertTrue(after.getEntries().isEmpty(), "no per-entry digests left");
    assertEquals(before.getMainAttributes(), after.getMainAttributes());
    assertEquals("true", after.getMainAttributes().getValue("Multi-Release"));
  }

  @Test
  void anUnsignedJarIsLeftByteForByte() throws IOException {
    Path jar = dir.resolve("plain.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
      out.putNextEntry(new JarEntry("a/B.class"));
      out.write(new byte[] {(byte) 0xCA, (byte) 0xFE});
      out.closeEntry();
    }
    byte[] before = Files.readAllBytes(jar);

    assertEquals(List.of(), UnsignedJars.rewriteSigned(dir));
    assertArrayEquals(before, Files.readAllBytes(jar));
  }

  @Test
  void onlyTopLevelSignatureFilesOfMetaInfCount() {
    assertTrue(UnsignedJars.isSignatureFile("META-INF/BC1024KE.SF"));
    assertTrue(UnsignedJars.isSignatureFile("META-INF/BC1024KE.DSA"));
    assertTrue(UnsignedJars.isSignatureFile("META-INF/signer.rsa"));
    assertTrue(UnsignedJars.isSignatureFile("META-INF/KEY.EC"));
    assertTrue(UnsignedJars.isSignatureFile("META-INF/SIG-FOO"));
    assertFalse(UnsignedJars.isSignatureFile("META-INF/MANIFEST.MF"));
    assertFalse(UnsignedJars.isSignatureFile("META-INF/versions/9/module-info.class"));
    assertFalse(UnsignedJars.isSignatureFile("META-INF/services/java.security.Provider"));
    assertFalse(UnsignedJars.isSignatureFile("META-INF/maven/X.SF"));
    assertFalse(UnsignedJars.isSignatureFile("org/bouncycastle/X.SF"));
  }

  private static Path bctlsJar() throws URISyntaxException {
    Path jar =
        Path.of(
            BouncyCastleJsseProvider.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    assertTrue(jar.getFileName().toString().startsWith("bctls-"), jar.toString());
    return jar;
  }

  /** Whether reading a class of {@code jar} with verification on yields code signers. */
  private static boolean hasSigners(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile(), true)) {
      JarEntry entry =
          file.getJarEntry("org/bouncycastle/jsse/provider/BouncyCastleJsseProvider.class");
      assertNotNull(entry);
      try (InputStream in = file.getInputStream(entry)) {
        in.readAllBytes(); // signers are known once the entry was read whole
      }
      if (entry.getCodeSigners() == null) {
        return false;
      }
      return entry.getCodeSigners().length > 0;
    }
  }

  private static List<String> names(Path jar) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      return Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList();
    }
  }

  private static byte[] bytes(ZipFile zip, String name) throws IOException {
    try (InputStream in = zip.getInputStream(zip.getEntry(name))) {
      return in.readAllBytes();
    }
  }

  private static Manifest manifest(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile(), false)) {
      Manifest manifest = file.getManifest();
      assertNotNull(manifest);
      return manifest;
    }
  }
}

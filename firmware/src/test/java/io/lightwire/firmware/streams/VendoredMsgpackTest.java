package io.lightwire.firmware.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The browser's msgpack library is vendored (src/vendor/msgpack-js), not fetched at build time:
 * every file matches the SHA-256 recorded in its SHA256SUMS, nothing is added or missing, the
 * version is the recorded one, and the jar serves exactly the vendored bytes.
 */
class VendoredMsgpackTest {

  static final Path VENDORED = Path.of("src", "vendor", "msgpack-js");
  static final String VERSION = "3.1.3";

  /** Files in the vendor folder that describe the vendored ones rather than being vendored. */
  static final List<String> RECORDS = List.of("SHA256SUMS", "README.md");

  @Test
  void everyVendoredFileMatchesItsRecordedChecksum() throws Exception {
    Map<String, String> recorded = recordedSums();
    assertTrue(recorded.size() > 3, "SHA256SUMS lists the vendored files: " + recorded.keySet());
    for (Map.Entry<String, String> entry : recorded.entrySet()) {
      Path file = VENDORED.resolve(entry.getKey());
      assertTrue(Files.isRegularFile(file), "listed in SHA256SUMS but missing: " + file);
      assertEquals(entry.getValue(), sha256(Files.readAllBytes(file)), "SHA-256 of " + file);
    }
  }

  @Test
  void nothingUnrecordedIsVendored() throws Exception {
    TreeSet<String> present = new TreeSet<>();
    try (Stream<Path> files = Files.walk(VENDORED)) {
      files
          .filter(Files::isRegularFile)
          .map(file -> VENDORED.relativize(file).toString().replace('\\', '/'))
          .filter(name -> !RECORDS.contains(name))
          .forEach(present::add);
    }
    assertEquals(new TreeSet<>(recordedSums().keySet()), present, "files without a checksum");
  }

  @Test
  void theVendoredVersionAndLicenceAreTheRecordedOnes() throws Exception {
    String packageJson = Files.readString(VENDORED.resolve("package.json"));
    assertTrue(packageJson.contains("\"name\": \"@msgpack/msgpack\""), packageJson);
    assertTrue(packageJson.contains("\"version\": \"" + VERSION + "\""), "version " + VERSION);
    assertTrue(packageJson.contains("\"license\": \"ISC\""), "ISC licence");
    String readme = Files.readString(VENDORED.resolve("README.md"));
    assertTrue(readme.contains("| version | " + VERSION + " |"), "README records " + VERSION);
    assertTrue(
        Files.readString(VENDORED.resolve("LICENSE")).contains("The MessagePack Community"),
        "the package's own licence text");
  }

  @Test
  void theJarServesExactlyTheVendoredFiles() throws Exception {
    for (String name : recordedSums().keySet()) {
      String served = "/lightwire-web/lightwire/msgpack/" + name.replaceFirst("^dist\\.esm/", "");
      try (InputStream in = VendoredMsgpackTest.class.getResourceAsStream(served)) {
        assertNotNull(in, "not on the class path: " + served);
        assertArrayEquals(
            Files.readAllBytes(VENDORED.resolve(name)), in.readAllBytes(), "served " + served);
      }
    }
  }

  /** File name (relative, with '/') to lower-case hex SHA-256, in the order of SHA256SUMS. */
  static Map<String, String> recordedSums() throws IOException {
    Map<String, String> sums = new LinkedHashMap<>();
    for (String line : Files.readAllLines(VENDORED.resolve("SHA256SUMS"), StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      // sha256sum's format: 64 hex digits, two spaces (or space and '*'), the file name.
      assertTrue(line.matches("[0-9a-f]{64} [ *].+"), "a SHA256SUMS line: " + line);
      sums.put(line.substring(66), line.substring(0, 64));
    }
    return sums;
  }

  static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}

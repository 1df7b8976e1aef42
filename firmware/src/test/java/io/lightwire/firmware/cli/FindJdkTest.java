package io.lightwire.firmware.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/find-jdk}, the JDK selection that {@code ./lightwire} and {@code ./mvnw} share, run
 * against fake JDK folders.
 */
class FindJdkTest {

  private static final Path SCRIPT =
      Path.of("").toAbsolutePath().getParent().resolve("bin/find-jdk");

  @TempDir Path jvms;

  private record Result(int status, String out, String err) {}

  private Path fakeJdk(String name, String version, boolean withJavac) throws IOException {
    Path home = jvms.resolve(name);
    Files.createDirectories(home.resolve("bin"));
    Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
    executable(
        home.resolve("bin/java"), "#!/bin/sh\necho 'openjdk version \"" + version + "\"' >&2\n");
    if (withJavac) {
      executable(home.resolve("bin/javac"), "#!/bin/sh\nexit 0\n");
    }
    return home;
  }

  private static void executable(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private Result findJdk(String javaHome) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("sh", SCRIPT.toString());
    Map<String, String> env = builder.environment();
    env.remove("JAVA_HOME");
    if (javaHome != null) {
      env.put("JAVA_HOME", javaHome);
    }
    env.put("LIGHTWIRE_JDK_DIRS", jvms.toString());
    Process process = builder.start();
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    return new Result(
        process.exitValue(),
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim(),
        new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim());
  }

  @Test
  void javaHomeIsKeptWhenItIsNewEnough() throws Exception {
    Path jdk25 = fakeJdk("jdk-25", "25.0.1", true);
    fakeJdk("jdk-26", "26", true);
    assertEquals(new Result(0, jdk25.toString(), ""), findJdk(jdk25.toString()));
  }

  @Test
  void anOldJavaHomeIsPassedOverForTheNewestJdkFound() throws Exception {
    Path jdk17 = fakeJdk("java-17-openjdk", "17.0.15", true);
    fakeJdk("temurin-25-jdk", "25.0.3", true);
    Path jdk26 = fakeJdk("jdk-26", "26.0.1", true);
    assertEquals(jdk26.toString(), findJdk(jdk17.toString()).out());
  }

  @Test
  void aRuntimeWithoutJavacIsNotAJdk() throws Exception {
    fakeJdk("jre-25", "25.0.1", false);
    Path jdk = fakeJdk("jdk-25", "25.0.1", true);
    assertEquals(jdk.toString(), findJdk(null).out());
  }

  @Test
  void theVersionIsReadFromJavaWhenThereIsNoReleaseFile() throws Exception {
    Path jdk = fakeJdk("odd-jdk", "25.0.2", true);
    Files.delete(jdk.resolve("release"));
    assertEquals(jdk.toString(), findJdk(null).out());
  }

  @Test
  void noJdk25IsOneLineSayingWhatIsNeeded() throws Exception {
    Path jdk17 = fakeJdk("java-17-openjdk", "17.0.15", true);
    fakeJdk("java-8", "1.8.0_392", true);
    Result result = findJdk(jdk17.toString());
    assertEquals(1, result.status());
    assertEquals("", result.out());
    assertEquals(1, result.err().lines().count(), result.err());
    assertTrue(result.err().contains("needs a JDK 25 or newer"), result.err());
  }
}

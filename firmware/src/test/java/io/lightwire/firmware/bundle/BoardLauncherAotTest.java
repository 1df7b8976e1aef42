package io.lightwire.firmware.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The board launcher's AOT cache and memory flags, run by {@code sh} with a stand-in {@code java}
 * that records each command line: the cache is used when it is there, made in the background by
 * {@code bin/aot-train} when it is not (the start itself goes on without it), never used when
 * {@code LIGHTWIRE_AOT=off}; a collector in {@code JAVA_OPTS} replaces the Serial GC flag.
 */
@Tag("process")
class BoardLauncherAotTest {

  @TempDir Path home;

  private Path calls;
  private Path aotDir;

  @BeforeEach
  void writeLauncherAndStandInJava() throws Exception {
    Path bin = Files.createDirectories(home.resolve("bin"));
    Files.createDirectories(home.resolve("lib"));
    write(bin.resolve("lightwire"), BoardFiles.launcher(false));
    write(bin.resolve("aot-train"), BoardFiles.aotTrain());
    Path java = Files.createDirectories(home.resolve("jdk/bin")).resolve("java");
    calls = home.resolve("java-calls.txt");
    // -version as a Java 25 prints it; any other call is recorded, one line each.
    write(
        java,
        "#!/bin/sh\n"
            + "if [ \"$1\" = -version ]; then echo 'openjdk version \"25.0.1\" 2025-10-21' >&2;"
            + " exit 0; fi\n"
            + "echo \"$*\" >>\""
            + calls
            + "\"\n");
    aotDir = home.resolve("state/aot");
  }

  @Test
  void withoutACacheTheStartGoesOnAndATrainingRunIsStartedInTheBackground() throws Exception {
    // What an earlier release left: its cache, and the .tmp of a training that was killed.
    Files.createDirectories(aotDir);
    Path oldCache = Files.writeString(aotDir.resolve("lightwire-1.aot"), "an old cache");
    Path killed = Files.writeString(aotDir.resolve("lightwire-1.aot.4242.tmp"), "half a cache");
    assertEquals(0, launch(Map.of()));
    List<String> lines = waitForLines(2);
    String start = start(lines);
    assertTrue(start.endsWith("LightwireCli run"), start);
    assertFalse(start.contains("-XX:AOTCache"), "no cache yet: " + start);
    String training = training(lines);
    assertTrue(training.contains("-XX:AOTCacheOutput=" + aotDir + "/lightwire-"), training);
    assertTrue(training.endsWith("run --aot-training --board emulated --port 0 --bind 127.0.0.1"));
    // No method profiles in the cache: replaying them costs resident memory at every boot.
    assertTrue(
        training.contains("-XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining"), training);
    // The stand-in wrote no cache: the training is marked failed, and never retried for it.
    Path failed = Path.of(cacheOf(training) + ".failed");
    waitFor(() -> Files.exists(failed));
    assertFalse(Files.exists(oldCache), "another release's cache is stale");
    assertFalse(Files.exists(killed), "a killed training's .tmp is as large as a cache");
  }

  @Test
  void aCacheThatIsThereIsUsed() throws Exception {
    assertEquals(0, launch(Map.of()));
    String training = training(waitForLines(2));
    Path cache = Path.of(cacheOf(training));
    waitFor(() -> Files.exists(Path.of(cache + ".failed")));
    Files.delete(Path.of(cache + ".failed"));
    Files.writeString(cache, "a cache");
    Files.delete(calls);

    assertEquals(0, launch(Map.of()));
    String start = waitForLines(1).get(0);
    assertTrue(start.contains("-XX:AOTCache=" + cache + " "), start);

    Files.delete(calls);
    assertEquals(0, launch(Map.of("LIGHTWIRE_AOT", "off")));
    assertFalse(waitForLines(1).get(0).contains("-XX:AOTCache"), "LIGHTWIRE_AOT=off");
  }

  @Test
  void theMemoryFlagsComeFirstAndAJavaOptsCollectorReplacesOurs() throws Exception {
    assertEquals(0, launch(Map.of("LIGHTWIRE_AOT", "off", "JAVA_OPTS", "-Xmx16m")));
    String start = waitForLines(1).get(0);
    assertTrue(start.contains(BoardFiles.memoryFlags()), start);
    assertTrue(start.indexOf("-XX:+UseSerialGC") < start.indexOf("-Xmx16m"), start);

    Files.delete(calls);
    assertEquals(0, launch(Map.of("LIGHTWIRE_AOT", "off", "JAVA_OPTS", "-XX:+UseG1GC")));
    String g1 = waitForLines(1).get(0);
    assertFalse(g1.contains("-XX:+UseSerialGC"), "two collectors stop the JVM: " + g1);
    assertTrue(g1.contains("-XX:+UseG1GC"), g1);
  }

  /** Runs {@code sh bin/lightwire run} as the unit does (state directory set); its exit status. */
  private int launch(Map<String, String> env) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder("sh", home.resolve("bin/lightwire").toString(), "run")
            .redirectErrorStream(true)
            .redirectOutput(home.resolve("launcher-output.txt").toFile());
    builder
        .environment()
        .keySet()
        .removeIf(k -> k.startsWith("LIGHTWIRE_") || k.equals("JAVA_OPTS"));
    builder.environment().put("JAVA_HOME", home.resolve("jdk").toString());
    builder.environment().put("LIGHTWIRE_AOT_DIR", aotDir.toString());
    builder.environment().put("LIGHTWIRE_AOT_DELAY_S", "0");
    builder.environment().putAll(env);
    Process process = builder.start();
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    return process.exitValue();
  }

  /** The launcher's own start among the recorded calls (the training runs at the same time). */
  private static String start(List<String> lines) {
    return lines.stream().filter(l -> !l.contains("--aot-training")).findFirst().orElseThrow();
  }

  private static String training(List<String> lines) {
    return lines.stream().filter(l -> l.contains("--aot-training")).findFirst().orElseThrow();
  }

  /** The cache a training run's {@code -XX:AOTCacheOutput=DIR/lightwire-ID.aot.PID.tmp} makes. */
  private static String cacheOf(String training) {
    String output = training.split("-XX:AOTCacheOutput=")[1].split(" ")[0];
    return output.substring(0, output.indexOf(".aot.") + ".aot".length());
  }

  private List<String> waitForLines(int count) throws Exception {
    waitFor(() -> Files.exists(calls) && Files.readAllLines(calls).size() >= count);
    return Files.readAllLines(calls, StandardCharsets.UTF_8);
  }

  private interface Check {
    boolean ok() throws Exception;
  }

  private static void waitFor(Check check) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!check.ok()) {
      assertTrue(System.nanoTime() < deadline, "not within 20 s");
      Thread.sleep(20);
    }
  }

  private static void write(Path file, String text) throws Exception {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}

package io.lightwire.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The CLI as a real process, launched the way {@code ./lightwire} launches it ({@code LightwireCli
 * ARGS} on this test's class path): {@link #command} for any command, {@link #example} for an
 * example with standard output read line by line and standard error kept in a file. {@link
 * #close()} kills it if a test left it running.
 */
public final class CliProcess implements AutoCloseable {

  /** The CLI's main class (firmware); named, not referenced: this jar depends on no module. */
  private static final String LIGHTWIRE_CLI = "io.lightwire.firmware.cli.LightwireCli";

  private final Process process;
  private final Path errors;
  private final BufferedReader stdout;
  private final List<String> lines = new ArrayList<>();

  private CliProcess(Process process, Path errors) {
    this.process = process;
    this.errors = errors;
    this.stdout =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /**
   * Starts {@code lightwire example} with {@code args} (the example's name first), standard error
   * going to a file in {@code dir}.
   */
  public static CliProcess example(Path dir, String... args) throws IOException {
    List<String> cli = new ArrayList<>(List.of("example"));
    cli.addAll(List.of(args));
    Path errors = dir.resolve("stderr.txt");
    return new CliProcess(
        command(List.of(), cli.toArray(String[]::new)).redirectError(errors.toFile()).start(),
        errors);
  }

  /**
   * {@code lightwire ARGS} as {@code ./lightwire} launches it: this test's JVM with {@code
   * jvmOptions}, {@code LightwireCli} on this test's class path. The caller sets the environment
   * and the redirects, and starts it.
   */
  public static ProcessBuilder command(List<String> jvmOptions, String... cliArgs) {
    String java = ProcessHandle.current().info().command().orElseThrow();
    String classPath =
        String.join(
            File.pathSeparator,
            System.getProperty("jdk.module.path", ""),
            System.getProperty("java.class.path", ""));
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", classPath, LIGHTWIRE_CLI));
    command.addAll(List.of(cliArgs));
    return new ProcessBuilder(command);
  }

  /** The first line on standard output, waiting for it; fails with standard error when none. */
  public String firstLine() throws IOException {
    String first = stdout.readLine();
    assertTrue(first != null, "no output; stderr: " + stderr());
    lines.add(first);
    return first;
  }

  /** Sends SIGTERM by kill(1): {@link Process#destroy()} would also close our end of the pipe. */
  public void sigterm() throws IOException, InterruptedException {
    sigterm(process);
  }

  /** Sends SIGTERM to {@code process} by kill(1), as systemd would; fails when kill(1) fails. */
  public static void sigterm(Process process) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start();
    assertTrue(kill.waitFor(10, TimeUnit.SECONDS));
    assertEquals(0, kill.exitValue());
  }

  /**
   * Waits (30 s at most) for the process to exit, then reads the rest of standard output.
   *
   * @return every line it printed on standard output
   */
  public List<String> awaitExit() throws IOException, InterruptedException {
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "still running after SIGTERM");
    String line;
    while ((line = stdout.readLine()) != null) {
      lines.add(line);
    }
    return List.copyOf(lines);
  }

  /** The exit status; only after {@link #awaitExit()}. */
  public int exitValue() {
    return process.exitValue();
  }

  /** Standard error so far. */
  public String stderr() throws IOException {
    return Files.readString(errors);
  }

  @Override
  public void close() throws IOException {
    process.destroyForcibly();
    stdout.close();
  }
}

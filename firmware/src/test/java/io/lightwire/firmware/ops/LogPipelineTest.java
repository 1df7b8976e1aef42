package io.lightwire.firmware.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.config.ConfigException;
import io.lightwire.firmware.config.FirmwareConfig;
import io.lightwire.firmware.internal.Journald;
import io.lightwire.firmware.internal.LogFormat;
import io.lightwire.firmware.internal.LogSetup;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One log pipeline: System.Logger and SLF4J (hal, Pi4J) reach one backend in one line format,
 * levels come from the config with Pi4J's INFO off by default, an expected condition logs one line
 * without a stack trace, and under journald lines carry a syslog priority and no time.
 */
class LogPipelineTest {

  private static final String TERMINAL_LINE =
      "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} (ERROR|WARN |INFO |DEBUG|TRACE) ";

  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private PrintStream stderr;

  @BeforeEach
  void captureStderr() {
    stderr = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() throws IOException {
    System.setErr(stderr);
    LogManager.getLogManager().readConfiguration(); // the JDK's defaults again
  }

  /**
   * What the pipeline wrote. Jazzer's agent, once a fuzz test in the same test JVM installed it,
   * prints "INFO: Instrumented ..." to stderr for every class loaded later (LogSetup's here): that
   * is not our pipeline's output.
   */
  private List<String> lines() {
    return captured
        .toString(StandardCharsets.UTF_8)
        .lines()
        .filter(l -> !l.startsWith("INFO: Instrumented "))
        .toList();
  }

  @Test
  void systemLoggerAndSlf4jShareOneLineFormatAndPi4jInfoIsOffByDefault() throws Exception {
    LogSetup.apply(FirmwareConfig.defaults(), Map.of());
    System.getLogger("io.lightwire.test").log(System.Logger.Level.WARNING, "hello {0}", "board");
    org.slf4j.LoggerFactory.getLogger("io.lightwire.hal.test").warn("from {}", "slf4j");
    org.slf4j.LoggerFactory.getLogger("com.pi4j.Pi4J").info("Pi4J chatter");
    org.slf4j.LoggerFactory.getLogger("com.pi4j.Pi4J").warn("Pi4J warning");
    List<String> lines = lines();
    assertEquals(3, lines.size(), String.join("\n", lines));
    assertTrue(
        lines.get(0).matches(TERMINAL_LINE + "io\\.lightwire\\.test: hello board"), lines.get(0));
    assertTrue(
        lines.get(1).matches(TERMINAL_LINE + "io\\.lightwire\\.hal\\.test: from slf4j"),
        lines.get(1));
    assertTrue(
        lines.get(2).matches(TERMINAL_LINE + "com\\.pi4j\\.Pi4J: Pi4J warning"), lines.get(2));
  }

  @Test
  void logLevelAndPerLoggerLevelsComeFromTheConfig() throws Exception {
    FirmwareConfig config =
        FirmwareConfig.defaults()
            .with(
                Map.of("log.level", "warn", "log.levels", "io.lightwire.chatty=debug"),
                "in the test");
    LogSetup.apply(config, Map.of());
    System.getLogger("io.lightwire.quiet").log(System.Logger.Level.INFO, "not shown");
    System.getLogger("io.lightwire.chatty.part").log(System.Logger.Level.DEBUG, "shown");
    List<String> lines = lines();
    assertEquals(1, lines.size(), String.join("\n", lines));
    assertTrue(lines.get(0).endsWith("DEBUG io.lightwire.chatty.part: shown"), lines.get(0));
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> FirmwareConfig.defaults().with(Map.of("log.levels", "com.pi4j=loud"), "in x"));
    assertTrue(e.getMessage().contains("'log.levels'") && e.getMessage().contains("loud"));
  }

  @Test
  void anExpectedConditionIsOneLineAndABugKeepsItsStackTrace() {
    LogSetup.apply(Level.INFO, Map.of(), Map.of());
    System.Logger log = System.getLogger("io.lightwire.net");
    log.log(
        System.Logger.Level.WARNING,
        "connection 3 failed; closing it",
        new IOException("Connection reset by peer"));
    List<String> expected = lines();
    assertEquals(1, expected.size(), String.join("\n", expected));
    assertTrue(
        expected.get(0).endsWith(": java.io.IOException: Connection reset by peer"),
        expected.get(0));
    log.log(System.Logger.Level.ERROR, "handler failed", new IllegalStateException("a bug"));
    List<String> bug = lines();
    assertTrue(bug.size() > 3, "a stack trace for a bug");
    assertTrue(bug.stream().anyMatch(l -> l.startsWith("\tat ")), String.join("\n", bug));
  }

  @Test
  void underJournaldALineHasItsSyslogPriorityAndNoTime() {
    LogRecord warning = new LogRecord(Level.WARNING, "wrong access token from {0}");
    warning.setParameters(new Object[] {"/192.0.2.7"});
    warning.setLoggerName("io.lightwire.firmware.gpio");
    assertEquals(
        "<4>io.lightwire.firmware.gpio: wrong access token from /192.0.2.7\n",
        new LogFormat(true).format(warning));
    LogRecord error = new LogRecord(Level.SEVERE, "x");
    error.setLoggerName("a");
    assertEquals("<3>a: x\n", new LogFormat(true).format(error));
    LogRecord info = new LogRecord(Level.INFO, "y");
    info.setLoggerName("b");
    assertEquals("<6>b: y\n", new LogFormat(true).format(info));
    // A terminal that inherited JOURNAL_STREAM is not the journal: the descriptor is no socket.
    assertFalse(Journald.isJournal(2, Map.of("JOURNAL_STREAM", "8:1")));
    assertFalse(Journald.isJournal(2, Map.of()));
  }
}

package io.lightwire.firmware.internal;

import io.lightwire.firmware.config.ConfigKey;
import io.lightwire.firmware.config.FirmwareConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * The one log pipeline: {@code java.util.logging} is the backend of both {@code System.Logger} (the
 * JDK's default) and SLF4J (slf4j-jdk14: hal, Pi4J, SSHD). {@link #apply} replaces the root
 * handlers with one on stderr in the {@link LogFormat}, sets {@code log.level} on the root and the
 * {@code log.levels} on their loggers ({@code com.pi4j=warn} by default: Pi4J's INFO start-up
 * chatter is off).
 */
public final class LogSetup {

  /** Loggers whose level was set: JUL holds loggers weakly, and a collected one forgets it. */
  private static final List<Logger> CONFIGURED = new ArrayList<>();

  private LogSetup() {}

  /** Configures logging from {@code log.level} and {@code log.levels}; stderr is the output. */
  public static synchronized void apply(FirmwareConfig config, Map<String, String> env) {
    apply(level(config.text(ConfigKey.LOG_LEVEL)), levels(config.text(ConfigKey.LOG_LEVELS)), env);
  }

  /** Configures logging with a root level and per-logger levels ({@code name=level,...}). */
  public static synchronized void apply(
      Level root, Map<String, Level> perLogger, Map<String, String> env) {
    Logger rootLogger = LogManager.getLogManager().getLogger("");
    for (Handler h : rootLogger.getHandlers()) {
      rootLogger.removeHandler(h);
    }
    StreamHandler handler =
        new StreamHandler(System.err, new LogFormat(Journald.isJournal(2, env))) {
          @Override
          public synchronized void publish(java.util.logging.LogRecord record) {
            super.publish(record);
            flush(); // one line at a time: a crash must not lose the last lines
          }
        };
    handler.setLevel(Level.ALL);
    rootLogger.addHandler(handler);
    rootLogger.setLevel(root);
    CONFIGURED.clear();
    for (Map.Entry<String, Level> e : perLogger.entrySet()) {
      Logger logger = Logger.getLogger(e.getKey());
      logger.setLevel(e.getValue());
      CONFIGURED.add(logger);
    }
  }

  /** {@code error}, {@code warn}, {@code info}, {@code debug} or {@code trace} as a JUL level. */
  public static Level level(String name) {
    return switch (name) {
      case "off" -> Level.OFF;
      case "error" -> Level.SEVERE;
      case "warn" -> Level.WARNING;
      case "info" -> Level.INFO;
      case "debug" -> Level.FINE;
      case "trace" -> Level.FINEST;
      default -> throw new IllegalArgumentException("log level '" + name + "' is not known");
    };
  }

  /** {@code com.pi4j=warn,io.lightwire.websock=debug} as logger names and levels, in order. */
  public static Map<String, Level> levels(String text) {
    Map<String, Level> out = new java.util.LinkedHashMap<>();
    if (text.isBlank() || text.equals("none")) {
      return out;
    }
    for (String part : text.split(",")) {
      int eq = part.indexOf('=');
      out.put(part.substring(0, eq).strip(), level(part.substring(eq + 1).strip()));
    }
    return out;
  }
}

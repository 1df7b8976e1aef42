package io.lightwire.firmware.testing;

import io.lightwire.firmware.Application;
import io.lightwire.firmware.BootException;
import io.lightwire.firmware.Firmware;
import io.lightwire.firmware.app.AppException;
import io.lightwire.firmware.app.AppLoader;
import io.lightwire.firmware.config.ConfigException;
import io.lightwire.firmware.config.FirmwareConfig;
import io.lightwire.hal.emulated.EmulatedHardware;
import io.lightwire.websock.client.WebSocketClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The hardware-in-the-loop harness: before each test it boots the whole firmware in-process on the
 * emulated board, on a free loopback port, with a fresh state directory; it hands the test what it
 * asks for as parameters; after the test it closes the clients and the firmware and fails the test
 * when any pool of the memory plan is still in use.
 *
 * <p>Parameters it resolves: {@link Lightwire} (the handle), {@link Firmware}, {@link
 * EmulatedHardware} (the board's test API), {@link URI} (the base address), and {@link
 * WebSocketClient} (connected to {@code /gpio}, or to the path of an {@link Endpoint} annotation).
 *
 * <p>With an application ({@link LightwireTest#application()}, or the one {@link ServiceLoader}
 * finds), the firmware boots with it and each test begins once its {@code start} has returned (or
 * failed: {@link Lightwire#application()} says which).
 *
 * <p>Use it with {@link LightwireTest}, or {@code @ExtendWith(LightwireExtension.class)} for the
 * defaults. JUnit is an optional dependency of the firmware: the board's runtime does not need it.
 */
// JUnit's types in this API are fine unexported: whoever uses the harness has JUnit.
@SuppressWarnings("exports")
public final class LightwireExtension
    implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LightwireExtension.class);
  private static final String HANDLE = "lightwire";
  private static final String STATE_DIR = "state-dir";
  private static final String BOOT_REPORT = "boot-report";

  /** How long a test waits for its application's {@code start} to return, in milliseconds. */
  static final long APPLICATION_START_MILLIS = 10_000;

  /** Made by JUnit. */
  public LightwireExtension() {}

  @Override
  public void beforeEach(ExtensionContext context) throws IOException, BootException {
    Path state = Files.createTempDirectory("lightwire-test-state");
    context.getStore(NAMESPACE).put(STATE_DIR, state);
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("board", "emulated");
    entries.put("server.bind", "127.0.0.1");
    entries.put("server.port", "0");
    entries.put("state.dir", state.toString());
    context.getTestClass().ifPresent(c -> addConfig(c.getAnnotation(LightwireTest.class), entries));
    context
        .getTestMethod()
        .ifPresent(m -> addConfig(m.getAnnotation(LightwireTest.class), entries));
    FirmwareConfig config;
    try {
      config = FirmwareConfig.defaults().with(entries, "in @LightwireTest");
    } catch (ConfigException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    Application application = application(context);
    ByteArrayOutputStream report = new ByteArrayOutputStream();
    Firmware firmware =
        Firmware.boot(
            config,
            new PrintStream(report, true, StandardCharsets.UTF_8),
            state,
            application,
            nanoClock(context));
    context.getStore(NAMESPACE).put(BOOT_REPORT, report);
    Lightwire handle = new Lightwire(firmware);
    context.getStore(NAMESPACE).put(HANDLE, handle);
    if (application != null) {
      handle.awaitApplicationStarted(APPLICATION_START_MILLIS);
    }
  }

  /**
   * The application the test asks for: the method's {@link LightwireTest#application()}, else the
   * class's, else the one {@link ServiceLoader} finds, else none.
   */
  static Application application(ExtensionContext context) {
    Class<? extends Application> chosen = Application.class;
    for (LightwireTest annotation : methodThenClass(context)) {
      if (annotation != null && annotation.application() != Application.class) {
        chosen = annotation.application();
        break;
      }
    }
    if (chosen != Application.class) {
      return instantiate(chosen, "application");
    }
    List<Application> found = new ArrayList<>();
    ServiceLoader.load(Application.class, Thread.currentThread().getContextClassLoader())
        .forEach(found::add);
    try {
      return AppLoader.only(found, "by ServiceLoader for @LightwireTest").orElse(null);
    } catch (AppException e) {
      throw new IllegalArgumentException(e.getMessage() + ": @LightwireTest(application = ...)", e);
    }
  }

  /**
   * The clock the test asks for: the method's {@link LightwireTest#nanoClock()}, else the class's,
   * a new instance per test; else {@link System#nanoTime()}.
   */
  static LongSupplier nanoClock(ExtensionContext context) {
    for (LightwireTest annotation : methodThenClass(context)) {
      if (annotation != null && annotation.nanoClock() != LongSupplier.class) {
        return instantiate(annotation.nanoClock(), "nanoClock");
      }
    }
    return System::nanoTime;
  }

  /** A new {@code type} made with its public no-argument constructor, for the element named. */
  private static <T> T instantiate(Class<? extends T> type, String element) {
    try {
      return type.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(
          "@LightwireTest "
              + element
              + " "
              + type.getName()
              + " needs a public no-argument constructor: "
              + e,
          e);
    }
  }

  /** The test method's annotation, then its class's; either may be null. */
  private static LightwireTest[] methodThenClass(ExtensionContext context) {
    return new LightwireTest[] {
      context.getTestMethod().map(m -> m.getAnnotation(LightwireTest.class)).orElse(null),
      context.getTestClass().map(c -> c.getAnnotation(LightwireTest.class)).orElse(null)
    };
  }

  private static void addConfig(LightwireTest annotation, Map<String, String> entries) {
    if (annotation == null) {
      return;
    }
    for (String entry : annotation.config()) {
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "@LightwireTest config entry '" + entry + "' is not key=value");
      }
      entries.put(entry.substring(0, eq).strip(), entry.substring(eq + 1).strip());
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    Lightwire handle = store.remove(HANDLE, Lightwire.class);
    Path state = store.remove(STATE_DIR, Path.class);
    try {
      if (handle != null) {
        List<String> leaks = handle.shutDown();
        if (!leaks.isEmpty()) {
          throw new AssertionError("pools still in use after the firmware stopped: " + leaks);
        }
      }
    } finally {
      if (state != null) {
        deleteTree(state);
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == Lightwire.class
        || type == Firmware.class
        || type == EmulatedHardware.class
        || type == URI.class
        || type == WebSocketClient.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Lightwire handle = context.getStore(NAMESPACE).get(HANDLE, Lightwire.class);
    if (handle == null) {
      throw new ParameterResolutionException(
          "the firmware is booted per test: ask for Lightwire parameters in test methods only");
    }
    Class<?> type = parameter.getParameter().getType();
    if (type == Lightwire.class) {
      return handle;
    }
    if (type == Firmware.class) {
      return handle.firmware();
    }
    if (type == EmulatedHardware.class) {
      return handle.board();
    }
    if (type == URI.class) {
      return handle.baseUri();
    }
    String path = parameter.findAnnotation(Endpoint.class).map(Endpoint::value).orElse("/gpio");
    try {
      return handle.connect(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot connect to " + path, e);
    }
  }
}

package io.lightwire.firmware.testing;

import io.lightwire.firmware.Application;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs each test against the whole firmware, booted in-process on the emulated board on a free
 * loopback port, with the user's {@link #application()} (see {@link LightwireExtension}). Put it on
 * a test class or a test method; a method's {@link #config()} is applied after its class's.
 *
 * <pre>{@code
 * @LightwireTest(config = {"camera.fps=10", "gpio.outputs=17"})
 * class BlinkTest {
 *   @Test
 *   void pressingTheButtonLightsTheLed(Lightwire lw, EmulatedHardware board) { ... }
 * }
 * }</pre>
 */
@SuppressWarnings("exports")
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(LightwireExtension.class)
public @interface LightwireTest {

  /**
   * Config entries as {@code key=value}, applied over the test defaults ({@code board=emulated},
   * {@code server.bind=127.0.0.1}, {@code server.port=0}, a fresh {@code state.dir}).
   */
  String[] config() default {};

  /**
   * The application to boot with the firmware, made with its public no-argument constructor for
   * each test. The default, {@code Application.class}, means: the one {@link Application} that
   * {@link java.util.ServiceLoader} finds (a test of the user's own project boots its firmware this
   * way), or none. A method's value other than the default replaces its class's.
   */
  Class<? extends Application> application() default Application.class;

  /**
   * The firmware's clock ({@link io.lightwire.firmware.Firmware#nanoClock()}), made with its public
   * no-argument constructor for each test; a test reaches it through {@code
   * lw.firmware().nanoClock()}, moves it, then calls {@code lw.firmware().clockMoved()}. The
   * default, {@code LongSupplier.class}, means {@link System#nanoTime()}. A method's value other
   * than the default replaces its class's.
   */
  Class<? extends LongSupplier> nanoClock() default LongSupplier.class;
}

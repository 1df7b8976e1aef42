package io.lightwire.firmware.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs each test against the whole firmware, booted in-process on the emulated board on a free
 * loopback port (see {@link LightwireExtension}). Put it on a test class or a test method; a
 * method's {@link #config()} is applied after its class's.
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
}

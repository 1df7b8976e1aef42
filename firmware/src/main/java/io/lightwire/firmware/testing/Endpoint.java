package io.lightwire.firmware.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Which endpoint a {@link io.lightwire.websock.client.WebSocketClient} test parameter is connected
 * to: {@code "/gpio"} (the default when the annotation is absent), {@code "/camera"}, or {@code
 * "/hil"} (connected with the access token).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Endpoint {

  /** The endpoint's path. */
  String value();
}

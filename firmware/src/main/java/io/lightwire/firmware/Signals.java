package io.lightwire.firmware;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Installs handlers for SIGTERM and SIGINT so that a stop by signal is a clean exit with status 0
 * (a JVM killed by a signal with only shutdown hooks exits 143 or 130). It uses {@code
 * sun.misc.Signal} from {@code jdk.unsupported} through reflection: javac has no way to silence its
 * "internal proprietary API" warning, and the build treats warnings as errors. Returns false, and
 * leaves the JVM's default behaviour, where that API is missing.
 *
 * <p>Shared by {@code lightwire run} and by examples that serve until stopped (e.g. {@code
 * echo-server}), so every long-running command stops the same way.
 */
public final class Signals {

  private Signals() {}

  /**
   * Runs {@code action} on SIGTERM and SIGINT instead of the JVM's default exit. The action runs on
   * the JVM's signal thread and must return promptly.
   *
   * @return true when the handlers are installed; false when {@code sun.misc.Signal} is missing
   *     (the caller then falls back to a shutdown hook)
   */
  public static boolean onTermination(Runnable action) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      InvocationHandler invocation =
          (Object proxy, Method method, Object[] args) -> {
            if (method.getName().equals("handle")) {
              action.run();
              return null;
            }
            return switch (method.getName()) {
              case "hashCode" -> System.identityHashCode(proxy);
              case "equals" -> proxy == args[0];
              default -> "lightwire signal handler";
            };
          };
      Object handler =
          Proxy.newProxyInstance(
              Signals.class.getClassLoader(), new Class<?>[] {handlerClass}, invocation);
      Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
      for (String name : new String[] {"TERM", "INT"}) {
        Object signal = signalClass.getConstructor(String.class).newInstance(name);
        handle.invoke(null, signal, handler);
      }
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }
}

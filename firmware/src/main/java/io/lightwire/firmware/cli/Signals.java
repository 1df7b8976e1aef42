package io.lightwire.firmware.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Installs handlers for SIGTERM and SIGINT so that a stop by signal is a clean exit with status 0
 * (a JVM killed by a signal with only shutdown hooks exits 143 or 130). It uses {@code
 * sun.misc.Signal} from {@code jdk.unsupported} through reflection: javac has no way to silence its
 * "internal proprietary API" warning, and the build treats warnings as errors. Returns false, and
 * leaves the JVM's default behaviour, where that API is missing.
 */
final class Signals {

  private Signals() {}

  /** Runs {@code action} on SIGTERM and SIGINT instead of the JVM's default exit. */
  static boolean onTermination(Runnable action) {
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

package io.lightwire.firmware.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.ApplicationThread;
import io.lightwire.firmware.EventQueue;
import io.lightwire.firmware.internal.ServiceWatchdog;
import io.lightwire.firmware.internal.SystemdNotifier;
import io.lightwire.hal.unix.UnixDatagram;
import io.lightwire.testsupport.CliProcess;
import io.lightwire.websock.server.Server;
import io.lightwire.websock.server.ServerConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * systemd's notify protocol against a notify socket the test binds, as systemd does: {@code
 * READY=1} once {@code lightwire run} serves, {@code WATCHDOG=1} while both loops turn and none
 * while the service loop is stuck, {@code STOPPING=1} on SIGTERM.
 */
@Tag("process")
class SystemdNotifyTest {

  @TempDir Path dir;

  @Test
  void runSendsReadyOnceServingThenWatchdogPingsThenStoppingOnSigterm() throws Exception {
    Path socketPath = dir.resolve("notify");
    try (UnixDatagram systemd = UnixDatagram.open(4096).bind(socketPath.toString())) {
      ProcessBuilder builder =
          CliProcess.command(
                  List.of("--enable-native-access=ALL-UNNAMED"),
                  "run",
                  "--port",
                  "0",
                  "--bind",
                  "127.0.0.1")
              .redirectErrorStream(true);
      builder.environment().put("XDG_STATE_HOME", dir.toString());
      builder.environment().put("NOTIFY_SOCKET", socketPath.toString());
      builder.environment().put("WATCHDOG_USEC", "400000"); // a ping every 200 ms
      Process process = builder.start();
      List<String> output = new ArrayList<>();
      Thread reader =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (BufferedReader lines =
                        new BufferedReader(
                            new InputStreamReader(
                                process.getInputStream(), StandardCharsets.UTF_8))) {
                      String line;
                      while ((line = lines.readLine()) != null) {
                        synchronized (output) {
                          output.add(line);
                        }
                      }
                    } catch (java.io.IOException e) {
                      // the process ended
                    }
                  });
      try {
        String ready = systemd.receive(60_000);
        assertNotNull(ready, "no READY=1 within 60 s: " + output);
        assertTrue(ready.startsWith("READY=1\n"), ready);
        assertTrue(ready.contains("STATUS=serving on http://127.0.0.1:"), ready);
        long printed = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!printedServing(output) && System.nanoTime() < printed) {
          Thread.sleep(10); // the line was written before READY=1; the pipe may lag
        }
        assertTrue(printedServing(output), "READY=1 comes after the firmware serves: " + output);
        for (int i = 0; i < 3; i++) {
          assertEquals("WATCHDOG=1", systemd.receive(5_000), "ping " + i);
        }
        CliProcess.sigterm(process);
        String message;
        do {
          message = systemd.receive(20_000);
          assertNotNull(message, "no STOPPING=1 after SIGTERM: " + output);
        } while (message.equals("WATCHDOG=1"));
        assertTrue(message.startsWith("STOPPING=1"), message);
        assertTrue(process.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), String.valueOf(output));
      } finally {
        process.destroyForcibly();
        reader.join(10_000);
      }
    }
  }

  private static boolean printedServing(List<String> output) {
    synchronized (output) {
      return output.stream().anyMatch(l -> l.startsWith("serving on "));
    }
  }

  @Test
  void aStuckServiceLoopStopsTheWatchdogPingsAndTheyResumeWhenItTurnsAgain() throws Exception {
    Path socketPath = dir.resolve("notify");
    try (UnixDatagram systemd = UnixDatagram.open(4096).bind(socketPath.toString());
        SystemdNotifier notifier =
            SystemdNotifier.fromEnvironment(
                Map.of("NOTIFY_SOCKET", socketPath.toString(), "WATCHDOG_USEC", "100000"),
                ProcessHandle.current().pid());
        ApplicationThread app = new ApplicationThread(new EventQueue(16))) {
      assertEquals(50, notifier.watchdogIntervalMillis(), "half of WatchdogSec");
      Server server = Server.open(ServerConfig.loopback(), (request, response) -> {});
      server.start();
      ServiceWatchdog watchdog = ServiceWatchdog.start(app, server, notifier);
      assertNull(systemd.receive(300), "no ping before READY=1");
      notifier.ready("serving");
      assertTrue(systemd.receive(5_000).startsWith("READY=1\n"));
      try {
        assertEquals("WATCHDOG=1", systemd.receive(5_000));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch stuck = new CountDownLatch(1);
        assertTrue(
            server.execute(
                () -> {
                  stuck.countDown();
                  try {
                    release.await(); // a handler that never returns: the loop is stuck
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }));
        assertTrue(stuck.await(5, TimeUnit.SECONDS));
        while (systemd.receive(200) != null) {
          // pings sent before the loop stuck
        }
        assertNull(systemd.receive(1_000), "no ping while the service loop is stuck");
        release.countDown();
        assertEquals("WATCHDOG=1", systemd.receive(5_000), "pings again once it turns");
      } finally {
        watchdog.close();
        server.stop();
      }
    }
  }

  @Test
  void withoutNotifySocketNothingIsSentAndNoWatchdogRuns() {
    SystemdNotifier none = SystemdNotifier.fromEnvironment(Map.of(), 1);
    assertFalse(none.enabled());
    assertEquals(0, none.watchdogIntervalMillis());
    none.ready("serving"); // does nothing, throws nothing
    SystemdNotifier otherPid =
        SystemdNotifier.fromEnvironment(
            Map.of("NOTIFY_SOCKET", "@x", "WATCHDOG_USEC", "1000000", "WATCHDOG_PID", "2"), 1);
    assertEquals(0, otherPid.watchdogIntervalMillis(), "the watchdog is for another process");
    otherPid.close();
  }
}

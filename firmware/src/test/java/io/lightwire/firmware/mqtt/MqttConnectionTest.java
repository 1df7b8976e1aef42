package io.lightwire.firmware.mqtt;

import static io.lightwire.firmware.mqtt.BridgedBoard.PREFIX;
import static io.lightwire.firmware.mqtt.BridgedBoard.number;
import static io.lightwire.firmware.mqtt.BridgedBoard.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.MemoryPlan;
import io.lightwire.firmware.streams.StreamContext;
import io.lightwire.firmware.streams.Streams;
import io.lightwire.testsupport.TestCertificates;
import io.lightwire.websock.pool.Pool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgpack.value.Value;

/**
 * The bridge's connection to a real Mosquitto: it comes back after the broker restarts and a QoS 1
 * message accepted while the broker was down is delivered then; TLS with a test CA (and a broker
 * the CA did not sign is refused); wrong credentials give a clear error and counted retries while
 * the board goes on serving.
 */
@Tag("mqtt")
class MqttConnectionTest {

  private static final long WAIT = 15_000;

  @TempDir Path dir;

  private static void assertPoolsEmpty(BridgedBoard board) {
    for (Pool pool : board.firmware.pools()) {
      assertEquals(0, pool.inUse(), pool.name() + " in use after stop");
    }
  }

  private static void writeCounter(BridgedBoard board, long value) throws Exception {
    Streams streams = board.firmware.streams();
    StreamContext c = streams.write(Streams.ALL, "counter");
    c.packer().packLong(value);
    streams.flush(c, 1_000);
  }

  @Test
  void afterABrokerRestartItReconnectsAndDeliversTheQos1MessageAcceptedWhileItWasDown()
      throws Exception {
    try (MosquittoBroker broker = MosquittoBroker.start(dir, new MosquittoBroker.Options())) {
      // A subscriber with a persistent session, as a home server would have: the broker keeps
      // its subscription and queues QoS 1 messages for it across the restart.
      Observer home = Observer.connect(broker.url(), "home", false, PREFIX + "/streams/#");
      BridgedBoard board = BridgedBoard.boot(dir, broker.url(), Map.of());
      try {
        board.awaitStatus(s -> text(s, "state").equals("connected"), WAIT);
        writeCounter(board, 1);
        assertNotNull(home.await(PREFIX + "/streams/counter", "1", WAIT), home.received());
        home.close();

        broker.stop();
        Map<Value, Value> down =
            board.awaitStatus(s -> !text(s, "state").equals("connected"), WAIT);
        assertEquals(1, number(down, "connectionsLost"), down.toString());
        writeCounter(board, 2); // accepted into the outgoing queue while the broker is away
        Map<Value, Value> queued = board.mqttStatus();
        assertEquals(1, number(queued, "queueInUse"), queued.toString());
        assertEquals(1, board.pool(MemoryPlan.MQTT_MESSAGES).inUse());

        board.awaitStatus(s -> number(s, "connectFailures") >= 2, WAIT); // retried, backing off
        broker.restart();
        Map<Value, Value> back =
            board.awaitStatus(
                s -> number(s, "connects") == 2 && number(s, "queueInUse") == 0, WAIT);
        assertEquals("connected", text(back, "state"), back.toString());
        assertTrue(number(back, "connectFailures") >= 1, "counted retries: " + back);

        home = Observer.connect(broker.url(), "home", false, PREFIX + "/streams/#");
        assertNotNull(
            home.await(PREFIX + "/streams/counter", "2", WAIT),
            "the message accepted while the broker was down: " + home.received());
        home.close();
      } finally {
        board.close();
      }
      assertPoolsEmpty(board);
    }
  }

  @Test
  void whenTheBoardVanishesTheBrokerPublishesTheLastWillOfflineAndItComesBackOnline()
      throws Exception {
    try (MosquittoBroker broker = MosquittoBroker.start(dir, new MosquittoBroker.Options());
        CuttableProxy link = new CuttableProxy(Integer.parseInt(broker.url().split(":")[2]));
        Observer home = Observer.connect(broker.url(), "home", true, PREFIX + "/status")) {
      // A short keep-alive is not needed: the broker sees the socket end without DISCONNECT.
      BridgedBoard board = BridgedBoard.boot(dir, link.url(), Map.of());
      try {
        assertNotNull(home.await(PREFIX + "/status", "online", WAIT), broker.log());
        home.clear();
        link.cut();
        assertNotNull(
            home.await(PREFIX + "/status", "offline", WAIT),
            "the last will: " + home.received() + broker.log());
        assertNotNull(home.await(PREFIX + "/status", "online", WAIT), "back: " + home.received());
        Map<Value, Value> status = board.awaitStatus(s -> number(s, "connects") == 2, WAIT);
        assertEquals(1, number(status, "connectionsLost"), status.toString());
      } finally {
        board.close();
      }
      assertPoolsEmpty(board);
    }
  }

  @Test
  void tlsToTheBrokerWithATestCa() throws Exception {
    TestCertificates ca = TestCertificates.authority("Lightwire test CA");
    Path caDir = Files.createDirectories(dir.resolve("ca"));
    Path caPem = ca.writePem(caDir)[0];
    Path serverDir = Files.createDirectories(dir.resolve("server"));
    Path[] server = ca.issue("localhost").writePem(serverDir);
    MosquittoBroker.Options options = new MosquittoBroker.Options().tls(server[0], server[1]);
    try (MosquittoBroker broker = MosquittoBroker.start(dir, options);
        Observer home = Observer.connect(broker.url(), "home", true, PREFIX + "/status")) {
      BridgedBoard board =
          BridgedBoard.boot(dir, broker.tlsUrl(), Map.of("mqtt.ca-file", caPem.toString()));
      try {
        assertNotNull(home.await(PREFIX + "/status", "online", WAIT), broker.log());
        assertEquals("connected", text(board.mqttStatus(), "state"));
      } finally {
        board.close();
      }
      assertPoolsEmpty(board);

      // The JDK's own CAs never signed the test broker: refused, explained, retried.
      BridgedBoard untrusting = BridgedBoard.boot(dir, broker.tlsUrl(), Map.of());
      try {
        Map<Value, Value> refused =
            untrusting.awaitStatus(s -> number(s, "connectFailures") >= 2, WAIT);
        assertEquals(0, number(refused, "connects"), refused.toString());
        String error = text(refused, "lastError").toLowerCase(java.util.Locale.ROOT);
        assertTrue(error.contains("certif") || error.contains("pkix"), refused.toString());
      } finally {
        untrusting.close();
      }
      assertPoolsEmpty(untrusting);
    }
  }

  @Test
  void badCredentialsGiveAClearErrorAndACountedRetryNotACrash() throws Exception {
    Path passwords = MosquittoBroker.passwordFile(dir, "board", "right-password");
    MosquittoBroker.Options options = new MosquittoBroker.Options().passwords(passwords);
    try (MosquittoBroker broker = MosquittoBroker.start(dir, options)) {
      BridgedBoard wrong =
          BridgedBoard.boot(
              dir,
              broker.url(),
              Map.of("mqtt.username", "board", "mqtt.password", "wrong-password"));
      try {
        Map<Value, Value> status = wrong.awaitStatus(s -> number(s, "connectFailures") >= 3, WAIT);
        assertEquals(0, number(status, "connects"), status.toString());
        assertEquals("retrying", text(status, "state"), status.toString());
        String error = text(status, "lastError");
        assertTrue(error.contains("refused the credentials"), error);
        assertTrue(error.contains("'board'"), "names the user: " + error);
        assertFalse(error.contains("wrong-password"), "never the password: " + error);
        assertFalse(status.toString().contains("wrong-password"), "never the password");
        // Not a crash: the board served /status all along (awaitStatus read it over HTTP).
      } finally {
        wrong.close();
      }
      assertPoolsEmpty(wrong);

      BridgedBoard right =
          BridgedBoard.boot(
              dir,
              broker.url(),
              Map.of("mqtt.username", "board", "mqtt.password", "right-password"));
      try (Observer home =
          Observer.connectAs(broker.url(), "board", "right-password", PREFIX + "/status")) {
        assertNotNull(home.await(PREFIX + "/status", "online", WAIT), broker.log());
      } finally {
        right.close();
      }
    }
  }
}

package io.lightwire.firmware.mqtt;

import static io.lightwire.firmware.mqtt.BridgedBoard.PREFIX;
import static io.lightwire.firmware.mqtt.BridgedBoard.number;
import static io.lightwire.firmware.mqtt.BridgedBoard.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.Version;
import io.lightwire.firmware.json.JsonCodec;
import io.lightwire.firmware.streams.Permission;
import io.lightwire.firmware.streams.StreamContext;
import io.lightwire.firmware.streams.Streams;
import io.lightwire.testsupport.ManualClock;
import io.lightwire.websock.pool.Pool;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/**
 * The MQTT bridge against a real Mosquitto: Home Assistant discovery, the retained status, GPIO
 * set/state through the emulated board's wire from output 27 to input 22, PWM, device streams in
 * both directions, refused commands, and the offline status at a clean stop. Every test ends with
 * the bridge's pools back to zero in use.
 */
@Tag("mqtt")
class MqttBridgeTest {

  private static final long WAIT = 10_000;

  @TempDir Path dir;
  private MosquittoBroker broker;
  private BridgedBoard board;
  private Observer ha;
  private int pin17Writes;

  @BeforeEach
  void start() throws Exception {
    broker = MosquittoBroker.start(dir, new MosquittoBroker.Options());
    ha = Observer.connect(broker.url(), "test-observer", true, "#");
    board = BridgedBoard.boot(dir, broker.url(), Map.of());
  }

  @AfterEach
  void stop() throws Exception {
    try {
      if (board != null) {
        board.close();
        for (Pool pool : board.firmware.pools()) {
          assertEquals(0, pool.inUse(), pool.name() + " in use after stop");
        }
      }
      if (ha != null) {
        ha.close();
      }
    } finally {
      if (broker != null) { // null when mosquitto is missing and the test was skipped
        broker.close();
      }
    }
  }

  private Observer.Message await(String topic, String text) throws InterruptedException {
    Observer.Message m = ha.await(topic, text, WAIT);
    assertNotNull(
        m, "no " + topic + " = " + text + "; received:\n" + ha.received() + "\n" + broker.log());
    return m;
  }

  /** What a client subscribing now gets as the retained message of {@code topic}, or null. */
  private String retained(String topic) throws Exception {
    try (Observer late = Observer.connect(broker.url(), "late-" + System.nanoTime(), true, topic)) {
      Observer.Message m = late.await(x -> x.topic().equals(topic) && x.retained(), 2_000);
      return m == null ? null : m.text();
    }
  }

  private Map<Value, Value> discovery(String component, String object) throws Exception {
    String topic =
        "homeassistant/" + component + "/" + BridgedBoard.NODE + "/" + object + "/config";
    Observer.Message m = ha.await(x -> x.topic().equals(topic) && x.payload().length > 0, WAIT);
    assertNotNull(m, "no discovery config on " + topic + "; received:\n" + ha.received());
    return JsonCodec.parse(m.text()).asMapValue().map();
  }

  private static String field(Map<Value, Value> config, String key) {
    Value v = config.get(ValueFactory.newString(key));
    assertNotNull(v, key + " missing in " + config);
    return v.isStringValue() ? v.asStringValue().asString() : v.toJson();
  }

  @Test
  void theStatusIsRetainedOnlineAndTheBootReportNamesTheBroker() throws Exception {
    await(PREFIX + "/status", "online");
    assertEquals("online", retained(PREFIX + "/status"));
    assertTrue(board.printed.contains("mqtt: bridging to " + broker.url()), board.printed);
    assertTrue(board.printed.contains("mqtt messages"), "memory plan row:\n" + board.printed);
    Map<Value, Value> status = board.awaitStatus(s -> text(s, "state").equals("connected"), WAIT);
    assertEquals("connected", text(status, "state"));
    assertEquals(1, number(status, "connects"));
    assertEquals(64, number(status, "queueCapacity"));
  }

  @Test
  void discoveryAnnouncesSwitchBinarySensorNumberCameraAndSensorUnderOneDevice() throws Exception {
    board.firmware.streams().register("temperature", Permission.READ, (r, reply) -> {});
    Map<Value, Value> output = discovery("switch", "gpio27");
    assertEquals(PREFIX + "/gpio/27/state", field(output, "state_topic"));
    assertEquals(PREFIX + "/gpio/27/set", field(output, "command_topic"));
    assertEquals("ON", field(output, "payload_on"));
    assertEquals("OFF", field(output, "payload_off"));
    assertEquals(BridgedBoard.NODE + "_gpio27", field(output, "unique_id"));
    assertEquals(PREFIX + "/status", field(output, "availability_topic"));
    assertEquals("online", field(output, "payload_available"));
    assertEquals("offline", field(output, "payload_not_available"));
    Map<Value, Value> device = output.get(ValueFactory.newString("device")).asMapValue().map();
    assertEquals("Emulated board (in memory)", field(device, "model"));
    assertEquals(Version.current(), field(device, "sw_version"));
    assertEquals("[\"lightwire_" + BridgedBoard.NODE + "\"]", field(device, "identifiers"));

    discovery("switch", "gpio17");
    Map<Value, Value> input = discovery("binary_sensor", "gpio22");
    assertEquals(PREFIX + "/gpio/22/state", field(input, "state_topic"));
    Map<Value, Value> pwm = discovery("number", "pwm18");
    assertEquals(PREFIX + "/pwm/18/set", field(pwm, "command_topic"));
    assertEquals("100", field(pwm, "max"));
    Map<Value, Value> camera = discovery("camera", "camera");
    assertEquals(PREFIX + "/camera/snapshot", field(camera, "topic"));
    Map<Value, Value> sensor = discovery("sensor", "stream_temperature");
    assertEquals(PREFIX + "/streams/temperature", field(sensor, "state_topic"));
    String retainedConfig =
        retained("homeassistant/switch/" + BridgedBoard.NODE + "/gpio27/config");
    assertNotNull(retainedConfig, "discovery configs are retained");
    assertTrue(retainedConfig.contains("\"command_topic\""), retainedConfig);
  }

  @Test
  void gpio27SetOnShowsUpAsGpio22StateOnThroughTheEmulatedWire() throws Exception {
    await(PREFIX + "/gpio/22/state", "OFF");
    await(PREFIX + "/gpio/27/state", "OFF");
    ha.clear();
    ha.publish(PREFIX + "/gpio/27/set", "ON");
    await(PREFIX + "/gpio/22/state", "ON");
    assertEquals("ON", retained(PREFIX + "/gpio/22/state"));
    await(PREFIX + "/gpio/27/state", "ON");
    assertTrue(board.firmware.gpio().read(22));
    ha.publish(PREFIX + "/gpio/27/set", "TOGGLE");
    await(PREFIX + "/gpio/22/state", "OFF");
    Map<Value, Value> status = board.awaitStatus(s -> number(s, "commandsApplied") == 2, WAIT);
    assertEquals(2, number(status, "commandsApplied"));
    assertEquals(0, number(status, "commandsRefused"));
  }

  @Test
  void aPinChangedFromTheApplicationIsPublished() throws Exception {
    await(PREFIX + "/gpio/17/state", "OFF");
    board.firmware.applicationThread().post(() -> board.firmware.gpio().write(17, true));
    await(PREFIX + "/gpio/17/state", "ON");
  }

  @Test
  void pwmDutyIsSetAndReported() throws Exception {
    await(PREFIX + "/pwm/18/state", "0");
    ha.publish(PREFIX + "/pwm/18/set", "25");
    await(PREFIX + "/pwm/18/state", "25");
    ha.publish(PREFIX + "/pwm/18/set", "12.5");
    await(PREFIX + "/pwm/18/state", "12.5");
  }

  @Test
  void aDeviceWriteToAllPagesIsPublishedAsJson() throws Exception {
    await(PREFIX + "/status", "online");
    Streams streams = board.firmware.streams();
    StreamContext c = streams.write(Streams.ALL, "counter");
    c.packer().packMapHeader(2).packString("n").packLong(42).packString("ok").packBoolean(true);
    streams.flush(c, 1_000);
    await(PREFIX + "/streams/counter", "{\"n\":42,\"ok\":true}");
    assertEquals("{\"n\":42,\"ok\":true}", retained(PREFIX + "/streams/counter"));
  }

  @Test
  void aJsonSetRunsTheStreamHandlerOnTheApplicationThread() throws Exception {
    BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    board
        .firmware
        .streams()
        .register(
            "message",
            Permission.WRITE,
            (request, reply) ->
                seen.add(
                    request.value().toJson()
                        + (board.firmware.applicationThread().isCurrentThread() ? " app" : "")));
    await(PREFIX + "/status", "online");
    ha.publish(PREFIX + "/streams/message/set", "{\"text\":\"hello\",\"n\":[1,2]}");
    assertEquals("{\"text\":\"hello\",\"n\":[1,2]} app", seen.poll(10, TimeUnit.SECONDS));
  }

  @Test
  void badCommandsAreRefusedCountedAndExplained() throws Exception {
    board.firmware.streams().register("readonly", Permission.READ, (r, reply) -> {});
    await(PREFIX + "/status", "online");
    ha.publish(PREFIX + "/gpio/22/set", "ON"); // an input
    ha.publish(PREFIX + "/gpio/27/set", "MAYBE");
    ha.publish(PREFIX + "/pwm/18/set", "150");
    ha.publish(PREFIX + "/streams/readonly/set", "1");
    ha.publish(PREFIX + "/streams/nothere/set", "1");
    ha.publish(PREFIX + "/streams/readonly/set", "{not json");
    Map<Value, Value> status = board.awaitStatus(s -> number(s, "commandsRefused") == 6, WAIT);
    assertEquals(6, number(status, "commandsRefused"), status.toString());
    assertEquals(0, number(status, "commandsApplied"));
    assertTrue(text(status, "lastCommandRefusal").contains("not JSON"), status.toString());
    assertFalse(board.firmware.gpio().read(22), "the input was not driven");
  }

  @Test
  void aRetainedCommandLeftOnTheBrokerIsNotAppliedAtTheNextBoot() throws Exception {
    board.close(); // a set left retained while the board is away...
    try (Observer other = Observer.connect(broker.url(), "retainer", true, "nothing/#")) {
      other.publishRetained(PREFIX + "/gpio/27/set", "ON");
    }
    // ...reaches a board when it subscribes. (Another client id: the first board's persistent
    // session would also get the set as a queued live message, which is applied by design.)
    board =
        BridgedBoard.boot(
            dir, broker.url(), Map.of("mqtt.node-id", "replacement", "mqtt.topic-prefix", PREFIX));
    Map<Value, Value> status = board.awaitStatus(s -> number(s, "commandsRefused") == 1, WAIT);
    assertTrue(text(status, "lastCommandRefusal").contains("retained"), status.toString());
    assertEquals(0, number(status, "commandsApplied"));
    assertFalse(board.firmware.gpio().read(27), "the retained command was not applied");
  }

  @Test
  void aSnapshotRequestPublishesOneJpeg() throws Exception {
    await(PREFIX + "/status", "online");
    ha.publish(PREFIX + "/camera/snapshot/set", "");
    Observer.Message jpeg = ha.await(m -> m.topic().equals(PREFIX + "/camera/snapshot"), WAIT);
    assertNotNull(jpeg, ha.received());
    byte[] b = jpeg.payload();
    assertTrue(b.length > 4, "a JPEG");
    assertEquals((byte) 0xFF, b[0]);
    assertEquals((byte) 0xD8, b[1]);
    assertEquals((byte) 0xFF, b[b.length - 2]);
    assertEquals((byte) 0xD9, b[b.length - 1]);
    Map<Value, Value> status = board.awaitStatus(s -> number(s, "snapshots") == 1, WAIT);
    assertEquals(1, number(status, "snapshots"));
  }

  @Test
  void snapshotsArePublishedEveryCameraInterval() throws Exception {
    board.close();
    ManualClock clock = new ManualClock();
    board = BridgedBoard.boot(dir, broker.url(), Map.of("mqtt.camera-interval-ms", "1000"), clock);
    board.awaitStatus(s -> text(s, "state").equals("connected"), WAIT);
    await(PREFIX + "/gpio/17/state", "OFF");
    for (int interval = 1; interval <= 2; interval++) {
      clock.advanceMillis(999);
      board.firmware.clockMoved();
      bridgePassedTheClock();
      assertEquals(interval - 1, number(board.mqttStatus(), "snapshots"), "1 ms before");
      clock.advanceMillis(1);
      board.firmware.clockMoved();
      long expected = interval;
      Map<Value, Value> status = board.awaitStatus(s -> number(s, "snapshots") == expected, WAIT);
      assertEquals(expected, number(status, "snapshots"), status.toString());
    }
    assertNotNull(ha.await(m -> m.topic().equals(PREFIX + "/camera/snapshot"), WAIT));
  }

  @Test
  void onTheSystemClockTheBridgeWakesForEachSnapshotByItself() throws Exception {
    board.close();
    board = BridgedBoard.boot(dir, broker.url(), Map.of("mqtt.camera-interval-ms", "200"));
    Map<Value, Value> status = board.awaitStatus(s -> number(s, "snapshots") >= 2, WAIT);
    assertTrue(number(status, "snapshots") >= 2, status.toString());
  }

  /**
   * Returns once the MQTT thread has looked at the clock since it was moved: it publishes a pin
   * change, then checks the snapshot interval in the same pass, so when a second change arrives the
   * pass of the first one has checked it.
   */
  private void bridgePassedTheClock() throws Exception {
    for (int i = 0; i < 2; i++) {
      boolean on = ++pin17Writes % 2 == 1;
      ha.clear();
      board.firmware.applicationThread().post(() -> board.firmware.gpio().write(17, on));
      await(PREFIX + "/gpio/17/state", on ? "ON" : "OFF");
    }
  }

  @Test
  void aCleanStopLeavesTheRetainedStatusOffline() throws Exception {
    await(PREFIX + "/status", "online");
    board.close();
    await(PREFIX + "/status", "offline");
    assertEquals("offline", retained(PREFIX + "/status"));
  }
}

package io.lightwire.firmware.mqtt;

import io.lightwire.firmware.BootException;
import io.lightwire.firmware.Firmware;
import io.lightwire.firmware.config.FirmwareConfig;
import io.lightwire.firmware.json.JsonCodec;
import io.lightwire.websock.pool.Pool;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/**
 * The emulated board booted in-process with the MQTT bridge on, node id {@value #NODE} (so topics
 * are under {@value #PREFIX}), plus its {@code /status} read over HTTP the way users read it.
 */
final class BridgedBoard implements AutoCloseable {

  static final String NODE = "testboard";
  static final String PREFIX = "lightwire/" + NODE;

  final Firmware firmware;
  final String printed;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private BridgedBoard(Firmware firmware, String printed) {
    this.firmware = firmware;
    this.printed = printed;
  }

  /** Boots with {@code mqtt.url = url} and fast reconnects, plus {@code extra} keys. */
  static BridgedBoard boot(Path dir, String url, Map<String, String> extra) throws Exception {
    return boot(dir, url, extra, System::nanoTime);
  }

  /** Boots as {@link #boot(Path, String, Map)} with {@code nanoClock} as the firmware's clock. */
  static BridgedBoard boot(Path dir, String url, Map<String, String> extra, LongSupplier nanoClock)
      throws Exception {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("board", "emulated");
    keys.put("server.port", "0");
    keys.put("server.bind", "127.0.0.1");
    keys.put("state.dir", dir.resolve("state").toString());
    keys.put("camera.fps", "10");
    keys.put("mqtt.url", url);
    keys.put("mqtt.node-id", NODE);
    keys.put("mqtt.reconnect-min-ms", "100");
    keys.put("mqtt.reconnect-max-ms", "400");
    keys.put("mqtt.camera-interval-ms", "0");
    keys.putAll(extra);
    FirmwareConfig config = FirmwareConfig.defaults().with(keys, "in the test");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      Firmware firmware =
          Firmware.boot(
              config, new PrintStream(out, true, StandardCharsets.UTF_8), dir, null, nanoClock);
      return new BridgedBoard(firmware, out.toString(StandardCharsets.UTF_8));
    } catch (BootException e) {
      throw new AssertionError("boot failed: " + e.getMessage() + "\n" + out, e);
    }
  }

  /** The {@code mqtt} object of {@code /status}. */
  Map<Value, Value> mqttStatus() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + firmware.port() + "/status"))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new AssertionError("/status answered " + response.statusCode());
    }
    Value status = JsonCodec.parse(response.body());
    Value mqtt = status.asMapValue().map().get(ValueFactory.newString("mqtt"));
    if (mqtt == null) {
      throw new AssertionError("/status has no mqtt object: " + response.body());
    }
    return mqtt.asMapValue().map();
  }

  static long number(Map<Value, Value> object, String key) {
    return object.get(ValueFactory.newString(key)).asIntegerValue().toLong();
  }

  static String text(Map<Value, Value> object, String key) {
    return object.get(ValueFactory.newString(key)).asStringValue().asString();
  }

  /** Waits up to {@code millis} for the MQTT status to match; returns the last one seen. */
  Map<Value, Value> awaitStatus(Predicate<Map<Value, Value>> match, long millis) throws Exception {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    Map<Value, Value> last = mqttStatus();
    while (!match.test(last) && System.nanoTime() < deadline) {
      Thread.sleep(20);
      last = mqttStatus();
    }
    return last;
  }

  /** The pool of the memory plan named {@code name}. */
  Pool pool(String name) {
    return firmware.pools().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }

  @Override
  public void close() {
    firmware.close();
    http.close();
  }
}

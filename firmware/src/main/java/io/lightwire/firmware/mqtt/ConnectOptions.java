package io.lightwire.firmware.mqtt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;

/** The client's connect options from the settings, and connect failures explained. */
final class ConnectOptions {

  private ConnectOptions() {}

  /**
   * MQTT 3.1.1, no clean session (the broker keeps the subscriptions, the client re-sends what was
   * not acknowledged), the retained {@code offline} last will on the status topic, keep-alive,
   * credentials, TLS with verification; reconnecting is the bridge's own loop, not the client's.
   *
   * @throws IOException when {@code mqtt.ca-file} cannot be used; the message names it
   */
  static MqttConnectOptions of(MqttSettings settings, String statusTopic, int maxInFlight)
      throws IOException {
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setCleanSession(false);
    options.setAutomaticReconnect(false);
    options.setKeepAliveInterval(settings.keepAliveSeconds());
    options.setConnectionTimeout(Math.max(1, settings.connectTimeoutMillis() / 1_000));
    options.setMaxInflight(maxInFlight);
    options.setWill(
        statusTopic, MqttBridge.OFFLINE.getBytes(StandardCharsets.US_ASCII), settings.qos(), true);
    if (settings.username() != null) {
      options.setUserName(settings.username());
    }
    if (settings.password() != null) {
      options.setPassword(settings.password().toCharArray());
    }
    if (settings.tls()) {
      try {
        options.setSocketFactory(BrokerTls.socketFactory(settings.caFile()));
      } catch (IOException e) {
        throw new IOException("config key 'mqtt.ca-file': " + e.getMessage(), e);
      }
      options.setHttpsHostnameVerificationEnabled(true);
    }
    return options;
  }

  /** A connect failure in words a user can act on (never the password). */
  static String explain(MqttSettings settings, MqttException e) {
    String user =
        settings.username() == null ? "no user name" : "user '" + settings.username() + "'";
    return switch (e.getReasonCode()) {
      case MqttException.REASON_CODE_FAILED_AUTHENTICATION ->
          "the broker refused the credentials ("
              + user
              + ", CONNACK 4: bad user name or password): check mqtt.username and mqtt.password";
      // Mosquitto answers a wrong password with 5 too.
      case MqttException.REASON_CODE_NOT_AUTHORIZED ->
          "the broker refused the credentials ("
              + user
              + ", CONNACK 5: not authorised): check mqtt.username, mqtt.password and the"
              + " broker's access rules";
      case MqttException.REASON_CODE_INVALID_CLIENT_ID ->
          "the broker refused the client id 'lightwire-" + settings.nodeId() + "' (mqtt.node-id)";
      case MqttException.REASON_CODE_BROKER_UNAVAILABLE -> "the broker is unavailable";
      case MqttException.REASON_CODE_CLIENT_TIMEOUT ->
          "no answer within mqtt.connect-timeout-ms (" + settings.connectTimeoutMillis() + " ms)";
      default -> describe(e);
    };
  }

  /** The exception and its deepest cause (a refused socket, a TLS alert, a certificate error). */
  private static String describe(MqttException e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = e.getMessage();
    if (root != e && root.getMessage() != null) {
      text += ": " + root.getMessage();
    }
    return text;
  }

  /** After a failed attempt: makes sure no half-open connection is left in the client. */
  static void abandon(MqttAsyncClient client) {
    try {
      // Also after a timeout, when the attempt may still be under way in the client.
      client.disconnectForcibly(0, 1_000, false);
    } catch (MqttException ignored) {
      // nothing was connected: nothing to end
    }
  }
}

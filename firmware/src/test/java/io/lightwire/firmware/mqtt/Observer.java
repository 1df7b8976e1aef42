package io.lightwire.firmware.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import javax.net.SocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A test's own MQTT client on the broker (like Home Assistant would be): subscribes, records every
 * message it gets, publishes commands. {@link #await} waits for a message that matches.
 */
final class Observer implements AutoCloseable {

  /** One received message. */
  record Message(String topic, byte[] payload, boolean retained) {
    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  private final MqttClient client;
  private final MqttConnectOptions options;
  private final List<Message> messages = new ArrayList<>();

  private Observer(String url, String id, boolean cleanSession) throws MqttException {
    client = new MqttClient(url, id, new MemoryPersistence());
    options = new MqttConnectOptions();
    options.setCleanSession(cleanSession);
    options.setConnectionTimeout(5);
    options.setSocketFactory(SocketFactory.getDefault());
    client.setCallback(
        new MqttCallback() {
          @Override
          public void connectionLost(Throwable cause) {}

          @Override
          public void messageArrived(String topic, MqttMessage message) {
            synchronized (messages) {
              messages.add(new Message(topic, message.getPayload(), message.isRetained()));
              messages.notifyAll();
            }
          }

          @Override
          public void deliveryComplete(IMqttDeliveryToken token) {}
        });
  }

  /** Connects to {@code url} and subscribes to {@code filter} at QoS 1. */
  static Observer connect(String url, String id, boolean cleanSession, String filter)
      throws MqttException {
    Observer o = new Observer(url, id, cleanSession);
    o.client.connect(o.options);
    o.client.subscribe(filter, 1);
    return o;
  }

  /** Connects with a user name and password and subscribes to {@code filter} at QoS 1. */
  static Observer connectAs(String url, String user, String password, String filter)
      throws MqttException {
    Observer o = new Observer(url, "observer-" + user, true);
    o.options.setUserName(user);
    o.options.setPassword(password.toCharArray());
    o.client.connect(o.options);
    o.client.subscribe(filter, 1);
    return o;
  }

  /** Publishes a command (QoS 1, not retained). */
  void publish(String topic, String payload) throws MqttException {
    client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
  }

  /** The first message so far, or arriving within {@code millis}, that matches; else null. */
  Message await(Predicate<Message> match, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    synchronized (messages) {
      while (true) {
        for (Message m : messages) {
          if (match.test(m)) {
            return m;
          }
        }
        long left = (deadline - System.nanoTime()) / 1_000_000L;
        if (left <= 0) {
          return null;
        }
        messages.wait(left);
      }
    }
  }

  /** The first message on {@code topic} whose text is {@code text}, within {@code millis}. */
  Message await(String topic, String text, long millis) throws InterruptedException {
    return await(m -> m.topic().equals(topic) && m.text().equals(text), millis);
  }

  /** Publishes a retained message (QoS 1). */
  void publishRetained(String topic, String payload) throws MqttException {
    client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, true);
  }

  /** Forgets what was received so far. */
  void clear() {
    synchronized (messages) {
      messages.clear();
    }
  }

  /** Everything received so far, for failure messages. */
  String received() {
    synchronized (messages) {
      StringBuilder out = new StringBuilder();
      for (Message m : messages) {
        out.append(m.topic()).append(" = ").append(m.text()).append('\n');
      }
      return out.toString();
    }
  }

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnect(1_000);
    }
    client.close(true);
  }
}

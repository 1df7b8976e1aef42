/**
 * The Lightwire runtime: configuration, memory plan, boot, services and the command line. Finds
 * examples and benchmarks through {@link io.lightwire.firmware.Example} and {@link
 * io.lightwire.firmware.Bench} services, so it never depends on the examples module.
 */
module io.lightwire.firmware {
  requires transitive io.lightwire.websock;
  requires transitive io.lightwire.hal;
  requires transitive io.lightwire.boards;
  requires info.picocli;
  requires transitive msgpack.core;
  // The MQTT bridge's client (an automatic module: its jar has no descriptor).
  requires org.eclipse.paho.client.mqttv3;
  requires jdk.unsupported;
  // The one log pipeline's backend (LogSetup); SLF4J reaches it through slf4j-jdk14.
  requires java.logging;
  // The testing package (the JUnit extension) only; a board's runtime never loads it. Not
  // transitive: modules that read the firmware (examples, a board bundle) must not need JUnit;
  // a test that uses the harness has JUnit anyway.
  requires static org.junit.jupiter.api;
  // `lightwire flash` only (laptop side): static, so a board bundle, which is resolved from this
  // module graph, never carries SSH; the launcher adds them with --add-modules.
  requires static org.apache.sshd.osgi;
  requires static org.apache.sshd.sftp;

  exports io.lightwire.firmware;
  exports io.lightwire.firmware.config;
  exports io.lightwire.firmware.json;
  exports io.lightwire.firmware.streams;
  exports io.lightwire.firmware.testing;

  opens io.lightwire.firmware.cli to
      info.picocli;

  uses io.lightwire.firmware.Example;
  uses io.lightwire.firmware.Application;
  uses io.lightwire.firmware.Bench;
}

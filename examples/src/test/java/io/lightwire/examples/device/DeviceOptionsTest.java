package io.lightwire.examples.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lightwire.examples.device.DeviceOptions.IntOption;
import io.lightwire.examples.support.ExampleArgs;
import io.lightwire.examples.support.ExampleUsage;
import io.lightwire.examples.support.PrintableHost;
import org.junit.jupiter.api.Test;

class DeviceOptionsTest {

  private static final IntOption FPS = new IntOption("--fps", 15, 1, 120, "N", "Frame rate");
  private static final ExampleUsage USAGE =
      new ExampleUsage("d", "usage: d", "D.", DeviceOptions.usage(FPS));

  private static DeviceOptions parse(String... args) {
    return DeviceOptions.from(ExampleArgs.parse(args, USAGE), FPS);
  }

  @Test
  void defaultsAreLoopbackAFreePortAndTheDetectedBoard() {
    DeviceOptions o = parse();
    assertEquals("127.0.0.1", o.bind());
    assertEquals(0, o.port());
    assertEquals("auto", o.board());
    assertEquals(15, o.integer("--fps"));
  }

  @Test
  void givenValuesWin() {
    DeviceOptions o = parse("--bind", "::", "--port", "8090", "--board", "emulated", "--fps", "30");
    assertEquals("::", o.bind());
    assertEquals(8090, o.port());
    assertEquals("emulated", o.board());
    assertEquals(30, o.integer("--fps"));
  }

  @Test
  void errorsNameTheOptionAndTheValue() {
    assertMessage("option --fps: 121 is not in [1, 120]", "--fps", "121");
    assertMessage("option --port: 'http' is not a number", "--port", "http");
    assertMessage("option --port: 65536 is not in [0, 65535]", "--port", "65536");
    assertMessage(
        "option --bind: 'example.com' is not an IP address (e.g. 0.0.0.0)",
        "--bind",
        "example.com");
    assertMessage("option --board: 'pi' is not one of auto, emulated", "--board", "pi");
    assertMessage("unknown option '--verbose'", "--verbose", "1");
    assertMessage("--fps needs a value", "--fps");
  }

  private static void assertMessage(String message, String... args) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(args));
    assertEquals(message, e.getMessage());
  }

  @Test
  void aWildcardBindIsPrintedAsLoopback() {
    assertEquals("127.0.0.1", PrintableHost.of("0.0.0.0"));
    assertEquals("[::1]", PrintableHost.of("::"));
    assertEquals("[fe80::1]", PrintableHost.of("fe80::1"));
    assertEquals("192.168.1.7", PrintableHost.of("192.168.1.7"));
  }
}

package io.lightwire.examples.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExampleArgsTest {

  private static ExampleArgs parse(String... args) {
    return ExampleArgs.parse(args, Set.of("--port", "--send"), Set.of("--flag"));
  }

  @Test
  void valuesComeSeparateOrAfterAnEqualsSignAndRepeat() {
    ExampleArgs args = parse("--port", "80", "--send=a=b", "--send", "c", "--flag");
    assertEquals(80, args.number("--port", 1, 0, 65_535));
    assertEquals(List.of("a=b", "c"), args.values("--send"));
    assertTrue(args.has("--flag"));
    assertFalse(parse().has("--flag"));
    assertEquals(7, parse().number("--port", 7, 0, 65_535));
  }

  @Test
  void errorsNameTheOptionAndTheValue() {
    assertEquals(
        "unknown option '--prot'",
        assertThrows(IllegalArgumentException.class, () -> parse("--prot", "1")).getMessage());
    assertEquals(
        "--port needs a value",
        assertThrows(IllegalArgumentException.class, () -> parse("--port")).getMessage());
    assertEquals(
        "--flag takes no value, was given 'x'",
        assertThrows(IllegalArgumentException.class, () -> parse("--flag=x")).getMessage());
    assertEquals(
        "--port must be a whole number in [0, 65535], was '70000'",
        assertThrows(
                IllegalArgumentException.class,
                () -> parse("--port", "70000").number("--port", 0, 0, 65_535))
            .getMessage());
    assertEquals(
        "--port must be a whole number in [0, 65535], was 'http'",
        assertThrows(
                IllegalArgumentException.class,
                () -> parse("--port", "http").number("--port", 0, 0, 65_535))
            .getMessage());
  }

  @Test
  void serverOptionsCheckTheBindAddressAndTheTlsPair() {
    Set<String> none = Set.of();
    assertEquals(
        "--bind must be an IP address such as 0.0.0.0 or 127.0.0.1, was 'board.local'",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    ServerOptions.from(
                        ExampleArgs.parse(
                            new String[] {"--bind", "board.local"},
                            ServerOptions.VALUE_OPTIONS,
                            none),
                        1))
            .getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            ServerOptions.from(
                ExampleArgs.parse(
                    new String[] {"--tls-cert", "c.pem"}, ServerOptions.VALUE_OPTIONS, none),
                1));
    ServerOptions defaults =
        ServerOptions.from(ExampleArgs.parse(new String[0], ServerOptions.VALUE_OPTIONS, none), 9);
    assertEquals(new ServerOptions("127.0.0.1", 9, null, null), defaults, "loopback by default");
  }
}

package io.lightwire.examples.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExampleArgsTest {

  private static final ExampleUsage USAGE =
      new ExampleUsage(
          "demo",
          "usage: demo [--port P] [--send TEXT]... [--flag]",
          "A demo.",
          List.of(
              ExampleUsage.Option.value("--port", "P", "A port."),
              ExampleUsage.Option.value("--send", "TEXT", "Text; repeatable."),
              ExampleUsage.Option.flag("--flag", "A flag.")));

  private static ExampleArgs parse(String... args) {
    return ExampleArgs.parse(args, USAGE);
  }

  @Test
  void valuesComeSeparateOrAfterAnEqualsSignAndRepeat() {
    ExampleArgs args = parse("--port", "80", "--send=a=b", "--send", "c", "--flag");
    assertEquals(80, args.number("--port", 1, 0, 65_535));
    assertEquals(List.of("a=b", "c"), args.values("--send"));
    assertTrue(args.has("--flag"));
    assertFalse(parse().has("--flag"));
    assertEquals(7, parse().number("--port", 7, 0, 65_535));
    assertEquals("90", parse("--port", "80", "--port", "90").value("--port", null), "last wins");
    assertFalse(args.helpRequested());
  }

  @Test
  void helpIsRequestedByEitherNameAndListsEveryOption() {
    assertTrue(parse("--help").helpRequested());
    assertTrue(parse("--port", "1", "-h").helpRequested());
    String help = USAGE.help();
    assertTrue(help.startsWith("usage: demo [--port P]"), help);
    assertTrue(help.contains("A demo."), help);
    for (String option : new String[] {"--port=P", "--send=TEXT", "--flag", "-h, --help"}) {
      assertTrue(help.contains(option), option + " missing in:\n" + help);
    }
  }

  @Test
  void errorsNameTheOptionAndTheValue() {
    assertEquals(
        "unknown option '--prot'",
        assertThrows(IllegalArgumentException.class, () -> parse("--prot", "1")).getMessage());
    assertEquals(
        "unknown option 'extra'",
        assertThrows(IllegalArgumentException.class, () -> parse("extra")).getMessage());
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
    ExampleUsage server = new ExampleUsage("s", "usage: s", "S.", ServerOptions.options(1));
    assertEquals(
        "--bind must be an IP address such as 0.0.0.0 or 127.0.0.1, was 'board.local'",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    ServerOptions.from(
                        ExampleArgs.parse(new String[] {"--bind", "board.local"}, server), 1))
            .getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            ServerOptions.from(ExampleArgs.parse(new String[] {"--tls-cert", "c.pem"}, server), 1));
    ServerOptions defaults = ServerOptions.from(ExampleArgs.parse(new String[0], server), 9);
    assertEquals(new ServerOptions("127.0.0.1", 9, null, null), defaults, "loopback by default");
  }
}

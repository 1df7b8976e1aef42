package io.lightwire.firmware.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@link RunArguments} reads {@code run}'s options as picocli does, and leaves everything but plain
 * well-formed options to picocli: the same option names and arities as the annotations declare, the
 * same fields filled for the same arguments.
 */
class RunArgumentsTest {

  private static final Set<String> PICOCLI_STANDARD = Set.of("--help", "--version");

  @Test
  void knowsExactlyTheOptionsPicocliDeclaresOnRun() {
    Set<String> valued = new HashSet<>();
    Set<String> flags = new HashSet<>();
    for (OptionSpec option : new CommandLine(new RunCommand()).getCommandSpec().options()) {
      if (PICOCLI_STANDARD.contains(option.longestName())) {
        continue;
      }
      assertEquals(1, option.names().length, "one name per option: " + option.longestName());
      (option.arity().max() == 0 ? flags : valued).add(option.longestName());
    }
    assertEquals(valued, RunArguments.VALUED);
    assertEquals(flags, RunArguments.FLAGS);
  }

  @Test
  void fillsTheCommandAsPicocliDoes() {
    String[][] cases = {
      {},
      {"--board", "emulated", "--port", "0", "--bind", "127.0.0.1"},
      {"--config=board.conf", "--app", "target/app.jar", "--tls"},
      {"--aot-training", "--root", "/tmp/fake-root", "--port=8080", "--board=Pi5"},
      {"--bind", "::1", "--config", "dir with blanks/lightwire.conf"},
    };
    for (String[] options : cases) {
      RunCommand byPicocli = new RunCommand();
      new CommandLine(byPicocli).parseArgs(options);
      RunArguments parsed = RunArguments.parse(withRun(options));
      assertNotNull(parsed, Arrays.toString(options));
      assertEquals(fields(byPicocli), fields(parsed.command()), Arrays.toString(options));
    }
  }

  @Test
  void leavesHelpErrorsAndEverythingUnusualToPicocli() {
    String[][] cases = {
      {"--help"},
      {"-h"},
      {"--version"},
      {"-V"},
      {"--nope"},
      {"--port"},
      {"--port", "1", "--port", "2"},
      {"--tls", "--tls"},
      {"--tls=true"},
      {"@args.txt"},
      {"extra"},
      {"--"},
      {"--board", "-x"},
      {"--board="},
      {"--app", "bad\0path"},
    };
    for (String[] options : cases) {
      assertNull(RunArguments.parse(withRun(options)), Arrays.toString(options));
    }
    assertNull(RunArguments.parse(new String[0]));
    assertNull(RunArguments.parse(new String[] {"config", "--print"}));
  }

  @Test
  void theDirectPathReportsABadConfigAndPicocliStillAnswersHelp() {
    CliRun cli = new CliRun();
    assertEquals(2, cli.run("run", "--board", "Pi9", "--port", "0"));
    assertTrue(cli.err().contains("unknown board 'Pi9' (known: "), cli.err());
    cli.reset();
    assertEquals(0, cli.run("run", "--board", "Pi9", "--help"));
    assertTrue(cli.out().contains("--board=ID"), cli.out());
  }

  private static String[] withRun(String[] options) {
    String[] args = new String[options.length + 1];
    args[0] = LightwireCli.RUN;
    System.arraycopy(options, 0, args, 1, options.length);
    return args;
  }

  private static Map<String, Object> fields(RunCommand command) {
    Map<String, Object> fields = new java.util.TreeMap<>();
    fields.put("config", String.valueOf(command.options.configFile));
    fields.put("board", String.valueOf(command.options.board));
    fields.put("port", String.valueOf(command.options.port));
    fields.put("bind", String.valueOf(command.options.bind));
    fields.put("tls", command.options.tls);
    fields.put("app", String.valueOf(command.app));
    fields.put("root", String.valueOf(command.root));
    fields.put("aotTraining", command.aotTraining);
    return fields;
  }
}

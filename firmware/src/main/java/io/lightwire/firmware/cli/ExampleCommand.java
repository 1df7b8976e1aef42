package io.lightwire.firmware.cli;

import io.lightwire.firmware.Example;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lightwire example [NAME [ARGS...]]}: lists the examples, or runs one. Examples are found
 * through {@link ServiceLoader} so that the firmware does not depend on the examples module.
 */
@Command(
    name = "example",
    mixinStandardHelpOptions = true,
    description = "List the examples, or run one: lightwire example NAME [ARGS...]")
final class ExampleCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Example to run.")
  String name;

  @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments for the example.")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    List<Example> examples = load();
    PrintWriter out = spec.commandLine().getOut();
    if (name == null) {
      if (examples.isEmpty()) {
        out.println("no examples installed");
      }
      for (Example example : examples) {
        out.printf("%-14s %s%n", example.name(), example.summary());
      }
      return 0;
    }
    for (Example example : examples) {
      if (example.name().equals(name)) {
        out.flush();
        PrintStream stdout = System.out;
        return example.run(args.toArray(String[]::new), stdout);
      }
    }
    PrintWriter err = spec.commandLine().getErr();
    err.printf(
        "lightwire: no example named '%s'; known: %s%n",
        name, String.join(", ", examples.stream().map(Example::name).toList()));
    return 2;
  }

  static List<Example> load() {
    List<Example> examples = new ArrayList<>();
    ServiceLoader.load(Example.class).forEach(examples::add);
    examples.sort(Comparator.comparing(Example::name));
    return examples;
  }
}

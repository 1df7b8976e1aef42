package io.lightwire.firmware.cli;

import io.lightwire.firmware.Bench;
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
 * {@code lightwire bench [NAME [ARGS...]]}: lists the benchmarks, or runs one. Benchmarks are found
 * through {@link ServiceLoader}; {@code ./lightwire} puts them (and their peer libraries) on the
 * class path for this command only.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "List the benchmarks, or run one: lightwire bench NAME [ARGS...]")
final class BenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Benchmark to run.")
  String name;

  @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments for the benchmark.")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    List<Bench> benches = load();
    PrintWriter out = spec.commandLine().getOut();
    if (name == null) {
      if (benches.isEmpty()) {
        out.println("no benchmarks installed (./lightwire puts them on the class path)");
      }
      for (Bench bench : benches) {
        out.printf("%-14s %s%n", bench.name(), bench.summary());
      }
      return 0;
    }
    for (Bench bench : benches) {
      if (bench.name().equals(name)) {
        out.flush();
        PrintStream stdout = System.out;
        return bench.run(args.toArray(String[]::new), stdout);
      }
    }
    PrintWriter err = spec.commandLine().getErr();
    err.printf(
        "lightwire: no benchmark named '%s'; known: %s%n",
        name, String.join(", ", benches.stream().map(Bench::name).toList()));
    return 2;
  }

  static List<Bench> load() {
    List<Bench> benches = new ArrayList<>();
    ServiceLoader.load(Bench.class).forEach(benches::add);
    benches.sort(Comparator.comparing(Bench::name));
    return benches;
  }
}

package io.lightwire.examples.support;

import java.io.PrintStream;
import java.util.function.Predicate;

/**
 * A server example described as data (its usage, with the name, and a one-line summary) plus the
 * two things that differ between examples: how its options are read ({@link #options}) and what it
 * serves with them ({@link #serve}). {@link #run} parses the command line: {@code --help} prints
 * the help and returns 0; a bad option prints one line naming it and the usage line to the error
 * stream and returns {@value #BAD_ARGUMENTS}. It runs until SIGTERM or Ctrl-C ({@link #lifetime}).
 *
 * @param <T> the example's options
 */
public abstract class ServerExample<T> extends SignalledExample {

  private final ExampleUsage usage;
  private final String summary;
  private final PrintStream err;

  /**
   * @param usage the command line, whose name is the example's
   * @param summary one line for {@code lightwire example --list}
   * @param err where errors go, or null for the run's output stream
   * @param onTermination see {@link SignalledExample#SignalledExample(Predicate)}
   */
  protected ServerExample(
      ExampleUsage usage, String summary, PrintStream err, Predicate<Runnable> onTermination) {
    super(onTermination);
    this.usage = usage;
    this.summary = summary;
    this.err = err;
  }

  @Override
  public final String name() {
    return usage.name();
  }

  @Override
  public final String summary() {
    return summary;
  }

  @Override
  public final int run(String[] args, PrintStream out) throws InterruptedException {
    T options;
    try {
      ExampleArgs parsed = ExampleArgs.parse(args, usage);
      if (parsed.helpRequested()) {
        out.print(usage.help());
        return 0;
      }
      options = options(parsed);
    } catch (IllegalArgumentException e) {
      return badArguments(errors(out), e, usage.synopsis());
    }
    return serve(options, out);
  }

  /** Where errors go: the stream given at construction, else {@code out}. */
  protected final PrintStream errors(PrintStream out) {
    return err == null ? out : err;
  }

  /** The usage line, for errors found after parsing. */
  protected final String synopsis() {
    return usage.synopsis();
  }

  /**
   * Reads the parsed command line into options.
   *
   * @throws IllegalArgumentException naming the bad option and value
   */
  protected abstract T options(ExampleArgs args);

  /** Serves with {@code options} until asked to stop; returns the exit status. */
  protected abstract int serve(T options, PrintStream out) throws InterruptedException;
}

package io.lightwire.examples.support;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What an example accepts, as picocli sees it: the one-line synopsis printed after a bad command
 * line, the description and every option with its help text. {@code -h} and {@code --help} are
 * added to every example. {@link ExampleArgs#parse} parses with it; {@link #help()} is what {@code
 * --help} prints.
 *
 * @param name the example's name, e.g. {@code echo-server}
 * @param synopsis the usage line, e.g. {@code usage: echo-server [--port P] ...}
 * @param description what the example does, a sentence or two
 * @param options the options besides {@code --help}
 */
public record ExampleUsage(String name, String synopsis, String description, List<Option> options) {

  /**
   * One option.
   *
   * @param name the long name, e.g. {@code --port}
   * @param label the value's label, e.g. {@code PORT}, or null for a flag that takes no value
   * @param description what it does and its default
   */
  public record Option(String name, String label, String description) {

    /** An option that takes a value; it may be repeated (the last one counts, or all of them). */
    public static Option value(String name, String label, String description) {
      return new Option(name, label, description);
    }

    /** A flag: present or not, no value. */
    public static Option flag(String name, String description) {
      return new Option(name, null, description);
    }

    /** True when the option takes no value. */
    public boolean flag() {
      return label == null;
    }
  }

  /** Copies the option list. */
  public ExampleUsage {
    options = List.copyOf(options);
  }

  /**
   * This usage with {@code more} options after its own, e.g. an example's on top of shared ones.
   */
  public ExampleUsage with(List<Option> more) {
    return new ExampleUsage(
        name,
        synopsis,
        description,
        java.util.stream.Stream.concat(options.stream(), more.stream()).toList());
  }

  /**
   * What {@code --help} prints: the synopsis, the description and every option, ending in a
   * newline.
   */
  public String help() {
    return new CommandLine(spec()).getUsageMessage(CommandLine.Help.Ansi.OFF);
  }

  /** A fresh picocli model of this command line (picocli keeps parsed values in it). */
  CommandSpec spec() {
    CommandSpec spec = CommandSpec.create().name(name);
    spec.usageMessage()
        .synopsisHeading("")
        .customSynopsis(synopsis, "")
        .description(description)
        .optionListHeading("%nOptions:%n")
        .sortOptions(false)
        .width(100);
    for (Option option : options) {
      OptionSpec.Builder builder =
          OptionSpec.builder(option.name()).description(option.description());
      if (option.flag()) {
        builder.arity("0").type(boolean.class);
      } else {
        builder.arity("1").paramLabel(option.label()).type(List.class).auxiliaryTypes(String.class);
      }
      spec.addOption(builder.build());
    }
    spec.addOption(
        OptionSpec.builder("-h", "--help")
            .usageHelp(true)
            .description("Print this help and exit with status 0.")
            .build());
    return spec;
  }
}

package io.lightwire.firmware.cli;

import io.lightwire.firmware.bundle.BundleException;
import io.lightwire.firmware.bundle.SigningKeys;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lightwire keys}: the keys that sign bundles. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Manage the keys that sign bundles.",
    subcommands = {KeysCommand.New.class})
final class KeysCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** The public key file that goes with a private one: {@code NAME.pub} for {@code NAME.key}. */
  static Path publicKeyOf(Path privateKey) {
    String name = privateKey.getFileName().toString();
    String base = name.endsWith(".key") ? name.substring(0, name.length() - 4) : name;
    return privateKey.resolveSibling(base + ".pub");
  }

  /** {@code lightwire keys new}: an Ed25519 key pair, NAME.key (0600) and NAME.pub. */
  @Command(
      name = "new",
      mixinStandardHelpOptions = true,
      description =
          "Make an Ed25519 signing key pair: NAME.key (PKCS#8 PEM, mode 0600; keep it secret) and"
              + " NAME.pub (X.509 PEM; give it to boards with flash --trust-key).")
  static final class New implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "NAME",
        description = "Path and base name of the two files (lightwire-signing).")
    Path name = Path.of("lightwire-signing");

    @Override
    public Integer call() {
      Path privateKey = name.resolveSibling(name.getFileName() + ".key");
      Path publicKey = publicKeyOf(privateKey);
      try {
        SigningKeys.generate(privateKey, publicKey);
      } catch (BundleException e) {
        spec.commandLine().getErr().println("lightwire: " + e.getMessage());
        return 1;
      }
      spec.commandLine()
          .getOut()
          .printf(
              "%s key pair: %s (private, 0600: keep it off boards) and %s (public)%n",
              SigningKeys.ALGORITHM, privateKey, publicKey);
      return 0;
    }
  }
}

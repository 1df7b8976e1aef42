package io.lightwire.firmware.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The Lightwire checkout this CLI runs from (its {@code mvnw}, {@code bin/find-jdk}, sources). */
final class LightwireCheckout {

  private LightwireCheckout() {}

  /**
   * The nearest folder above the firmware's jar or classes that holds {@code mvnw}, {@code
   * bin/find-jdk} and a {@code pom.xml}.
   *
   * @throws IOException when the CLI does not run from a checkout (a board bundle)
   */
  static Path root() throws IOException {
    Optional<Path> location =
        Optional.ofNullable(NewCommand.class.getProtectionDomain().getCodeSource())
            .map(s -> Path.of(s.getLocation().getPath()).toAbsolutePath());
    for (Path p = location.orElse(null); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("mvnw"))
          && Files.isRegularFile(p.resolve("bin/find-jdk"))
          && Files.isRegularFile(p.resolve("pom.xml"))) {
        return p;
      }
    }
    throw new IOException(
        "this CLI does not run from a Lightwire checkout (no mvnw above "
            + location.orElse(null)
            + "); run ./lightwire from one");
  }
}

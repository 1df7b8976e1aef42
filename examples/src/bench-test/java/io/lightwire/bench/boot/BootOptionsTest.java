package io.lightwire.bench.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code bench boot}'s command line: the product's configuration alone by default, {@code --variant
 * NAME=FLAGS} adds modes in order, and a malformed variant names the option and value.
 */
class BootOptionsTest {

  @Test
  void byDefaultOnlyTheProductsConfigurationWithAndWithoutTheCache() {
    BootOptions o = BootOptions.parse(new String[0]);
    assertEquals(List.of(), o.variants());
    assertEquals(
        List.of("AOT cache", "no AOT cache"),
        BootBench.modes(o).stream().map(BootBench.Mode::name).toList());
  }

  @Test
  void variantsAreExtraModesWithTheCacheAndTheirFlagsAfterJavaOpts() {
    BootOptions o =
        BootOptions.parse(
            new String[] {
              "--java-opts",
              "-Xmx16m",
              "--variant",
              "c1=-XX:TieredStopAtLevel=1",
              "--variant=young=-Xmn2m -XX:+UseSerialGC"
            });
    assertEquals(
        List.of(
            new BootOptions.Variant("c1", "-XX:TieredStopAtLevel=1"),
            new BootOptions.Variant("young", "-Xmn2m -XX:+UseSerialGC")),
        o.variants());
    List<BootBench.Mode> modes = BootBench.modes(o);
    assertEquals(4, modes.size());
    BootBench.Mode young = modes.get(3);
    assertEquals(true, young.aot());
    assertEquals("-Xmx16m -Xmn2m -XX:+UseSerialGC", young.javaOpts());
  }

  @Test
  void aVariantWithoutNameOrFlagsNamesTheOptionAndTheValue() {
    for (String bad : new String[] {"c1", "=-Xmn2m", "c1=", "c1=  "}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> BootOptions.parse(new String[] {"--variant", bad}));
      assertEquals(
          "--variant " + bad + ": NAME=FLAGS needed, e.g. c1=-XX:TieredStopAtLevel=1",
          e.getMessage());
    }
  }

  @Test
  void eachOptionSetsItsOwnFieldAndUnknownOnesAreNamed() {
    BootOptions o =
        BootOptions.parse(
            new String[] {
              "--runs", "3", "--launcher", "bin/lw", "--fuzz-frames", "0", "--out", "o"
            });
    assertEquals(new BootOptions(3, Path.of("bin/lw"), "-Xmx16m", 0, Path.of("o"), List.of()), o);
    assertEquals(
        "--runs 0: a whole number >= 1 needed",
        assertThrows(
                IllegalArgumentException.class,
                () -> BootOptions.parse(new String[] {"--runs", "0"}))
            .getMessage());
    assertEquals(
        "unknown option --rounds (known: --runs, --launcher, --java-opts, --fuzz-frames, --out,"
            + " --variant)",
        assertThrows(
                IllegalArgumentException.class,
                () -> BootOptions.parse(new String[] {"--rounds", "3"}))
            .getMessage());
  }
}

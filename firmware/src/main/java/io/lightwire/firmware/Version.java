package io.lightwire.firmware;

/** The running Lightwire version, read from the jar manifest (or "dev" from a class folder). */
public final class Version {

  private Version() {}

  /** The version string, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String current() {
    // The module descriptor carries the version javac recorded (--module-version); the manifest
    // covers a class-path run; "dev" is a run from class folders.
    var descriptor = Version.class.getModule().getDescriptor();
    if (descriptor == null) {
      String v = Version.class.getPackage().getImplementationVersion();
      return v != null ? v : "dev";
    }
    return descriptor
        .rawVersion()
        .or(
            () ->
                java.util.Optional.ofNullable(
                    Version.class.getPackage().getImplementationVersion()))
        .orElse("dev");
  }
}

package io.lightwire.firmware;

/** The running Lightwire version, read from the jar manifest (or "dev" from a class folder). */
public final class Version {

  private Version() {}

  /** The version string, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String current() {
    return of(Version.class);
  }

  /**
   * The version of the module or jar {@code type} comes from: the module descriptor's (javac's
   * {@code --module-version}), else the jar manifest's {@code Implementation-Version} (a class-path
   * run), else {@code dev} (class folders).
   */
  static String of(Class<?> type) {
    var descriptor = type.getModule().getDescriptor();
    java.util.Optional<String> manifest =
        java.util.Optional.ofNullable(type.getPackage().getImplementationVersion());
    if (descriptor == null) {
      return manifest.orElse("dev");
    }
    return descriptor.rawVersion().or(() -> manifest).orElse("dev");
  }
}

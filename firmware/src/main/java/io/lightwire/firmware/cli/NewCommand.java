package io.lightwire.firmware.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lightwire new NAME}: a standalone Maven project for the user's firmware: its own {@code
 * ./mvnw}, a pom importing {@code lightwire-bom}, {@code module-info.java}, an {@code Application}
 * (a stream, a GPIO input edge driving an output, a timer), a README and a hardware-in-the-loop
 * test. Lightwire's artifacts come from the local Maven repository; when they are missing, {@code
 * new} installs them from this checkout ({@code ./mvnw install}) and says so. Exits 2 on a bad name
 * or package, or when the folder exists; 1 when the install fails.
 */
@Command(
    name = "new",
    mixinStandardHelpOptions = true,
    description = "Make a Maven project for your own firmware (Application, HIL test, ./mvnw).")
final class NewCommand implements Callable<Integer> {

  private static final String TEMPLATES = "new-project/";

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "NAME", description = "The project's name, e.g. greenhouse.")
  String name;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "The folder to make (default: ./NAME).")
  Path dir;

  @Option(
      names = "--package",
      paramLabel = "PKG",
      description = "The Java package and module name (default: com.example.NAME).")
  String pkg;

  @Option(
      names = "--local-repository",
      hidden = true,
      paramLabel = "DIR",
      description = "The Maven repository to find (or install) Lightwire in (tests).")
  Path localRepository;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!name.matches("[a-z][a-z0-9-]{0,63}")) {
      err.println(
          "lightwire: NAME '"
              + name
              + "' must be 1 to 64 lower case letters, digits and -, starting with a letter");
      return 2;
    }
    String javaPackage = pkg != null ? pkg : "com.example." + name.replace("-", "");
    if (!javaPackage.matches("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+")) {
      err.println(
          "lightwire: --package '"
              + javaPackage
              + "' must be a dotted lower case Java package like com.example.greenhouse");
      return 2;
    }
    Path target = dir != null ? dir : Path.of(name);
    if (Files.exists(target)) {
      err.println("lightwire: " + target + " exists already; choose another --dir or NAME");
      return 2;
    }
    Path root;
    try {
      root = LightwireCheckout.root();
    } catch (IOException e) {
      err.println("lightwire: " + e.getMessage());
      return 1;
    }
    Properties versions = versions();
    Path repository =
        localRepository != null
            ? localRepository
            : Path.of(System.getProperty("user.home"), ".m2", "repository");
    String version = versions.getProperty("lightwire");
    try {
      write(target, root, javaPackage, versions);
    } catch (IOException | UncheckedIOException e) {
      err.println("lightwire: cannot write " + target + ": " + e.getMessage());
      return 1;
    }
    if (!installed(repository, version)) {
      out.println(
          "Lightwire "
              + version
              + " is not in the local Maven repository ("
              + repository
              + "); installing it from "
              + root
              + " with ./mvnw install (a few minutes, once)...");
      out.flush();
      try {
        if (!install(root, repository)) {
          err.println(
              "lightwire: "
                  + target
                  + " is written, but ./mvnw install of Lightwire failed; its output is in "
                  + root.resolve(INSTALL_LOG));
          return 1;
        }
      } catch (IOException e) {
        err.println("lightwire: ./mvnw install could not run: " + e.getMessage());
        return 1;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 1;
      }
    }
    out.println("made " + target + " (" + javaPackage + "." + className() + ")");
    out.println("  cd " + target + " && ./mvnw verify      # build and run its HIL test");
    out.println("  " + root.resolve("lightwire") + " run --app " + target);
    return 0;
  }

  /** Where {@code ./mvnw install}'s output goes. */
  static final String INSTALL_LOG = "target/lightwire-install.log";

  private String className() {
    StringBuilder out = new StringBuilder();
    for (String part : name.split("-")) {
      if (!part.isEmpty()) {
        out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return out.append("App").toString();
  }

  private void write(Path target, Path root, String javaPackage, Properties versions)
      throws IOException {
    String className = className();
    String packagePath = javaPackage.replace('.', '/');
    Map<String, String> values = new LinkedHashMap<>();
    values.put("@NAME@", name);
    values.put("@PACKAGE_PATH@", packagePath);
    values.put("@PACKAGE@", javaPackage);
    values.put("@MODULE@", javaPackage);
    values.put("@CLASS@", className);
    values.put("@STREAM@", "button");
    values.put("@LIGHTWIRE_ROOT@", root.toString());
    values.put("@LIGHTWIRE_VERSION@", versions.getProperty("lightwire"));
    values.put("@JUNIT_VERSION@", versions.getProperty("junit"));
    for (String key : versions.stringPropertyNames()) {
      values.put(
          "@" + key.toUpperCase(Locale.ROOT).replace('-', '_') + "@", versions.getProperty(key));
    }
    Path main = target.resolve("src/main/java");
    Path test = target.resolve("src/test/java");
    template("pom.xml", target.resolve("pom.xml"), values);
    template("README.md", target.resolve("README.md"), values);
    template("gitignore", target.resolve(".gitignore"), values);
    template("module-info.java", main.resolve("module-info.java"), values);
    template("App.java", main.resolve(packagePath).resolve(className + ".java"), values);
    template("AppTest.java", test.resolve(packagePath).resolve(className + "Test.java"), values);
    // On the class path (tests, class-path runs) the service is found through this file.
    Path services =
        target.resolve("src/main/resources/META-INF/services/io.lightwire.firmware.Application");
    Files.createDirectories(services.getParent());
    Files.writeString(services, javaPackage + "." + className + "\n");
    // The project's own wrapper: the same Maven and the same JDK 25 finder as Lightwire's.
    copy(root.resolve("mvnw"), target.resolve("mvnw"), true);
    copy(root.resolve("bin/find-jdk"), target.resolve("bin/find-jdk"), true);
    copy(
        root.resolve(".mvn/wrapper/maven-wrapper.properties"),
        target.resolve(".mvn/wrapper/maven-wrapper.properties"),
        false);
  }

  private static void template(String name, Path to, Map<String, String> values)
      throws IOException {
    String text;
    try (InputStream in = NewCommand.class.getResourceAsStream(TEMPLATES + name + ".template")) {
      if (in == null) {
        throw new IOException("template " + name + " is missing from the firmware jar");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (Map.Entry<String, String> e : values.entrySet()) {
      text = text.replace(e.getKey(), e.getValue());
    }
    Files.createDirectories(to.getParent());
    Files.writeString(to, text);
  }

  private static void copy(Path from, Path to, boolean executable) throws IOException {
    Files.createDirectories(to.getParent());
    Files.copy(from, to);
    if (executable) {
      Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  private static Properties versions() {
    Properties versions = new Properties();
    try (InputStream in = NewCommand.class.getResourceAsStream(TEMPLATES + "versions.properties")) {
      versions.load(in);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("versions.properties is missing from the firmware jar", e);
    }
    return versions;
  }

  /** True when the BOM and the firmware of {@code version} are in {@code repository}. */
  static boolean installed(Path repository, String version) {
    Path lightwire = repository.resolve("io/lightwire");
    return Files.isRegularFile(
            lightwire.resolve("lightwire-bom/" + version + "/lightwire-bom-" + version + ".pom"))
        && Files.isRegularFile(
            lightwire.resolve(
                "lightwire-firmware/" + version + "/lightwire-firmware-" + version + ".jar"));
  }

  private boolean install(Path root, Path repository) throws IOException, InterruptedException {
    Files.createDirectories(root.resolve("target"));
    ProcessBuilder build =
        new ProcessBuilder(
                root.resolve("mvnw").toString(),
                "-B",
                "-ntp",
                "-q",
                "-DskipTests",
                // Keep the jars this CLI runs from (examples/target/lib) as they are: the launcher
                // built them from the same sources, and rewriting a jar a JVM has open breaks it.
                "-Dmdep.overWriteIfNewer=false",
                "-Dmdep.overWriteSnapshots=false",
                "-Dmaven.repo.local=" + repository.toAbsolutePath(),
                "install")
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(root.resolve(INSTALL_LOG).toFile());
    return build.start().waitFor() == 0;
  }
}

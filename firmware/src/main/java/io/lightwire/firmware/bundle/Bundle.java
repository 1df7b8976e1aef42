package io.lightwire.firmware.bundle;

import io.lightwire.boards.BoardDescriptor;
import io.lightwire.firmware.config.ConfigKey;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Makes a board bundle: a {@code .tar.gz} whose files are
 *
 * <pre>
 *   MANIFEST                      version, board, release id, runtime, JDK modules (key=value)
 *   SHA256SUMS                    SHA-256 of every other file, `sha256sum -c` format
 *   bin/lightwire                 the launcher (checks for Java 25+)
 *   config/lightwire.properties   the board's config, validated
 *   lib/*.jar                     the firmware's module graph
 *   app/*.jar                     with --app: the application's modules (config: app.path)
 *   systemd/lightwire.service     the unit
 *   runtime/...                   with a runtime: the trimmed jlink image
 *   SIGNATURE                     with --sign: Ed25519 signature of MANIFEST then SHA256SUMS
 *   SIGNING-KEY.pem               with --sign: the public key that made it (X.509 PEM)
 * </pre>
 *
 * <p>The release id is the version plus the first 12 hex digits of a SHA-256 over the payload's
 * sums, so the same content always has the same id and any change (a jar, the config) a new one.
 */
public final class Bundle {

  /** The manifest's name in the bundle. */
  public static final String MANIFEST = "MANIFEST";

  /** The checksum list's name in the bundle. */
  public static final String SUMS = "SHA256SUMS";

  /** The config's path in the bundle. */
  public static final String CONFIG = "config/lightwire.properties";

  /** The detached signature's name: raw Ed25519 over MANIFEST's bytes then SHA256SUMS's. */
  public static final String SIGNATURE = "SIGNATURE";

  /** The signer's public key's name in the bundle. */
  public static final String SIGNING_KEY = "SIGNING-KEY.pem";

  private static final int RELEASE_HASH_DIGITS = 12;
  private static final int EXECUTABLE = 0755;
  private static final int READABLE = 0644;
  private static final int FOLDER = 0755;

  private final Map<String, Entry> files = new TreeMap<>();
  private final Map<String, String> manifest = new java.util.LinkedHashMap<>();

  private java.security.PrivateKey signingKey;
  private java.security.PublicKey signingPublicKey;

  private record Entry(int mode, byte[] content, Path source) {}

  /**
   * Describes a bundle.
   *
   * @param board the board it is for
   * @param config the config file's text (already validated by the caller)
   * @param app the resolved module graph
   * @param runtime a linked runtime image folder, when the bundle carries one
   * @param runtimeLabel what the runtime is, for the manifest (e.g. the jmods' release)
   */
  public Bundle(
      BoardDescriptor board,
      String config,
      AppModules app,
      Optional<Path> runtime,
      String runtimeLabel)
      throws BundleException {
    this(board, config, app, Optional.empty(), runtime, runtimeLabel);
  }

  /**
   * Describes a bundle that also carries the user's application in {@code app/}; its config (the
   * caller's) names it with {@code app.path = ../app}.
   *
   * @param application the application's module and jars, when there is one
   */
  public Bundle(
      BoardDescriptor board,
      String config,
      AppModules app,
      Optional<BundledApp> application,
      Optional<Path> runtime,
      String runtimeLabel)
      throws BundleException {
    for (Path jar : app.jars()) {
      files.put("lib/" + jar.getFileName(), new Entry(READABLE, null, jar));
    }
    if (application.isPresent()) {
      for (Path jar : application.get().jars()) {
        files.put(BundledApp.FOLDER + "/" + jar.getFileName(), new Entry(READABLE, null, jar));
      }
    }
    files.put(CONFIG, new Entry(READABLE, bytes(config), null));
    files.put(
        "bin/lightwire",
        new Entry(
            EXECUTABLE,
            bytes(
                BoardFiles.launcher(
                    app.jars().stream().anyMatch(j -> isModule(j, AppModules.EXAMPLES)))),
            null));
    files.put("bin/aot-train", new Entry(EXECUTABLE, bytes(BoardFiles.aotTrain()), null));
    files.put(
        "systemd/lightwire.service",
        new Entry(READABLE, bytes(BoardFiles.unit(board, configuredPort(config))), null));
    if (runtime.isPresent()) {
      addTree(runtime.get(), "runtime");
    }
    manifest.put("format", "1");
    manifest.put("version", app.version());
    manifest.put("board", board.id());
    manifest.put("java", BoardFiles.JAVA_FEATURE + "+");
    manifest.put("runtime", runtime.isPresent() ? runtimeLabel : "none (the board's Java)");
    manifest.put("jdk-modules", String.join(",", app.jdkModules()));
    if (application.isPresent()) {
      // `flash` reads these: the health check then waits for the application to run.
      manifest.put("app-module", application.get().module());
      manifest.put("app-version", application.get().version());
    }
    manifest.put("release", app.version() + "-" + payloadHash().substring(0, RELEASE_HASH_DIGITS));
  }

  /** The {@code server.port} of a validated config file's text (its default when absent). */
  static int configuredPort(String config) {
    java.util.Properties properties = new java.util.Properties();
    try {
      properties.load(new java.io.StringReader(config));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("reading a string cannot fail", e);
    }
    String port = properties.getProperty(ConfigKey.SERVER_PORT.key());
    return Integer.parseInt(port == null ? ConfigKey.SERVER_PORT.defaultText() : port.strip());
  }

  private static boolean isModule(Path jar, String name) {
    return java.lang.module.ModuleFinder.of(jar).find(name).isPresent();
  }

  private void addTree(Path root, String prefix) throws BundleException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
        String name = prefix + "/" + root.relativize(file).toString().replace('\\', '/');
        boolean executable =
            Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_EXECUTE);
        files.put(name, new Entry(executable ? EXECUTABLE : READABLE, null, file));
      }
    } catch (IOException | UnsupportedOperationException e) {
      throw new BundleException("cannot read the runtime image " + root + ": " + e.getMessage(), e);
    }
  }

  /**
   * Signs the bundle when it is written: MANIFEST and SHA256SUMS (which covers every other file)
   * get a detached Ed25519 signature, and the public key goes along for a board's first flash.
   *
   * @throws BundleException when the two keys are not a pair
   */
  public void signWith(java.security.PrivateKey key, java.security.PublicKey publicKey)
      throws BundleException {
    byte[] probe = bytes("lightwire key pair check");
    if (!SigningKeys.verify(publicKey, SigningKeys.sign(key, probe), probe)) {
      throw new BundleException("the private and the public signing key are not a pair", null);
    }
    this.signingKey = key;
    this.signingPublicKey = publicKey;
  }

  /** The release id: version and content hash, e.g. {@code 0.1.0-3fa2b1c4d5e6}. */
  public String release() {
    return manifest.get("release");
  }

  /** The manifest's entries, in order. */
  public Map<String, String> manifest() {
    return Map.copyOf(manifest);
  }

  /** The bundle's file names (without MANIFEST and SHA256SUMS), sorted. */
  public Set<String> names() {
    return Set.copyOf(files.keySet());
  }

  private String payloadHash() throws BundleException {
    return hex(sha256(bytes(sums(false))));
  }

  /** The checksum list, {@code sha256sum} format: "HEX PATH" per line, sorted by path. */
  private String sums(boolean withManifest) throws BundleException {
    StringBuilder text = new StringBuilder();
    Map<String, byte[]> all = new TreeMap<>();
    for (Map.Entry<String, Entry> e : files.entrySet()) {
      all.put(e.getKey(), null);
    }
    if (withManifest) {
      all.put(MANIFEST, null);
    }
    for (String name : all.keySet()) {
      byte[] digest =
          name.equals(MANIFEST) ? sha256(bytes(manifestText())) : digest(files.get(name));
      text.append(hex(digest)).append("  ").append(name).append('\n');
    }
    return text.toString();
  }

  private String manifestText() {
    StringBuilder text = new StringBuilder("# Lightwire bundle (made by `lightwire bundle`)\n");
    manifest.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    return text.toString();
  }

  private static byte[] digest(Entry entry) throws BundleException {
    if (entry.content() != null) {
      return sha256(entry.content());
    }
    try (var in = Files.newInputStream(entry.source())) {
      MessageDigest sha = sha256();
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = in.read(buffer)) > 0) {
        sha.update(buffer, 0, n);
      }
      return sha.digest();
    } catch (IOException e) {
      throw new BundleException("cannot read " + entry.source() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes the archive to {@code target} through a temporary file in the same folder, so a failed
   * write never leaves a truncated bundle under the target's name.
   *
   * @param createdAt written to the manifest
   */
  public void write(Path target, Instant createdAt) throws BundleException {
    manifest.put("created", createdAt.toString());
    Path folder = target.toAbsolutePath().getParent();
    Path partial = folder.resolve(target.getFileName() + ".partial");
    try {
      Files.createDirectories(folder);
      try (OutputStream out = Files.newOutputStream(partial);
          TarWriter tar = new TarWriter(out, createdAt.getEpochSecond())) {
        byte[] manifestBytes = bytes(manifestText());
        byte[] sumsBytes = bytes(sums(true));
        tar.file(MANIFEST, READABLE, manifestBytes);
        tar.file(SUMS, READABLE, sumsBytes);
        if (signingKey != null) {
          tar.file(SIGNATURE, READABLE, SigningKeys.sign(signingKey, manifestBytes, sumsBytes));
          tar.file(SIGNING_KEY, READABLE, bytes(SigningKeys.publicPem(signingPublicKey)));
        }
        String lastFolder = "";
        for (Map.Entry<String, Entry> e : files.entrySet()) {
          lastFolder = folders(tar, lastFolder, e.getKey());
          Entry entry = e.getValue();
          if (entry.content() != null) {
            tar.file(e.getKey(), entry.mode(), entry.content());
          } else {
            tar.file(e.getKey(), entry.mode(), entry.source());
          }
        }
      }
      Files.move(
          partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(partial);
      } catch (IOException ignored) {
        // the write already failed; that error is the one to report
      }
      throw new BundleException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  /** Writes folder entries for the parents of {@code name} not written yet (names are sorted). */
  private static String folders(TarWriter tar, String last, String name) throws IOException {
    int slash = name.lastIndexOf('/');
    String folder = slash < 0 ? "" : name.substring(0, slash);
    if (folder.equals(last) || folder.isEmpty()) {
      return folder.isEmpty() ? last : folder;
    }
    String[] parts = folder.split("/");
    StringBuilder path = new StringBuilder();
    for (String part : parts) {
      if (!path.isEmpty()) {
        path.append('/');
      }
      path.append(part);
      String p = path.toString();
      if (!(last + "/").startsWith(p + "/")) {
        tar.directory(p, FOLDER);
      }
    }
    return folder;
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  static byte[] sha256(byte[] content) {
    return sha256().digest(content);
  }

  static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }
}

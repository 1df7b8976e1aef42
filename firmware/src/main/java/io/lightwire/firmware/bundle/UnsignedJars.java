package io.lightwire.firmware.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites the signed jars of the firmware's module path without their signatures: the signature
 * files and the manifest's per-entry digests go; every other entry keeps its content byte for byte,
 * and the manifest its main attributes (among them {@code Multi-Release}). Run by the build on
 * {@code examples/target/lib} after the dependencies are copied there, so {@code ./lightwire} and
 * every board bundle made from it run on the unsigned copies.
 *
 * <p>Why: Bouncy Castle's jars are signed, and a signed jar on the boot module path costs memory at
 * every boot and in the AOT cache (the JDK verifies them when the module graph is resolved and when
 * a service lookup opens them; about 3.4 MiB of resident memory after boot, measured in
 * docs/decisions.md, "Resident memory: no class generated at boot"). OpenJDK builds do not require
 * signed JCE providers, and the jars were checked against Maven Central's checksums when the build
 * fetched them; on Oracle's JDK, which does, TLS setup stops with an error that says so.
 */
public final class UnsignedJars {

  private UnsignedJars() {}

  /**
   * {@code UnsignedJars DIR}: rewrites every signed {@code *.jar} in DIR in place and prints one
   * line per jar rewritten; unsigned jars are left untouched. Run inside Maven's JVM ({@code
   * exec:java}), so it throws rather than exits.
   *
   * @throws IOException when a jar cannot be read or written (the build fails)
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: UnsignedJars DIR");
    }
    for (Path jar : rewriteSigned(Path.of(args[0]))) {
      System.out.println("unsigned " + jar.getFileName());
    }
  }

  /** Rewrites the signed jars of {@code dir} in place; returns those it rewrote. */
  public static List<Path> rewriteSigned(Path dir) throws IOException {
    List<Path> rewritten = new ArrayList<>();
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.jar")) {
      for (Path jar : jars) {
        if (isSigned(jar)) {
          Path tmp = jar.resolveSibling(jar.getFileName() + ".unsigned.tmp");
          try {
            writeUnsigned(jar, tmp);
            Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
          } finally {
            Files.deleteIfExists(tmp);
          }
          rewritten.add(jar);
        }
      }
    }
    return rewritten;
  }

  /** Whether {@code jar} holds a signature file ({@code META-INF/*.SF}). */
  static boolean isSigned(Path jar) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        String name = entries.nextElement().getName();
        if (isSignatureFile(name) && name.toUpperCase(Locale.ROOT).endsWith(".SF")) {
          return true;
        }
      }
    }
    return false;
  }

  /** Copies {@code in} to {@code out} without signature files and per-entry manifest digests. */
  static void writeUnsigned(Path in, Path out) throws IOException {
    try (ZipFile zip = new ZipFile(in.toFile());
        ZipOutputStream target = new ZipOutputStream(Files.newOutputStream(out))) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        String name = entry.getName();
        if (isSignatureFile(name)) {
          continue;
        }
        ZipEntry copy = new ZipEntry(name);
        copy.setTime(entry.getTime());
        target.putNextEntry(copy);
        try (InputStream data = zip.getInputStream(entry)) {
          if (name.equalsIgnoreCase(JarFile.MANIFEST_NAME)) {
            mainAttributesOnly(data, target);
          } else {
            data.transferTo(target);
          }
        }
        target.closeEntry();
      }
    }
  }

  private static void mainAttributesOnly(InputStream manifest, OutputStream out)
      throws IOException {
    Manifest kept = new Manifest();
    kept.getMainAttributes().putAll(new Manifest(manifest).getMainAttributes());
    kept.write(out);
  }

  /** Signature-related files of a jar: {@code META-INF/*.SF|RSA|DSA|EC} and {@code SIG-*}. */
  static boolean isSignatureFile(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    if (!upper.startsWith("META-INF/") || upper.indexOf('/', "META-INF/".length()) >= 0) {
      return false;
    }
    String file = upper.substring("META-INF/".length());
    return file.endsWith(".SF")
        || file.endsWith(".RSA")
        || file.endsWith(".DSA")
        || file.endsWith(".EC")
        || file.startsWith("SIG-");
  }
}

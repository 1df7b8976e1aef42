package io.lightwire.firmware.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The access token that controls which change hardware require (GPIO writes, the hil protocol).
 * Generated at first boot from {@link SecureRandom} (32 bytes, base64url, 43 characters), stored in
 * the state directory as {@code access-token} with mode 0600, and read back on later boots. The
 * caller prints it once, when it was generated. Checks compare in constant time.
 */
public final class AccessToken {

  /** The file name inside the state directory. */
  public static final String FILE = "access-token";

  private static final int TOKEN_BYTES = 32;
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private final byte[] token;
  private final Path file;
  private final boolean generated;

  private AccessToken(byte[] token, Path file, boolean generated) {
    this.token = token;
    this.file = file;
    this.generated = generated;
  }

  /**
   * Reads the token from {@code stateDir}, or generates and stores one when there is none.
   *
   * @throws IOException when the directory or file cannot be made or read; the message names it
   */
  public static AccessToken loadOrCreate(Path stateDir) throws IOException {
    Path file = stateDir.resolve(FILE);
    if (Files.isRegularFile(file)) {
      return read(file);
    }
    Files.createDirectories(stateDir);
    byte[] random = new byte[TOKEN_BYTES];
    new SecureRandom().nextBytes(random);
    byte[] text =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(random)
            .getBytes(StandardCharsets.US_ASCII);
    boolean posix = isPosix(file);
    // Owner-only from the first byte: the file is created with mode 0600, never widened later.
    FileAttribute<?>[] attributes =
        posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
            : new FileAttribute<?>[0];
    try (SeekableByteChannel out =
        Files.newByteChannel(
            file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes)) {
      out.write(ByteBuffer.wrap(text));
    } catch (FileAlreadyExistsException e) {
      return read(file); // another process made it first
    }
    if (posix) {
      Files.setPosixFilePermissions(file, OWNER_ONLY); // the umask may have narrowed, never widened
    }
    return new AccessToken(text, file, true);
  }

  private static boolean isPosix(Path file) {
    return file.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static AccessToken read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
    if (text.length() < 16) {
      throw new IOException(
          "access token in "
              + file
              + " is shorter than 16 characters; delete the file to make a new one");
    }
    return new AccessToken(text.getBytes(StandardCharsets.US_ASCII), file, false);
  }

  /** True when {@code candidate} is the token; compares in constant time; null is false. */
  public boolean matches(String candidate) {
    if (candidate == null) {
      return false;
    }
    return MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.US_ASCII));
  }

  /** The token, to print once at first boot and to hand to in-process tests. */
  public String value() {
    return new String(token, StandardCharsets.US_ASCII);
  }

  /** Where the token is stored. */
  public Path file() {
    return file;
  }

  /** True when this boot generated the token (so it should be printed, once). */
  public boolean generated() {
    return generated;
  }
}

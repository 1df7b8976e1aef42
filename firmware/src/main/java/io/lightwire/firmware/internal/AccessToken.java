package io.lightwire.firmware.internal;

import io.lightwire.websock.server.HttpRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * The access token that controls which change hardware require (GPIO writes, the hil protocol).
 * Generated at first boot from {@link SecureRandom} (32 bytes, base64url, 43 characters), stored in
 * the state directory as {@code access-token} with mode 0600, and read back on later boots. The
 * caller prints it once, when it was generated. Checks compare in constant time.
 *
 * <p>{@code lightwire token --new} ({@link #rotate}) replaces the file while the firmware runs;
 * every check looks at the file's identity first (one {@code stat}, on the control path only) and
 * reloads it when it changed, bumping {@link #generation()}, so a connection unlocked with the old
 * token loses control at its next attempt. Thread-safe.
 */
public final class AccessToken {

  /** The file name inside the state directory. */
  public static final String FILE = "access-token";

  private static final int TOKEN_BYTES = 32;
  private static final int MIN_LENGTH = 16;

  private final Path file;
  private final boolean generated;
  private volatile byte[] token;
  private volatile int generation;
  private Object fileKey;
  private FileTime modified;

  private AccessToken(byte[] token, Path file, boolean generated) throws IOException {
    this.token = token;
    this.file = file;
    this.generated = generated;
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    this.fileKey = attributes.fileKey();
    this.modified = attributes.lastModifiedTime();
  }

  /**
   * Reads the token from {@code stateDir}, or generates and stores one when there is none.
   *
   * @throws IOException when the directory or file cannot be made or read; the message names it
   */
  public static AccessToken loadOrCreate(Path stateDir) throws IOException {
    Path file = stateDir.resolve(FILE);
    if (Files.isRegularFile(file)) {
      return new AccessToken(read(file), file, false);
    }
    byte[] text = fresh();
    if (!StateFiles.createOwnerOnly(file, text)) {
      return new AccessToken(read(file), file, false); // another process made it first
    }
    return new AccessToken(text, file, true);
  }

  /**
   * Replaces the token in {@code stateDir} with a new one (atomically; mode 0600). A firmware
   * running on that directory picks it up at its next check.
   *
   * @return the new token
   * @throws IOException when the file cannot be written; the message names it
   */
  public static String rotate(Path stateDir) throws IOException {
    byte[] text = fresh();
    StateFiles.replaceOwnerOnly(stateDir.resolve(FILE), text);
    return new String(text, StandardCharsets.US_ASCII);
  }

  private static byte[] fresh() {
    byte[] random = new byte[TOKEN_BYTES];
    new SecureRandom().nextBytes(random);
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(random)
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
    if (text.length() < MIN_LENGTH) {
      throw new IOException(
          "access token in "
              + file
              + " is shorter than "
              + MIN_LENGTH
              + " characters; make a new one with: lightwire token --new");
    }
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Reloads the token when its file was replaced. A file that cannot be read (being replaced, or
   * deleted) keeps the token in memory: the firmware never falls open.
   */
  private synchronized void refresh() {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException e) {
      return;
    }
    if (Objects.equals(attributes.fileKey(), fileKey)
        && attributes.lastModifiedTime().equals(modified)) {
      return;
    }
    try {
      byte[] next = read(file);
      fileKey = attributes.fileKey();
      modified = attributes.lastModifiedTime();
      if (!MessageDigest.isEqual(next, token)) {
        token = next;
        generation++;
      }
    } catch (IOException e) {
      // a short or unreadable file: keep the old token until a good one is there
    }
  }

  /** True when {@code candidate} is the token; compares in constant time; null is false. */
  public boolean matches(String candidate) {
    refresh();
    if (candidate == null) {
      return false;
    }
    return MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Which token is current: it changes when the file is replaced. A connection remembers the
   * generation it unlocked with; {@link #stillValid} tells whether that still holds.
   */
  public int generation() {
    return generation;
  }

  /** True when the token has not been replaced since {@code unlockedGeneration}. */
  public boolean stillValid(int unlockedGeneration) {
    refresh();
    return generation == unlockedGeneration;
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

  /**
   * The token {@code request} shows as {@code Authorization: Bearer TOKEN}, or null when it has no
   * bearer credentials. The one place every endpoint reads a bearer token from.
   */
  public static String bearer(HttpRequest request) {
    String authorization = request.header("Authorization");
    if (authorization != null) {
      String value = authorization.strip();
      if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
        return value.substring(7).strip();
      }
    }
    return null;
  }
}

package io.lightwire.firmware.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Secrets in the state directory (the access token, the TLS key): files created with mode 0600 from
 * their first byte, never widened later.
 */
final class StateFiles {

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private StateFiles() {}

  /**
   * Creates {@code file} (and its directory) owner-only and writes {@code content}.
   *
   * @return false when the file exists already (another process made it first); nothing written
   * @throws IOException when the directory or file cannot be made; the message names it
   */
  static boolean createOwnerOnly(Path file, byte[] content) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
    FileAttribute<?>[] attributes =
        posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
            : new FileAttribute<?>[0];
    try (SeekableByteChannel out =
        Files.newByteChannel(
            file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes)) {
      out.write(ByteBuffer.wrap(content));
    } catch (FileAlreadyExistsException e) {
      return false;
    }
    if (posix) {
      Files.setPosixFilePermissions(file, OWNER_ONLY); // the umask may have narrowed, never widened
    }
    return true;
  }

  /**
   * Replaces {@code file} with {@code content}, owner-only: written to a new file beside it, then
   * moved over it atomically, so a reader sees the old or the new content, never half.
   */
  static void replaceOwnerOnly(Path file, byte[] content) throws IOException {
    Path fresh = file.resolveSibling(file.getFileName() + ".new");
    Files.deleteIfExists(fresh);
    createOwnerOnly(fresh, content);
    Files.move(
        fresh,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}

package io.lightwire.firmware.flash;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** A board reached over SSH: run a command, upload a file. One caller thread. */
public interface Board extends AutoCloseable {

  /**
   * The outcome of a command.
   *
   * @param status its exit status
   * @param out what it wrote to stdout
   * @param err what it wrote to stderr
   */
  record Result(int status, String out, String err) {}

  /**
   * Runs {@code command} through the login shell of the board's user and waits for it.
   *
   * @throws IOException when the connection fails or the command does not end within timeout
   */
  Result exec(String command, Duration timeout) throws IOException;

  /**
   * Copies {@code local} to {@code remote} (a path on the board), reporting bytes sent.
   *
   * @throws IOException when the connection fails midway; the remote file is then partial
   */
  void upload(Path local, String remote, UploadListener listener) throws IOException;

  /** Renames a file on the board; the target must not exist. */
  void rename(String from, String to) throws IOException;

  /** The host key's fingerprint as verified, e.g. {@code ECDSA SHA256:...}. */
  String hostKey();

  @Override
  void close() throws IOException;

  /** Told how far an upload has got. */
  @FunctionalInterface
  interface UploadListener {
    /** Called after each chunk with the bytes sent so far (called on the uploading thread). */
    void sent(long bytes) throws IOException;
  }
}

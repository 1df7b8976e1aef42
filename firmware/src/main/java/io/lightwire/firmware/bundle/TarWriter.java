package io.lightwire.firmware.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a gzip-compressed POSIX ustar archive, the format every board's {@code tar -xzf} reads.
 * Entries are regular files and folders with explicit modes, owner root (numeric 0, so {@code tar
 * --no-same-owner} and root extraction both give sane files) and one fixed time, so the same inputs
 * give the same archive. Not thread-safe.
 */
public final class TarWriter implements AutoCloseable {

  /** Tar's unit: headers and data are padded to whole blocks. */
  static final int BLOCK = 512;

  private static final int NAME_LENGTH = 100;
  private static final int PREFIX_LENGTH = 155;
  private static final byte TYPE_FILE = '0';
  private static final byte TYPE_DIRECTORY = '5';
  private static final int END_BLOCKS = 2;
  private static final int COPY_BUFFER_BYTES = 64 * 1024;

  private final OutputStream out;
  private final long mtimeSeconds;
  private final byte[] header = new byte[BLOCK];
  private final byte[] copy = new byte[COPY_BUFFER_BYTES];

  /**
   * @param out where the compressed archive goes; closed by {@link #close()}
   * @param mtimeSeconds the modification time of every entry (seconds since the epoch)
   */
  public TarWriter(OutputStream out, long mtimeSeconds) throws IOException {
    this.out = new GZIPOutputStream(out, COPY_BUFFER_BYTES);
    this.mtimeSeconds = mtimeSeconds;
  }

  /** Adds a folder entry ({@code name} without a trailing slash). */
  public void directory(String name, int mode) throws IOException {
    writeHeader(name + "/", mode, 0, TYPE_DIRECTORY);
  }

  /** Adds a file with the given bytes. */
  public void file(String name, int mode, byte[] content) throws IOException {
    writeHeader(name, mode, content.length, TYPE_FILE);
    out.write(content);
    pad(content.length);
  }

  /** Adds a file copied from disk. */
  public void file(String name, int mode, Path source) throws IOException {
    long size = Files.size(source);
    writeHeader(name, mode, size, TYPE_FILE);
    long copied = 0;
    try (InputStream in = Files.newInputStream(source)) {
      int n;
      while ((n = in.read(copy)) > 0) {
        out.write(copy, 0, n);
        copied += n;
      }
    }
    if (copied != size) {
      throw new IOException(source + " changed while it was archived");
    }
    pad(size);
  }

  private void pad(long size) throws IOException {
    int rest = (int) (size % BLOCK);
    if (rest != 0) {
      out.write(new byte[BLOCK - rest]);
    }
  }

  private void writeHeader(String name, int mode, long size, byte type) throws IOException {
    java.util.Arrays.fill(header, (byte) 0);
    byte[] full = name.getBytes(StandardCharsets.UTF_8);
    if (full.length <= NAME_LENGTH) {
      System.arraycopy(full, 0, header, 0, full.length);
    } else {
      // ustar splits a long path at a slash: prefix (155 bytes) + '/' + name (100 bytes).
      int split = name.lastIndexOf('/', name.length() - 2);
      byte[] prefix = split > 0 ? name.substring(0, split).getBytes(StandardCharsets.UTF_8) : null;
      byte[] rest = split > 0 ? name.substring(split + 1).getBytes(StandardCharsets.UTF_8) : full;
      if (prefix == null || prefix.length > PREFIX_LENGTH || rest.length > NAME_LENGTH) {
        throw new IOException("path too long for a tar archive: " + name);
      }
      System.arraycopy(rest, 0, header, 0, rest.length);
      System.arraycopy(prefix, 0, header, 345, prefix.length);
    }
    octal(mode, 100, 8);
    octal(0, 108, 8); // uid
    octal(0, 116, 8); // gid
    octal(size, 124, 12);
    octal(mtimeSeconds, 136, 12);
    header[156] = type;
    ascii("ustar\0", 257);
    ascii("00", 263);
    ascii("root", 265);
    ascii("root", 297);
    // The checksum is computed with its own field as spaces.
    java.util.Arrays.fill(header, 148, 156, (byte) ' ');
    long sum = 0;
    for (byte b : header) {
      sum += b & 0xFF;
    }
    octal(sum, 148, 7);
    header[155] = ' ';
    out.write(header);
  }

  private void octal(long value, int offset, int width) {
    String digits = Long.toOctalString(value);
    if (digits.length() > width - 1) {
      throw new IllegalArgumentException(value + " does not fit a tar field of " + width);
    }
    String padded = "0".repeat(width - 1 - digits.length()) + digits;
    ascii(padded, offset);
    header[offset + width - 1] = 0;
  }

  private void ascii(String text, int offset) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, header, offset, bytes.length);
  }

  /** Writes the end-of-archive blocks and closes the stream. */
  @Override
  public void close() throws IOException {
    out.write(new byte[BLOCK * END_BLOCKS]);
    out.close();
  }
}

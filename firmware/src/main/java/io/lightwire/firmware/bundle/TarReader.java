package io.lightwire.firmware.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads chosen small files out of a gzip-compressed ustar archive ({@code lightwire flash} reads a
 * bundle's manifest and config this way before it uploads anything).
 */
public final class TarReader {

  private TarReader() {}

  /**
   * The contents of the entries named in {@code wanted} that the archive holds.
   *
   * @throws IOException when the file is not a gzip tar archive
   */
  public static Map<String, byte[]> read(Path archive, Set<String> wanted) throws IOException {
    Map<String, byte[]> found = new LinkedHashMap<>();
    byte[] header = new byte[TarWriter.BLOCK];
    try (InputStream in = new GZIPInputStream(Files.newInputStream(archive))) {
      while (found.size() < wanted.size()) {
        if (in.readNBytes(header, 0, header.length) < header.length || header[0] == 0) {
          break;
        }
        String name = field(header, 0, 100);
        String prefix = field(header, 345, 155);
        if (!prefix.isEmpty()) {
          name = prefix + "/" + name;
        }
        String sizeField = field(header, 124, 12).trim();
        long size = sizeField.isEmpty() ? 0 : Long.parseLong(sizeField, 8);
        long padded = (size + TarWriter.BLOCK - 1) / TarWriter.BLOCK * TarWriter.BLOCK;
        if (wanted.contains(name)) {
          byte[] content = in.readNBytes((int) size);
          found.put(name, content);
          in.skipNBytes(padded - size);
        } else {
          in.skipNBytes(padded);
        }
      }
    } catch (NumberFormatException e) {
      throw new IOException(archive + " is not a tar archive: " + e.getMessage(), e);
    }
    return found;
  }

  private static String field(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.UTF_8);
  }
}

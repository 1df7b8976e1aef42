package io.lightwire.websock.internal.http;

import io.lightwire.websock.server.MalformedQueryException;
import io.lightwire.websock.server.QueryDecoder;

/** Turns a request path into a safe relative file path, or refuses it. */
public final class RequestPaths {

  private RequestPaths() {}

  /**
   * Decodes {@code path} (as sent, percent-encoded, starting with {@code /}) once, segment by
   * segment with {@link QueryDecoder#decodePathSegment}, and returns it without the leading slash,
   * or {@code null} when it could escape a root or is malformed: a {@code ..} or {@code .} segment,
   * an empty segment ({@code //}), an encoded or plain backslash, an encoded slash, a NUL or other
   * control character, a bad escape, or bytes that are not UTF-8. A trailing slash is kept (it asks
   * for a folder's index).
   */
  public static String safeRelativePath(String path) {
    if (path.isEmpty() || path.charAt(0) != '/') {
      return null;
    }
    String body = path.substring(1);
    if (body.isEmpty()) {
      return body;
    }
    boolean folder = body.endsWith("/");
    String segments = folder ? body.substring(0, body.length() - 1) : body;
    StringBuilder out = new StringBuilder(body.length());
    for (String raw : segments.split("/", -1)) {
      if (!plainAscii(raw)) {
        return null;
      }
      String segment;
      try {
        segment = QueryDecoder.decodePathSegment(raw);
      } catch (MalformedQueryException e) {
        return null;
      }
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || !fileName(segment)) {
        return null;
      }
      if (!out.isEmpty()) {
        out.append('/');
      }
      out.append(segment);
    }
    return folder ? out.append('/').toString() : out.toString();
  }

  /** Printable ASCII without a backslash: what a request target may carry unescaped. */
  private static boolean plainAscii(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\\' || c < 0x20 || c >= 0x7f) {
        return false;
      }
    }
    return true;
  }

  /** No separator and no control character: an encoded one is never part of a file name. */
  private static boolean fileName(String segment) {
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '/' || c == '\\' || c < 0x20 || c == 0x7f) {
        return false;
      }
    }
    return true;
  }
}

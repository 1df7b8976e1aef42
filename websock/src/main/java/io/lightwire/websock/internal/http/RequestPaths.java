package io.lightwire.websock.internal.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Turns a request path into a safe relative file path, or refuses it. */
public final class RequestPaths {

  private RequestPaths() {}

  /**
   * Decodes {@code path} (as sent, percent-encoded, starting with {@code /}) once and returns it
   * without the leading slash, or {@code null} when it could escape a root or is malformed: a
   * {@code ..} or {@code .} segment, an empty segment ({@code //}), an encoded or plain backslash,
   * an encoded slash, a NUL or other control character, a bad escape, or bytes that are not UTF-8.
   * A trailing slash is kept (it asks for a folder's index).
   */
  public static String safeRelativePath(String path) {
    if (path.isEmpty() || path.charAt(0) != '/') {
      return null;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(path.length());
    for (int i = 1; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '%') {
        if (i + 2 >= path.length()) {
          return null;
        }
        int hi = Character.digit(path.charAt(i + 1), 16);
        int lo = Character.digit(path.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        int b = hi * 16 + lo;
        if (b == '/' || b == '\\' || b < 0x20 || b == 0x7f) {
          return null; // an encoded separator or control byte is never a file name
        }
        bytes.write(b);
        i += 2;
      } else if (c == '\\' || c < 0x20 || c >= 0x7f) {
        return null;
      } else {
        bytes.write(c);
      }
    }
    String decoded;
    try {
      decoded =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray()))
              .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
    if (decoded.isEmpty()) {
      return decoded;
    }
    String body = decoded.endsWith("/") ? decoded.substring(0, decoded.length() - 1) : decoded;
    for (String segment : body.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return null;
      }
    }
    return decoded;
  }
}

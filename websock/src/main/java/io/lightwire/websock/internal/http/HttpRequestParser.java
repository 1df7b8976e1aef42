package io.lightwire.websock.internal.http;

import java.nio.ByteBuffer;

/**
 * An incremental HTTP/1.1 request-head parser over the connection's receive buffer.
 *
 * <p>Unit of work: {@link #parse(ByteBuffer, int)} scans the bytes from where the last call stopped
 * up to {@code end}, records offsets of the request line and each header (nothing is copied, and
 * nothing allocated), and returns {@link #NEED_MORE}, {@link #COMPLETE} (head and body are all
 * there) or an HTTP error status (400, 413, 431, 501, 505). Header validation includes RFC 9112
 * 3.2's {@code Host} rules: exactly one in an HTTP/1.1 request, at most one in HTTP/1.0, and
 * well-formed ({@link HostHeader}); a {@code *} target only with {@code OPTIONS}. It can stop at
 * any byte and resume when more arrives. {@link #reset()} prepares for the next request on a
 * kept-alive connection.
 */
public final class HttpRequestParser {

  /** More bytes are needed. */
  public static final int NEED_MORE = 0;

  /** The request head and its body are complete. */
  public static final int COMPLETE = 1;

  /** The most header lines one request may carry; more is answered with 431. */
  public static final int MAX_HEADERS = 64;

  private static final String OPTIONS = "OPTIONS";

  private static final byte CR = '\r';
  private static final byte LF = '\n';

  private final int maxHeadBytes;
  private final int[] nameStart = new int[MAX_HEADERS];
  private final int[] nameEnd = new int[MAX_HEADERS];
  private final int[] valueStart = new int[MAX_HEADERS];
  private final int[] valueEnd = new int[MAX_HEADERS];
  private int headerCount;
  private int hostCount;

  private int scanned;
  private int lineStart;
  private boolean requestLineDone;
  private int headEnd = -1;
  private long contentLength;

  private int methodStart;
  private int methodEnd;
  private int targetStart;
  private int targetEnd;
  private int minorVersion;

  /** A parser that refuses heads over {@code maxHeadBytes} with 431. */
  public HttpRequestParser(int maxHeadBytes) {
    this.maxHeadBytes = maxHeadBytes;
  }

  /** Forgets the current request; the next one starts at offset 0 of the buffer. */
  public void reset() {
    headerCount = 0;
    hostCount = 0;
    scanned = 0;
    lineStart = 0;
    requestLineDone = false;
    headEnd = -1;
    contentLength = 0;
    methodStart = 0;
    methodEnd = 0;
    targetStart = 0;
    targetEnd = 0;
    minorVersion = 1;
  }

  /**
   * Parses the bytes of {@code buf} in {@code [0, end)}. Offsets refer to absolute positions of
   * {@code buf}; its position and limit are not used or changed.
   *
   * @return {@link #NEED_MORE}, {@link #COMPLETE}, or an HTTP error status to answer with
   */
  public int parse(ByteBuffer buf, int end) {
    if (headEnd >= 0) {
      return bodyStatus(buf, end);
    }
    for (int i = scanned; i < end; i++) {
      byte b = buf.get(i);
      if (b != LF) {
        if (i >= maxHeadBytes) {
          return 431;
        }
        continue;
      }
      int lineEnd = i > lineStart && buf.get(i - 1) == CR ? i - 1 : i;
      int status = line(buf, lineStart, lineEnd, i);
      lineStart = i + 1;
      scanned = i + 1;
      if (status != NEED_MORE) {
        return status;
      }
      if (headEnd >= 0) {
        return bodyStatus(buf, end);
      }
    }
    scanned = end;
    return end > maxHeadBytes ? 431 : NEED_MORE;
  }

  private int bodyStatus(ByteBuffer buf, int end) {
    if (headEnd + contentLength > buf.capacity()) {
      return 413;
    }
    return end - headEnd >= contentLength ? COMPLETE : NEED_MORE;
  }

  private int line(ByteBuffer buf, int start, int end, int lf) {
    for (int i = start; i < end; i++) {
      if (buf.get(i) == CR) {
        return 400; // a CR inside a line: header splitting or garbage
      }
    }
    if (!requestLineDone) {
      if (start == end) {
        return NEED_MORE; // RFC 9112 2.2: ignore empty lines before the request line
      }
      requestLineDone = true;
      return requestLine(buf, start, end);
    }
    if (start == end) {
      if (minorVersion == 1 && hostCount == 0) {
        return 400; // RFC 9112 3.2: an HTTP/1.1 request without Host
      }
      headEnd = lf + 1;
      return NEED_MORE;
    }
    return headerLine(buf, start, end);
  }

  private int requestLine(ByteBuffer buf, int start, int end) {
    int sp1 = indexOf(buf, start, end, (byte) ' ');
    int sp2 = sp1 < 0 ? -1 : indexOf(buf, sp1 + 1, end, (byte) ' ');
    if (sp1 <= start || sp2 <= sp1 + 1 || indexOf(buf, sp2 + 1, end, (byte) ' ') >= 0) {
      return 400;
    }
    for (int i = start; i < sp1; i++) {
      if (!isTokenChar(buf.get(i))) {
        return 400;
      }
    }
    for (int i = sp1 + 1; i < sp2; i++) {
      byte c = buf.get(i);
      if (c <= ' ' || c == 0x7f) {
        return 400;
      }
    }
    byte first = buf.get(sp1 + 1);
    boolean asterisk = first == '*' && sp2 == sp1 + 2;
    if (first != '/' && !asterisk) {
      return 400; // only origin-form (and OPTIONS *) are served
    }
    if (asterisk && !(sp1 - start == OPTIONS.length() && regionEquals(buf, start, OPTIONS))) {
      return 400; // RFC 9112 3.2.4: the asterisk form is for OPTIONS only
    }
    if (end - sp2 - 1 != 8 || !regionEquals(buf, sp2 + 1, "HTTP/1.")) {
      return end - sp2 - 1 >= 5 && regionEquals(buf, sp2 + 1, "HTTP/") ? 505 : 400;
    }
    byte minor = buf.get(end - 1);
    if (minor != '0' && minor != '1') {
      return 505;
    }
    methodStart = start;
    methodEnd = sp1;
    targetStart = sp1 + 1;
    targetEnd = sp2;
    minorVersion = minor - '0';
    return NEED_MORE;
  }

  private int headerLine(ByteBuffer buf, int start, int end) {
    byte first = buf.get(start);
    if (first == ' ' || first == '\t') {
      return 400; // obsolete line folding (RFC 9112 5.2)
    }
    int colon = indexOf(buf, start, end, (byte) ':');
    if (colon <= start) {
      return 400;
    }
    for (int i = start; i < colon; i++) {
      if (!isTokenChar(buf.get(i))) {
        return 400;
      }
    }
    if (headerCount == MAX_HEADERS) {
      return 431;
    }
    int vs = colon + 1;
    while (vs < end && isWhitespace(buf.get(vs))) {
      vs++;
    }
    int ve = end;
    while (ve > vs && isWhitespace(buf.get(ve - 1))) {
      ve--;
    }
    for (int i = vs; i < ve; i++) {
      byte c = buf.get(i);
      if ((c < ' ' && c != '\t') || c == 0x7f) {
        return 400;
      }
    }
    nameStart[headerCount] = start;
    nameEnd[headerCount] = colon;
    valueStart[headerCount] = vs;
    valueEnd[headerCount] = ve;
    headerCount++;
    if (nameEquals(buf, headerCount - 1, "Content-Length")) {
      long length = parseLength(buf, vs, ve);
      if (length < 0 || (contentLength > 0 && contentLength != length)) {
        return 400;
      }
      contentLength = length;
    } else if (nameEquals(buf, headerCount - 1, "Host")) {
      if (++hostCount > 1 || !HostHeader.isValid(buf, vs, ve)) {
        return 400; // RFC 9112 3.2: one Host, well-formed
      }
    } else if (nameEquals(buf, headerCount - 1, "Transfer-Encoding")) {
      return 501; // chunked request bodies are not accepted by this small server
    }
    return NEED_MORE;
  }

  private static long parseLength(ByteBuffer buf, int start, int end) {
    if (start == end || end - start > 12) {
      return -1;
    }
    long value = 0;
    for (int i = start; i < end; i++) {
      byte c = buf.get(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** Offset just past the head's empty line, or -1 before the head is complete. */
  public int headEnd() {
    return headEnd;
  }

  /** The declared body length in bytes (0 without {@code Content-Length}). */
  public int contentLength() {
    return (int) contentLength;
  }

  /** Offset just past the request's last body byte; valid once {@link #COMPLETE}. */
  public int requestEnd() {
    return headEnd + (int) contentLength;
  }

  /** End offset of the method token. */
  public int methodEnd() {
    return methodEnd;
  }

  /** Start offset of the method token (after any empty lines that preceded the request). */
  public int methodStart() {
    return methodStart;
  }

  /** Start offset of the request target. */
  public int targetStart() {
    return targetStart;
  }

  /** End offset of the request target. */
  public int targetEnd() {
    return targetEnd;
  }

  /** 1 for HTTP/1.1, 0 for HTTP/1.0. */
  public int minorVersion() {
    return minorVersion;
  }

  /** Number of header lines parsed. */
  public int headerCount() {
    return headerCount;
  }

  /** Start offset of header {@code i}'s value. */
  public int valueStart(int i) {
    return valueStart[i];
  }

  /** End offset of header {@code i}'s value. */
  public int valueEnd(int i) {
    return valueEnd[i];
  }

  /** True when header {@code i}'s name equals {@code name}, ignoring ASCII case. */
  public boolean nameEquals(ByteBuffer buf, int i, String name) {
    int length = nameEnd[i] - nameStart[i];
    if (length != name.length()) {
      return false;
    }
    for (int k = 0; k < length; k++) {
      if (Ascii.lower(buf.get(nameStart[i] + k)) != Ascii.lower((byte) name.charAt(k))) {
        return false;
      }
    }
    return true;
  }

  /** Index of the first header named {@code name}, or -1. */
  public int find(ByteBuffer buf, String name) {
    for (int i = 0; i < headerCount; i++) {
      if (nameEquals(buf, i, name)) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOf(ByteBuffer buf, int from, int to, byte b) {
    for (int i = from; i < to; i++) {
      if (buf.get(i) == b) {
        return i;
      }
    }
    return -1;
  }

  private static boolean regionEquals(ByteBuffer buf, int at, String ascii) {
    for (int k = 0; k < ascii.length(); k++) {
      if (buf.get(at + k) != ascii.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isWhitespace(byte b) {
    return b == ' ' || b == '\t';
  }

  /** RFC 9110 tchar. */
  static boolean isTokenChar(byte c) {
    if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
      return true;
    }
    return switch (c) {
      case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~' -> true;
      default -> false;
    };
  }
}

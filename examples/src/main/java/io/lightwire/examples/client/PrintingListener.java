package io.lightwire.examples.client;

import io.lightwire.websock.client.WebSocketListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The receive loop's listener: joins the pieces of each message, prints it as one line ({@code <
 * text "..."} or {@code < binary N bytes: 00 01 ...}), and counts messages for the main thread.
 * Runs on the loop's thread; the counters are read by the example's thread under this object's
 * lock.
 */
final class PrintingListener implements WebSocketListener {

  /** Characters of a text message printed before it is cut short. */
  private static final int PRINT_CHARS = 200;

  /** Bytes of a binary message printed in hex. */
  private static final int PRINT_BYTES = 16;

  /** Bytes of one message kept for printing; the rest is only counted. */
  private static final int KEEP_BYTES = 4_096;

  private final PrintStream out;
  private final ByteArrayOutputStream message = new ByteArrayOutputStream();
  private long messageBytes;
  private long messages;
  private boolean ended;
  private Exception error;

  PrintingListener(PrintStream out) {
    this.out = out;
  }

  @Override
  public void onText(byte[] buffer, int offset, int length, boolean last) {
    collect(buffer, offset, length);
    if (last) {
      // Only whole messages are printed, so a character split across pieces is joined first.
      String text = message.toString(StandardCharsets.UTF_8);
      out.println(
          "< text "
              + quoted(text)
              + (messageBytes > KEEP_BYTES ? " (" + messageBytes + " bytes)" : ""));
      completed();
    }
  }

  @Override
  public void onBinary(byte[] buffer, int offset, int length, boolean last) {
    collect(buffer, offset, length);
    if (last) {
      byte[] kept = message.toByteArray();
      out.println("< binary " + describeBinary(kept, 0, (int) messageBytes, kept.length));
      completed();
    }
  }

  @Override
  public void onClose(int code, String reason) {
    out.println(("< close " + code + " " + reason).stripTrailing());
    end(null);
  }

  @Override
  public void onError(Exception e) {
    end(e);
  }

  private void collect(byte[] buffer, int offset, int length) {
    int keep = (int) Math.max(0, Math.min(length, KEEP_BYTES - messageBytes));
    message.write(buffer, offset, keep);
    messageBytes += length;
  }

  private synchronized void completed() {
    message.reset();
    messageBytes = 0;
    messages++;
    notifyAll();
  }

  private synchronized void end(Exception failure) {
    ended = true;
    error = failure;
    notifyAll();
  }

  /**
   * Waits until {@code count} messages arrived, the connection ended, or {@code millis} passed.
   *
   * @return the messages received so far
   */
  synchronized long awaitMessages(long count, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    while (messages < count && !ended) {
      long left = (deadline - System.nanoTime()) / 1_000_000L;
      if (left <= 0) {
        break;
      }
      wait(left);
    }
    return messages;
  }

  /** What ended receiving with an error, or null. */
  synchronized String error() {
    return error == null ? null : error.getClass().getSimpleName() + ": " + error.getMessage();
  }

  /** The text in quotes, cut short, with control characters shown as escapes. */
  static String quoted(String text) {
    StringBuilder line = new StringBuilder("\"");
    int end = Math.min(text.length(), PRINT_CHARS);
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      if (c < 0x20) {
        line.append(String.format("\\u%04x", (int) c));
      } else if (c == '"' || c == '\\') {
        line.append('\\').append(c);
      } else {
        line.append(c);
      }
    }
    return line.append(text.length() > end ? "\"..." : "\"").toString();
  }

  /** {@code N bytes: 00 01 ...} for the first bytes of {@code data}. */
  static String describeBinary(byte[] data, int offset, int length) {
    return describeBinary(data, offset, length, length);
  }

  private static String describeBinary(byte[] data, int offset, int total, int available) {
    StringBuilder line = new StringBuilder().append(total).append(" bytes:");
    int shown = Math.min(Math.min(total, available), PRINT_BYTES);
    for (int i = 0; i < shown; i++) {
      line.append(String.format(" %02x", data[offset + i] & 0xFF));
    }
    return line.append(total > shown ? " ..." : "").toString();
  }
}

package io.lightwire.examples.echo;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@link PrintStream} whose complete lines a test can wait for, one by one, and list later. */
final class Lines extends OutputStream {

  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private final BlockingQueue<String> pending = new LinkedBlockingQueue<>();
  private final List<String> all = new CopyOnWriteArrayList<>();
  final PrintStream stream = new PrintStream(this, true, StandardCharsets.UTF_8);

  @Override
  public synchronized void write(int b) {
    if (b == '\n') {
      String text = line.toString(StandardCharsets.UTF_8);
      line.reset();
      all.add(text);
      pending.add(text);
    } else {
      line.write(b);
    }
  }

  /** The next complete line, waiting up to 20 s. */
  String next() throws InterruptedException {
    String text = pending.poll(20, TimeUnit.SECONDS);
    assertNotNull(text, "no line within 20 s; so far: " + all);
    return text;
  }

  /** Every complete line so far. */
  List<String> all() {
    return List.copyOf(all);
  }
}

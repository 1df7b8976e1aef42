package io.lightwire.examples.testserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lightwire.examples.support.RecordingConnection;
import io.lightwire.testsupport.Allocations;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DumbIncrementTest {

  @Test
  void eachWritableCallbackSendsTheNextNumberAsDecimalText() {
    DumbIncrement protocol = new DumbIncrement();
    RecordingConnection connection = new RecordingConnection(new DumbIncrement.Counter());
    protocol.onOpen(connection);
    for (int expected = 0; expected < 1_234; expected++) {
      protocol.onWritable(connection);
      assertEquals(String.valueOf(expected), connection.lastText());
    }
    protocol.onMessage(
        connection, true, ByteBuffer.wrap("reset\n".getBytes(StandardCharsets.US_ASCII)));
    protocol.onWritable(connection);
    assertEquals("0", connection.lastText());
  }

  @Test
  void theWritableCallbackAllocatesNothing() {
    DumbIncrement protocol = new DumbIncrement();
    RecordingConnection connection = new RecordingConnection(new DumbIncrement.Counter());
    protocol.onOpen(connection);
    double bytes = Allocations.perRun(20_000, 100_000, () -> protocol.onWritable(connection));
    System.out.printf("dumb-increment onWritable: %.3f bytes allocated per call%n", bytes);
    assertEquals(0.0, bytes, "bytes allocated per writable callback");
  }
}

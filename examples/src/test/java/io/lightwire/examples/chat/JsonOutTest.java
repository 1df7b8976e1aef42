package io.lightwire.examples.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lightwire.testsupport.Allocations;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonOutTest {

  private static String text(ByteBuffer json) {
    byte[] bytes = new byte[json.remaining()];
    json.duplicate().get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void stringsEscapeQuotesBackslashesAndControlCharactersAndKeepUtf8() {
    byte[] line = "a\"b\\c\n\u0000ö€😀".getBytes(StandardCharsets.UTF_8);
    JsonOut out = new JsonOut(256);
    out.begin().raw("{\"text\":").string(ByteBuffer.wrap(line), 0, line.length);
    out.raw(",\"n\":").number(0).raw(",\"m\":").number(-1204).raw("}");
    assertEquals(
        "{\"text\":\"a\\\"b\\\\c\\u000a\\u0000ö€😀\",\"n\":0,\"m\":-1204}", text(out.finish()));
  }

  @Test
  void theHeaderRoomIsKeptBeforeTheObject() {
    ByteBuffer json = new JsonOut(16).begin().raw("{}").finish();
    assertEquals(io.lightwire.websock.server.WebSocketConnection.HEADROOM, json.position());
  }

  @Test
  void writingALineAllocatesNothing() {
    byte[] nick = "alice".getBytes(StandardCharsets.US_ASCII);
    ByteBuffer line =
        ByteBuffer.wrap("hello \"room\" ö€ ".repeat(40).getBytes(StandardCharsets.UTF_8))
            .asReadOnlyBuffer();
    JsonOut out = new JsonOut(ChatRoom.maxObjectBytes(ChatServer.MAX_CONNECTIONS));
    double bytes =
        Allocations.perRun(
            20_000,
            100_000,
            () ->
                out.begin()
                    .raw("{\"type\":\"message\",\"nick\":")
                    .string(nick, 0, nick.length)
                    .raw(",\"text\":")
                    .string(line, line.position(), line.limit())
                    .raw(",\"count\":")
                    .number(12)
                    .raw("}")
                    .finish());
    System.out.printf("chat line as JSON: %.3f bytes allocated per line%n", bytes);
    assertEquals(0.0, bytes, "bytes allocated per chat line");
  }
}

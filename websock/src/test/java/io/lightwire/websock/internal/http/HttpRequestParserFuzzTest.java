package io.lightwire.websock.internal.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Tag;

/**
 * Fuzzes the HTTP request parser. In the normal build this runs the stored corpus (regression
 * mode); {@code JAZZER_FUZZ=1 ./mvnw -pl websock test -Dtest=HttpRequestParserFuzzTest} fuzzes.
 */
@Tag("slow") // replays the corpus for seconds; the quick profile leaves it out
class HttpRequestParserFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void anyBytesInAnySplitsGiveADefinedOutcome(FuzzedDataProvider data) {
    int capacity = data.consumeInt(64, 4096);
    int maxHead = data.consumeInt(32, capacity);
    HttpRequestParser parser = new HttpRequestParser(maxHead);
    ByteBuffer buf = ByteBuffer.allocate(capacity);
    byte[] bytes = data.consumeRemainingAsBytes();
    int length = Math.min(bytes.length, capacity);
    buf.put(bytes, 0, length);
    int end = 0;
    int status = HttpRequestParser.NEED_MORE;
    // Feed the same bytes in chunks of varying size, as a socket would deliver them.
    int step = 1 + (length % 7);
    while (end < length && status == HttpRequestParser.NEED_MORE) {
      end = Math.min(length, end + step);
      status = parser.parse(buf, end);
    }
    assertTrue(
        status == HttpRequestParser.NEED_MORE
            || status == HttpRequestParser.COMPLETE
            || status == 400
            || status == 413
            || status == 431
            || status == 501
            || status == 505,
        "unexpected outcome " + status);
    if (status == HttpRequestParser.COMPLETE) {
      assertTrue(parser.headEnd() > 0 && parser.headEnd() <= end, "head end inside the data");
      assertTrue(parser.requestEnd() <= end, "request end inside the data");
      assertTrue(parser.methodStart() < parser.methodEnd(), "a method");
      assertTrue(parser.targetStart() < parser.targetEnd(), "a target");
      HttpExchange exchange = new HttpExchange(parser);
      exchange.begin(buf, null);
      assertTrue(exchange.path().startsWith("/") || exchange.path().equals("*"));
      exchange.header("Host");
      exchange.keepAlive();
    }
    if (status == HttpRequestParser.NEED_MORE) {
      assertTrue(end <= maxHead || parser.headEnd() >= 0, "a head past the limit must be 431");
    }
  }
}

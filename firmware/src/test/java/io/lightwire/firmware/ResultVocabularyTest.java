package io.lightwire.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lightwire.firmware.streams.Streams;
import io.lightwire.hal.Camera;
import io.lightwire.websock.client.WebSocketClient;
import io.lightwire.websock.protocol.CloseCodes;
import io.lightwire.websock.protocol.Result;
import io.lightwire.websock.server.WebSocketConnection;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * One result vocabulary (issue 14 item 2): every send, receive and read names its results with
 * websock's {@link Result} values. hal cannot depend on websock, so {@link Camera} repeats the
 * values; this is the test that keeps the copies equal.
 */
class ResultVocabularyTest {

  @Test
  void theCameraRepeatsTheVocabularysValues() {
    assertEquals(Result.TIMEOUT, Camera.TIMEOUT);
    assertEquals(Result.BUFFER_TOO_SMALL, Camera.BUFFER_TOO_SMALL);
    assertEquals(Result.CLOSED, Camera.STOPPED);
  }

  @Test
  void serverClientAndStreamsUseTheVocabulary() {
    assertEquals(Result.BACK_PRESSURED, WebSocketConnection.BACK_PRESSURED);
    assertEquals(Result.CLOSED, WebSocketConnection.CLOSED);
    assertEquals(Result.TOO_BIG, WebSocketConnection.TOO_BIG);
    assertEquals(Result.OK, WebSocketClient.OK);
    assertEquals(Result.CLOSED, WebSocketClient.CLOSED);
    assertEquals(Result.TIMEOUT, WebSocketClient.TIMEOUT);
    assertEquals(Result.TOO_BIG, WebSocketClient.TOO_BIG);
    assertEquals(Result.BACK_PRESSURED, Streams.BACK_PRESSURED);
    assertEquals(Result.CLOSED, Streams.CLOSED);
    assertEquals(Result.TOO_BIG, Streams.TOO_BIG);
    assertEquals(Result.TIMEOUT, Streams.TIMEOUT);
  }

  @Test
  void theValuesAreDistinctAndNamed() {
    List<Integer> values =
        List.of(
            Result.BACK_PRESSURED,
            Result.CLOSED,
            Result.TOO_BIG,
            Result.TIMEOUT,
            Result.BUFFER_TOO_SMALL);
    assertEquals(values.size(), Set.copyOf(values).size(), "distinct " + values);
    for (int value : values) {
      assertEquals(false, Result.name(value).startsWith("unknown"), Result.name(value));
    }
  }

  @Test
  void aDroppedConnectionIsReportedAs1006OnBothSides() {
    assertEquals(CloseCodes.ABNORMAL, WebSocketConnection.DROPPED);
  }
}

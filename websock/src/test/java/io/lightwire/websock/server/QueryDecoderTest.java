package io.lightwire.websock.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RFC 3986 percent-decoding, strict: the project's one query decoder. */
class QueryDecoderTest {

  @Test
  void aParameterIsFoundByNameAndDecodedWithPlusAsSpace() {
    assertEquals("a b/é", QueryDecoder.parameter("x=1&token=a+b%2F%C3%A9&y", "token"));
    assertEquals("1", QueryDecoder.parameter("x=1&x=2", "x"), "the first one");
    assertEquals("", QueryDecoder.parameter("flag&x=1", "flag"), "no '=' is the empty value");
    assertEquals("", QueryDecoder.parameter("x=", "x"));
    assertNull(QueryDecoder.parameter("x=1", "token"));
    assertNull(QueryDecoder.parameter("", "token"));
    assertEquals("1", QueryDecoder.parameter("&&x=1&", "x"), "empty parameters are skipped");
    assertEquals("a=b", QueryDecoder.parameter("k=a=b", "k"), "only the first '=' splits");
  }

  @Test
  void aPercentNotFollowedByTwoHexDigitsIsMalformedWithTheReason() {
    for (String query : new String[] {"token=%zz", "token=abc%", "token=%4", "token=%g0"}) {
      MalformedQueryException e =
          assertThrows(MalformedQueryException.class, () -> QueryDecoder.parameter(query, "token"));
      assertTrue(e.getMessage().startsWith("malformed query: "), e.getMessage());
    }
  }

  @Test
  void escapesThatAreNotUtf8AreMalformed() {
    assertThrows(MalformedQueryException.class, () -> QueryDecoder.decodeComponent("%C3"));
    assertThrows(MalformedQueryException.class, () -> QueryDecoder.decodeComponent("%FF%FE"));
    assertThrows(MalformedQueryException.class, () -> QueryDecoder.decodeComponent("%ED%A0%80"));
  }

  @Test
  void aBadParameterBeforeTheOneAskedForStillRefusesTheQuery() {
    assertThrows(MalformedQueryException.class, () -> QueryDecoder.parameter("a=%zz&t=1", "t"));
    assertThrows(MalformedQueryException.class, () -> QueryDecoder.check("a=1&b=%"));
  }

  @Test
  void aPathSegmentKeepsPlusAndMayDecodeToASlash() {
    assertEquals("a+b c", QueryDecoder.decodePathSegment("a+b%20c"));
    assertEquals("a/b", QueryDecoder.decodePathSegment("a%2fb"));
    assertEquals("plain", QueryDecoder.decodePathSegment("plain"));
  }
}

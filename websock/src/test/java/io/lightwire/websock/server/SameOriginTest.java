package io.lightwire.websock.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The same-origin rule every WebSocket endpoint of the project applies. */
class SameOriginTest {

  private static HttpRequest request(Map<String, String> headers) {
    return new HttpRequest() {
      @Override
      public String method() {
        return "GET";
      }

      @Override
      public String path() {
        return "/";
      }

      @Override
      public String query() {
        return "";
      }

      @Override
      public String header(String name) {
        return headers.get(name);
      }

      @Override
      public boolean headerHasToken(String name, String token) {
        return false;
      }

      @Override
      public ByteBuffer body() {
        return ByteBuffer.allocate(0);
      }

      @Override
      public InetSocketAddress remoteAddress() {
        return new InetSocketAddress("127.0.0.1", 1);
      }
    };
  }

  @Test
  void aPageFromThisServerMayConnect() {
    SameOrigin plain = SameOrigin.plain();
    assertEquals(
        0, plain.check(request(Map.of("Host", "pi:7682", "Origin", "http://pi:7682")), null));
    assertEquals(
        0, plain.check(request(Map.of("Host", "PI:7682", "Origin", "http://pi:7682")), null));
    assertEquals(
        0,
        new SameOrigin(true, List.of())
            .check(request(Map.of("Host", "pi", "Origin", "https://pi")), null));
  }

  @Test
  void pagesFromElsewhereAreRefusedWith403() {
    SameOrigin plain = SameOrigin.plain();
    assertEquals(
        403,
        plain.check(request(Map.of("Host", "pi:7682", "Origin", "http://evil.example")), null));
    assertEquals(
        403, plain.check(request(Map.of("Host", "pi:7682", "Origin", "http://pi:7683")), null));
    assertEquals(403, plain.check(request(Map.of("Host", "pi:7682", "Origin", "null")), null));
    assertEquals(400, plain.check(request(Map.of("Origin", "http://pi:7682")), null));
  }

  @Test
  void clientsWithoutOriginAreNotBrowsersAndMayConnect() {
    assertEquals(0, SameOrigin.plain().check(request(Map.of("Host", "pi:7682")), null));
  }

  @Test
  void onATlsServerAPlainHttpPageOfTheSameHostIsNotItsOwn() {
    SameOrigin tls = new SameOrigin(true, List.of());
    assertEquals(403, tls.check(request(Map.of("Host", "pi", "Origin", "http://pi")), null));
    // A plain server also takes https:// of its own host and port: only it can serve that.
    assertEquals(
        0,
        SameOrigin.plain()
            .check(request(Map.of("Host", "pi:7682", "Origin", "https://pi:7682")), null));
  }

  @Test
  void allowListedOriginsAreAcceptedExactlyWithDefaultPortsLeftOut() {
    SameOrigin listed =
        new SameOrigin(false, List.of("https://Dash.example:443", "http://10.0.0.5:3000"));
    assertEquals(
        0, listed.check(request(Map.of("Host", "pi", "Origin", "https://dash.example")), null));
    assertEquals(
        0, listed.check(request(Map.of("Host", "pi", "Origin", "http://10.0.0.5:3000")), null));
    assertEquals(
        403, listed.check(request(Map.of("Host", "pi", "Origin", "http://10.0.0.5:3001")), null));
    assertEquals(
        403, listed.check(request(Map.of("Host", "pi", "Origin", "http://dash.example")), null));
    assertEquals(
        List.of("https://dash.example"),
        List.copyOf(new SameOrigin(false, List.of("HTTPS://DASH.EXAMPLE:443")).allowedOrigins()));
  }

  @Test
  void anAllowListEntryThatIsNotAnOriginIsRefusedByName() {
    for (String bad :
        new String[] {
          "dash.example", "ftp://x", "https://x/path", "https://x:0", "https://", "*"
        }) {
      IllegalArgumentException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              IllegalArgumentException.class, () -> new SameOrigin(false, List.of(bad)));
      org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains(bad), e.getMessage());
    }
  }
}

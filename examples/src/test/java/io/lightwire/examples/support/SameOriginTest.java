package io.lightwire.examples.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lightwire.websock.server.HttpRequest;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
    SameOrigin plain = new SameOrigin(false);
    assertEquals(
        0, plain.check(request(Map.of("Host", "pi:7682", "Origin", "http://pi:7682")), null));
    assertEquals(
        0, plain.check(request(Map.of("Host", "PI:7682", "Origin", "http://pi:7682")), null));
    assertEquals(
        0, new SameOrigin(true).check(request(Map.of("Host", "pi", "Origin", "https://pi")), null));
  }

  @Test
  void pagesFromElsewhereAreRefusedWith403() {
    SameOrigin plain = new SameOrigin(false);
    assertEquals(
        403,
        plain.check(request(Map.of("Host", "pi:7682", "Origin", "http://evil.example")), null));
    assertEquals(
        403, plain.check(request(Map.of("Host", "pi:7682", "Origin", "http://pi:7683")), null));
    assertEquals(
        403, plain.check(request(Map.of("Host", "pi:7682", "Origin", "https://pi:7682")), null));
    assertEquals(403, plain.check(request(Map.of("Host", "pi:7682", "Origin", "null")), null));
    assertEquals(400, plain.check(request(Map.of("Origin", "http://pi:7682")), null));
  }

  @Test
  void clientsWithoutOriginAreNotBrowsersAndMayConnect() {
    assertEquals(0, new SameOrigin(false).check(request(Map.of("Host", "pi:7682")), null));
  }
}

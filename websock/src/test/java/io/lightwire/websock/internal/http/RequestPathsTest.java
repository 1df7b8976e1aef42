package io.lightwire.websock.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestPathsTest {

  @ParameterizedTest
  @CsvSource({
    "/, ''",
    "/index.html, index.html",
    "/a/b.js, a/b.js",
    "/dir/, dir/",
    "/with%20space.txt, with space.txt",
    "/caf%C3%A9.txt, café.txt",
    "/..foo, ..foo"
  })
  void safePathsDecodeOnce(String path, String expected) {
    assertEquals(expected, RequestPaths.safeRelativePath(path));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/../secret",
        "/a/../../secret",
        "/%2e%2e/secret",
        "/%2E%2E/secret",
        "/a/%2e%2e%2fsecret",
        "/..%2fsecret",
        "/..%5csecret",
        "/a\\..\\secret",
        "/./x",
        "/a//b",
        "/a/%00",
        "/a%",
        "/a%zz",
        "/%c0%ae%c0%ae/secret",
        "relative",
        ""
      })
  void escapesAndMalformedPathsAreRefused(String path) {
    assertNull(RequestPaths.safeRelativePath(path), path);
  }

  @ParameterizedTest
  @CsvSource({
    "index.html, text/html; charset=utf-8",
    "a/app.MJS, text/javascript; charset=utf-8",
    "style.css, text/css; charset=utf-8",
    "frame.jpg, image/jpeg",
    "blob, application/octet-stream",
    "dir.d/blob, application/octet-stream",
    ".hidden, application/octet-stream"
  })
  void contentTypesFollowTheExtension(String name, String type) {
    assertEquals(type, ContentTypes.forName(name));
  }
}

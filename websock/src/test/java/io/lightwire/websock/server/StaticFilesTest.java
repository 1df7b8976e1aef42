package io.lightwire.websock.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.testsupport.RawHttp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StaticFilesTest {

  @TempDir Path dir;
  private Path root;
  private Server server;

  @BeforeEach
  void files() throws IOException {
    root = Files.createDirectories(dir.resolve("www"));
    Files.writeString(root.resolve("index.html"), "<h1>home</h1>");
    Files.writeString(root.resolve("app.js"), "console.log(1);");
    Files.createDirectories(root.resolve("sub"));
    Files.writeString(root.resolve("sub/index.html"), "<h1>sub</h1>");
    Files.writeString(root.resolve("sub/data.bin"), "xyz");
    Files.createDirectories(root.resolve("empty"));
    Files.writeString(dir.resolve("secret.txt"), "SECRET");
    Files.createSymbolicLink(root.resolve("link.txt"), dir.resolve("secret.txt"));
  }

  private int start(HttpHandler handler) throws IOException {
    server = Server.open(ServerConfig.loopback(), handler);
    server.start();
    return server.localPort();
  }

  @AfterEach
  void stop() {
    server.stop();
    Pools.assertAllFree(server);
  }

  @Test
  void filesAreServedWithTheirTypeAndLength() throws IOException {
    try (RawHttp c = new RawHttp(start(StaticFiles.fromDirectory(root, HttpHandler.notFound())))) {
      RawHttp.Response index = c.get("/");
      assertEquals(200, index.status());
      assertEquals("<h1>home</h1>", index.text());
      assertEquals("text/html; charset=utf-8", index.header("Content-Type"));
      RawHttp.Response js = c.get("/app.js");
      assertEquals("text/javascript; charset=utf-8", js.header("Content-Type"));
      assertEquals("15", js.header("Content-Length"));
      assertEquals("<h1>sub</h1>", c.get("/sub/").text());
      assertEquals("application/octet-stream", c.get("/sub/data.bin").header("Content-Type"));
    }
  }

  @Test
  void headGivesTheLengthWithoutTheBody() throws IOException {
    try (RawHttp c = new RawHttp(start(StaticFiles.fromDirectory(root, HttpHandler.notFound())))) {
      RawHttp.Response head = c.send("HEAD /app.js HTTP/1.1\r\nHost: t\r\n\r\n").read(true);
      assertEquals(200, head.status());
      assertEquals("15", head.header("Content-Length"));
      assertEquals(200, c.get("/app.js").status(), "no stray body bytes before this response");
    }
  }

  @Test
  void aMatchingEtagIs304WithoutABody() throws IOException {
    try (RawHttp c = new RawHttp(start(StaticFiles.fromDirectory(root, HttpHandler.notFound())))) {
      String etag = c.get("/app.js").header("ETag");
      assertNotNull(etag);
      assertTrue(etag.startsWith("\"") && etag.endsWith("\""), etag);
      RawHttp.Response again =
          c.send(
                  "GET /app.js HTTP/1.1\r\nHost: t\r\nIf-None-Match: \"other\", "
                      + etag
                      + "\r\n\r\n")
              .read();
      assertEquals(304, again.status());
      assertEquals(0, again.body().length);
      RawHttp.Response changed =
          c.send("GET /app.js HTTP/1.1\r\nHost: t\r\nIf-None-Match: \"other\"\r\n\r\n").read();
      assertEquals(200, changed.status());
    }
  }

  @Test
  void aChangedFileGetsANewEtag() throws IOException {
    try (RawHttp c = new RawHttp(start(StaticFiles.fromDirectory(root, HttpHandler.notFound())))) {
      String before = c.get("/app.js").header("ETag");
      Files.writeString(root.resolve("app.js"), "console.log(22);");
      RawHttp.Response after = c.get("/app.js");
      assertEquals("console.log(22);", after.text());
      assertTrue(!before.equals(after.header("ETag")));
    }
  }

  @Test
  void otherMethodsAre405WithAllow() throws IOException {
    try (RawHttp c = new RawHttp(start(StaticFiles.fromDirectory(root, HttpHandler.notFound())))) {
      RawHttp.Response r = c.send("DELETE /app.js HTTP/1.1\r\nHost: t\r\n\r\n").read();
      assertEquals(405, r.status());
      assertEquals("GET, HEAD", r.header("Allow"));
    }
  }

  @Test
  void foldersAreNeverListedAndMissesGoToTheFallback() throws IOException {
    HttpHandler fallback = (request, response) -> response.status(404).body("text/plain", "fb");
    try (RawHttp c = new RawHttp(start(StaticFiles.fromDirectory(root, fallback)))) {
      assertEquals("fb", c.get("/empty/").text());
      assertEquals("fb", c.get("/sub").text());
      assertEquals("fb", c.get("/nope.txt").text());
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/../secret.txt",
        "/sub/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/sub/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/link.txt",
        "/sub//../../secret.txt"
      })
  void nothingOutsideTheRootIsServed(String path) throws IOException {
    try (RawHttp c = new RawHttp(start(StaticFiles.fromDirectory(root, HttpHandler.notFound())))) {
      RawHttp.Response r = c.get(path);
      assertTrue(r.status() == 400 || r.status() == 404, path + " -> " + r.status());
      assertTrue(!r.text().contains("SECRET"), path);
    }
  }

  @Test
  void classPathResourcesAreServed() throws IOException {
    StaticFiles files =
        StaticFiles.fromClassPath(StaticFilesTest.class, "web-root", HttpHandler.notFound());
    try (RawHttp c = new RawHttp(start(files))) {
      RawHttp.Response index = c.get("/");
      assertEquals(200, index.status());
      assertTrue(index.text().contains("<title>root</title>"), index.text());
      assertEquals("sub text\n", c.get("/sub/note.txt").text());
      assertEquals(404, c.get("/sub/missing.txt").status());
      assertEquals(400, c.get("/../web-root/index.html").status());
    }
  }

  @Test
  void theCacheNeverHoldsMoreThanItsLimitAndDropsTheLeastRecentlyUsedFirst() throws IOException {
    for (int i = 0; i < 8; i++) {
      Files.writeString(
          root.resolve("f" + i + ".txt"), String.valueOf((char) ('a' + i)).repeat(2_000));
    }
    StaticFiles files = StaticFiles.fromDirectory(root, HttpHandler.notFound(), 10_000);
    assertEquals(StaticFiles.CACHE_POOL, files.cachePool().name());
    assertEquals(10, files.cachePool().capacity(), "10 000 bytes in KiB, rounded up");
    try (RawHttp c = new RawHttp(start(files))) {
      for (int round = 0; round < 2; round++) {
        for (int i = 0; i < 8; i++) {
          RawHttp.Response r = c.get("/f" + i + ".txt");
          assertEquals(String.valueOf((char) ('a' + i)).repeat(2_000), r.text(), "f" + i);
          assertTrue(files.cachedBytes() <= 10_000, "cached " + files.cachedBytes());
        }
      }
      assertEquals(10_000, files.cachedBytes(), "the five most recent files");
      assertTrue(files.cachePool().inUse() <= files.cachePool().capacity());
      // f3 is among the evicted; asking for it again evicts the least recently used (f4).
      c.get("/f3.txt");
      assertEquals(10_000, files.cachedBytes());
      assertEquals(200, c.get("/f4.txt").status(), "an evicted file is read again");
    }
    files.clearCache();
    assertEquals(0, files.cachePool().inUse());
  }

  @Test
  void aZeroCacheKeepsNothingAndStillServesEveryFile() throws IOException {
    StaticFiles files = StaticFiles.fromDirectory(root, HttpHandler.notFound(), 0);
    try (RawHttp c = new RawHttp(start(files))) {
      assertEquals("<h1>home</h1>", c.get("/").text());
      assertEquals("console.log(1);", c.get("/app.js").text());
      assertEquals(0, files.cachedBytes());
    }
  }

  /** The live service thread's allocated bytes so far. */
  private static long serviceThreadAllocated() {
    var threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("lightwire-service") && t.isAlive()) {
        return threads.getThreadAllocatedBytes(t.threadId());
      }
    }
    throw new AssertionError("no service thread");
  }

  @Test
  void aLargeFileIsStreamedFromDiskNotReadIntoTheHeap() throws Exception {
    int size = 16 << 20;
    byte[] content = new byte[size];
    new java.util.Random(7).nextBytes(content);
    java.util.zip.CRC32 expected = new java.util.zip.CRC32();
    expected.update(content);
    Files.write(root.resolve("big.bin"), content);
    content = null;
    int port = start(StaticFiles.fromDirectory(root, HttpHandler.notFound()));
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write("GET /app.js HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
      java.io.InputStream in = new java.io.BufferedInputStream(socket.getInputStream(), 65_536);
      String first = readHead(in); // a first request, so the service thread is warm
      assertTrue(first.contains("Content-Length: 15"), first);
      in.readNBytes(15);
      long before = serviceThreadAllocated();
      socket.getOutputStream().write("GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
      String head = readHead(in);
      assertTrue(head.startsWith("HTTP/1.1 200"), head);
      assertTrue(head.contains("Content-Length: " + size), head);
      java.util.zip.CRC32 received = new java.util.zip.CRC32();
      byte[] chunk = new byte[65_536];
      long left = size;
      while (left > 0) {
        int n = in.read(chunk, 0, (int) Math.min(chunk.length, left));
        assertTrue(n > 0, "the whole body arrives");
        received.update(chunk, 0, n);
        left -= n;
      }
      long allocated = serviceThreadAllocated() - before;
      assertEquals(expected.getValue(), received.getValue(), "the bytes of the file");
      assertTrue(allocated < size / 16, "service thread allocated " + allocated + " bytes");
    }
  }

  private static String readHead(java.io.InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed in the head: " + head);
      }
      head.append((char) b);
    }
    return head.toString();
  }
}

package io.lightwire.websock.server;

import io.lightwire.websock.internal.http.ContentTypes;
import io.lightwire.websock.internal.http.RequestPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves files from a directory or from the class path (libwebsockets' HTTP file serving).
 *
 * <ul>
 *   <li>{@code GET} and {@code HEAD} only; other methods get {@code 405} with {@code Allow}.
 *   <li>The content type comes from the file name; unknown types are {@code
 *       application/octet-stream}.
 *   <li>Every file has a strong {@code ETag} (SHA-256 of its bytes); a matching {@code
 *       If-None-Match} gets {@code 304}.
 *   <li>No directory listings: a path ending in {@code /} serves that folder's {@code index.html}
 *       or nothing.
 *   <li>No path escapes: percent-decoding happens once, and {@code ..}, {@code .}-segments, encoded
 *       slashes, backslashes and NUL are refused before any file is touched; symbolic links are not
 *       followed out of a directory root.
 * </ul>
 *
 * <p>Files are read once and kept in memory (they are the firmware's own page and scripts, read
 * from the jar); a directory's file is read again when its size or modification time changes.
 * Requests this handler has no file for go to the fallback handler.
 */
public final class StaticFiles implements HttpHandler {

  /** A file loaded into memory, with its validator. */
  private record Loaded(ByteBuffer bytes, String etag, String type, long size, long modified) {}

  private final Path directory;
  private final ClassLoader loader;
  private final String resourcePrefix;
  private final HttpHandler fallback;
  private final Map<String, Loaded> cache = new ConcurrentHashMap<>();

  private StaticFiles(Path directory, ClassLoader loader, String prefix, HttpHandler fallback) {
    this.directory = directory;
    this.loader = loader;
    this.resourcePrefix = prefix;
    this.fallback = fallback;
  }

  /** Serves the files under {@code root}; misses go to {@code fallback}. */
  public static StaticFiles fromDirectory(Path root, HttpHandler fallback) {
    return new StaticFiles(root.toAbsolutePath().normalize(), null, null, fallback);
  }

  /**
   * Serves the resources under {@code prefix} (e.g. {@code "io/lightwire/firmware/web"}) as seen
   * from {@code anchor}'s class loader; misses go to {@code fallback}. The resources' package must
   * be open to this module when it lives in a named module, or outside any package (a folder name
   * with a dash, such as {@code web-root}, is never a package).
   */
  public static StaticFiles fromClassPath(Class<?> anchor, String prefix, HttpHandler fallback) {
    String clean = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    return new StaticFiles(null, anchor.getClassLoader(), clean, fallback);
  }

  @Override
  public void onRequest(HttpRequest request, HttpResponse response) {
    String relative = RequestPaths.safeRelativePath(request.path());
    if (relative == null) {
      response.status(400).body("text/plain", "bad path\n");
      return;
    }
    if (relative.isEmpty() || relative.endsWith("/")) {
      relative = relative + "index.html";
    }
    Loaded file = load(relative);
    if (file == null) {
      fallback.onRequest(request, response);
      return;
    }
    String method = request.method();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      response.status(405).header("Allow", "GET, HEAD").body("text/plain", "method not allowed\n");
      return;
    }
    response.header("ETag", file.etag()).header("Cache-Control", "no-cache");
    if (request.headerHasToken("If-None-Match", file.etag())
        || "*".equals(request.header("If-None-Match"))) {
      response.status(304);
      return;
    }
    response.status(200).body(file.type(), file.bytes().duplicate());
  }

  private Loaded load(String relative) {
    try {
      return directory != null ? loadFile(relative) : loadResource(relative);
    } catch (IOException e) {
      return null;
    }
  }

  private Loaded loadFile(String relative) throws IOException {
    Path file = directory.resolve(relative).normalize();
    if (!file.startsWith(directory)) {
      return null;
    }
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
        || !file.toRealPath().startsWith(directory.toRealPath())) {
      return null;
    }
    long size = Files.size(file);
    long modified = Files.getLastModifiedTime(file).toMillis();
    Loaded cached = cache.get(relative);
    if (cached != null && cached.size() == size && cached.modified() == modified) {
      return cached;
    }
    Loaded loaded = loaded(relative, Files.readAllBytes(file), size, modified);
    cache.put(relative, loaded);
    return loaded;
  }

  private Loaded loadResource(String relative) throws IOException {
    Loaded cached = cache.get(relative);
    if (cached != null) {
      return cached;
    }
    try (InputStream in = loader.getResourceAsStream(resourcePrefix + "/" + relative)) {
      if (in == null) {
        return null;
      }
      byte[] bytes = in.readAllBytes();
      Loaded loaded = loaded(relative, bytes, bytes.length, 0);
      cache.put(relative, loaded);
      return loaded;
    }
  }

  private static Loaded loaded(String relative, byte[] bytes, long size, long modified) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    return new Loaded(buffer, etag(bytes), ContentTypes.forName(relative), size, modified);
  }

  private static String etag(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
    }
  }
}

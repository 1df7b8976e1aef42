package io.lightwire.websock.server;

import io.lightwire.websock.internal.http.ContentTypes;
import io.lightwire.websock.internal.http.RequestPaths;
import io.lightwire.websock.pool.Pool;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Serves files from a directory or from the class path (libwebsockets' HTTP file serving).
 *
 * <ul>
 *   <li>{@code GET} and {@code HEAD} only; other methods get {@code 405} with {@code Allow}.
 *   <li>The content type comes from the file name; unknown types are {@code
 *       application/octet-stream}.
 *   <li>Every file has a strong {@code ETag} (SHA-256 of its bytes; of a large file, its size and
 *       modification time); a matching {@code If-None-Match} gets {@code 304}.
 *   <li>No directory listings: a path ending in {@code /} serves that folder's {@code index.html}
 *       or nothing.
 *   <li>No path escapes: percent-decoding happens once, and {@code ..}, {@code .}-segments, encoded
 *       slashes, backslashes and NUL are refused before any file is touched; symbolic links are not
 *       followed out of a directory root.
 * </ul>
 *
 * <p><b>Memory.</b> Small files are read once and kept in a cache of at most {@code cacheBytes}
 * (least recently used first out; {@link #cachePool()} shows it in a memory plan), and a
 * directory's file is read again when its size or modification time changes. A file larger than a
 * quarter of the cache is never read into the heap: from a directory it is mapped and the server
 * writes it straight from the page cache (its {@code ETag} is made from its size and modification
 * time, so it is not read to be hashed either); a class-path resource that large is read for each
 * request and not kept. Requests this handler has no file for go to the fallback handler.
 *
 * <p>Threads: requests come on the service thread; the cache is guarded by this object, so a
 * handler shared by several servers is safe.
 */
public final class StaticFiles implements HttpHandler {

  /** The cache's name as a pool, for memory plans and {@code /status}. */
  public static final String CACHE_POOL = "static file cache";

  /** The cache of the factories that take no size: 1 MiB. */
  public static final long DEFAULT_CACHE_BYTES = 1L << 20;

  /** The cache pool's unit: it counts KiB. */
  private static final int CACHE_UNIT_BYTES = 1024;

  /** A file's bytes (cached or mapped) with its validator. */
  private record Loaded(ByteBuffer bytes, String etag, String type, long size, long modified) {}

  private final Path directory;
  private final ClassLoader loader;
  private final String resourcePrefix;
  private final HttpHandler fallback;
  private final long cacheBytes;
  private final long largeFileBytes;
  private final Map<String, Loaded> cache = new LinkedHashMap<>(16, 0.75f, true);
  private final Pool cachePool = new CachePool();
  private long cachedBytes;

  private StaticFiles(
      Path directory, ClassLoader loader, String prefix, HttpHandler fallback, long cacheBytes) {
    if (cacheBytes < 0) {
      throw new IllegalArgumentException("static file cache of " + cacheBytes + " bytes");
    }
    this.directory = directory;
    this.loader = loader;
    this.resourcePrefix = prefix;
    this.fallback = fallback;
    this.cacheBytes = cacheBytes;
    this.largeFileBytes = cacheBytes / 4;
  }

  /** Serves the files under {@code root} with a 1 MiB cache; misses go to {@code fallback}. */
  public static StaticFiles fromDirectory(Path root, HttpHandler fallback) {
    return fromDirectory(root, fallback, DEFAULT_CACHE_BYTES);
  }

  /**
   * Serves the files under {@code root}, caching at most {@code cacheBytes} of them in the heap (0:
   * none); misses go to {@code fallback}.
   */
  public static StaticFiles fromDirectory(Path root, HttpHandler fallback, long cacheBytes) {
    return new StaticFiles(root.toAbsolutePath().normalize(), null, null, fallback, cacheBytes);
  }

  /**
   * Serves the resources under {@code prefix} (e.g. {@code "io/lightwire/firmware/web"}) as seen
   * from {@code anchor}'s class loader, with a 1 MiB cache; misses go to {@code fallback}. The
   * resources' package must be open to this module when it lives in a named module, or outside any
   * package (a folder name with a dash, such as {@code web-root}, is never a package).
   */
  public static StaticFiles fromClassPath(Class<?> anchor, String prefix, HttpHandler fallback) {
    return fromClassPath(anchor, prefix, fallback, DEFAULT_CACHE_BYTES);
  }

  /** As {@link #fromClassPath(Class, String, HttpHandler)} with a cache of {@code cacheBytes}. */
  public static StaticFiles fromClassPath(
      Class<?> anchor, String prefix, HttpHandler fallback, long cacheBytes) {
    String clean = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    return new StaticFiles(null, anchor.getClassLoader(), clean, fallback, cacheBytes);
  }

  /** The cache as a pool of KiB: capacity the limit, in use what it holds now. */
  public Pool cachePool() {
    return cachePool;
  }

  /** Bytes of file content the cache holds now. */
  public synchronized long cachedBytes() {
    return cachedBytes;
  }

  /** Empties the cache (a server that stopped gives its memory back). */
  public synchronized void clearCache() {
    cache.clear();
    cachedBytes = 0;
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
    Loaded cached = cached(relative);
    if (cached != null && cached.size() == size && cached.modified() == modified) {
      return cached;
    }
    if (size > largeFileBytes) {
      return mapped(relative, file, size, modified);
    }
    return keep(relative, loaded(relative, Files.readAllBytes(file), size, modified));
  }

  /**
   * A large file, mapped rather than read: the server writes it from the page cache, and the heap
   * holds only the mapping's small object. The mapping lives until the response is sent and the
   * buffer is collected; a file truncated meanwhile is a fault the JVM reports, which is why only
   * the firmware's own directories should be served this way.
   */
  private static Loaded mapped(String relative, Path file, long size, long modified)
      throws IOException {
    if (size > Integer.MAX_VALUE) {
      return null; // one buffer holds at most 2 GiB: such a file is not a web asset
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, 0, size).asReadOnlyBuffer();
      String etag = "\"" + Long.toHexString(size) + "-" + Long.toHexString(modified) + "\"";
      return new Loaded(bytes, etag, ContentTypes.forName(relative), size, modified);
    }
  }

  private Loaded loadResource(String relative) throws IOException {
    Loaded cached = cached(relative);
    if (cached != null) {
      return cached;
    }
    try (InputStream in = loader.getResourceAsStream(resourcePrefix + "/" + relative)) {
      if (in == null) {
        return null;
      }
      byte[] bytes = in.readAllBytes();
      return keep(relative, loaded(relative, bytes, bytes.length, 0));
    }
  }

  private synchronized Loaded cached(String relative) {
    return cache.get(relative);
  }

  /** Caches {@code loaded} when it is small enough, evicting the least recently used first. */
  private synchronized Loaded keep(String relative, Loaded loaded) {
    Loaded old = cache.remove(relative);
    if (old != null) {
      cachedBytes -= old.size();
    }
    if (loaded.size() > largeFileBytes) {
      return loaded; // served once, not kept
    }
    var eldest = cache.entrySet().iterator();
    while (cachedBytes + loaded.size() > cacheBytes && eldest.hasNext()) {
      cachedBytes -= eldest.next().getValue().size();
      eldest.remove();
    }
    cache.put(relative, loaded);
    cachedBytes += loaded.size();
    return loaded;
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

  /** The cache's view as a pool, counted in KiB. */
  private final class CachePool implements Pool {
    @Override
    public String name() {
      return CACHE_POOL;
    }

    @Override
    public int capacity() {
      return (int) Math.min(Integer.MAX_VALUE, kib(cacheBytes));
    }

    @Override
    public int itemBytes() {
      return CACHE_UNIT_BYTES;
    }

    @Override
    public int inUse() {
      return (int) Math.min(Integer.MAX_VALUE, kib(cachedBytes()));
    }

    private static long kib(long bytes) {
      return (bytes + CACHE_UNIT_BYTES - 1) / CACHE_UNIT_BYTES;
    }
  }
}

package io.lightwire.websock.server;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The same-origin rule for WebSocket upgrades, the project's one implementation of it: a browser
 * page may connect only when it came from this server (its {@code Origin} is the scheme plus the
 * request's {@code Host}) or from an origin on the allow list. Without it any web site a visitor
 * opens could connect to the board in their name (cross-site WebSocket hijacking): browsers send
 * {@code Origin} on every WebSocket request and let any page open one. Clients that are not
 * browsers send no {@code Origin} and are accepted; what they may do is the token's business.
 *
 * <p>On a TLS server only {@code https://} pages are this server's own (a plain {@code http://}
 * page of the same host could have been injected on the network); a plain server also accepts
 * {@code https://} of its host and port, which only it can serve. Allow-listed origins are exact
 * ({@code scheme://host[:port]}, case-insensitive, a default port may be left out). {@code Origin:
 * null} (sandboxed frames, files) is refused unless listed.
 *
 * <p>Immutable; safe on the service thread and from any other.
 */
public final class SameOrigin implements UpgradeFilter {

  /** Refusal status for a page from another origin. */
  public static final int FORBIDDEN = 403;

  /** Refusal status for a browser request without {@code Host}. */
  public static final int BAD_REQUEST = 400;

  private static final int HTTP_PORT = 80;
  private static final int HTTPS_PORT = 443;

  private final boolean secure;
  private final Set<String> allowed;

  /**
   * The rule for a server with or without TLS, with extra origins pages may connect from.
   *
   * @param secure true when the server serves {@code https://} pages
   * @param allowedOrigins origins such as {@code https://dash.example:8443}
   * @throws IllegalArgumentException naming the first entry that is not {@code
   *     scheme://host[:port]} with scheme {@code http} or {@code https}
   */
  public SameOrigin(boolean secure, Collection<String> allowedOrigins) {
    this.secure = secure;
    List<String> normal = new ArrayList<>();
    for (String origin : allowedOrigins) {
      normal.add(normalize(origin));
    }
    this.allowed = Set.copyOf(normal);
  }

  /** This server's own pages only, on a server without TLS. */
  public static SameOrigin plain() {
    return new SameOrigin(false, List.of());
  }

  @Override
  public int check(HttpRequest request, Protocol protocol) {
    return check(request);
  }

  /** 0 when {@code request} may go on, else {@link #FORBIDDEN} or {@link #BAD_REQUEST}. */
  public int check(HttpRequest request) {
    String origin = request.header("Origin");
    if (origin == null) {
      return 0;
    }
    origin = origin.strip();
    if (!allowed.isEmpty() && allowed.contains(normalizeOrNull(origin))) {
      return 0;
    }
    String host = request.header("Host");
    if (host == null || host.isBlank()) {
      return BAD_REQUEST;
    }
    host = host.strip();
    if (sameAuthority(origin, "https://", host)) {
      return 0;
    }
    return !secure && sameAuthority(origin, "http://", host) ? 0 : FORBIDDEN;
  }

  /** True when {@link #check(HttpRequest)} accepts {@code request}. */
  public boolean allows(HttpRequest request) {
    return check(request) == 0;
  }

  /** True when only {@code https://} pages count as the server's own. */
  public boolean secure() {
    return secure;
  }

  /** The allow list, normalized (lower case, no default port). */
  public Set<String> allowedOrigins() {
    return allowed;
  }

  private static boolean sameAuthority(String origin, String scheme, String host) {
    return origin.length() == scheme.length() + host.length()
        && origin.regionMatches(true, 0, scheme, 0, scheme.length())
        && origin.regionMatches(true, scheme.length(), host, 0, host.length());
  }

  private static String normalizeOrNull(String origin) {
    try {
      return normalize(origin);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * {@code origin} as browsers send it: lower case, without a default port.
   *
   * @throws IllegalArgumentException when it is not {@code http://} or {@code https://} plus a host
   *     and an optional port from 1 to 65535, and nothing else (no path, user or query)
   */
  public static String normalize(String origin) {
    String o = origin.strip().toLowerCase(Locale.ROOT);
    int defaultPort;
    String scheme;
    if (o.startsWith("http://")) {
      scheme = "http://";
      defaultPort = HTTP_PORT;
    } else if (o.startsWith("https://")) {
      scheme = "https://";
      defaultPort = HTTPS_PORT;
    } else {
      throw new IllegalArgumentException(
          "origin '" + origin + "' must start with http:// or https://");
    }
    String authority = o.substring(scheme.length());
    int colon = authority.lastIndexOf(':');
    String host = authority;
    if (colon >= 0 && authority.indexOf(']') < colon) {
      host = authority.substring(0, colon);
      int port;
      try {
        port = Integer.parseInt(authority.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("origin '" + origin + "' has a bad port");
      }
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException("origin '" + origin + "' has a bad port");
      }
      authority = port == defaultPort ? host : host + ":" + port;
    }
    if (host.isEmpty() || !host.matches("[a-z0-9.\\-]+|\\[[0-9a-f:.]+\\]")) {
      throw new IllegalArgumentException(
          "origin '" + origin + "' must be scheme://host[:port] (no path, user or query)");
    }
    return scheme + authority;
  }
}

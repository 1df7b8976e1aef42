package io.lightwire.examples.support;

import io.lightwire.websock.server.HttpHandler;
import io.lightwire.websock.server.SecurityHeaders;
import io.lightwire.websock.server.Server;
import io.lightwire.websock.server.ServerConfig;
import io.lightwire.websock.server.ServerTls;
import io.lightwire.websock.server.StaticFiles;

/**
 * The start of a browser example's server: its page from a folder of the jar with the {@link
 * SecurityHeaders}, WebSocket upgrades behind the {@link SameOrigin} check, and TLS when given. The
 * example adds its protocols and opens it.
 */
public final class PageServer {

  private PageServer() {}

  /**
   * A builder serving the page in {@code webRoot} (a folder of {@code anchor}'s jar, outside any
   * package so that it is always readable).
   *
   * @param tls the TLS setup for {@code https://} and {@code wss://}, or null for plain HTTP
   */
  public static Server.Builder builder(
      ServerConfig config, Class<?> anchor, String webRoot, ServerTls tls) {
    Server.Builder builder =
        Server.builder(config)
            .http(
                SecurityHeaders.around(
                    StaticFiles.fromClassPath(anchor, webRoot, HttpHandler.notFound())))
            .upgradeFilter(new SameOrigin(tls != null));
    if (tls != null) {
      builder.tls(tls);
    }
    return builder;
  }
}

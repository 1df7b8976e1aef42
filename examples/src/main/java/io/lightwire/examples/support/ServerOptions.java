package io.lightwire.examples.support;

import io.lightwire.websock.server.Server;
import io.lightwire.websock.server.ServerTls;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * The options every server example shares: {@code --port} (0 picks a free one), {@code --bind} (an
 * IP literal; {@value #DEFAULT_BIND} by default: other machines only when the user binds wider) and
 * {@code --tls-cert} with {@code --tls-key} (PEM files) to serve {@code https://} and {@code
 * wss://} instead.
 *
 * @param bind the address to listen on
 * @param port the TCP port, 0 for any free one
 * @param tlsCertificate the PEM certificate chain, or null for plain HTTP
 * @param tlsKey the PEM (PKCS #8) private key, or null for plain HTTP
 */
public record ServerOptions(String bind, int port, Path tlsCertificate, Path tlsKey) {

  /** Loopback, as the echo-server: other machines only when the user binds wider. */
  public static final String DEFAULT_BIND = "127.0.0.1";

  /** The usage text of these options, for an example's usage line. */
  public static final String SYNOPSIS =
      "[--port PORT] [--bind ADDRESS] [--tls-cert PEM --tls-key PEM]";

  /** {@code --bind} as every listening example's {@code --help} describes it. */
  public static final ExampleUsage.Option BIND_OPTION =
      ExampleUsage.Option.value(
          "--bind",
          "ADDRESS",
          "IP address to listen on (default: "
              + DEFAULT_BIND
              + ", this machine only; 0.0.0.0 for every interface).");

  /** These options for an example's {@link ExampleUsage}, with {@code defaultPort} in the help. */
  public static List<ExampleUsage.Option> options(int defaultPort) {
    return List.of(
        ExampleUsage.Option.value(
            "--port", "PORT", "TCP port, 0 for a free one (default: " + defaultPort + ")."),
        BIND_OPTION,
        ExampleUsage.Option.value(
            "--tls-cert", "PEM", "Certificate chain (PEM): serve https:// and wss://."),
        ExampleUsage.Option.value("--tls-key", "PEM", "Its private key (PEM, PKCS #8)."));
  }

  /**
   * Reads the options from parsed arguments.
   *
   * @throws IllegalArgumentException naming the option and its bad value
   */
  public static ServerOptions from(ExampleArgs args, int defaultPort) {
    int port = (int) args.number("--port", defaultPort, 0, 65_535);
    String bind = args.value("--bind", DEFAULT_BIND);
    try {
      InetAddress.ofLiteral(bind);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--bind must be an IP address such as 0.0.0.0 or 127.0.0.1, was '" + bind + "'");
    }
    String cert = args.value("--tls-cert", null);
    String key = args.value("--tls-key", null);
    if ((cert == null) != (key == null)) {
      throw new IllegalArgumentException("--tls-cert and --tls-key go together; give both or none");
    }
    return new ServerOptions(
        bind, port, cert == null ? null : Path.of(cert), key == null ? null : Path.of(key));
  }

  /** True when the example serves {@code https://} and {@code wss://}. */
  public boolean secure() {
    return tlsCertificate != null;
  }

  /**
   * The TLS setup from the PEM files, or null for plain HTTP.
   *
   * @throws IOException naming the file and what is wrong with it
   */
  public ServerTls tls() throws IOException {
    return secure() ? ServerTls.fromPem(tlsCertificate, tlsKey) : null;
  }

  /**
   * The address to open in a browser: {@code localhost} when listening on every interface (the
   * board's own name or address works from elsewhere), else the bound address.
   */
  public String pageUrl(Server server) {
    InetAddress address = server.localAddress().getAddress();
    String host =
        address.isAnyLocalAddress()
            ? "localhost"
            : address.getHostAddress().contains(":")
                ? "[" + address.getHostAddress() + "]"
                : address.getHostAddress();
    return (secure() ? "https://" : "http://") + host + ":" + server.localPort() + "/";
  }

  /** Where the server listens, for the line that says where to open the page. */
  public String listening(Server server) {
    return (server.localAddress().getAddress().isAnyLocalAddress() ? "all interfaces" : bind)
        + ", port "
        + server.localPort();
  }
}

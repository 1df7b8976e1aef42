package io.lightwire.websock.client;

import io.lightwire.websock.internal.client.ClientHandshakeTemplates;
import io.lightwire.websock.protocol.WebSocketProtocol;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Everything {@link WebSocketClient#open} needs (seed 004's {@code websock_config_t}): where to
 * connect, TLS, timeouts, handshake headers, subprotocols, and optionally the connection's receive
 * and send buffers. Immutable (no state of any connection lives here) and validated when built:
 * every error names the setting and the bad value. Reusable for many connections; with
 * caller-supplied buffers, only one connection at a time may use them (a second concurrent {@code
 * open} is refused until the first has ended and no thread is inside its buffers).
 */
public final class ClientConfig {

  /** Default size of the receive and send buffers when the config supplies none: 16 KiB. */
  public static final int DEFAULT_BUFFER_BYTES = 16 * 1024;

  /** Smallest receive or send buffer accepted: 256 bytes (a close frame and a header fit). */
  public static final int MIN_BUFFER_BYTES = 256;

  /** Default TCP connect timeout: 10 000 ms. */
  public static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = 10_000;

  /** Default timeout of the TLS and HTTP handshakes together: 10 000 ms. */
  public static final long DEFAULT_HANDSHAKE_TIMEOUT_MILLIS = 10_000;

  /** Default deadline of a send (one frame written), {@link #sendTimeoutMillis()}: 10 000 ms. */
  public static final long DEFAULT_SEND_TIMEOUT_MILLIS = 10_000;

  private final String host;
  private final int port;
  private final String path;
  private final boolean secure;
  private final TlsConfig tls;
  private final long connectTimeoutMillis;
  private final long handshakeTimeoutMillis;
  private final List<String> headers;
  private final List<String> subprotocols;
  private final String origin;
  private final byte[] receiveBuffer;
  private final byte[] sendBuffer;
  private final int receiveBufferBytes;
  private final int sendBufferBytes;
  private final long maxFramePayload;
  private final long maxMessagePayload;
  private final int messageTypes;
  private final long sendTimeoutMillis;
  private final String hostHeader;

  final byte[][] requestTemplate;

  private ClientConfig(Builder b) {
    String h = ConfigRules.host(b.host);
    this.host = b.host == null ? null : h;
    this.secure = b.secure;
    int defaultPort =
        secure ? WebSocketProtocol.DEFAULT_SECURE_PORT : WebSocketProtocol.DEFAULT_PORT;
    if (b.port < 0 || b.port > 0xFFFF) {
      throw new IllegalArgumentException("port must be 1-65535 (0 for the default), was " + b.port);
    }
    this.port = b.port == 0 ? defaultPort : b.port;
    ConfigRules.checkPath(b.path);
    this.path = b.path;
    this.tls = b.tls;
    ConfigRules.checkTimeouts(
        b.connectTimeoutMillis, b.handshakeTimeoutMillis, b.sendTimeoutMillis);
    this.connectTimeoutMillis = b.connectTimeoutMillis;
    this.handshakeTimeoutMillis = b.handshakeTimeoutMillis;
    b.headers.forEach(ConfigRules::checkHeader);
    this.headers = List.copyOf(b.headers);
    ConfigRules.checkSubprotocols(b.subprotocols);
    this.subprotocols = List.copyOf(b.subprotocols);
    if (b.origin != null && ConfigRules.hasControl(b.origin)) {
      throw new IllegalArgumentException("origin must not contain control characters");
    }
    this.origin = b.origin;
    this.receiveBuffer = b.receiveBuffer;
    this.sendBuffer = b.sendBuffer;
    this.receiveBufferBytes =
        b.receiveBuffer != null ? b.receiveBuffer.length : b.receiveBufferBytes;
    this.sendBufferBytes = b.sendBuffer != null ? b.sendBuffer.length : b.sendBufferBytes;
    ConfigRules.checkSizes(
        receiveBufferBytes, sendBufferBytes, b.maxFramePayload, b.maxMessagePayload);
    this.maxFramePayload = b.maxFramePayload;
    this.maxMessagePayload = b.maxMessagePayload;
    this.messageTypes = b.messageTypes;
    this.sendTimeoutMillis = b.sendTimeoutMillis;
    ConfigRules.checkHostHeader(b.hostHeader);
    String hostHeader =
        b.hostHeader != null
            ? b.hostHeader
            : this.host == null
                ? null
                : (h.indexOf(':') >= 0 ? "[" + h + "]" : h)
                    + (port == defaultPort ? "" : ":" + port);
    this.hostHeader = hostHeader;
    this.requestTemplate =
        hostHeader == null
            ? null
            : ClientHandshakeTemplates.template(path, hostHeader, origin, subprotocols, headers);
    int requestBytes =
        requestTemplate == null ? 0 : requestTemplate[0].length + 24 + requestTemplate[1].length;
    if (requestBytes > sendBufferBytes) {
      throw new IllegalArgumentException(
          "the handshake request ("
              + requestBytes
              + " bytes) must fit the send buffer ("
              + sendBufferBytes
              + " bytes)");
    }
  }

  /** A builder with the defaults: {@code ws://}, path {@code /}, 16 KiB buffers, 10 s timeouts. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A config for {@code url} ({@code ws://host[:port]/path?query} or {@code wss://...}) with the
   * other defaults.
   *
   * @throws IllegalArgumentException when the URL is not a ws or wss URL
   */
  public static ClientConfig of(String url) {
    return builder().url(url).build();
  }

  /**
   * True when {@code host} is an IPv4 dotted quad or an IPv6 literal (with or without brackets):
   * such hosts get no SNI and are verified against IP address SANs.
   */
  public static boolean isIpLiteral(String host) {
    return ConfigRules.isIpLiteral(host);
  }

  /**
   * The host as configured (IPv6 without brackets): what is resolved and connected to; null when
   * none was set (a config for {@link WebSocketClient#attachServer} or {@link
   * WebSocketClient#NO_HTTP} attaches).
   */
  public String connectHost() {
    return host;
  }

  /**
   * The {@code Host} header value: {@link Builder#hostHeader} if set, else host, with the port when
   * it is not the scheme's default; null without a host.
   */
  public String hostHeader() {
    return hostHeader;
  }

  /**
   * The name TLS asks for (SNI) and verifies the certificate against: {@link
   * TlsConfig#sniHostName()} if set, else the name in {@link Builder#hostHeader} if set, else the
   * connect host.
   */
  public String tlsServerName() {
    if (tls.sniHostName() != null) {
      return tls.sniHostName();
    }
    return hostHeader == null || host == null ? host : ConfigRules.nameOf(hostHeader);
  }

  /**
   * Deadline of the sends that take none, and of the pongs and close answers the client sends by
   * itself, in milliseconds: -1 without limit, 0 try once; default {@link
   * #DEFAULT_SEND_TIMEOUT_MILLIS}.
   */
  public long sendTimeoutMillis() {
    return sendTimeoutMillis;
  }

  /** The TCP port (the scheme's default when none was given). */
  public int port() {
    return port;
  }

  /** The request target: path and query, starting with {@code /}. */
  public String path() {
    return path;
  }

  /** True for {@code wss://}. */
  public boolean secure() {
    return secure;
  }

  /** The TLS settings (used when {@link #secure()}). */
  public TlsConfig tls() {
    return tls;
  }

  /** TCP connect timeout in milliseconds. */
  public long connectTimeoutMillis() {
    return connectTimeoutMillis;
  }

  /** Timeout of the TLS plus HTTP handshakes in milliseconds. */
  public long handshakeTimeoutMillis() {
    return handshakeTimeoutMillis;
  }

  /** Extra handshake headers, each {@code key:value}. */
  public List<String> headers() {
    return headers;
  }

  /** Offered subprotocols, in order of preference. */
  public List<String> subprotocols() {
    return subprotocols;
  }

  /** The {@code Origin} header value, or null for none. */
  public String origin() {
    return origin;
  }

  /** The caller's receive buffer, or null when each connection allocates one. */
  public byte[] receiveBuffer() {
    return receiveBuffer;
  }

  /** The caller's send buffer, or null when each connection allocates one. */
  public byte[] sendBuffer() {
    return sendBuffer;
  }

  /** Receive buffer size in bytes. */
  public int receiveBufferBytes() {
    return receiveBufferBytes;
  }

  /** Send buffer size in bytes. */
  public int sendBufferBytes() {
    return sendBufferBytes;
  }

  /** Largest accepted incoming frame payload in bytes (close 1009 beyond). */
  public long maxFramePayload() {
    return maxFramePayload;
  }

  /** Largest accepted incoming message payload in bytes (close 1009 beyond). */
  public long maxMessagePayload() {
    return maxMessagePayload;
  }

  /**
   * Which message types are accepted: 0 both, {@link WebSocketClient#TEXT_ONLY} or {@link
   * WebSocketClient#BINARY_ONLY}.
   */
  public int messageTypes() {
    return messageTypes;
  }

  /** Builds a {@link ClientConfig}; not thread-safe. */
  public static final class Builder {
    private String host;
    private int port;
    private String path = "/";
    private boolean secure;
    private TlsConfig tls = TlsConfig.defaults();
    private long connectTimeoutMillis = DEFAULT_CONNECT_TIMEOUT_MILLIS;
    private long handshakeTimeoutMillis = DEFAULT_HANDSHAKE_TIMEOUT_MILLIS;
    private final List<String> headers = new ArrayList<>();
    private final List<String> subprotocols = new ArrayList<>();
    private String origin;
    private byte[] receiveBuffer;
    private byte[] sendBuffer;
    private int receiveBufferBytes = DEFAULT_BUFFER_BYTES;
    private int sendBufferBytes = DEFAULT_BUFFER_BYTES;
    private long maxFramePayload = Long.MAX_VALUE;
    private long maxMessagePayload = Long.MAX_VALUE;
    private int messageTypes;
    private long sendTimeoutMillis = DEFAULT_SEND_TIMEOUT_MILLIS;
    private String hostHeader;

    private Builder() {}

    /**
     * Sets host, port, path+query and secure from a {@code ws://} or {@code wss://} URL.
     *
     * @throws IllegalArgumentException when the URL does not parse or has another scheme
     */
    public Builder url(String url) {
      URI uri;
      try {
        uri = new URI(url);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            "url must be ws://host[:port]/path, was '" + url + "'", e);
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("ws") && !scheme.equals("wss")) {
        throw new IllegalArgumentException("url scheme must be ws or wss, was '" + url + "'");
      }
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("url must name a host, was '" + url + "'");
      }
      secure = scheme.equals("wss");
      host = uri.getHost();
      port = Math.max(0, uri.getPort());
      String p = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      path = uri.getRawQuery() == null ? p : p + "?" + uri.getRawQuery();
      return this;
    }

    /** Host name or IPv4/IPv6 literal (IPv6 with or without brackets). */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /**
     * The {@code Host} header to send instead of host[:port] (libwebsockets' separate {@code
     * address} and {@code host}): connect to one address and ask for a virtual host. TLS then asks
     * for (SNI) and verifies this name, unless {@link TlsConfig.Builder#sniHostName} says
     * otherwise.
     */
    public Builder hostHeader(String hostAndPort) {
      this.hostHeader = hostAndPort;
      return this;
    }

    /**
     * Deadline of the sends that take none, in milliseconds: -1 without limit, 0 try once without
     * waiting. Default 10 000. A send that misses it returns {@link WebSocketClient#TIMEOUT}.
     */
    public Builder sendTimeoutMillis(long millis) {
      this.sendTimeoutMillis = millis;
      return this;
    }

    /** TCP port; 0 (the default) means 80 for ws and 443 for wss. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Request target: path and optional query, e.g. {@code /chat?room=1}. Default {@code /}. */
    public Builder path(String path) {
      this.path = path;
      return this;
    }

    /** Use TLS ({@code wss://}). Default false. */
    public Builder secure(boolean secure) {
      this.secure = secure;
      return this;
    }

    /** TLS settings; default {@link TlsConfig#defaults()} (verify everything). */
    public Builder tls(TlsConfig tls) {
      this.tls = tls;
      return this;
    }

    /** TCP connect timeout in milliseconds (> 0). Default 10 000. */
    public Builder connectTimeoutMillis(long millis) {
      this.connectTimeoutMillis = millis;
      return this;
    }

    /** TLS + HTTP handshake timeout in milliseconds (> 0). Default 10 000. */
    public Builder handshakeTimeoutMillis(long millis) {
      this.handshakeTimeoutMillis = millis;
      return this;
    }

    /**
     * Adds an extra handshake header {@code "key:value"} (seed 004's {@code hndshk_hdrs}). Headers
     * the client sets itself are refused when the config is built.
     */
    public Builder header(String keyColonValue) {
      this.headers.add(keyColonValue);
      return this;
    }

    /** Adds an offered subprotocol (sent in {@code Sec-WebSocket-Protocol}, in order). */
    public Builder subprotocol(String protocol) {
      this.subprotocols.add(protocol);
      return this;
    }

    /** The {@code Origin} header; none by default. */
    public Builder origin(String origin) {
      this.origin = origin;
      return this;
    }

    /**
     * Caller-supplied buffers (libdill's {@code _mem}): {@code open} then allocates no buffer. The
     * receive buffer must hold the whole handshake response; both must be >= 256 bytes.
     */
    public Builder buffers(byte[] receiveBuffer, byte[] sendBuffer) {
      this.receiveBuffer = receiveBuffer;
      this.sendBuffer = sendBuffer;
      return this;
    }

    /** Sizes of the buffers each connection allocates when none are supplied. Default 16 KiB. */
    public Builder bufferBytes(int receiveBytes, int sendBytes) {
      this.receiveBufferBytes = receiveBytes;
      this.sendBufferBytes = sendBytes;
      return this;
    }

    /** Largest incoming frame and message payloads in bytes; 1009 beyond. Default unlimited. */
    public Builder maxPayload(long maxFramePayload, long maxMessagePayload) {
      this.maxFramePayload = maxFramePayload;
      this.maxMessagePayload = maxMessagePayload;
      return this;
    }

    /**
     * Restricts incoming messages to one type: {@link WebSocketClient#TEXT_ONLY} or {@link
     * WebSocketClient#BINARY_ONLY} (the other type fails the connection with 1003); 0 for both.
     */
    public Builder messageTypes(int types) {
      if (types != 0
          && types != WebSocketClient.TEXT_ONLY
          && types != WebSocketClient.BINARY_ONLY) {
        throw new IllegalArgumentException(
            "messageTypes must be 0, TEXT_ONLY or BINARY_ONLY, was " + types);
      }
      this.messageTypes = types;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the first invalid setting and its value
     */
    public ClientConfig build() {
      return new ClientConfig(this);
    }
  }
}

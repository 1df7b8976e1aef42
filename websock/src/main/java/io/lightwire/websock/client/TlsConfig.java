package io.lightwire.websock.client;

import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * TLS settings of a {@code wss://} connection (seed 001's {@code ssl_connection} modes: 1 = verify,
 * 2 = allow self-signed). Immutable; build with {@link #builder()}.
 *
 * <p>Defaults: the JDK's trust anchors ({@code cacerts}), certificate verification on, host name
 * verification on, SNI on with the connection's host name (never sent for IP literals), self-signed
 * certificates refused, no client certificate.
 *
 * <p>What {@link Builder#allowSelfSigned allowSelfSigned} still checks. The chain is first verified
 * as usual (PKIX to the trust anchors); only when that fails is it accepted, and then only when it
 * is exactly one certificate whose subject equals its issuer, whose signature verifies with its own
 * public key, which is valid now (notBefore/notAfter), and, unless {@link
 * Builder#verifyHostname(boolean) verifyHostname(false)}, which names the server (a subjectAltName
 * DNS entry, {@code *.} matching one label, or an IP entry for an IP literal; the CN is not used).
 * The TLS handshake itself still proves the server holds that certificate's private key. Not
 * checked for it: a trust anchor, key usage and extended key usage, basic constraints, revocation,
 * and the JDK's certificate algorithm constraints. A chain of two or more certificates, or a
 * certificate issued by someone else, is refused whatever its content.
 */
public final class TlsConfig {

  private static final TlsConfig DEFAULTS = builder().build();

  private final KeyStore trustStore;
  private final List<X509Certificate> trustedCertificates;
  private final boolean allowSelfSigned;
  private final boolean verifyHostname;
  private final boolean sni;
  private final String sniHostName;
  private final PrivateKey clientKey;
  private final List<X509Certificate> clientChain;

  private TlsConfig(Builder b) {
    this.trustStore = b.trustStore;
    this.trustedCertificates = List.copyOf(b.trustedCertificates);
    this.allowSelfSigned = b.allowSelfSigned;
    this.verifyHostname = b.verifyHostname;
    this.sni = b.sni;
    this.sniHostName = b.sniHostName;
    this.clientKey = b.clientKey;
    this.clientChain = List.copyOf(b.clientChain);
  }

  /** The defaults: verify everything against the JDK's trust anchors. */
  public static TlsConfig defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The trust anchors, or null for {@link #trustedCertificates()} or the JDK's. */
  public KeyStore trustStore() {
    return trustStore;
  }

  /** Extra trusted certificates (used when no {@link #trustStore()} is set); may be empty. */
  public List<X509Certificate> trustedCertificates() {
    return trustedCertificates;
  }

  /** True when a lone self-signed server certificate is accepted without a trust anchor. */
  public boolean allowSelfSigned() {
    return allowSelfSigned;
  }

  /** True when the certificate must name the host (RFC 6125 / HTTPS rules). */
  public boolean verifyHostname() {
    return verifyHostname;
  }

  /** True when the server name indication is sent (host names only, never IP literals). */
  public boolean sni() {
    return sni;
  }

  /** The SNI name to send instead of the connection's host, or null. */
  public String sniHostName() {
    return sniHostName;
  }

  /** The client certificate's private key (mutual TLS), or null when none is presented. */
  public PrivateKey clientKey() {
    return clientKey;
  }

  /** The client certificate followed by its intermediates, empty when none is presented. */
  public List<X509Certificate> clientCertificateChain() {
    return clientChain;
  }

  /** Builds a {@link TlsConfig}; not thread-safe. */
  public static final class Builder {
    private KeyStore trustStore;
    private List<X509Certificate> trustedCertificates = List.of();
    private boolean allowSelfSigned;
    private boolean verifyHostname = true;
    private boolean sni = true;
    private String sniHostName;
    private PrivateKey clientKey;
    private List<X509Certificate> clientChain = List.of();

    private Builder() {}

    /**
     * A client certificate for servers that ask for one (mutual TLS, libwebsockets' client cert and
     * key): {@code key} and the chain, the client's own certificate first, then intermediates.
     *
     * @throws IllegalArgumentException when the chain is empty or the key is null
     */
    public Builder clientCertificate(PrivateKey key, X509Certificate... chain) {
      if (key == null || chain.length == 0) {
        throw new IllegalArgumentException(
            "clientCertificate needs a private key and at least one certificate, had "
                + (key == null ? "no key" : "a key")
                + " and "
                + chain.length
                + " certificates");
      }
      this.clientKey = key;
      this.clientChain = List.of(chain);
      return this;
    }

    /** Trust anchors to verify the server against (replaces the JDK's). */
    public Builder trustStore(KeyStore trustStore) {
      this.trustStore = trustStore;
      return this;
    }

    /** Certificates to trust as anchors (replaces the JDK's), e.g. a test CA or a pinned cert. */
    public Builder trustedCertificates(X509Certificate... certificates) {
      this.trustedCertificates = List.of(certificates);
      return this;
    }

    /**
     * Accepts a server that presents one self-signed, currently valid certificate even when no
     * trust anchor knows it (libwebsockets' {@code ssl_connection = 2}). Off by default.
     */
    public Builder allowSelfSigned(boolean allow) {
      this.allowSelfSigned = allow;
      return this;
    }

    /** Checks that the certificate names the host. On by default; turn off only in labs. */
    public Builder verifyHostname(boolean verify) {
      this.verifyHostname = verify;
      return this;
    }

    /** Sends the server name indication. On by default. */
    public Builder sni(boolean send) {
      this.sni = send;
      return this;
    }

    /**
     * The name to ask for (SNI) and verify the certificate against instead of the connection's host
     * name (or {@link ClientConfig.Builder#hostHeader}'s).
     */
    public Builder sniHostName(String name) {
      this.sniHostName = name;
      return this;
    }

    /** The immutable settings. */
    public TlsConfig build() {
      return new TlsConfig(this);
    }
  }
}

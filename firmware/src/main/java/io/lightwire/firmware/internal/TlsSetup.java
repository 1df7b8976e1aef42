package io.lightwire.firmware.internal;

import io.lightwire.firmware.config.ConfigKey;
import io.lightwire.firmware.config.FirmwareConfig;
import io.lightwire.websock.server.SelfSignedCertificate;
import io.lightwire.websock.server.ServerTls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * TLS for {@code run}: the user's PEM files ({@code server.tls.cert}, {@code server.tls.key}), or
 * with {@code server.tls=true} alone a self-signed certificate made at the first boot and kept in
 * the state directory ({@value #CERT_FILE}, {@value #KEY_FILE}; mode 0600). Either way the page and
 * every WebSocket are served as {@code https://} and {@code wss://} on the one port.
 *
 * @param tls the server's TLS setup
 * @param certificate the certificate file in use
 * @param fingerprint the certificate's SHA-256 fingerprint, {@code AB:CD:...} as openssl prints it
 * @param generated true when this boot made the certificate
 */
public record TlsSetup(ServerTls tls, Path certificate, String fingerprint, boolean generated) {

  /** The self-signed certificate's file in the state directory. */
  public static final String CERT_FILE = "tls-cert.pem";

  /** The self-signed certificate's key's file in the state directory. */
  public static final String KEY_FILE = "tls-key.pem";

  /** Long enough that a board in a drawer still starts; the fingerprint is what people check. */
  static final Duration VALIDITY = Duration.ofDays(3650);

  /** A host name that may go into a certificate. */
  private static final String DNS_NAME =
      "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9-]{1,63})*";

  /** True when {@code config} asks for TLS (the switch, or the user's files). */
  public static boolean wanted(FirmwareConfig config) {
    return Boolean.parseBoolean(config.text(ConfigKey.SERVER_TLS))
        || !config.text(ConfigKey.SERVER_TLS_CERT).equals("none");
  }

  /**
   * Loads (or, the first time, makes) the TLS setup {@code config} asks for.
   *
   * @param stateDir where a self-signed certificate is kept
   * @throws IOException naming the key, the file and what is wrong with it
   */
  public static TlsSetup open(FirmwareConfig config, Path stateDir) throws IOException {
    String cert = config.text(ConfigKey.SERVER_TLS_CERT);
    if (!cert.equals("none")) {
      Path certFile = Path.of(cert);
      Path keyFile = Path.of(config.text(ConfigKey.SERVER_TLS_KEY));
      try {
        return new TlsSetup(
            ServerTls.fromPem(certFile, keyFile), certFile, fingerprint(certFile), false);
      } catch (IOException e) {
        throw new IOException(
            "config keys 'server.tls.cert' and 'server.tls.key': " + e.getMessage(), e);
      }
    }
    Path certFile = stateDir.resolve(CERT_FILE);
    Path keyFile = stateDir.resolve(KEY_FILE);
    boolean generated = false;
    if (!Files.isRegularFile(certFile) || !Files.isRegularFile(keyFile)) {
      String host = HostNames.hostname();
      List<String> dns = new ArrayList<>(List.of("localhost"));
      if (!host.equals("localhost") && host.matches(DNS_NAME)) {
        dns.add(host);
        dns.add(host + ".local");
      }
      List<String> ips = new ArrayList<>(List.of("127.0.0.1", "::1"));
      ips.addAll(HostNames.lanAddresses());
      SelfSignedCertificate made =
          SelfSignedCertificate.generate(
              dns.getLast().equals("localhost") ? "lightwire" : host, dns, ips, VALIDITY);
      // Key first: a certificate without its key would be useless after a crash in between.
      Files.deleteIfExists(keyFile);
      Files.deleteIfExists(certFile);
      StateFiles.createOwnerOnly(keyFile, made.privateKeyPem().getBytes(StandardCharsets.US_ASCII));
      StateFiles.createOwnerOnly(
          certFile, made.certificatePem().getBytes(StandardCharsets.US_ASCII));
      generated = true;
    }
    try {
      return new TlsSetup(
          ServerTls.fromPem(certFile, keyFile), certFile, fingerprint(certFile), generated);
    } catch (IOException e) {
      throw new IOException(
          "config key 'state.dir': the self-signed certificate there cannot be used ("
              + e.getMessage()
              + "); delete "
              + certFile
              + " and "
              + keyFile
              + " to make a new one",
          e);
    }
  }

  /** The SHA-256 fingerprint of the first certificate in {@code pem}, as openssl prints it. */
  static String fingerprint(Path pem) throws IOException {
    try (InputStream in = Files.newInputStream(pem)) {
      return SelfSignedCertificate.fingerprint(
          (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
    } catch (GeneralSecurityException e) {
      throw new IOException("TLS: " + pem + " is not a PEM certificate: " + e.getMessage(), e);
    }
  }
}

package io.lightwire.firmware;

import io.lightwire.firmware.internal.AccessToken;
import io.lightwire.firmware.internal.HostNames;
import io.lightwire.firmware.internal.TlsSetup;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines boot prints once the firmware serves: where (with the board's LAN addresses and {@code
 * HOSTNAME.local} when it listens on every interface), the TLS certificate's fingerprint, and the
 * access token. The token is printed once, at the boot that made it, and never when the output is
 * the systemd journal ({@link io.lightwire.firmware.internal.Journald}): a log must not hold it.
 */
final class BootReport {

  private BootReport() {}

  /** The address line's scheme: https when TLS is on. */
  static String scheme(TlsSetup tls) {
    return tls == null ? "http" : "https";
  }

  static void print(
      PrintStream out,
      String bind,
      int port,
      TlsSetup tls,
      AccessToken token,
      boolean stdoutIsJournal) {
    String scheme = scheme(tls);
    out.printf(
        "serving on %s:%d: page %s://localhost:%d/ (status JSON at /status)%n",
        bind, port, scheme, port);
    if (bind.equals("0.0.0.0") || bind.equals("::")) {
      // Formatted, not concatenated: the AOT cache's training binds loopback and never runs these
      // lines, so a `+` here made the JVM generate a concatenation class at every default boot.
      List<String> urls = new ArrayList<>();
      for (String address : HostNames.lanAddresses()) {
        urls.add(String.format("%s://%s:%d/", scheme, address, port));
      }
      String host = HostNames.hostname();
      if (!host.equals("localhost")) {
        urls.add(String.format("%s://%s.local:%d/", scheme, host, port));
      }
      if (!urls.isEmpty()) {
        out.printf("from other machines: %s%n", String.join("  ", urls));
      }
    }
    if (tls != null) {
      out.printf(
          "TLS certificate %s%s, SHA-256 fingerprint %s%n",
          tls.certificate(), tls.generated() ? " (self-signed, made now)" : "", tls.fingerprint());
    }
    if (token.generated() && !stdoutIsJournal) {
      out.printf(
          "access token (printed this once; stored in %s): %s%n"
              + "control pins from the page: %s://localhost:%d/#token=%s%n",
          token.file(), token.value(), scheme, port, token.value());
    } else {
      out.printf("access token: stored in %s (a new one: lightwire token --new)%n", token.file());
    }
  }
}

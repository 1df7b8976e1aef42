package io.lightwire.firmware.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The boards of a fleet flash: {@code --host} values and the lines of a {@code --hosts} file, each
 * {@code user@host[:port]} ({@code user@[v6]:port} for an IPv6 address). In a file, {@code #}
 * starts a comment and blank lines are skipped; a bad line is named by its number.
 */
final class FleetHosts {

  /**
   * One board's SSH login.
   *
   * @param user the login user
   * @param address host name or address (an IPv6 address without brackets)
   * @param port the SSH port
   */
  record Host(String user, String address, int port) {
    /** As the user wrote it, for the summary: {@code user@address:port}. */
    String label() {
      String shown = address.contains(":") ? "[" + address + "]" : address;
      return user + "@" + shown + ":" + port;
    }
  }

  private FleetHosts() {}

  /**
   * The hosts of {@code values} then of {@code file} (either may be empty or null), without
   * repeats, in order.
   *
   * @throws IllegalArgumentException naming the value (and file and line) that is not a login
   */
  static List<Host> read(List<String> values, Path file, int defaultPort) throws IOException {
    Set<Host> hosts = new LinkedHashSet<>();
    if (values != null) {
      for (String value : values) {
        hosts.add(parse(value, defaultPort, "--host '" + value + "'"));
      }
    }
    if (file != null) {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        int hash = line.indexOf('#');
        String entry = (hash < 0 ? line : line.substring(0, hash)).strip();
        if (!entry.isEmpty()) {
          hosts.add(parse(entry, defaultPort, file + ":" + (i + 1) + ": '" + entry + "'"));
        }
      }
    }
    return new ArrayList<>(hosts);
  }

  /** Parses {@code user@host[:port]}; {@code where} names the value in an error. */
  static Host parse(String value, int defaultPort, String where) {
    int at = value.lastIndexOf('@');
    if (at <= 0 || at == value.length() - 1 || value.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(where + " is not USER@ADDRESS[:PORT]");
    }
    String user = value.substring(0, at);
    String rest = value.substring(at + 1);
    String address;
    String port = null;
    if (rest.startsWith("[")) {
      int close = rest.indexOf(']');
      if (close < 2) {
        throw new IllegalArgumentException(where + " has an unclosed [IPv6 address]");
      }
      address = rest.substring(1, close);
      String after = rest.substring(close + 1);
      if (!after.isEmpty()) {
        if (!after.startsWith(":")) {
          throw new IllegalArgumentException(where + " is not USER@[ADDRESS]:PORT");
        }
        port = after.substring(1);
      }
    } else {
      int colon = rest.indexOf(':');
      if (colon >= 0 && rest.indexOf(':', colon + 1) >= 0) {
        address = rest; // a bare IPv6 address: no port can follow it unbracketed
      } else if (colon >= 0) {
        address = rest.substring(0, colon);
        port = rest.substring(colon + 1);
      } else {
        address = rest;
      }
    }
    if (address.isEmpty()) {
      throw new IllegalArgumentException(where + " has no host");
    }
    int number = defaultPort;
    if (port != null) {
      try {
        number = Integer.parseInt(port);
      } catch (NumberFormatException e) {
        number = -1;
      }
      if (number < 1 || number > 65535) {
        throw new IllegalArgumentException(where + ": port '" + port + "' is not 1..65535");
      }
    }
    return new Host(user, address, number);
  }
}

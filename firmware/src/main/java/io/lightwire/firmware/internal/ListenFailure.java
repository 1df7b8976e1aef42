package io.lightwire.firmware.internal;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Says why the server could not listen, naming what to change: an address that is not this
 * machine's ({@code --bind}), a port in use or below 1024 without the right to it ({@code --port}).
 * The address is judged by asking the network interfaces, not by parsing the OS's message.
 */
public final class ListenFailure {

  private ListenFailure() {}

  /**
   * One line for a failure to listen on {@code bind}:{@code port}.
   *
   * @param bind the configured address (an IP literal)
   * @param port the configured port (0: any free one)
   * @param e what opening the server threw
   */
  public static String explain(String bind, int port, IOException e) {
    InetAddress address;
    try {
      address = InetAddress.ofLiteral(bind);
    } catch (IllegalArgumentException notLiteral) {
      return "server: " + e.getMessage();
    }
    if (!isLocal(address)) {
      return "server: cannot listen on "
          + bind
          + ": "
          + bind
          + " is not an address of this machine (choose one with --bind or server.bind: 0.0.0.0"
          + " for every interface, 127.0.0.1 for this machine only; this machine has "
          + String.join(", ", localAddresses(address instanceof java.net.Inet6Address))
          + ")";
    }
    if (!(e instanceof BindException) || port == 0) {
      return "server: cannot listen on " + bind + ":" + port + ": " + e.getMessage();
    }
    String reason = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
    if (port < 1024 && (reason.contains("permission") || reason.contains("access"))) {
      return "server: cannot listen on port "
          + port
          + " of "
          + bind
          + ": ports below 1024 need root or CAP_NET_BIND_SERVICE (choose a port from 1024"
          + " with --port or server.port)";
    }
    return "server: cannot listen on port "
        + port
        + " of "
        + bind
        + ": it is in use (choose another port with --port or server.port, or stop what uses it; "
        + e.getMessage()
        + ")";
  }

  private static boolean isLocal(InetAddress address) {
    if (address.isAnyLocalAddress() || address.isLoopbackAddress()) {
      return true;
    }
    try {
      return NetworkInterface.getByInetAddress(address) != null;
    } catch (SocketException e) {
      return true; // cannot tell: let the OS's own message stand
    }
  }

  /** This machine's addresses of the bound address's family (IPv6 without its scope). */
  private static List<String> localAddresses(boolean ipv6) {
    List<String> addresses = new ArrayList<>();
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          if (!address.isLinkLocalAddress() && (address instanceof java.net.Inet6Address) == ipv6) {
            String text = address.getHostAddress();
            int scope = text.indexOf('%');
            addresses.add(scope < 0 ? text : text.substring(0, scope));
          }
        }
      }
    } catch (SocketException e) {
      addresses.add("addresses that cannot be listed: " + e.getMessage());
    }
    return addresses;
  }
}

package io.lightwire.firmware.internal;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How people reach the board: its host name (for {@code HOSTNAME.local} through mDNS, which
 * Raspberry Pi OS runs) and its LAN addresses. Read from the kernel and the interfaces, never from
 * DNS, so boot never waits on the network.
 */
public final class HostNames {

  private HostNames() {}

  /** The kernel's host name, or {@code localhost} when it cannot be read. */
  public static String hostname() {
    for (Path file : List.of(Path.of("/proc/sys/kernel/hostname"), Path.of("/etc/hostname"))) {
      try {
        String name = Files.readString(file).strip();
        if (!name.isEmpty()) {
          return name;
        }
      } catch (IOException e) {
        // not Linux, or no such file: try the next source
      }
    }
    String env = System.getenv("HOSTNAME");
    return env == null || env.isBlank() ? "localhost" : env.strip();
  }

  /** The IPv4 addresses of the interfaces that are up, not loopback, in interface order. */
  public static List<String> lanAddresses() {
    List<String> out = new ArrayList<>();
    try {
      for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!n.isUp() || n.isLoopback()) {
          continue;
        }
        for (InetAddress a : Collections.list(n.getInetAddresses())) {
          if (a instanceof Inet4Address && !a.isLinkLocalAddress()) {
            out.add(a.getHostAddress());
          }
        }
      }
    } catch (SocketException e) {
      // no interface list: the caller prints localhost only
    }
    return List.copyOf(out);
  }
}

package io.lightwire.hal;

import java.net.InetAddress;
import java.util.List;

/**
 * A snapshot of one network interface.
 *
 * @param name the kernel name, e.g. {@code eth0}, {@code wlan0}
 * @param up true when the link is up (carrier present, interface up)
 * @param loopback true for {@code lo}
 * @param mac the hardware address as {@code aa:bb:cc:dd:ee:ff}, or empty
 * @param addresses IPv4 and IPv6 addresses
 */
public record NetInterface(
    String name, boolean up, boolean loopback, String mac, List<InetAddress> addresses) {

  /** Copies the address list. */
  public NetInterface {
    addresses = List.copyOf(addresses);
  }
}

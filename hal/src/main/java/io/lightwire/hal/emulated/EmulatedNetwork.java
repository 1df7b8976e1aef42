package io.lightwire.hal.emulated;

import io.lightwire.hal.LinkListener;
import io.lightwire.hal.NetInterface;
import io.lightwire.hal.Network;
import io.lightwire.hal.Subscription;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The emulated board's network: {@code lo}, {@code eth0} and {@code wlan0}, all up, with addresses
 * from the documentation range (RFC 5737). {@link EmulatedHardware#setLink} takes links down.
 */
final class EmulatedNetwork implements Network {

  private final Map<String, NetInterface> interfaces = new LinkedHashMap<>();
  private final CopyOnWriteArrayList<LinkListener> listeners = new CopyOnWriteArrayList<>();

  EmulatedNetwork() {
    add(new NetInterface("lo", true, true, "", List.of(address(127, 0, 0, 1))));
    add(
        new NetInterface(
            "eth0", true, false, "02:00:00:00:00:01", List.of(address(192, 0, 2, 10))));
    add(
        new NetInterface(
            "wlan0", true, false, "02:00:00:00:00:02", List.of(address(192, 0, 2, 11))));
  }

  private void add(NetInterface i) {
    interfaces.put(i.name(), i);
  }

  private static InetAddress address(int a, int b, int c, int d) {
    try {
      return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public synchronized List<NetInterface> interfaces() {
    return new ArrayList<>(interfaces.values());
  }

  @Override
  public Subscription onLinkChange(LinkListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return () -> listeners.remove(listener);
  }

  void setLink(String name, boolean up) {
    NetInterface changed;
    synchronized (this) {
      NetInterface old = interfaces.get(name);
      if (old == null) {
        throw new IllegalArgumentException(
            "no interface '" + name + "'; emulated interfaces: " + interfaces.keySet());
      }
      if (old.up() == up) {
        return;
      }
      changed = new NetInterface(name, up, old.loopback(), old.mac(), old.addresses());
      interfaces.put(name, changed);
    }
    for (LinkListener l : listeners) {
      l.onLinkChange(changed);
    }
  }
}

package io.lightwire.hal.linux;

import io.lightwire.hal.LinkListener;
import io.lightwire.hal.NetInterface;
import io.lightwire.hal.Network;
import io.lightwire.hal.Subscription;
import java.io.IOException;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Network state on Linux: interfaces and addresses from {@link NetworkInterface}, link state from
 * {@code /sys/class/net/<if>/operstate} (falling back to {@link NetworkInterface#isUp()}). A
 * monitor thread compares snapshots every {@code periodMillis} and reports link changes.
 */
public final class LinuxNetwork implements Network, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LinuxNetwork.class);

  private final Supplier<List<NetInterface>> source;
  private final CopyOnWriteArrayList<LinkListener> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, Boolean> lastUp = new HashMap<>();
  private final Thread monitor;
  private volatile boolean running = true;

  /**
   * @param source where snapshots come from ({@link #system(Path)} on a board)
   * @param periodMillis how often to compare; 0 starts no thread (call {@link #refresh()})
   */
  public LinuxNetwork(Supplier<List<NetInterface>> source, long periodMillis) {
    this.source = source;
    refresh();
    if (periodMillis > 0) {
      monitor =
          Thread.ofPlatform()
              .daemon()
              .name("lightwire-network")
              .start(
                  () -> {
                    while (running) {
                      try {
                        Thread.sleep(periodMillis);
                        refresh();
                      } catch (InterruptedException e) {
                        return;
                      } catch (RuntimeException e) {
                        LOG.warn("network snapshot failed", e);
                      }
                    }
                  });
    } else {
      monitor = null;
    }
  }

  /** Snapshots of this machine's interfaces; {@code sysClassNet} is {@code /sys/class/net}. */
  public static Supplier<List<NetInterface>> system(Path sysClassNet) {
    return () -> {
      List<NetInterface> out = new ArrayList<>();
      try {
        for (NetworkInterface ni : NetworkInterface.networkInterfaces().toList()) {
          out.add(snapshot(ni, sysClassNet));
        }
      } catch (SocketException e) {
        LOG.warn("cannot list network interfaces", e);
      }
      return out;
    };
  }

  private static NetInterface snapshot(NetworkInterface ni, Path sysClassNet)
      throws SocketException {
    boolean up = ni.isUp();
    Path operstate = sysClassNet.resolve(ni.getName()).resolve("operstate");
    if (!ni.isLoopback() && Files.isReadable(operstate)) {
      try {
        String state = Files.readString(operstate).trim();
        up = state.equals("up") || (state.equals("unknown") && up);
      } catch (IOException e) {
        // keep isUp()
      }
    }
    byte[] hw = ni.getHardwareAddress();
    StringBuilder mac = new StringBuilder();
    if (hw != null) {
      for (byte b : hw) {
        if (!mac.isEmpty()) {
          mac.append(':');
        }
        mac.append(String.format("%02x", b));
      }
    }
    return new NetInterface(
        ni.getName(), up, ni.isLoopback(), mac.toString(), ni.inetAddresses().toList());
  }

  /** Takes a snapshot now and reports every link that changed since the last one. */
  public void refresh() {
    List<NetInterface> now = source.get();
    List<NetInterface> changed = new ArrayList<>();
    synchronized (lastUp) {
      for (NetInterface i : now) {
        Boolean before = lastUp.put(i.name(), i.up());
        if (before != null && before != i.up()) {
          changed.add(i);
        }
      }
    }
    for (NetInterface i : changed) {
      for (LinkListener l : listeners) {
        l.onLinkChange(i);
      }
    }
  }

  @Override
  public List<NetInterface> interfaces() {
    return source.get();
  }

  @Override
  public Subscription onLinkChange(LinkListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return () -> listeners.remove(listener);
  }

  @Override
  public void close() {
    running = false;
    if (monitor != null) {
      monitor.interrupt();
    }
  }
}

package io.lightwire.hal;

import java.util.List;
import java.util.Optional;

/** The board's network interfaces and their link state. Thread-safe. */
public interface Network {

  /** The interfaces now, loopback included. */
  List<NetInterface> interfaces();

  /** The interface with this name, if present. */
  default Optional<NetInterface> find(String name) {
    return interfaces().stream().filter(i -> i.name().equals(name)).findFirst();
  }

  /** Adds a link listener; closing the subscription removes it. */
  Subscription onLinkChange(LinkListener listener);
}

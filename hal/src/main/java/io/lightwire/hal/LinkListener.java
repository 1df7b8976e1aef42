package io.lightwire.hal;

/** Told when an interface's link goes up or down. */
@FunctionalInterface
public interface LinkListener {

  /**
   * Called from the network monitor thread (emulated: the thread injecting the fault).
   *
   * @param iface the interface after the change
   */
  void onLinkChange(NetInterface iface);
}

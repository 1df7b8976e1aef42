package io.lightwire.hal.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.hal.NetInterface;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LinuxNetworkTest {

  @Test
  void linkChangesBetweenSnapshotsAreReported() {
    AtomicReference<List<NetInterface>> now =
        new AtomicReference<>(List.of(new NetInterface("eth0", true, false, "", List.of())));
    try (LinuxNetwork net = new LinuxNetwork(now::get, 0)) {
      List<String> events = new ArrayList<>();
      net.onLinkChange(i -> events.add(i.name() + "=" + i.up()));
      net.refresh();
      now.set(List.of(new NetInterface("eth0", false, false, "", List.of())));
      net.refresh();
      now.set(List.of(new NetInterface("eth0", true, false, "", List.of())));
      net.refresh();
      assertEquals(List.of("eth0=false", "eth0=true"), events);
    }
  }

  @Test
  void thisMachineHasALoopbackInterface() {
    List<NetInterface> all = LinuxNetwork.system(Path.of("/sys/class/net")).get();
    assertTrue(all.stream().anyMatch(i -> i.loopback() && i.up()), all.toString());
  }
}

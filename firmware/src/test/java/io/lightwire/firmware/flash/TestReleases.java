package io.lightwire.firmware.flash;

import io.lightwire.firmware.bundle.TestBundles;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

/**
 * The flash tests' releases for the emulated board: v1 and v2 are healthy firmwares on their own
 * loopback ports; v3 cannot come up (its port is held by a listening socket that never answers, so
 * it exits at boot and the health probe meets a silent port, like a board whose firmware died).
 */
final class TestReleases implements AutoCloseable {

  final Path v1;
  final Path v2;
  final Path v3;
  final int v1Port;
  final int v2Port;
  private final ServerSocket takenPort;

  TestReleases(Path dir) throws Exception {
    TestBundles maker = new TestBundles(dir);
    v1Port = freePort();
    v2Port = freePort();
    takenPort = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    v1 = maker.bundle("1.0.0", "emulated", config(v1Port), "v1");
    v2 = maker.bundle("2.0.0", "emulated", config(v2Port), "v2");
    v3 = maker.bundle("3.0.0", "emulated", config(takenPort.getLocalPort()), "v3");
  }

  private static String config(int port) {
    return "server.bind = 127.0.0.1\nserver.port = " + port + "\n";
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** {@code releases/RELEASE} of a bundle, as {@code current} points at it. */
  static String release(Path bundle) throws Exception {
    return "releases/" + Flasher.BundleInfo.read(bundle).release();
  }

  @Override
  public void close() throws IOException {
    takenPort.close();
  }
}

package io.lightwire.examples.echo;

import io.lightwire.websock.server.Protocol;
import io.lightwire.websock.server.QueuePolicy;
import io.lightwire.websock.server.Server;
import io.lightwire.websock.server.ServerConfig;
import io.lightwire.websock.server.ServerTls;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * The echo-server's service loops: one {@link Server} per loop, each with its own service thread,
 * selector, slots and buffers and its own {@link EchoHandler}; nothing is shared, as with nginx's
 * workers. With more than one they listen on one port through {@code SO_REUSEPORT} ({@link
 * Server.Builder#reusePort}) and the kernel hands each new connection to one of them by a hash of
 * its addresses and ports. Opened, started and stopped from one thread; the counts are read after
 * {@link #stop()}.
 */
final class EchoLoops {

  /** The most loops {@code --loops} takes: more than any board or this machine has cores. */
  static final int MAX_LOOPS = 64;

  private final List<Server> servers;
  private final List<EchoHandler> handlers;

  private EchoLoops(List<Server> servers, List<EchoHandler> handlers) {
    this.servers = servers;
    this.handlers = handlers;
  }

  /**
   * Connection slots of each of {@code loops} loops for {@code total} connections: all of them for
   * one loop; otherwise the even share {@code s = total / loops} plus {@code 3 * sqrt(s) + 3}, at
   * most {@code total}. The kernel's hash spreads connections like coin tosses (binomially, with a
   * standard deviation under {@code sqrt(s)}), so an even split would refuse connections on the
   * loop that drew more; with this headroom {@code total} connections at once overflow a loop with
   * odds under one in a million for 128 connections on 2 loops (91 slots each), and under 1 in 1000
   * up to 64 loops of 64 connections. The price is memory: the loops hold more slots than {@code
   * total} (182 for 128 on 2 loops).
   */
  static int slotsPerLoop(int total, int loops) {
    if (loops == 1) {
      return total;
    }
    double share = (double) total / loops;
    return (int) Math.min(total, Math.ceil(share + 3 * Math.sqrt(share) + 3));
  }

  /**
   * Opens {@code count} servers: the first with {@code config.apply(port)}, the others with the
   * port the first got (so port 0 works). One loop opens as the example always did, without {@code
   * SO_REUSEPORT}.
   *
   * @param config a loop's config for a port (the slots already per loop)
   * @param tls null for {@code ws://}
   * @throws IOException when a server cannot listen; those already open are stopped
   */
  static EchoLoops open(int count, int port, IntFunction<ServerConfig> config, ServerTls tls)
      throws IOException {
    List<Server> servers = new ArrayList<>();
    List<EchoHandler> handlers = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        ServerConfig loop = config.apply(i == 0 ? port : servers.getFirst().localPort());
        int maxFrame = loop.maxMessageBytes();
        EchoHandler handler = new EchoHandler();
        Server.Builder builder =
            Server.builder(loop)
                .reusePort(count > 1)
                .protocol(
                    new Protocol(
                        EchoServerExample.PROTOCOL,
                        null,
                        handler,
                        QueuePolicy.REFUSE,
                        16,
                        () -> new EchoHandler.Slot(maxFrame)));
        if (tls != null) {
          builder.tls(tls);
        }
        servers.add(builder.open());
        handlers.add(handler);
      }
    } catch (IOException | RuntimeException e) {
      for (Server s : servers) {
        s.stop();
      }
      throw e;
    }
    return new EchoLoops(List.copyOf(servers), List.copyOf(handlers));
  }

  /** Starts every loop's service thread; {@code started} sees each server once it serves. */
  void start(Consumer<Server> started) {
    for (Server s : servers) {
      s.start();
      started.accept(s);
    }
  }

  /** The port every loop listens on. */
  int port() {
    return servers.getFirst().localPort();
  }

  /**
   * Stops every loop at once (their clients get 1001 together, and the stop's grace for late
   * answers runs in parallel, not once per loop), then waits for each to end. Idempotent.
   */
  void stop() {
    if (servers.size() > 1) {
      for (Server s : servers) {
        s.execute(s::stop); // on its own service thread, stop() only marks the loop and returns
      }
    }
    for (Server s : servers) {
      s.stop(); // and joins it (one that did not take the task above is stopped here)
    }
  }

  /** Messages echoed by all loops; after {@link #stop()}. */
  long messagesEchoed() {
    return handlers.stream().mapToLong(EchoHandler::messagesEchoed).sum();
  }

  /** Echoes that waited for a full transmit queue, all loops; after {@link #stop()}. */
  long backPressured() {
    return handlers.stream().mapToLong(EchoHandler::backPressured).sum();
  }

  /** Connection slots in use over all loops. */
  int slotsInUse() {
    return servers.stream().mapToInt(s -> s.connectionSlots().inUse()).sum();
  }
}

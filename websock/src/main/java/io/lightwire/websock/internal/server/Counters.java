package io.lightwire.websock.internal.server;

import io.lightwire.websock.server.ServerCounters;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The engine's counters: {@link LongAdder}s, because several threads count at once (the service
 * thread, and every thread that broadcasts), and a {@code volatile} field incremented with {@code
 * ++} loses counts. Incrementing allocates nothing once a cell exists.
 */
final class Counters implements ServerCounters {

  private final LongAdder refused = new LongAdder();
  private final LongAdder refusedPerAddress = new LongAdder();
  private final LongAdder shed = new LongAdder();
  private final LongAdder timedOut = new LongAdder();
  private final LongAdder deferredTimeouts = new LongAdder();
  private final LongAdder handlerErrors = new LongAdder();
  private final LongAdder broadcastsSkipped = new LongAdder();
  private final LongAdder socketWrites = new LongAdder();
  final ProtocolErrors protocolErrors;

  Counters(ProtocolErrors protocolErrors) {
    this.protocolErrors = protocolErrors;
  }

  void countRefused() {
    refused.increment();
  }

  void countRefusedPerAddress() {
    refusedPerAddress.increment();
  }

  void countShed() {
    shed.increment();
  }

  void countTimedOut() {
    timedOut.increment();
  }

  void countDeferredTimeout() {
    deferredTimeouts.increment();
  }

  void countHandlerError() {
    handlerErrors.increment();
  }

  void countBroadcastSkipped() {
    broadcastsSkipped.increment();
  }

  void countWrite() {
    socketWrites.increment();
  }

  @Override
  public long socketWrites() {
    return socketWrites.sum();
  }

  @Override
  public long refusedConnections() {
    return refused.sum();
  }

  @Override
  public long refusedPerAddress() {
    return refusedPerAddress.sum();
  }

  @Override
  public long shedConnections() {
    return shed.sum();
  }

  @Override
  public long timedOutConnections() {
    return timedOut.sum();
  }

  @Override
  public long deferredTimeouts() {
    return deferredTimeouts.sum();
  }

  @Override
  public long handlerErrors() {
    return handlerErrors.sum();
  }

  @Override
  public long protocolErrors() {
    return protocolErrors.total();
  }

  @Override
  public Map<InetAddress, Long> protocolErrorsByPeer() {
    return protocolErrors.byPeer();
  }

  @Override
  public long broadcastsSkipped() {
    return broadcastsSkipped.sum();
  }
}

package io.lightwire.firmware.internal;

import io.lightwire.websock.server.HttpRequest;
import io.lightwire.websock.server.Protocol;
import io.lightwire.websock.server.SameOrigin;
import io.lightwire.websock.server.UpgradeFilter;

/**
 * The firmware's one upgrade filter: every WebSocket endpoint ({@code /camera}, {@code /gpio},
 * {@code /hil}, an application's own) first passes the same-origin rule with {@code
 * server.allowed-origins} (403 otherwise), then its own check ({@code /hil}: the access token, 401;
 * an application's protocol: the filter it was given). The streams apply their accept callback
 * instead (seed 000's {@code gos_hs_stream_ws_set_accept_callback}), whose default is the same
 * rule. Service thread.
 */
public final class EndpointGuard implements UpgradeFilter {

  private final SameOrigin origins;
  private final Protocol streams;
  private final UpgradeFilter streamsFilter;
  private final HilService hil;
  private final UpgradeFilter others;

  /**
   * @param origins the same-origin rule
   * @param streams the streams' protocol, checked by {@code streamsFilter} alone
   * @param hil the hil service, or null when there is none
   * @param others the check of every other protocol after the origin (an application's filters)
   */
  public EndpointGuard(
      SameOrigin origins,
      Protocol streams,
      UpgradeFilter streamsFilter,
      HilService hil,
      UpgradeFilter others) {
    this.origins = origins;
    this.streams = streams;
    this.streamsFilter = streamsFilter;
    this.hil = hil;
    this.others = others;
  }

  @Override
  public int check(HttpRequest request, Protocol protocol) {
    if (protocol == streams) {
      return streamsFilter.check(request, protocol);
    }
    int verdict = origins.check(request);
    if (verdict != 0) {
      return verdict;
    }
    if (hil != null && protocol == hil.protocol()) {
      return hil.checkUpgrade(request);
    }
    return others.check(request, protocol);
  }
}

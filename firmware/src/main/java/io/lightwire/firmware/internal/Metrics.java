package io.lightwire.firmware.internal;

import io.lightwire.websock.pool.Pool;

/**
 * {@code GET /metrics}: the counters of {@code /status} in the Prometheus text format, read from
 * the same {@link StatusHandler.Snapshot} (so the two never disagree). Every label set is bounded:
 * {@code pool} by the memory plan, {@code bcm} by the header's GPIOs; viewers are summed, never a
 * label per peer. Nothing secret is exported (no token, no peer address). Service thread.
 */
final class Metrics {

  private Metrics() {}

  static String text(StatusHandler.Snapshot s) {
    PrometheusText p = new PrometheusText();
    p.gauge("lightwire_build_info", "Lightwire version and board; the value is always 1.")
        .sample(
            "lightwire_build_info",
            1,
            "version",
            s.version(),
            "board",
            s.board().id(),
            "hardware",
            s.hardware());
    p.gauge("lightwire_uptime_seconds", "Time since boot.")
        .sample("lightwire_uptime_seconds", s.uptime().toMillis() / 1000.0);

    p.gauge("lightwire_pool_capacity", "Items in each pool of the memory plan.");
    for (Pool pool : s.pools()) {
      p.sample("lightwire_pool_capacity", pool.capacity(), "pool", pool.name());
    }
    p.gauge("lightwire_pool_in_use", "Items of each pool in use now.");
    for (Pool pool : s.pools()) {
      p.sample("lightwire_pool_in_use", pool.inUse(), "pool", pool.name());
    }

    p.gauge("lightwire_connections_open", "Connections open now (HTTP and WebSocket).")
        .sample("lightwire_connections_open", s.server().connectionSlots().inUse());
    p.gauge("lightwire_connections_max", "Connection slots (server.max-connections).")
        .sample("lightwire_connections_max", s.server().connectionSlots().capacity());
    p.counter(
            "lightwire_connections_refused_total",
            "Connections refused with 503 because every slot was taken.")
        .sample("lightwire_connections_refused_total", s.server().counters().refusedConnections());
    p.counter("lightwire_connections_timed_out_total", "Connections dropped by a timeout.")
        .sample(
            "lightwire_connections_timed_out_total", s.server().counters().timedOutConnections());

    Runtime runtime = Runtime.getRuntime();
    p.gauge("lightwire_heap_used_bytes", "Java heap in use.")
        .sample("lightwire_heap_used_bytes", runtime.totalMemory() - runtime.freeMemory());
    p.gauge("lightwire_heap_committed_bytes", "Java heap committed.")
        .sample("lightwire_heap_committed_bytes", runtime.totalMemory());
    p.gauge("lightwire_heap_max_bytes", "Java heap limit (-Xmx).")
        .sample("lightwire_heap_max_bytes", runtime.maxMemory());

    p.counter("lightwire_app_queue_refusals_total", "Events the full application queue refused.")
        .sample("lightwire_app_queue_refusals_total", s.app().refusedEvents());
    p.counter("lightwire_app_timer_refusals_total", "Timers the full timer table refused.")
        .sample("lightwire_app_timer_refusals_total", s.app().refusedTimers());
    p.counter("lightwire_app_failures_total", "Application tasks that threw.")
        .sample("lightwire_app_failures_total", s.app().failures());
    p.counter(
            "lightwire_broadcasts_skipped_total",
            "Broadcasts skipped because every broadcast buffer was in flight.")
        .sample("lightwire_broadcasts_skipped_total", s.server().counters().broadcastsSkipped());

    CameraService camera = s.camera();
    if (camera != null) {
      p.gauge("lightwire_camera_viewers", "Camera viewers connected now.")
          .sample("lightwire_camera_viewers", camera.viewers());
      p.counter("lightwire_camera_frames_captured_total", "Frames the camera captured.")
          .sample("lightwire_camera_frames_captured_total", camera.framesCaptured());
      p.counter(
              "lightwire_camera_frames_sent_total",
              "Frames queued to viewers and not dropped, over every viewer.")
          .sample("lightwire_camera_frames_sent_total", camera.viewerFramesSent());
      p.counter(
              "lightwire_camera_frames_dropped_total",
              "Frames dropped, by cause: a slow viewer skipping to the newest, the camera's own"
                  + " ring, or no free broadcast buffer.")
          .sample(
              "lightwire_camera_frames_dropped_total",
              camera.viewerFramesDropped(),
              "cause",
              "slow_viewer")
          .sample(
              "lightwire_camera_frames_dropped_total",
              camera.framesDroppedByCamera(),
              "cause",
              "camera")
          .sample(
              "lightwire_camera_frames_dropped_total",
              camera.broadcastsRefused(),
              "cause",
              "no_broadcast_buffer");
    }

    GpioPanel gpio = s.gpio();
    if (gpio != null) {
      p.counter("lightwire_gpio_controls_applied_total", "GPIO control messages applied.")
          .sample("lightwire_gpio_controls_applied_total", gpio.controlsApplied());
      p.counter(
              "lightwire_gpio_controls_refused_total",
              "GPIO control and token attempts refused for want of the current access token.")
          .sample("lightwire_gpio_controls_refused_total", gpio.controlsRefused());
      p.counter("lightwire_gpio_wrong_tokens_total", "Wrong access tokens presented.")
          .sample("lightwire_gpio_wrong_tokens_total", gpio.wrongTokens());
      p.counter(
              "lightwire_gpio_token_attempts_rate_limited_total",
              "Token attempts refused unchecked: the peer had made too many wrong ones.")
          .sample(
              "lightwire_gpio_token_attempts_rate_limited_total", gpio.tokenAttemptsRateLimited());
      p.counter("lightwire_gpio_edges_total", "Edges seen on each opened input.");
      gpio.pins()
          .forEachInput(
              (bcm, edges) ->
                  p.sample("lightwire_gpio_edges_total", edges, "bcm", Integer.toString(bcm)));
    }
    return p.toString();
  }
}

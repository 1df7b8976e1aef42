package io.lightwire.firmware.internal;

import io.lightwire.boards.BoardDescriptor;
import io.lightwire.firmware.AppStatus;
import io.lightwire.firmware.ApplicationThread;
import io.lightwire.firmware.MemoryPlan;
import io.lightwire.firmware.mqtt.MqttBridge;
import io.lightwire.firmware.streams.Streams;
import io.lightwire.websock.pool.Pool;
import io.lightwire.websock.server.HttpHandler;
import io.lightwire.websock.server.HttpRequest;
import io.lightwire.websock.server.HttpResponse;
import io.lightwire.websock.server.Server;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Serves the status as JSON at {@code /status} ({@code ?pretty} indents it), the same counters for
 * Prometheus at {@code /metrics} ({@link Metrics}), and (board, uptime, each pool's capacity and
 * in-use count, connections, heap, the application queue's refusals, camera frames sent and dropped
 * per viewer, GPIO controls) and as a script-free HTML page at {@code /status.html}. The live page
 * at {@code /} reads the JSON. Runs on the service thread, so it may read connection state.
 */
public final class StatusHandler implements HttpHandler {

  /**
   * What the status shows, read when a request comes.
   *
   * @param board the board the firmware runs on
   * @param hardware the hardware implementation's kind
   * @param version the Lightwire version
   * @param uptime time since boot
   * @param plan the memory plan
   * @param pools the live pools, in plan order
   * @param server the server, for its counters
   * @param app the application thread, for its refusals
   * @param camera the camera service, or null when the camera is off
   * @param gpio the GPIO panel
   * @param streams the data streams, for their counters
   * @param application the user's application (name, version, state, failures)
   * @param mqtt the MQTT bridge, or null when it is off
   */
  public record Snapshot(
      BoardDescriptor board,
      String hardware,
      String version,
      Duration uptime,
      MemoryPlan plan,
      List<Pool> pools,
      Server server,
      ApplicationThread app,
      CameraService camera,
      GpioPanel gpio,
      Streams streams,
      AppStatus application,
      MqttBridge mqtt) {}

  /** Where Prometheus scrapes. */
  public static final String METRICS_PATH = "/metrics";

  private final Supplier<Snapshot> snapshots;

  /** {@code ?pretty} (or {@code ?pretty=1}, {@code ?pretty=true}) asks for indented JSON. */
  private static boolean pretty(String query) {
    for (String part : query.split("&")) {
      if (part.equals("pretty") || part.equals("pretty=1") || part.equals("pretty=true")) {
        return true;
      }
    }
    return false;
  }

  /** A handler reading a fresh snapshot for every request. */
  public StatusHandler(Supplier<Snapshot> snapshots) {
    this.snapshots = snapshots;
  }

  /** The {@code /status} document now; service thread. */
  public String currentJson() {
    return json(snapshots.get());
  }

  @Override
  public void onRequest(HttpRequest request, HttpResponse response) {
    String path = request.path();
    if (path.equals("/favicon.ico")) {
      // Browsers ask for it on pages without a <link rel="icon">, such as /status itself.
      response.status(301).header("Location", "/favicon.svg").body("text/plain", "/favicon.svg\n");
      return;
    }
    boolean known =
        path.equals("/status") || path.equals("/status.html") || path.equals(METRICS_PATH);
    if (!known) {
      response.status(404).body("text/plain; charset=utf-8", "not found: " + path + "\n");
      return;
    }
    if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
      response
          .status(405)
          .header("Allow", "GET, HEAD")
          .body("text/plain; charset=utf-8", "method not allowed\n");
      return;
    }
    Snapshot s = snapshots.get();
    response.header("Cache-Control", "no-store");
    if (path.equals("/status")) {
      String json = json(s);
      response.body("application/json", pretty(request.query()) ? Json.indent(json) : json);
    } else if (path.equals(METRICS_PATH)) {
      response.body(PrometheusText.CONTENT_TYPE, Metrics.text(s));
    } else {
      response.body("text/html; charset=utf-8", html(s));
    }
  }

  static String json(Snapshot s) {
    Runtime runtime = Runtime.getRuntime();
    Json json =
        new Json()
            .beginObject()
            .field("version", s.version())
            .beginObject("board")
            .field("id", s.board().id())
            .field("name", s.board().name())
            .field("hardware", s.hardware())
            .endObject()
            .field("uptimeMillis", s.uptime().toMillis())
            .beginObject("connections")
            .field("open", s.server().connectionSlots().inUse())
            .field("max", s.server().connectionSlots().capacity())
            .field("refused", s.server().counters().refusedConnections())
            .field("refusedPerAddress", s.server().counters().refusedPerAddress())
            .field("shed", s.server().counters().shedConnections())
            .field("timedOut", s.server().counters().timedOutConnections())
            .field("protocolErrors", s.server().counters().protocolErrors());
    // Violations by peer address (the busiest 32): the log names only 10 a minute.
    json.beginObject("protocolErrorsByPeer");
    s.server()
        .counters()
        .protocolErrorsByPeer()
        .forEach((address, count) -> json.field(address.getHostAddress(), count));
    json.endObject()
        .endObject()
        .beginObject("heap")
        .field("usedBytes", runtime.totalMemory() - runtime.freeMemory())
        .field("committedBytes", runtime.totalMemory())
        .field("maxBytes", runtime.maxMemory())
        .endObject()
        .beginObject("app")
        .field("name", s.application().name())
        .field("version", s.application().version())
        .field("state", s.application().state().label())
        // Events that threw on the application thread, and a start or stop that threw.
        .field("failures", s.app().failures() + s.application().failures())
        .field("error", s.application().error())
        .field("queueCapacity", s.plan().entry(MemoryPlan.APP_EVENTS).count())
        .field("queueRefusals", s.app().refusedEvents())
        .field("timerRefusals", s.app().refusedTimers())
        .endObject()
        .beginObject("broadcasts")
        .field("skipped", s.server().counters().broadcastsSkipped())
        .endObject();
    if (s.camera() != null) {
      s.camera().writeStatus(json);
    }
    if (s.gpio() != null) {
      s.gpio().writeStatus(json);
    }
    if (s.streams() != null) {
      writeStreams(json, s.streams());
    }
    if (s.mqtt() != null) {
      mqtt(json, s.mqtt());
    }
    json.beginArray("pools");
    for (MemoryPlan.Bound bound : s.plan().pools()) {
      Pool pool = bound.pool(); // bound by name: the plan checked it is this entry's pool
      json.beginObject()
          .field("name", pool.name())
          .field("capacity", pool.capacity())
          .field("inUse", pool.inUse())
          .field("itemBytes", pool.itemBytes())
          .field("totalBytes", pool.totalBytes())
          .endObject();
    }
    return json.endArray().endObject().toString();
  }

  /** The streams' counters, with each stream's writes to all pages and the pages they skipped. */
  private static void writeStreams(Json json, Streams streams) {
    json.beginObject("streams")
        .field("pages", streams.clients().size())
        .field("eventsRefused", streams.eventsRefused())
        .field("malformedMessages", streams.malformedMessages())
        .field("leakedContexts", streams.leakedContexts())
        .beginArray("writeAll");
    for (Streams.WriteAllCount count : streams.writeAllCounts()) {
      json.beginObject()
          .field("stream", count.stream())
          .field("writes", count.writes())
          .field("pages", count.pagesReached())
          .field("skipped", count.pagesSkipped())
          .endObject();
    }
    json.endArray().endObject();
  }

  /** The MQTT bridge's part: connection, counters, the outgoing queue. */
  private static void mqtt(Json json, MqttBridge m) {
    json.beginObject("mqtt")
        .field("state", m.state())
        .field("broker", m.broker())
        .field("topicPrefix", m.topicPrefix())
        .field("lastError", m.lastError())
        .field("connects", m.connects())
        .field("connectFailures", m.connectFailures())
        .field("connectionsLost", m.connectionsLost())
        .field("published", m.published())
        .field("delivered", m.delivered())
        .field("queueCapacity", m.queuePool().capacity())
        .field("queueInUse", m.queuePool().inUse())
        .field("queueRefused", m.queueRefused())
        .field("queueTooBig", m.queueTooBig())
        .field("commandsApplied", m.commandsApplied())
        .field("commandsRefused", m.commandsRefused())
        .field("lastCommandRefusal", m.lastCommandRefusal())
        .field("snapshots", m.snapshots())
        .endObject();
  }

  static String html(Snapshot s) {
    return StatusPage.html(json(s), s.board().name(), s.board().id(), s.version());
  }
}

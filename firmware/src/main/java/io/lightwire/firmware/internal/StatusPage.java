package io.lightwire.firmware.internal;

import io.lightwire.firmware.json.JsonCodec;
import io.lightwire.firmware.json.JsonException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.msgpack.value.ArrayValue;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;

/**
 * {@code /status.html}: the {@code /status} document as a page without scripts, drawn from the JSON
 * itself so that it shows everything {@code /status} has (board, connections, heap, application,
 * camera and its viewers, GPIO and its inputs, pools, and any section added later): an object
 * becomes a section of name and value rows, an array of objects a table. Links back to the live
 * page, to refresh, and to the JSON and metrics. Styles come from {@code /style.css} (the page's
 * CSP allows no inline style).
 */
final class StatusPage {

  private StatusPage() {}

  static String html(String statusJson, String boardName, String boardId, String version) {
    Value status;
    try {
      status = JsonCodec.parse(statusJson);
    } catch (JsonException e) {
      throw new IllegalStateException("the status document is not JSON: " + e.getMessage(), e);
    }
    StringBuilder out = new StringBuilder(8192);
    out.append(
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Lightwire status</title>
        <link rel="icon" href="/favicon.svg" type="image/svg+xml">
        <link rel="stylesheet" href="/style.css">
        </head><body class="status-page">
        <header><h1>Lightwire status</h1></header>
        <main class="status">
        <nav class="links"><a href="/">&larr; back to the page</a> \
        <a href="/status.html" id="refresh">refresh</a> \
        <a href="/status?pretty">JSON</a> <a href="/metrics">metrics</a></nav>
        """);
    out.append("<p>Version <span id=\"version\">")
        .append(escape(version))
        .append("</span> on <strong id=\"board\">")
        .append(escape(boardName))
        .append("</strong> (")
        .append(escape(boardId))
        .append(").</p>\n");
    MapValue root = status.asMapValue();
    Value app = root.map().get(org.msgpack.value.ValueFactory.newString("app"));
    if (app != null && app.isMapValue()) {
      Map<Value, Value> a = app.asMapValue().map();
      String name = field(a, "name");
      if (!name.isEmpty()) {
        // The user's application first: the board runs it; Lightwire is the platform under it.
        out.append("<p>Application <strong id=\"app\">")
            .append(escape(name))
            .append("</strong> ")
            .append(escape(field(a, "version")))
            .append(": <span id=\"app-state\">")
            .append(escape(field(a, "state")))
            .append("</span>")
            .append(field(a, "error").isEmpty() ? "" : " (" + escape(field(a, "error")) + ")")
            .append(".</p>\n");
      }
    }
    List<Map.Entry<Value, Value>> scalars = new ArrayList<>();
    for (Map.Entry<Value, Value> e : root.entrySet()) {
      if (!e.getValue().isMapValue() && !e.getValue().isArrayValue()) {
        scalars.add(e);
      }
    }
    out.append("<section id=\"overview\"><h2>Overview</h2>");
    rows(out, scalars);
    out.append("</section>\n");
    for (Map.Entry<Value, Value> e : root.entrySet()) {
      String name = e.getKey().toString();
      if (e.getValue().isMapValue()) {
        out.append("<section id=\"section-").append(escape(name)).append("\"><h2>");
        out.append(escape(words(name))).append("</h2>");
        object(out, e.getValue().asMapValue());
        out.append("</section>\n");
      } else if (e.getValue().isArrayValue()) {
        out.append("<section id=\"section-").append(escape(name)).append("\"><h2>");
        out.append(escape(words(name))).append("</h2>");
        table(out, name, e.getValue().asArrayValue());
        out.append("</section>\n");
      }
    }
    return out.append("</main></body></html>\n").toString();
  }

  private static void object(StringBuilder out, MapValue object) {
    List<Map.Entry<Value, Value>> scalars = new ArrayList<>();
    for (Map.Entry<Value, Value> e : object.entrySet()) {
      if (!e.getValue().isMapValue() && !e.getValue().isArrayValue()) {
        scalars.add(e);
      }
    }
    rows(out, scalars);
    for (Map.Entry<Value, Value> e : object.entrySet()) {
      String name = e.getKey().toString();
      if (e.getValue().isMapValue()) {
        out.append("<h3>").append(escape(words(name))).append("</h3>");
        object(out, e.getValue().asMapValue());
      } else if (e.getValue().isArrayValue()) {
        out.append("<h3>").append(escape(words(name))).append("</h3>");
        table(out, name, e.getValue().asArrayValue());
      }
    }
  }

  private static void rows(StringBuilder out, List<Map.Entry<Value, Value>> scalars) {
    if (scalars.isEmpty()) {
      return;
    }
    out.append("<table class=\"pairs\">");
    for (Map.Entry<Value, Value> e : scalars) {
      out.append("<tr><th scope=\"row\">")
          .append(escape(words(e.getKey().toString())))
          .append("</th><td>")
          .append(escape(text(e.getValue())))
          .append("</td></tr>");
    }
    out.append("</table>\n");
  }

  /** An array of objects as a table whose columns are the first object's keys. */
  private static void table(StringBuilder out, String name, ArrayValue array) {
    if (array.size() == 0) {
      out.append("<p class=\"muted\">none</p>\n");
      return;
    }
    if (!array.get(0).isMapValue()) {
      List<String> items = new ArrayList<>();
      for (Value v : array) {
        items.add(text(v));
      }
      out.append("<p>").append(escape(String.join(", ", items))).append("</p>\n");
      return;
    }
    List<Value> columns = new ArrayList<>(array.get(0).asMapValue().keySet());
    out.append("<div class=\"scroll\"><table id=\"").append(escape(name)).append("-table\"><tr>");
    for (Value column : columns) {
      out.append("<th>").append(escape(words(column.toString()))).append("</th>");
    }
    out.append("</tr>\n");
    for (Value row : array) {
      Map<Value, Value> cells = row.asMapValue().map();
      out.append("<tr>");
      for (Value column : columns) {
        Value cell = cells.get(column);
        out.append("<td>").append(escape(cell == null ? "" : text(cell))).append("</td>");
      }
      out.append("</tr>\n");
    }
    out.append("</table></div>\n");
  }

  private static String field(Map<Value, Value> object, String key) {
    Value v = object.get(org.msgpack.value.ValueFactory.newString(key));
    return v == null ? "" : text(v);
  }

  private static String text(Value v) {
    return v.isStringValue() ? v.asStringValue().toString() : v.isNilValue() ? "" : v.toString();
  }

  /** {@code framesDroppedByCamera} as {@code frames dropped by camera}. */
  static String words(String camelCase) {
    StringBuilder out = new StringBuilder(camelCase.length() + 8);
    for (int i = 0; i < camelCase.length(); i++) {
      char c = camelCase.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        out.append(' ').append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}

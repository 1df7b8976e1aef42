package io.lightwire.firmware.internal;

/**
 * Writes the Prometheus text exposition format (version 0.0.4): one {@code # HELP} and {@code #
 * TYPE} line per metric family, then its samples. Label values are escaped; names are the caller's
 * constants. Not thread-safe: one per scrape.
 */
final class PrometheusText {

  /** The content type of the text format. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final StringBuilder out = new StringBuilder(4096);

  /** Starts a counter family; its name ends in {@code _total}. */
  PrometheusText counter(String name, String help) {
    return family(name, "counter", help);
  }

  /** Starts a gauge family. */
  PrometheusText gauge(String name, String help) {
    return family(name, "gauge", help);
  }

  private PrometheusText family(String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    return this;
  }

  /** A sample without labels. */
  PrometheusText sample(String name, double value) {
    out.append(name).append(' ');
    number(value);
    out.append('\n');
    return this;
  }

  /** A sample with labels given as name, value, name, value... */
  PrometheusText sample(String name, double value, String... labels) {
    out.append(name).append('{');
    for (int i = 0; i < labels.length; i += 2) {
      if (i > 0) {
        out.append(',');
      }
      out.append(labels[i]).append("=\"");
      escape(labels[i + 1]);
      out.append('"');
    }
    out.append("} ");
    number(value);
    out.append('\n');
    return this;
  }

  private void number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      out.append((long) value);
    } else {
      out.append(value);
    }
  }

  private void escape(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
  }

  @Override
  public String toString() {
    return out.toString();
  }
}

package io.lightwire.firmware.camera;

import io.lightwire.firmware.testing.Lightwire;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code camera} object of a firmware's {@code /status}, read over HTTP as a page reads it. */
record CameraStatus(String json) {

  /** GETs {@code /status} and keeps its camera object (up to its viewers). */
  static CameraStatus read(Lightwire lw) throws IOException, InterruptedException {
    try (HttpClient http = HttpClient.newHttpClient()) {
      String body =
          http.send(
                  HttpRequest.newBuilder(lw.baseUri().resolve("/status")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      int from = body.indexOf("\"camera\":{");
      int to = body.indexOf("\"viewers\":[", from);
      if (from < 0 || to < 0) {
        throw new AssertionError("no camera in /status: " + body);
      }
      return new CameraStatus(body.substring(from, to));
    }
  }

  /** Reads {@code /status} until {@code condition} holds, for at most {@code seconds}. */
  static CameraStatus await(Lightwire lw, Predicate<CameraStatus> condition, int seconds)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    CameraStatus s = read(lw);
    while (!condition.test(s) && System.nanoTime() < deadline) {
      Thread.sleep(20);
      s = read(lw);
    }
    return s;
  }

  String state() {
    return text("state");
  }

  String message() {
    return text("message");
  }

  boolean running() {
    return field("running").equals("true");
  }

  long framesCaptured() {
    return Long.parseLong(field("framesCaptured"));
  }

  long number(String name) {
    return Long.parseLong(field(name));
  }

  String text(String name) {
    Matcher m = Pattern.compile("\"" + name + "\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
    if (!m.find()) {
      throw new AssertionError("no " + name + " in " + json);
    }
    return m.group(1);
  }

  String field(String name) {
    Matcher m = Pattern.compile("\"" + name + "\":([^,}\\]]*)").matcher(json);
    if (!m.find()) {
      throw new AssertionError("no " + name + " in " + json);
    }
    return m.group(1);
  }
}

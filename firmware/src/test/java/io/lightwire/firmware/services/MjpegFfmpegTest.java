package io.lightwire.firmware.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.testing.Lightwire;
import io.lightwire.firmware.testing.LightwireTest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Debian's {@code ffprobe} and {@code ffmpeg} read {@code /camera.mjpg} as any MJPEG-over-HTTP
 * client does (the {@code mpjpeg} demuxer, chosen from the content type) and decode its frames.
 * Skipped with a reason when ffmpeg is not installed; {@code .ci/run} installs it and sets {@code
 * LIGHTWIRE_REQUIRE_FFMPEG=1}, turning its absence into a failure.
 */
@LightwireTest(config = {"camera.width=160", "camera.height=120", "camera.fps=20"})
@Tag("process")
class MjpegFfmpegTest {

  private static final Path FFMPEG = Path.of("/usr/bin/ffmpeg");
  private static final Path FFPROBE = Path.of("/usr/bin/ffprobe");

  private static void assumeInstalled() {
    boolean installed = Files.isExecutable(FFMPEG) && Files.isExecutable(FFPROBE);
    if (!installed && "1".equals(System.getenv("LIGHTWIRE_REQUIRE_FFMPEG"))) {
      throw new AssertionError("LIGHTWIRE_REQUIRE_FFMPEG=1 but " + FFMPEG + " is missing");
    }
    Assumptions.assumeTrue(
        installed, "needs Debian's ffmpeg (apt-get install ffmpeg); skipped: not installed");
  }

  /** Runs {@code command}, killed after 30 s; returns its stdout, failing on a non-zero exit. */
  private static String run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).start();
    try {
      CompletableFuture<String> err =
          CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
      String out = readAll(process.getInputStream());
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "finished within 30 s: " + command);
      assertEquals(0, process.exitValue(), command + " failed: " + err.get(5, TimeUnit.SECONDS));
      return out;
    } finally {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    }
  }

  private static String readAll(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Test
  void ffprobeSeesAnMjpegVideoOfTheConfiguredSize(Lightwire lw) throws Exception {
    assumeInstalled();
    String out =
        run(
            List.of(
                FFPROBE.toString(),
                "-v",
                "error",
                "-rw_timeout",
                "10000000",
                "-select_streams",
                "v:0",
                "-show_entries",
                "stream=codec_name,width,height",
                "-of",
                "default=noprint_wrappers=1",
                "http://127.0.0.1:" + lw.port() + "/camera.mjpg"));
    assertTrue(out.contains("codec_name=mjpeg"), out);
    assertTrue(out.contains("width=160"), out);
    assertTrue(out.contains("height=120"), out);
  }

  @Test
  @LightwireTest(
      config = {"camera.width=160", "camera.height=120", "camera.fps=20", "camera.access=token"})
  void ffmpegDecodesTwentyDistinctFramesWithTheTokenInTheQuery(Lightwire lw) throws Exception {
    assumeInstalled();
    String url =
        "http://127.0.0.1:"
            + lw.port()
            + "/camera.mjpg?token="
            + URLEncoder.encode(lw.accessToken(), StandardCharsets.UTF_8);
    // framemd5: one line per decoded frame, with the checksum of its pixels.
    String out =
        run(
            List.of(
                FFMPEG.toString(),
                "-nostdin",
                "-v",
                "error",
                "-rw_timeout",
                "10000000",
                "-i",
                url,
                "-frames:v",
                "20",
                "-f",
                "framemd5",
                "-"));
    List<String> frames = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        frames.add(line);
      }
    }
    assertEquals(20, frames.size(), out);
    Set<String> checksums = new HashSet<>();
    for (String frame : frames) {
      String[] fields = frame.split(",");
      checksums.add(fields[fields.length - 1].trim());
    }
    assertTrue(checksums.size() > 10, "the picture changes: " + checksums.size() + " distinct");
  }
}

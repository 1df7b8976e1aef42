package io.lightwire.websock.bench;

import io.lightwire.websock.protocol.FrameCodec;
import io.lightwire.websock.protocol.FrameHeader;
import io.lightwire.websock.protocol.FrameParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Header encode, one-shot decode, and a full incremental parse of a masked frame (server role). */
@State(Scope.Thread)
public class FrameCodecBenchmark extends NanoBenchmark {

  @Param({"125", "65536"})
  public int payload;

  private final byte[] header = new byte[14];
  private final FrameHeader decoded = new FrameHeader();
  private byte[] frame;
  private FrameParser parser;

  /** Builds one masked binary frame. */
  @Setup
  public void setup() {
    int h = FrameCodec.headerLength(payload, true);
    frame = new byte[h + payload];
    FrameCodec.encodeHeader(frame, 0, true, 2, payload, true, 0x01020304);
    parser = new FrameParser(FrameParser.ROLE_SERVER, 1 << 20, 1 << 20, FrameParser.ACCEPT_ANY);
  }

  /** Encodes a masked header. */
  @Benchmark
  public int encodeHeader() {
    return FrameCodec.encodeHeader(header, 0, true, 2, payload, true, 0x01020304);
  }

  /** Decodes the header of a complete frame. */
  @Benchmark
  public int decodeHeader() {
    return FrameCodec.decodeHeader(frame, 0, frame.length, decoded);
  }

  /** Parses header and payload incrementally (validates, unmasks in place). */
  @Benchmark
  public int parseFrame() {
    int n = parser.parseHeader(frame, 0, frame.length);
    return parser.payload(frame, n, payload);
  }
}

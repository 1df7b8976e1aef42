package io.lightwire.websock.bench;

import io.lightwire.websock.protocol.Masking;
import java.nio.ByteBuffer;
import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Masking throughput: word-wide (arrays and direct buffers) against the byte-at-a-time baseline.
 * GB/s = size / (ns per op).
 */
@State(Scope.Thread)
public class MaskingBenchmark extends NanoBenchmark {

  @Param({"125", "4096", "65536"})
  public int size;

  private byte[] array;
  private ByteBuffer direct;

  /** Fills the payloads. */
  @Setup
  public void setup() {
    array = new byte[size];
    new Random(1).nextBytes(array);
    direct = ByteBuffer.allocateDirect(size);
    direct.put(array).clear();
  }

  /** Eight bytes per step over a byte array. */
  @Benchmark
  public int wordWiseArray() {
    return Masking.mask(array, 0, size, 0x37fa213d, 0);
  }

  /** Eight bytes per step over a direct buffer (native order as the buffer says). */
  @Benchmark
  public int wordWiseDirect() {
    return Masking.mask(direct, 0, size, 0x37fa213d, 0);
  }

  /** The byte-at-a-time baseline. */
  @Benchmark
  public int byteWiseArray() {
    return Masking.maskBytewise(array, 0, size, 0x37fa213d, 0);
  }
}

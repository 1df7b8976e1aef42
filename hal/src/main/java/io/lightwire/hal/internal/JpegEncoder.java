package io.lightwire.hal.internal;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * A small baseline JPEG encoder (ITU T.81) for 8-bit greyscale images, in pure Java so the board
 * runtime needs no {@code java.desktop}. Tables are the standard ones of Annex K scaled by the IJG
 * quality formula. Every buffer is allocated in the constructor; {@link #encode} allocates nothing
 * and writes straight into the caller's array.
 *
 * <p>Output layout: SOI, APP0 (JFIF 1.01), COM ({@code lightwire seq=<n> t=<micros>}), DQT, SOF0
 * (one component), DHT (DC and AC), SOS, entropy-coded data, EOI.
 */
public final class JpegEncoder {

  /**
   * {@link #encode} result when the output array is too small: {@link
   * io.lightwire.hal.Camera#BUFFER_TOO_SMALL}, the project's one value for it.
   */
  public static final int OVERFLOW = io.lightwire.hal.Camera.BUFFER_TOO_SMALL;

  /** The comment prefix every frame carries. */
  public static final String COMMENT_PREFIX = "lightwire seq=";

  private static final byte[] COMMENT_SEQ = COMMENT_PREFIX.getBytes(US_ASCII);
  private static final byte[] COMMENT_TIME = " t=".getBytes(US_ASCII);

  /** Natural (row-major) index of each zig-zag position. */
  static final int[] ZIGZAG = {
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20,
    13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59,
    52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63
  };

  /** Annex K.1, luminance quantization table, natural order. */
  private static final int[] LUMA_QUANT = {
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
    14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113,
    92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99
  };

  /** Annex K.3, luminance DC: code counts per length 1..16, then symbols. */
  private static final int[] DC_BITS = {0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0};

  private static final int[] DC_VALUES = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};

  /** Annex K.3, luminance AC. */
  private static final int[] AC_BITS = {0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d};

  private static final int[] AC_VALUES = {
    0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07,
    0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0,
    0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28,
    0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49,
    0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69,
    0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
    0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
    0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5,
    0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2,
    0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
    0xf9, 0xfa
  };

  private static final byte[] JFIF = {'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0};
  private static final byte[] SOF_COMPONENT = {1, 0x11, 0};
  private static final byte[] SOS_BODY = {1, 1, 0, 0, 63, 0};

  private static final int BLOCK = 8;
  private static final int SYMBOL_EOB = 0x00;
  private static final int SYMBOL_ZRL = 0xf0;

  private final int width;
  private final int height;
  private final int[] quant = new int[64];
  private final float[] cos = new float[64];
  private final int[] dcCode = new int[16];
  private final int[] dcLength = new int[16];
  private final int[] acCode = new int[256];
  private final int[] acLength = new int[256];
  private final float[] pixels = new float[64];
  private final float[] rows = new float[64];
  private final int[] coefficients = new int[64];

  private byte[] out;
  private int pos;
  private int limit;
  private int bitBuffer;
  private int bitCount;
  private boolean overflow;

  /**
   * @param width image width in pixels, 1..65535
   * @param height image height in pixels, 1..65535
   * @param quality 1..100, the IJG scale
   */
  public JpegEncoder(int width, int height, int quality) {
    if (width < 1 || height < 1 || width > 0xffff || height > 0xffff) {
      throw new IllegalArgumentException("JPEG size " + width + "x" + height + " out of range");
    }
    if (quality < 1 || quality > 100) {
      throw new IllegalArgumentException("JPEG quality " + quality + " out of range 1..100");
    }
    this.width = width;
    this.height = height;
    int scale = quality < 50 ? 5000 / quality : 200 - 2 * quality;
    for (int i = 0; i < 64; i++) {
      quant[i] = Math.clamp((LUMA_QUANT[i] * scale + 50) / 100, 1, 255);
    }
    for (int u = 0; u < BLOCK; u++) {
      double c = u == 0 ? Math.sqrt(0.5) : 1.0;
      for (int x = 0; x < BLOCK; x++) {
        cos[u * BLOCK + x] = (float) (c / 2 * Math.cos((2 * x + 1) * u * Math.PI / 16));
      }
    }
    buildCodes(DC_BITS, DC_VALUES, dcCode, dcLength);
    buildCodes(AC_BITS, AC_VALUES, acCode, acLength);
  }

  /** Annex C: canonical Huffman codes from the counts per length. */
  private static void buildCodes(int[] bits, int[] values, int[] code, int[] length) {
    int next = 0;
    int k = 0;
    for (int len = 1; len <= 16; len++) {
      for (int i = 0; i < bits[len - 1]; i++) {
        int symbol = values[k++];
        code[symbol] = next++;
        length[symbol] = len;
      }
      next <<= 1;
    }
  }

  /**
   * Encodes a greyscale image.
   *
   * @param gray {@code width * height} luminance bytes, row-major
   * @param sequence written into the COM segment as {@code seq=}
   * @param captureMicros written into the COM segment as {@code t=}
   * @param dst where the JPEG goes
   * @param offset first byte in {@code dst}
   * @return the JPEG length in bytes, or {@link #OVERFLOW} when {@code dst} is too small
   */
  public int encode(byte[] gray, long sequence, long captureMicros, byte[] dst, int offset) {
    out = dst;
    pos = offset;
    limit = dst.length;
    bitBuffer = 0;
    bitCount = 0;
    overflow = false;
    writeHeaders(sequence, captureMicros);
    int previousDc = 0;
    for (int by = 0; by < height; by += BLOCK) {
      for (int bx = 0; bx < width; bx += BLOCK) {
        previousDc = encodeBlock(gray, bx, by, previousDc);
        if (overflow) {
          return OVERFLOW;
        }
      }
    }
    flushBits();
    marker(0xd9);
    out = null;
    return overflow ? OVERFLOW : pos - offset;
  }

  private void writeHeaders(long sequence, long captureMicros) {
    marker(0xd8);
    // APP0 JFIF 1.01, no density, no thumbnail.
    marker(0xe0);
    u16(16);
    raw(JFIF);
    // COM
    marker(0xfe);
    int textLength =
        COMMENT_SEQ.length + digits(sequence) + COMMENT_TIME.length + digits(captureMicros);
    u16(2 + textLength);
    raw(COMMENT_SEQ);
    number(sequence);
    raw(COMMENT_TIME);
    number(captureMicros);
    // DQT, table 0, 8-bit, zig-zag order
    marker(0xdb);
    u16(2 + 1 + 64);
    put(0);
    for (int i = 0; i < 64; i++) {
      put(quant[ZIGZAG[i]]);
    }
    // SOF0, 8-bit, one component (id 1, 1x1 sampling, table 0)
    marker(0xc0);
    u16(8 + 3);
    put(8);
    u16(height);
    u16(width);
    put(1);
    raw(SOF_COMPONENT);
    // DHT
    marker(0xc4);
    u16(2 + 1 + 16 + DC_VALUES.length + 1 + 16 + AC_VALUES.length);
    put(0x00);
    table(DC_BITS, DC_VALUES);
    put(0x10);
    table(AC_BITS, AC_VALUES);
    // SOS: one component, tables 0/0, spectral 0..63, no approximation
    marker(0xda);
    u16(8);
    raw(SOS_BODY);
  }

  private int encodeBlock(byte[] gray, int bx, int by, int previousDc) {
    for (int y = 0; y < BLOCK; y++) {
      int row = Math.min(by + y, height - 1) * width;
      for (int x = 0; x < BLOCK; x++) {
        int px = gray[row + Math.min(bx + x, width - 1)] & 0xff;
        pixels[y * BLOCK + x] = px - 128f;
      }
    }
    // Separable DCT: rows then columns.
    for (int y = 0; y < BLOCK; y++) {
      for (int u = 0; u < BLOCK; u++) {
        float s = 0;
        for (int x = 0; x < BLOCK; x++) {
          s += cos[u * BLOCK + x] * pixels[y * BLOCK + x];
        }
        rows[y * BLOCK + u] = s;
      }
    }
    for (int v = 0; v < BLOCK; v++) {
      for (int u = 0; u < BLOCK; u++) {
        float s = 0;
        for (int y = 0; y < BLOCK; y++) {
          s += cos[v * BLOCK + y] * rows[y * BLOCK + u];
        }
        int n = v * BLOCK + u;
        coefficients[n] = Math.round(s / quant[n]);
      }
    }
    int dc = coefficients[0];
    int diff = dc - previousDc;
    int size = magnitude(diff);
    bits(dcCode[size], dcLength[size]);
    if (size > 0) {
      bits(diff < 0 ? diff - 1 : diff, size);
    }
    int run = 0;
    for (int k = 1; k < 64; k++) {
      int c = coefficients[ZIGZAG[k]];
      if (c == 0) {
        run++;
        continue;
      }
      while (run > 15) {
        bits(acCode[SYMBOL_ZRL], acLength[SYMBOL_ZRL]);
        run -= 16;
      }
      int s = magnitude(c);
      int symbol = (run << 4) | s;
      bits(acCode[symbol], acLength[symbol]);
      bits(c < 0 ? c - 1 : c, s);
      run = 0;
    }
    if (run > 0) {
      bits(acCode[SYMBOL_EOB], acLength[SYMBOL_EOB]);
    }
    return dc;
  }

  private static int magnitude(int value) {
    return 32 - Integer.numberOfLeadingZeros(Math.abs(value));
  }

  /** Appends the low {@code count} bits of {@code value}, MSB first, with 0xFF byte stuffing. */
  private void bits(int value, int count) {
    for (int i = count - 1; i >= 0; i--) {
      bitBuffer = (bitBuffer << 1) | ((value >>> i) & 1);
      if (++bitCount == 8) {
        emitEntropyByte(bitBuffer);
        bitBuffer = 0;
        bitCount = 0;
      }
    }
  }

  private void emitEntropyByte(int b) {
    put(b);
    if ((b & 0xff) == 0xff) {
      put(0);
    }
  }

  /** Pads the last byte with 1 bits (T.81 F.1.2.3). */
  private void flushBits() {
    if (bitCount > 0) {
      bits(0x7f, 8 - bitCount);
    }
  }

  private void table(int[] counts, int[] values) {
    for (int c : counts) {
      put(c);
    }
    for (int v : values) {
      put(v);
    }
  }

  private void marker(int code) {
    put(0xff);
    put(code);
  }

  private void u16(int v) {
    put(v >>> 8);
    put(v);
  }

  private void raw(byte[] data) {
    for (byte b : data) {
      put(b);
    }
  }

  private static int digits(long v) {
    int n = 1;
    for (long x = Math.abs(v); x >= 10; x /= 10) {
      n++;
    }
    return v < 0 ? n + 1 : n;
  }

  private void number(long v) {
    int n = digits(v);
    if (pos + n > limit) {
      overflow = true;
      return;
    }
    long x = v;
    if (x < 0) {
      out[pos] = '-';
      x = -x;
    }
    for (int i = pos + n - 1; i >= pos + (v < 0 ? 1 : 0); i--) {
      out[i] = (byte) ('0' + x % 10);
      x /= 10;
    }
    pos += n;
  }

  private void put(int b) {
    if (pos >= limit) {
      overflow = true;
      return;
    }
    out[pos++] = (byte) b;
  }
}

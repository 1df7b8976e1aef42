package io.lightwire.hal.emulated;

/**
 * Draws the synthetic camera's greyscale picture for frame {@code n} into a preallocated array: a
 * diagonal gradient, a white square bouncing left and right, and the frame number in big digits, so
 * a person watching sees at once that the stream is live.
 */
final class SyntheticScene {

  /** 3x5 glyphs for 0-9, one row per 3 bits, top row first. */
  private static final int[] GLYPHS = {
    0b111_101_101_101_111,
    0b010_110_010_010_111,
    0b111_001_111_100_111,
    0b111_001_111_001_111,
    0b101_101_111_001_001,
    0b111_100_111_001_111,
    0b111_100_111_101_111,
    0b111_001_010_010_010,
    0b111_101_111_101_111,
    0b111_101_111_001_111
  };

  private static final int BACKGROUND_STEP = 4;

  private final int width;
  private final int height;
  private final byte[] pixels;
  private final int square;
  private final int scale;

  SyntheticScene(int width, int height) {
    this.width = width;
    this.height = height;
    this.pixels = new byte[width * height];
    this.square = Math.max(4, Math.min(width, height) / 4);
    this.scale = Math.max(1, Math.min(width, height) / 40);
  }

  byte[] pixels() {
    return pixels;
  }

  /** Renders frame {@code n}; allocates nothing. */
  byte[] render(long n) {
    int shift = (int) (n * BACKGROUND_STEP % 256);
    for (int y = 0; y < height; y++) {
      int row = y * width;
      for (int x = 0; x < width; x++) {
        pixels[row + x] = (byte) (((x + y) * 255 / (width + height) + shift) % 192);
      }
    }
    int travel = Math.max(1, width - square);
    long step = n * Math.max(2, width / 32) % (2L * travel);
    int sx = (int) (step < travel ? step : 2L * travel - step);
    int sy = (height - square) / 2;
    fill(sx, sy, square, square, 255);
    drawNumber(n, scale * 2, scale * 2);
    return pixels;
  }

  /**
   * Turns the rendered picture in place as a camera with {@code controls} would deliver it:
   * mirrored left to right and/or top to bottom (a 180 degree rotation is both). Allocates nothing.
   */
  void orient(io.lightwire.hal.CameraControls controls) {
    if (controls.mirroredLeftRight()) {
      for (int y = 0; y < height; y++) {
        int row = y * width;
        for (int a = row, b = row + width - 1; a < b; a++, b--) {
          byte t = pixels[a];
          pixels[a] = pixels[b];
          pixels[b] = t;
        }
      }
    }
    if (controls.mirroredTopBottom()) {
      for (int top = 0, bottom = height - 1; top < bottom; top++, bottom--) {
        int a = top * width;
        int b = bottom * width;
        for (int x = 0; x < width; x++) {
          byte t = pixels[a + x];
          pixels[a + x] = pixels[b + x];
          pixels[b + x] = t;
        }
      }
    }
  }

  private void drawNumber(long n, int x0, int y0) {
    long v = Math.abs(n);
    int count = 1;
    for (long t = v; t >= 10; t /= 10) {
      count++;
    }
    int glyphWidth = 4 * scale;
    fill(x0 - scale, y0 - scale, count * glyphWidth + scale, 7 * scale, 0);
    for (int i = count - 1; i >= 0; i--) {
      drawGlyph(GLYPHS[(int) (v % 10)], x0 + i * glyphWidth, y0);
      v /= 10;
    }
  }

  private void drawGlyph(int glyph, int x0, int y0) {
    for (int r = 0; r < 5; r++) {
      for (int c = 0; c < 3; c++) {
        if ((glyph >> (14 - (r * 3 + c)) & 1) != 0) {
          fill(x0 + c * scale, y0 + r * scale, scale, scale, 255);
        }
      }
    }
  }

  private void fill(int x0, int y0, int w, int h, int value) {
    for (int y = Math.max(0, y0); y < Math.min(height, y0 + h); y++) {
      for (int x = Math.max(0, x0); x < Math.min(width, x0 + w); x++) {
        pixels[y * width + x] = (byte) value;
      }
    }
  }
}

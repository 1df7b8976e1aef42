package io.lightwire.websock.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Incremental UTF-8 validation (RFC 3629) as a small state machine that can stop after any byte and
 * resume with the next chunk, so a text message split across frames, reads or fragments is checked
 * as it arrives.
 *
 * <p>It fails at the first byte that cannot begin or continue a valid sequence: overlong forms
 * ({@code C0}, {@code C1}, {@code E0 80..9F}, {@code F0 80..8F}), UTF-16 surrogates ({@code ED
 * A0..BF}) and code points above U+10FFFF ({@code F4 90..}, {@code F5..FF}) are refused at the byte
 * that proves them wrong, not at the end of the sequence. ASCII runs are skipped eight bytes at a
 * time.
 *
 * <p>An instance holds one message's state and is not thread-safe. Nothing is allocated.
 */
public final class Utf8Validator {

  /** Result of {@link #validate}: every byte was consumed without error. */
  public static final int VALID = -1;

  // States: how the next byte is constrained.
  static final int ACCEPT = 0; // between code points
  static final int TAIL1 = 1; // one continuation byte 80..BF to go
  static final int TAIL2 = 2; // two to go
  static final int TAIL3 = 3; // three to go
  static final int AFTER_E0 = 4; // next A0..BF (no overlong 3-byte), then TAIL1
  static final int AFTER_ED = 5; // next 80..9F (no surrogates), then TAIL1
  static final int AFTER_F0 = 6; // next 90..BF (no overlong 4-byte), then TAIL2
  static final int AFTER_F4 = 7; // next 80..8F (nothing above U+10FFFF), then TAIL2
  static final int REJECT = 8;

  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;

  private int state = ACCEPT;

  /** Creates a validator at the start of a message. */
  public Utf8Validator() {}

  /** Forgets any partial sequence: ready for a new message. */
  public void reset() {
    state = ACCEPT;
  }

  /** True when the bytes seen so far end on a code point boundary (a message may end here). */
  public boolean isComplete() {
    return state == ACCEPT;
  }

  /** True after an invalid byte; stays so until {@link #reset()}. */
  public boolean isFailed() {
    return state == REJECT;
  }

  /**
   * Feeds {@code length} bytes continuing the sequence seen so far.
   *
   * @return {@link #VALID} when all bytes are acceptable so far, else the absolute index in {@code
   *     bytes} of the first byte that makes the text invalid (the validator is then failed)
   */
  public int validate(byte[] bytes, int offset, int length) {
    if (state == REJECT) {
      return offset;
    }
    int result = scan(state, bytes, offset, offset + length);
    if (result >= 0) {
      state = result;
      return VALID;
    }
    state = REJECT;
    return -result - 1;
  }

  /** True when the whole range is complete, valid UTF-8 (stateless convenience). */
  public static boolean isValid(byte[] bytes, int offset, int length) {
    return scan(ACCEPT, bytes, offset, offset + length) == ACCEPT;
  }

  /**
   * Runs the machine from {@code state} over {@code [from, to)}.
   *
   * @return the new state (>= 0), or {@code -(index + 1)} of the first bad byte
   */
  static int scan(int state, byte[] b, int from, int to) {
    int i = from;
    while (i < to) {
      if (state == ACCEPT) {
        // ASCII fast path: eight bytes per step while none has its high bit set.
        while (i + Long.BYTES <= to && ((long) LONG_LE.get(b, i) & HIGH_BITS) == 0) {
          i += Long.BYTES;
        }
        if (i == to) {
          break;
        }
      }
      int c = b[i] & 0xFF;
      switch (state) {
        case ACCEPT -> {
          if (c < 0x80) {
            state = ACCEPT;
          } else if (c >= 0xC2 && c <= 0xDF) {
            state = TAIL1;
          } else if (c == 0xE0) {
            state = AFTER_E0;
          } else if (c == 0xED) {
            state = AFTER_ED;
          } else if (c >= 0xE1 && c <= 0xEF) {
            state = TAIL2;
          } else if (c == 0xF0) {
            state = AFTER_F0;
          } else if (c >= 0xF1 && c <= 0xF3) {
            state = TAIL3;
          } else if (c == 0xF4) {
            state = AFTER_F4;
          } else {
            return -i - 1; // 80..C1 (stray continuation, overlong 2-byte), F5..FF
          }
        }
        case TAIL1, TAIL2, TAIL3 -> {
          if ((c & 0xC0) != 0x80) {
            return -i - 1;
          }
          state = state - 1;
        }
        case AFTER_E0 -> {
          if (c < 0xA0 || c > 0xBF) {
            return -i - 1;
          }
          state = TAIL1;
        }
        case AFTER_ED -> {
          if (c < 0x80 || c > 0x9F) {
            return -i - 1;
          }
          state = TAIL1;
        }
        case AFTER_F0 -> {
          if (c < 0x90 || c > 0xBF) {
            return -i - 1;
          }
          state = TAIL2;
        }
        case AFTER_F4 -> {
          if (c < 0x80 || c > 0x8F) {
            return -i - 1;
          }
          state = TAIL2;
        }
        default -> {
          return -i - 1;
        }
      }
      i++;
    }
    return state;
  }
}

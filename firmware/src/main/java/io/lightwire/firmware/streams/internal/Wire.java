package io.lightwire.firmware.streams.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ImmutableValue;
import org.msgpack.value.ValueType;

/**
 * The stream protocol's messages (docs/streams.md): every WebSocket message is one binary msgpack
 * array whose first element is the operation and whose second is the request id.
 *
 * <pre>
 * [1 LIST,   id]                      -&gt; [4 RESULT, id, [name, ...]]
 * [2 READ,   id, stream]              -&gt; [4 RESULT, id, value]
 * [3 WRITE,  id, stream, value]       -&gt; [4 RESULT, id, nil]   (no answer when id is 0)
 * [5 ERROR,  id, code, message, stream-or-nil]
 * </pre>
 *
 * Both sides send requests and answer them; ids are chosen by the side that asks.
 */
public final class Wire {

  public static final int LIST = 1;
  public static final int READ = 2;
  public static final int WRITE = 3;
  public static final int RESULT = 4;
  public static final int ERROR = 5;

  /** Deepest nesting of arrays and maps accepted in a value; deeper is malformed. */
  public static final int MAX_DEPTH = 32;

  /** The msgpack extension type of timestamps. */
  private static final byte TIMESTAMP_TYPE = -1;

  /** Largest request id (ids are non-negative 31-bit numbers; 0 means "no answer wanted"). */
  public static final long MAX_ID = Integer.MAX_VALUE;

  private Wire() {}

  /**
   * Packs the start of a request: {@code [op, id, stream?]}, leaving room for a value when WRITE.
   */
  public static void packRequest(MessagePacker p, int op, int id, String stream)
      throws IOException {
    int size = op == LIST ? 2 : op == READ ? 3 : 4;
    p.packArrayHeader(size).packInt(op).packInt(id);
    if (op != LIST) {
      p.packString(stream);
    }
  }

  /**
   * As {@link #packRequest(MessagePacker, int, int, String)} with the stream name already encoded
   * as UTF-8, so a write packs no new string (msgpack-core encodes a {@code String} into a new
   * array each time).
   */
  public static void packRequest(MessagePacker p, int op, int id, byte[] streamUtf8)
      throws IOException {
    int size = op == LIST ? 2 : op == READ ? 3 : 4;
    p.packArrayHeader(size).packInt(op).packInt(id);
    if (op != LIST) {
      p.packRawStringHeader(streamUtf8.length).writePayload(streamUtf8);
    }
  }

  /** Packs the start of an answer, {@code [RESULT, id]}; the value follows. */
  public static void packResultHeader(MessagePacker p, int id) throws IOException {
    p.packArrayHeader(3).packInt(RESULT).packInt(id);
  }

  /** Packs a whole error answer. */
  public static void packError(MessagePacker p, int id, String code, String message, String stream)
      throws IOException {
    p.packArrayHeader(5).packInt(ERROR).packInt(id).packString(code).packString(message);
    if (stream == null) {
      p.packNil();
    } else {
      p.packString(stream);
    }
  }

  /** An error answer as its own bytes (the error paths, which may allocate). */
  public static ByteBuffer error(int id, String code, String message, String stream) {
    try (var p = MessagePack.newDefaultBufferPacker()) {
      packError(p, id, code, message, stream);
      return ByteBuffer.wrap(p.toByteArray());
    } catch (IOException e) {
      throw new IllegalStateException("packing into memory cannot fail", e);
    }
  }

  /**
   * Checks that {@code bytes[offset, offset + length)} hold exactly one well-formed msgpack value
   * nested at most {@link #MAX_DEPTH} deep, without building it (so a hostile depth cannot exhaust
   * the stack of a recursive decoder). Returns null when it does, else what is wrong.
   */
  public static String checkOneValue(byte[] bytes, int offset, int length) {
    try (MessageUnpacker u = MessagePack.newDefaultUnpacker(bytes, offset, length)) {
      String problem = skipValues(u, 1, length);
      if (problem == null && u.hasNext()) {
        return "bytes after the value";
      }
      return problem;
    } catch (IOException | MessagePackException e) {
      return "not msgpack: " + e.getMessage();
    }
  }

  /**
   * Skips {@code count} values iteratively, keeping per level how many values are left; {@code
   * total} is the message's length, which no claimed length may exceed.
   *
   * @return null, or what is wrong
   */
  static String skipValues(MessageUnpacker u, long count, long total) throws IOException {
    long[] left = new long[MAX_DEPTH + 1];
    int depth = 0;
    left[0] = count;
    while (true) {
      while (depth >= 0 && left[depth] == 0) {
        depth--;
      }
      if (depth < 0) {
        return null;
      }
      if (!u.hasNext()) {
        return "message ends inside a value";
      }
      left[depth]--;
      MessageFormat format = u.getNextFormat();
      if (format == MessageFormat.NEVER_USED) {
        return "byte 0xc1 is never used in msgpack";
      }
      ValueType type = format.getValueType();
      long children;
      if (type == ValueType.ARRAY) {
        children = u.unpackArrayHeader();
      } else if (type == ValueType.MAP) {
        children = 2L * u.unpackMapHeader();
      } else if (type == ValueType.EXTENSION) {
        ExtensionTypeHeader ext = u.unpackExtensionTypeHeader();
        int length = ext.getLength();
        if (ext.getType() == TIMESTAMP_TYPE && length != 4 && length != 8 && length != 12) {
          // msgpack-core refuses to build such a value: refuse it here, where it is checked.
          return "a timestamp extension has 4, 8 or 12 bytes, not " + length;
        }
        if (length > total - u.getTotalReadBytes()) {
          // msgpack-core would allocate the claimed length before finding the bytes missing.
          return "an extension of " + length + " bytes is longer than the message";
        }
        u.readPayloadAsReference(length); // skips the payload
        continue;
      } else {
        u.skipValue();
        continue;
      }
      if (children > 0) {
        if (depth == MAX_DEPTH) {
          return "values nested deeper than " + MAX_DEPTH;
        }
        left[++depth] = children;
      }
    }
  }

  /** One decoded message. Fields are valid after {@link #decode} returned true. */
  public static final class Envelope {
    /** The operation. */
    public int op;

    /** The request id, or 0 when none could be read. */
    public int id;

    /** The stream named, or null. */
    public String stream;

    /** The value (WRITE, RESULT), or null. */
    public ImmutableValue value;

    /** The error code and message (ERROR), or null. */
    public String code;

    public String message;

    /** What was wrong when {@link #decode} returned false. */
    public String problem;

    /**
     * Decodes {@code bytes[offset, offset + length)}. Returns false with {@link #problem} set when
     * it is not one of the messages above; {@link #id} is kept when it could be read, so the error
     * answer can name the request.
     */
    public boolean decode(byte[] bytes, int offset, int length) {
      op = 0;
      id = 0;
      stream = null;
      value = null;
      code = null;
      message = null;
      problem = checkOneValue(bytes, offset, length);
      if (problem != null) {
        return false;
      }
      try (MessageUnpacker u = MessagePack.newDefaultUnpacker(bytes, offset, length)) {
        if (u.getNextFormat().getValueType() != ValueType.ARRAY) {
          problem = "a message is an array [op, id, ...], not " + u.getNextFormat().getValueType();
          return false;
        }
        int size = u.unpackArrayHeader();
        if (size < 2) {
          problem = "a message has at least [op, id], this one has " + size + " element(s)";
          return false;
        }
        if (u.getNextFormat().getValueType() != ValueType.INTEGER) {
          problem = "op must be an integer";
          return false;
        }
        long opValue = u.unpackLong();
        if (u.getNextFormat().getValueType() != ValueType.INTEGER) {
          problem = "id must be an integer";
          return false;
        }
        long idValue = u.unpackLong();
        if (idValue < 0 || idValue > MAX_ID) {
          problem = "id " + idValue + " is not in [0, " + MAX_ID + "]";
          return false;
        }
        id = (int) idValue;
        int expected =
            opValue == LIST
                ? 2
                : opValue == READ || opValue == RESULT ? 3 : opValue == WRITE ? 4 : -1;
        if (opValue == ERROR) {
          expected = size == 5 ? 5 : 4;
        }
        if (expected < 0) {
          problem = "unknown op " + opValue;
          return false;
        }
        op = (int) opValue;
        if (size != expected) {
          problem = "op " + op + " takes " + expected + " elements, this message has " + size;
          return false;
        }
        switch (op) {
          case READ, WRITE -> {
            if (u.getNextFormat().getValueType() != ValueType.STRING) {
              problem = "the stream name must be a string";
              return false;
            }
            stream = u.unpackString();
            if (op == WRITE) {
              value = u.unpackValue();
            }
          }
          case RESULT -> value = u.unpackValue();
          case ERROR -> {
            if (u.getNextFormat().getValueType() != ValueType.STRING) {
              problem = "an error code must be a string";
              return false;
            }
            code = u.unpackString();
            if (u.getNextFormat().getValueType() != ValueType.STRING) {
              problem = "an error message must be a string";
              return false;
            }
            message = u.unpackString();
            if (size == 5) {
              ValueType last = u.getNextFormat().getValueType();
              if (last == ValueType.STRING) {
                stream = u.unpackString();
              } else if (last == ValueType.NIL) {
                u.unpackNil();
              } else {
                problem = "an error's stream must be a string or nil";
                return false;
              }
            }
          }
          default -> {}
        }
        return true;
      } catch (IOException | MessagePackException e) {
        problem = "not msgpack: " + e.getMessage();
        return false;
      }
    }
  }
}

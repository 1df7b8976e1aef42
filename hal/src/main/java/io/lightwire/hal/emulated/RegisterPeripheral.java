package io.lightwire.hal.emulated;

/**
 * The usual register-file I2C peripheral: 256 byte registers; a write sets the register pointer
 * from its first byte and stores the rest from there; a read returns bytes from the pointer; the
 * pointer auto-increments (wrapping at 256).
 */
public final class RegisterPeripheral implements I2cPeripheral {

  private static final int REGISTERS = 256;

  private final byte[] registers = new byte[REGISTERS];
  private int pointer;

  /** A peripheral with every register 0. */
  public RegisterPeripheral() {}

  /** Sets a register as the device itself would (e.g. a sensor reading). */
  public synchronized void set(int register, int value) {
    registers[register & 0xff] = (byte) value;
  }

  /** The value of a register (e.g. what the code under test wrote). */
  public synchronized int get(int register) {
    return registers[register & 0xff] & 0xff;
  }

  @Override
  public synchronized void write(byte[] data, int offset, int length) {
    if (length == 0) {
      return;
    }
    pointer = data[offset] & 0xff;
    for (int i = 1; i < length; i++) {
      registers[pointer] = data[offset + i];
      pointer = (pointer + 1) % REGISTERS;
    }
  }

  @Override
  public synchronized void read(byte[] data, int offset, int length) {
    for (int i = 0; i < length; i++) {
      data[offset + i] = registers[pointer];
      pointer = (pointer + 1) % REGISTERS;
    }
  }
}

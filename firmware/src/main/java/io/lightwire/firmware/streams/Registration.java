package io.lightwire.firmware.streams;

/** A registered device stream. */
record Registration(String name, Permission permission, StreamHandler handler) {}

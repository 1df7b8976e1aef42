/**
 * The one strict JSON codec of Lightwire ({@link io.lightwire.firmware.json.JsonCodec}) and the
 * control-message reader built on it ({@link io.lightwire.firmware.json.JsonMessage}), exported so
 * that applications and the examples parse JSON the way the firmware does.
 */
package io.lightwire.firmware.json;

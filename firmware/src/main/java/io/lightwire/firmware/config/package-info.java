/**
 * The firmware's configuration: every key with its default, unit and validation ({@link
 * io.lightwire.firmware.config.ConfigKey}), read from a properties file and the command line into
 * an immutable {@link io.lightwire.firmware.config.FirmwareConfig}. Bad input is a {@link
 * io.lightwire.firmware.config.ConfigException} that names the key and the value.
 */
package io.lightwire.firmware.config;

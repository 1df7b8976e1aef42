/**
 * What the examples share: option parsing with picocli and {@code --help} ({@link
 * io.lightwire.examples.support.ExampleUsage}, {@link io.lightwire.examples.support.ExampleArgs},
 * {@link io.lightwire.examples.support.ServerOptions}), the same-origin upgrade check and how long
 * a server example runs ({@link io.lightwire.examples.support.Lifetime}).
 */
package io.lightwire.examples.support;

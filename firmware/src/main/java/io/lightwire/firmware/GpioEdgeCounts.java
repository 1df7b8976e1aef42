package io.lightwire.firmware;

/**
 * What became of the edges of one input since boot (also in {@code /status} under {@code
 * gpio.inputs}).
 *
 * @param bcm the GPIO number
 * @param edges edges the hardware reported
 * @param delivered times the application thread handed the pin's newest level to its listeners
 * @param coalesced edges that arrived while the previous one was still queued: they updated the
 *     queued level and timestamp instead of taking a queue slot
 * @param refused edges the full application queue refused; the newest level still reaches the
 *     listeners, with the next edge or the next sweep of the application thread (at most 250 ms)
 */
public record GpioEdgeCounts(int bcm, long edges, long delivered, long coalesced, long refused) {}

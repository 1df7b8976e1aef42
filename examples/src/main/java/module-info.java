/** Runnable programs mirroring the seeds' own examples, found by the CLI through ServiceLoader. */
module io.lightwire.examples {
  requires io.lightwire.firmware;
}

/** Board descriptors (header pin maps, capabilities, detection strings) as data. */
module io.lightwire.boards {
  requires transitive io.lightwire.hal;

  exports io.lightwire.boards;
}

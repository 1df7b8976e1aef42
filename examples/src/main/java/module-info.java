/** Runnable programs mirroring the seeds' own examples, found by the CLI through ServiceLoader. */
module io.lightwire.examples {
  requires io.lightwire.firmware;
  requires io.lightwire.websock;

  provides io.lightwire.firmware.Example with
      io.lightwire.examples.echo.EchoClientExample,
      io.lightwire.examples.chat.ChatExample,
      io.lightwire.examples.testserver.TestServerExample,
      io.lightwire.examples.client.ClientExample;
}

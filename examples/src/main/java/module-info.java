/** Runnable programs mirroring the seeds' own examples, found by the CLI through ServiceLoader. */
module io.lightwire.examples {
  requires io.lightwire.firmware;
  requires io.lightwire.websock;
  requires info.picocli; // the examples' command lines, parsed like lightwire's own
  requires org.bouncycastle.provider; // ASN.1 for echo-server's self-signed certificate
  requires org.bouncycastle.tls; // the JSSE provider for that certificate's context

  provides io.lightwire.firmware.Example with
      io.lightwire.examples.echo.EchoClientExample,
      io.lightwire.examples.echo.EchoServerExample,
      io.lightwire.examples.streams.StreamsExample,
      io.lightwire.examples.camera.CameraStreamExample,
      io.lightwire.examples.gpio.GpioRemoteExample,
      io.lightwire.examples.chat.ChatExample,
      io.lightwire.examples.testserver.TestServerExample,
      io.lightwire.examples.client.ClientExample;
}

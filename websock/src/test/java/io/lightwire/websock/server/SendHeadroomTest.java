package io.lightwire.websock.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lightwire.testsupport.RawWebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A send never writes outside the payload the caller passed, and takes read-only buffers (issue 19,
 * item 2).
 */
class SendHeadroomTest {

  private static final byte GUARD = (byte) 0xAA;

  private Server server;

  @AfterEach
  void stop() {
    server.stop();
    Pools.assertAllFree(server);
  }

  private int start(WebSocketHandler handler) throws Exception {
    server = Server.builder(ServerConfig.loopback()).protocol(Protocol.of("t", handler)).open();
    server.start();
    return server.localPort();
  }

  /** A copy of {@code payload} after {@code reserved} guard bytes, positioned at the payload. */
  private static ByteBuffer guarded(int reserved, ByteBuffer payload) {
    ByteBuffer mine = ByteBuffer.allocate(reserved + payload.remaining());
    Arrays.fill(mine.array(), 0, reserved, GUARD);
    mine.position(reserved);
    mine.put(payload).flip().position(reserved);
    return mine;
  }

  @Test
  void bytesBeforeThePayloadAreNotOverwritten() throws Exception {
    Recorder events = new Recorder();
    int port =
        start(
            new WebSocketHandler() {
              @Override
              public void onMessage(WebSocketConnection c, boolean text, ByteBuffer payload) {
                // The caller's own data sits before the payload: 16 guard bytes.
                ByteBuffer mine = guarded(16, payload);
                int sent = c.send(text, mine);
                byte[] before = Arrays.copyOf(mine.array(), 16);
                byte[] guards = new byte[16];
                Arrays.fill(guards, GUARD);
                events.events.add(
                    "sent "
                        + sent
                        + " guards "
                        + (Arrays.equals(before, guards) ? "intact" : "hit"));
              }
            });
    try (RawWebSocket ws = RawWebSocket.open(port, "/", "")) {
      for (int length : new int[] {5, 300, 65_535}) {
        byte[] payload = new byte[length];
        Arrays.fill(payload, (byte) 'p');
        ws.send(true, 2, payload);
        assertArrayEquals(payload, ws.read().payload());
        events.expect("sent " + length + " guards intact");
      }
    }
  }

  @Test
  void sendWithHeadroomWritesTheHeaderOnlyIntoTheReservedBytes() throws Exception {
    Recorder events = new Recorder();
    int port =
        start(
            new WebSocketHandler() {
              @Override
              public void onMessage(WebSocketConnection c, boolean text, ByteBuffer payload) {
                int reserved = 16 + WebSocketConnection.HEADROOM;
                ByteBuffer mine = guarded(reserved, payload);
                int header = payload.limit() <= 125 ? 2 : 4;
                int sent = c.sendWithHeadroom(text, mine);
                boolean guards = true;
                for (int k = 0; k < reserved - header; k++) {
                  guards &= mine.get(k) == GUARD;
                }
                boolean inPlace = mine.get(reserved - header) != GUARD; // the header is there
                // A read-only buffer cannot take the header: it is sent as send() does.
                int readOnly = c.sendWithHeadroom(text, mine.asReadOnlyBuffer().position(reserved));
                events.events.add(
                    "sent " + sent + " " + readOnly + " guards " + guards + " in place " + inPlace);
              }
            });
    try (RawWebSocket ws = RawWebSocket.open(port, "/", "")) {
      for (int length : new int[] {5, 300}) {
        byte[] payload = new byte[length];
        Arrays.fill(payload, (byte) 'q');
        ws.send(true, 2, payload);
        assertArrayEquals(payload, ws.read().payload());
        assertArrayEquals(payload, ws.read().payload());
        events.expect("sent " + length + " " + length + " guards true in place true");
      }
    }
  }

  @Test
  void aReadOnlyPayloadSuchAsOnFragmentsOwnIsEchoed() throws Exception {
    int port =
        start(
            new WebSocketHandler() {
              @Override
              public boolean wantsFragments() {
                return true;
              }

              @Override
              public void onFragment(
                  WebSocketConnection c,
                  int opcode,
                  boolean frameFin,
                  ByteBuffer payload,
                  long remainingInFrame) {
                c.send(opcode == 1, payload); // the receive buffer's read-only view
              }
            });
    try (RawWebSocket ws = RawWebSocket.open(port, "/", "")) {
      for (String text : new String[] {"hello", "x".repeat(200)}) {
        ws.sendText(text);
        RawWebSocket.Frame echo = ws.read();
        assertEquals(1, echo.opcode());
        assertEquals(text, new String(echo.payload(), StandardCharsets.UTF_8));
      }
      ws.send(true, 8, WebSocketConformanceTest.closePayload(1000, ""));
      assertEquals(1000, ws.readUntilClose().closeCode());
    }
  }
}

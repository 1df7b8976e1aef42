package io.lightwire.websock.bench;

import io.lightwire.websock.client.ClientConfig;
import io.lightwire.websock.client.MessageHeader;
import io.lightwire.websock.client.WebSocketClient;
import io.lightwire.websock.protocol.WebSocketProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A 1 KiB binary message sent and its echo received over loopback, with the client thread's
 * allocated bytes on the send and the receive path counted apart ({@code
 * com.sun.management.ThreadMXBean#getThreadAllocatedBytes}). The echo server is a tiny raw-socket
 * loop on its own thread (unmasks and sends back), so only the client is measured. Read {@code
 * sendBytes} / {@code recvBytes} divided by {@code messages}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ClientRoundTripBenchmark {

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** Per-iteration totals reported by JMH next to the timing. */
  @AuxCounters(AuxCounters.Type.EVENTS)
  @State(Scope.Thread)
  public static class Allocation {
    public long sendBytes;
    public long recvBytes;
    public long messages;

    /** Zeroes the counters for each iteration. */
    @Setup(Level.Iteration)
    public void clear() {
      sendBytes = 0;
      recvBytes = 0;
      messages = 0;
    }
  }

  private ServerSocket listener;
  private Thread echo;
  private WebSocketClient client;
  private final byte[] message = new byte[1024];
  private final byte[] buffer = new byte[4096];
  private final MessageHeader header = new MessageHeader();

  /** Starts the echo loop and connects. */
  @Setup
  public void setup() throws Exception {
    listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    echo = new Thread(this::serve, "bench-echo");
    echo.setDaemon(true);
    echo.start();
    client =
        WebSocketClient.open(
            ClientConfig.builder()
                .host("127.0.0.1")
                .port(listener.getLocalPort())
                .buffers(new byte[8192], new byte[8192])
                .build());
  }

  /** Closes everything. */
  @TearDown
  public void tearDown() throws IOException {
    client.close(1000, "", 1_000);
    listener.close();
  }

  /** One message out, its echo in. */
  @Benchmark
  public int roundTrip(Allocation allocation) throws IOException {
    long tid = Thread.currentThread().threadId();
    long t0 = THREADS.getThreadAllocatedBytes(tid);
    client.sendBinary(message, 0, message.length);
    long t1 = THREADS.getThreadAllocatedBytes(tid);
    int total = 0;
    do {
      total += client.recv(header, buffer, 0, buffer.length, 5_000);
    } while (!header.endOfMessage());
    long t2 = THREADS.getThreadAllocatedBytes(tid);
    allocation.sendBytes += t1 - t0;
    allocation.recvBytes += t2 - t1;
    allocation.messages++;
    return total;
  }

  /** Accepts one client, answers the upgrade, then echoes binary frames unmasked. */
  private void serve() {
    try (Socket socket = listener.accept()) {
      socket.setTcpNoDelay(true);
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      StringBuilder request = new StringBuilder();
      while (!request.toString().endsWith("\r\n\r\n")) {
        request.append((char) in.read());
      }
      String key = request.toString().replaceAll("(?s).*Sec-WebSocket-Key: ([^\r]+).*", "$1");
      String accept = new io.lightwire.websock.protocol.HandshakeKeys().accept(key);
      out.write(
          ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  + "Sec-WebSocket-Accept: "
                  + accept
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      byte[] frame = new byte[65536];
      java.io.DataInputStream data = new java.io.DataInputStream(in);
      while (true) {
        data.readFully(frame, 0, 2);
        int opcode = frame[0] & 0x0F;
        int len = frame[1] & 0x7F;
        if (len == 126) {
          data.readFully(frame, 0, 2);
          len = ((frame[0] & 0xFF) << 8) | (frame[1] & 0xFF);
        }
        data.readFully(frame, 0, 4);
        int mask =
            ((frame[0] & 0xFF) << 24)
                | ((frame[1] & 0xFF) << 16)
                | ((frame[2] & 0xFF) << 8)
                | (frame[3] & 0xFF);
        int h =
            io.lightwire.websock.protocol.FrameCodec.encodeHeader(
                frame, 0, true, opcode, len, false, 0);
        data.readFully(frame, h, len);
        io.lightwire.websock.protocol.Masking.mask(frame, h, len, mask, 0);
        out.write(frame, 0, h + len);
        if (opcode == WebSocketProtocol.OPCODE_CLOSE) {
          return;
        }
      }
    } catch (IOException e) {
      // The benchmark ended.
    }
  }
}

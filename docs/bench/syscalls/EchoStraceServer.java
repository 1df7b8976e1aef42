import io.lightwire.websock.server.*;
import java.nio.ByteBuffer;

/** A websock echo server for syscall counting: prints its port, serves until killed. */
public class EchoStraceServer {
  public static void main(String[] args) throws Exception {
    WebSocketHandler echo = new WebSocketHandler() {
      @Override public void onMessage(WebSocketConnection c, boolean text, ByteBuffer payload) {
        c.send(text, payload);
      }
    };
    Protocol p = new Protocol("echo", null, echo, QueuePolicy.REFUSE, 128, () -> null);
    Server s = Server.builder(ServerConfig.builder().maxConnections(4).build()).protocol(p).open();
    System.out.println(s.localPort());
    System.out.flush();
    while (true) { s.service(-1); }
  }
}

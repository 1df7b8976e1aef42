package io.lightwire.firmware.flash;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

/**
 * A board over SSH, through Apache MINA SSHD: public-key login, host key checked against a
 * known_hosts file (an unknown host is refused unless trusting new hosts was asked for; a changed
 * key is always refused), commands on an exec channel, uploads over SFTP.
 */
public final class SshBoard implements Board {

  private static final int CHUNK_BYTES = 32 * 1024;

  private final SshClient client;
  private final ClientSession session;
  private final String hostKey;

  private final boolean newlyTrusted;

  private SshBoard(SshClient client, ClientSession session, String hostKey, boolean newlyTrusted) {
    this.client = client;
    this.session = session;
    this.hostKey = hostKey;
    this.newlyTrusted = newlyTrusted;
  }

  /** Whether the host key was unknown and trusted now (--trust-new-host), and so recorded. */
  public boolean newlyTrusted() {
    return newlyTrusted;
  }

  /**
   * Where and how to connect.
   *
   * @param user the login user
   * @param host name or address
   * @param port SSH port
   * @param identities private key files to offer (OpenSSH or PEM; an encrypted one's passphrase is
   *     asked on the terminal)
   * @param knownHosts the known_hosts file
   * @param trustNewHost accept and record a host key that known_hosts does not list
   * @param timeout connect and login limit
   */
  public record Target(
      String user,
      String host,
      int port,
      List<Path> identities,
      Path knownHosts,
      boolean trustNewHost,
      Duration timeout) {}

  /**
   * Connects and logs in.
   *
   * @throws FlashException when the host key is unknown or changed (the message says which and what
   *     to do), or the login fails
   */
  public static SshBoard connect(Target target) throws FlashException {
    SshClient client = SshClient.setUpDefaultClient();
    AtomicReference<String> refusal = new AtomicReference<>();
    AtomicReference<String> fingerprint = new AtomicReference<>("?");
    java.util.concurrent.atomic.AtomicBoolean trusted =
        new java.util.concurrent.atomic.AtomicBoolean();
    KnownHostsServerKeyVerifier verifier =
        new KnownHostsServerKeyVerifier(
            // Accepting here makes the verifier record the key in known_hosts.
            target.trustNewHost()
                ? (session, remote, key) -> true
                : RejectAllServerKeyVerifier.INSTANCE,
            target.knownHosts()) {
          @Override
          protected boolean acceptUnknownHostKey(
              ClientSession session, SocketAddress remote, PublicKey key) {
            fingerprint.set(describe(key));
            boolean accepted = super.acceptUnknownHostKey(session, remote, key);
            if (accepted) {
              trusted.set(true);
            } else {
              refusal.set(
                  "the host key of "
                      + target.host()
                      + ":"
                      + target.port()
                      + " ("
                      + describe(key)
                      + ") is not in "
                      + target.knownHosts()
                      + ": refused. Check the fingerprint on the board"
                      + " (ssh-keygen -lf /etc/ssh/ssh_host_ecdsa_key.pub), then flash once with"
                      + " --trust-new-host, or add it with ssh-keyscan.");
            }
            return accepted;
          }

          @Override
          public boolean acceptModifiedServerKey(
              ClientSession session,
              SocketAddress remote,
              KnownHostEntry entry,
              PublicKey expected,
              PublicKey actual) {
            fingerprint.set(describe(actual));
            refusal.set(
                "the host key of "
                    + target.host()
                    + ":"
                    + target.port()
                    + " CHANGED: "
                    + target.knownHosts()
                    + " has "
                    + describe(expected)
                    + ", the host sent "
                    + describe(actual)
                    + ". Refused (someone may be in between). If the board was reinstalled,"
                    + " remove its line: ssh-keygen -R '"
                    + (target.port() == 22
                        ? target.host()
                        : "[" + target.host() + "]:" + target.port())
                    + "'");
            return false;
          }
        };
    client.setServerKeyVerifier(
        (session, remote, key) -> {
          boolean ok = verifier.verifyServerKey(session, remote, key);
          if (ok) {
            fingerprint.set(describe(key));
          }
          return ok;
        });
    FileKeyPairProvider keys = new FileKeyPairProvider(target.identities());
    keys.setPasswordFinder(SshBoard::askPassphrase);
    client.setKeyIdentityProvider(keys);
    client.start();
    ClientSession session = null;
    try {
      session =
          client
              .connect(target.user(), target.host(), target.port())
              .verify(target.timeout())
              .getClientSession();
      session.auth().verify(target.timeout());
      return new SshBoard(client, session, fingerprint.get(), trusted.get());
    } catch (IOException e) {
      closeQuietly(session);
      client.stop();
      if (refusal.get() != null) {
        throw new FlashException(refusal.get(), e);
      }
      throw new FlashException(
          "cannot log in to "
              + target.user()
              + "@"
              + target.host()
              + ":"
              + target.port()
              + ": "
              + e.getMessage()
              + " (keys offered: "
              + target.identities()
              + ")",
          e);
    }
  }

  /**
   * An encrypted key's passphrase, asked on the terminal (none without one: the key is skipped).
   */
  private static String askPassphrase(
      org.apache.sshd.common.session.SessionContext session,
      org.apache.sshd.common.NamedResource key,
      int retry) {
    java.io.Console console = System.console();
    if (console == null || !console.isTerminal() || retry > 2) {
      return null;
    }
    char[] passphrase = console.readPassword("passphrase for %s: ", key.getName());
    return passphrase == null ? null : new String(passphrase);
  }

  private static String describe(PublicKey key) {
    return KeyUtils.getKeyType(key) + " " + KeyUtils.getFingerPrint(key);
  }

  @Override
  public String hostKey() {
    return hostKey;
  }

  @Override
  public Result exec(String command, Duration timeout) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (ChannelExec channel = session.createExecChannel(command)) {
      channel.setOut(out);
      channel.setErr(err);
      channel.open().verify(timeout);
      var events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout);
      if (events.contains(ClientChannelEvent.TIMEOUT)) {
        throw new IOException("the board's command did not end within " + timeout);
      }
      Integer status = channel.getExitStatus();
      return new Result(
          status == null ? -1 : status,
          out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8));
    }
  }

  @Override
  public void upload(Path local, String remote, UploadListener listener) throws IOException {
    byte[] chunk = new byte[CHUNK_BYTES];
    try (SftpClient sftp = SftpClientFactory.instance().createSftpClient(session);
        InputStream in = Files.newInputStream(local);
        OutputStream out = sftp.write(remote)) {
      long sent = 0;
      int n;
      while ((n = in.read(chunk)) > 0) {
        out.write(chunk, 0, n);
        sent += n;
        listener.sent(sent);
      }
    }
  }

  @Override
  public void rename(String from, String to) throws IOException {
    try (SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
      // Plain SFTP v3 rename, which OpenSSH's sftp-server speaks (copy options need v5+); the
      // target never exists, since `prepare` empties incoming/ first.
      sftp.rename(from, to);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      session.close();
    } finally {
      client.stop();
    }
  }

  private static void closeQuietly(ClientSession session) {
    if (session != null) {
      try {
        session.close();
      } catch (IOException e) {
        // the connection already failed; that error is reported
      }
    }
  }
}

package io.lightwire.firmware.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Whether an output of this process is the systemd journal: systemd sets {@code
 * JOURNAL_STREAM=DEVICE:INODE} for a service whose stdout or stderr it connects to journald, and
 * the descriptor is then that socket (sd_journal_stream_fd(3)). A shell that merely inherited the
 * variable, with a terminal on the descriptor, is not the journal.
 */
public final class Journald {

  private Journald() {}

  /**
   * True when file descriptor {@code fd} (1 for stdout, 2 for stderr) is the journal's stream.
   * Where {@code /proc} cannot tell, the variable's presence decides.
   */
  public static boolean isJournal(int fd, Map<String, String> env) {
    String stream = env.get("JOURNAL_STREAM");
    if (stream == null || stream.isBlank()) {
      return false;
    }
    int colon = stream.indexOf(':');
    String inode = colon < 0 ? "" : stream.substring(colon + 1).strip();
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
      // A socket descriptor reads as "socket:[INODE]".
      return target.equals("socket:[" + inode + "]");
    } catch (IOException | UnsupportedOperationException e) {
      return true;
    }
  }
}

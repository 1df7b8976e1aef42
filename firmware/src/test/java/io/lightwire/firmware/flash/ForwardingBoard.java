package io.lightwire.firmware.flash;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A {@link Board} that forwards every call to another; a test overrides the one call where it
 * injects a failure (a dropped connection, a stopped server).
 */
abstract class ForwardingBoard implements Board {

  protected final Board delegate;

  ForwardingBoard(Board delegate) {
    this.delegate = delegate;
  }

  @Override
  public Result exec(String command, Duration timeout) throws IOException {
    return delegate.exec(command, timeout);
  }

  @Override
  public void upload(Path local, String remote, UploadListener listener) throws IOException {
    delegate.upload(local, remote, listener);
  }

  @Override
  public void rename(String from, String to) throws IOException {
    delegate.rename(from, to);
  }

  @Override
  public String hostKey() {
    return delegate.hostKey();
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }
}

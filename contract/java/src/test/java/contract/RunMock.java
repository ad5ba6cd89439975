package contract;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts one slackmock for the whole test run and gives its URL to the examples in the system
 * property {@code slackmock.url}, which they read as a service's tests would read their Slack
 * URL; stops it when the run ends. A {@code slackmock.url} given on the command line
 * ({@code mvn test -Dslackmock.url=http://127.0.0.1:8080}) is used as it is, and nothing starts.
 */
public class RunMock implements LauncherSessionListener {
  private SlackMock mock;

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    if (System.getProperty("slackmock.url") != null) {
      return;
    }
    try {
      mock = SlackMock.start();
    } catch (Exception e) {
      throw new IllegalStateException("starting slackmock for the run", e);
    }
    System.setProperty("slackmock.url", mock.base);
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    if (mock == null) {
      return;
    }
    System.clearProperty("slackmock.url");
    try {
      int code = mock.stop();
      if (code != 0) {
        throw new IllegalStateException("slackmock exited " + code + " on SIGTERM; its output:\n" + mock.output());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      mock = null;
    }
  }
}

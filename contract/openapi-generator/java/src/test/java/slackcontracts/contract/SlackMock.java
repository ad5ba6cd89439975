package slackcontracts.contract;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kit's slackmock binary on a free loopback port, for the tests beside it. The binary is
 * $SLACKMOCK_BIN, or one built from the repository with {@code go build} when that is unset.
 */
final class SlackMock implements AutoCloseable {
  private static final Pattern SERVING =
      Pattern.compile("^slackmock: serving the Slack Web API at (http://\\S+)/api/ ");

  private final Process process;
  private final Path buildDir;
  private final HttpClient http = HttpClient.newHttpClient();
  /** Such as http://127.0.0.1:PORT; the Slack methods are under base + "/api". */
  final String base;

  private SlackMock(Process process, Path buildDir, String base) {
    this.process = process;
    this.buildDir = buildDir;
    this.base = base;
  }

  /** Starts the mock on 127.0.0.1:0 and answers once it has printed its base URL. */
  static SlackMock start() throws IOException, InterruptedException {
    Path buildDir = null;
    String bin = System.getenv("SLACKMOCK_BIN");
    if (bin == null || bin.isEmpty()) {
      buildDir = Files.createTempDirectory("slackmock-");
      bin = buildDir.resolve("slackmock").toString();
      Path repo = Path.of("").toAbsolutePath().resolve("../../..").normalize();
      Process go =
          new ProcessBuilder("go", "build", "-o", bin, "./mock/cmd/slackmock")
              .directory(repo.toFile())
              .redirectErrorStream(true)
              .start();
      String out = new String(go.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (go.waitFor() != 0) {
        throw new IOException("go build of slackmock failed:\n" + out);
      }
    }
    Process p =
        new ProcessBuilder(bin, "-addr", "127.0.0.1:0")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    BufferedReader stdout =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String first = stdout.readLine();
    Matcher m = SERVING.matcher(first == null ? "" : first);
    if (!m.find()) {
      p.destroyForcibly();
      throw new IOException("slackmock printed no base URL; its first line: " + first);
    }
    // Keep reading stdout so that the mock never blocks on a full pipe.
    Thread drain =
        new Thread(
            () -> {
              try {
                while (stdout.readLine() != null) {
                  // discarded: the banner's other lines
                }
              } catch (IOException e) {
                // the mock has stopped
              }
            });
    drain.setDaemon(true);
    drain.start();
    return new SlackMock(p, buildDir, m.group(1));
  }

  /** Calls the control API: method, path under /_mock/, and a JSON body or null. */
  JsonElement control(String method, String path, String json) throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + "/_mock/" + path)).timeout(Duration.ofSeconds(10));
    if (json == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IOException(method + " /_mock/" + path + ": HTTP " + r.statusCode() + ": " + r.body());
    }
    return r.body().isEmpty() ? null : JsonParser.parseString(r.body());
  }

  /** Stops the mock with SIGTERM and answers its exit code. */
  int stop() throws InterruptedException, IOException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("slackmock did not stop within 10 s of SIGTERM");
    }
    return process.exitValue();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly().waitFor();
    }
    if (buildDir != null) {
      Files.deleteIfExists(buildDir.resolve("slackmock"));
      Files.deleteIfExists(buildDir);
    }
  }
}

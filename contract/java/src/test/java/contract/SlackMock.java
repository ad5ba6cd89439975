package contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kit's slackmock binary, running on a free loopback port for the tests of this folder, and
 * a client of its control API (java.net.http and Gson only).
 *
 * <p>The binary is the system property {@code slackmock.bin}, else the environment variable
 * {@code SLACKMOCK_BIN}; with neither, {@link #start()} builds it with {@code go build} from
 * the root of the repository (two folders up from this Maven project).
 */
final class SlackMock {
  /** The line slackmock prints first, with the base URL in it. */
  private static final Pattern SERVING =
      Pattern.compile("^slackmock: serving the Slack Web API at (http://\\S+)/api/ ");

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Process process;
  private final StringBuilder output;
  private final Thread killOnExit;

  /** The mock's root, such as http://127.0.0.1:PORT; the Slack methods are under base + "/api/". */
  final String base;

  private SlackMock(Process process, StringBuilder output, Thread killOnExit, String base) {
    this.process = process;
    this.output = output;
    this.killOnExit = killOnExit;
    this.base = base;
  }

  /** Starts slackmock on 127.0.0.1:0 and answers once it has printed its base URL. */
  static SlackMock start() throws IOException, InterruptedException {
    Process p = new ProcessBuilder(binary(), "-addr", "127.0.0.1:0").redirectErrorStream(true).start();
    // Never leave the mock behind, even when the test JVM dies on a failure.
    Thread killOnExit = new Thread(p::destroyForcibly);
    Runtime.getRuntime().addShutdownHook(killOnExit);

    StringBuilder output = new StringBuilder();
    CompletableFuture<String> base = new CompletableFuture<>();
    Thread reader = new Thread(() -> readOutput(p.getInputStream(), output, base), "slackmock-output");
    reader.setDaemon(true);
    reader.start();
    try {
      return new SlackMock(p, output, killOnExit, base.get(10, TimeUnit.SECONDS));
    } catch (ExecutionException | TimeoutException e) {
      p.destroyForcibly();
      throw new IllegalStateException("slackmock printed no base URL within 10 s; its output:\n" + output, e);
    }
  }

  /** Copies the mock's output into output (read whole, so that the pipe never fills) and answers the base URL. */
  private static void readOutput(InputStream in, StringBuilder output, CompletableFuture<String> base) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        synchronized (output) {
          output.append(line).append('\n');
        }
        Matcher m = SERVING.matcher(line);
        if (m.find()) {
          base.complete(m.group(1));
        }
      }
    } catch (IOException e) {
      base.completeExceptionally(e);
    }
    base.completeExceptionally(new IllegalStateException("slackmock's output ended"));
  }

  /** The binary to run: slackmock.bin, SLACKMOCK_BIN, or one built now under target/. */
  private static String binary() throws IOException, InterruptedException {
    String bin = System.getProperty("slackmock.bin", System.getenv("SLACKMOCK_BIN"));
    if (bin != null && !bin.isEmpty()) {
      return bin;
    }
    Path root = Path.of("").toAbsolutePath().resolve("../..").normalize();
    Path out = Path.of("target", "slackmock").toAbsolutePath();
    Process go = new ProcessBuilder("go", "build", "-o", out.toString(), "./mock/cmd/slackmock")
        .directory(root.toFile()).redirectErrorStream(true).start();
    String log = new String(go.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (go.waitFor() != 0 || !Files.isExecutable(out)) {
      throw new IllegalStateException("go build of slackmock failed in " + root + ":\n" + log);
    }
    return out.toString();
  }

  /** Sends SIGTERM (Process.destroy) and answers the exit code once the mock has stopped. */
  int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("slackmock did not stop within 10 s of SIGTERM; its output:\n" + output());
    }
    Runtime.getRuntime().removeShutdownHook(killOnExit);
    return process.exitValue();
  }

  /** What the mock has printed so far. */
  String output() {
    synchronized (output) {
      return output.toString();
    }
  }

  /** A control API call that must answer 200: its parsed JSON. body is sent as JSON when not null. */
  JsonObject control(String method, String path, String body) throws IOException, InterruptedException {
    HttpResponse<String> res = controlRaw(method, path, body);
    assertEquals(200, res.statusCode(), () -> method + " /_mock/" + path + ": " + res.body());
    return JsonParser.parseString(res.body()).getAsJsonObject();
  }

  /** A control API call, whatever its status. */
  HttpResponse<String> controlRaw(String method, String path, String body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/_mock/" + path)).timeout(Duration.ofSeconds(30));
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Back to the fixture the mock started with: no fault, no rate limit, an empty journal. */
  void reset() throws IOException, InterruptedException {
    control("POST", "restore", null);
    control("DELETE", "requests", null);
    control("DELETE", "faults", null);
    control("DELETE", "ratelimit", null);
  }

  /** Adds a fault ({@code POST /_mock/faults}) given as JSON. */
  void fault(String json) throws IOException, InterruptedException {
    control("POST", "faults", json);
  }

  /** The journal's calls of method (of every method when null), oldest first ({@code GET /_mock/requests}). */
  List<JsonObject> requests(String method) throws IOException, InterruptedException {
    JsonObject list = control("GET", method == null ? "requests" : "requests?method=" + method, null);
    assertEquals(0, list.get("dropped").getAsInt(), "the journal dropped calls");
    List<JsonObject> calls = new ArrayList<>();
    list.getAsJsonArray("requests").forEach(c -> calls.add(c.getAsJsonObject()));
    return calls;
  }

  /** The ids of userId's live sessions, ascending ({@code GET /_mock/sessions?user_id=}). */
  List<Long> sessionsOf(String userId) throws IOException, InterruptedException {
    List<Long> ids = new ArrayList<>();
    control("GET", "sessions?user_id=" + userId, null).getAsJsonArray("sessions")
        .forEach(s -> ids.add(s.getAsJsonObject().get("session_id").getAsLong()));
    ids.sort(null);
    return ids;
  }
}

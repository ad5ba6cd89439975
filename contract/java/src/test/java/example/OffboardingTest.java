// A Java service's test against slackmock, through Slack's SDK, on an org of its own: `make mock`
// first, or -Dslackmock.url=URL.
package example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class OffboardingTest {
  static final String BASE = System.getProperty("slackmock.url", "http://127.0.0.1:8080");

  // The service under test: it signs a user out of every session.
  static void offboard(Slack slack, String token, String userId) throws Exception {
    var res = slack.methodsAsync(token).adminUsersSessionReset(r -> r.userId(userId)).get();
    if (!res.isOk()) throw new IllegalStateException("reset " + userId + ": " + res.getError());
  }

  static JsonObject call(String method, String url, String body) throws Exception {
    var req = HttpRequest.newBuilder(URI.create(url)).method(method, body == null
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
    var res = HttpClient.newHttpClient().send(req, BodyHandlers.ofString());
    return JsonParser.parseString(res.body()).getAsJsonObject();
  }

  @Test
  void offboardingSignsTheUserOutThroughARateLimit() throws Exception {
    var org = call("POST", BASE + "/_mock/orgs", Files.readString(Path.of("../../examples/org.json"))); // this test's own
    var control = org.get("control_url").getAsString();
    call("POST", control + "faults", "{\"method\":\"admin.users.session.reset\",\"status\":429,\"retry_after\":1,\"times\":1}");

    var config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(org.get("api_url").getAsString());
    try (var slack = Slack.getInstance(config)) {
      offboard(slack, "xoxp-acme-admin", "W0BOB0001"); // the async client waits out the 429 and calls again
    }
    assertEquals(0, call("GET", control + "sessions?user_id=W0BOB0001", null).getAsJsonArray("sessions").size());
    var calls = call("GET", control + "requests?method=admin.users.session.reset", null).getAsJsonArray("requests").asList();
    assertEquals(List.of(429, 200), calls.stream().map(c -> c.getAsJsonObject().get("status").getAsInt()).toList());
    call("DELETE", BASE + "/_mock/orgs/" + org.get("id").getAsString(), null);
  }
}

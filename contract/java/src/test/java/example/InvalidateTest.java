// Today's admin.users.session.invalidate from Java. Slack now requires user_id with session_id;
// the SDK's AdminUsersSessionInvalidateRequest has no userId (only the 2020 shape, session_id and
// team_id), so build the form yourself and send it through the SDK's methods client: the token
// still goes in the Authorization header and the answer is parsed into the SDK's response class.
package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.Methods;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.admin.users.AdminUsersSessionInvalidateResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class InvalidateTest {
  static final String BASE = System.getProperty("slackmock.url", "http://127.0.0.1:8080");

  static AdminUsersSessionInvalidateResponse invalidate(MethodsClient slack, String token, String userId,
      long sessionId) throws IOException, SlackApiException {
    return slack.postFormWithTokenAndParseResponse(
        form -> form.add("user_id", userId).add("session_id", Long.toString(sessionId)),
        Methods.ADMIN_USERS_SESSION_INVALIDATE, token, AdminUsersSessionInvalidateResponse.class);
  }

  @Test
  void invalidateWithUserIdAndSessionId() throws Exception {
    var restore = HttpRequest.newBuilder(URI.create(BASE + "/_mock/restore")).POST(HttpRequest.BodyPublishers.noBody());
    HttpClient.newHttpClient().send(restore.build(), HttpResponse.BodyHandlers.discarding()); // the demo org

    var config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(BASE + "/api/");
    try (var slack = Slack.getInstance(config)) {
      MethodsClient methods = slack.methods("xoxp-demo-admin");
      assertTrue(invalidate(methods, "xoxp-demo-admin", "W0BOB0001", 1112275520242L).isOk());

      // The SDK's own request, without user_id, is refused as Slack refuses it.
      var old = methods.adminUsersSessionInvalidate(r -> r.sessionId("1112275520243").teamId("T0DEMO002"));
      assertEquals("invalid_arguments", old.getError());
      assertEquals("[ERROR] missing required field: user_id", old.getResponseMetadata().getMessages().get(0));
    }
  }
}

package slackcontracts.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import slackcontracts.generated.ApiClient;
import slackcontracts.generated.ApiException;
import slackcontracts.generated.ApiResponse;
import slackcontracts.generated.api.AdminUsersSessionApi;
import slackcontracts.generated.api.ApiApi;
import slackcontracts.generated.api.AuthApi;
import slackcontracts.generated.model.ActiveSession;
import slackcontracts.generated.model.ApiTestAnswer;
import slackcontracts.generated.model.ApiTestArgs;
import slackcontracts.generated.model.AuthTestAnswer;
import slackcontracts.generated.model.GetSessionSettingsArgs;
import slackcontracts.generated.model.InvalidateSessionArgs;
import slackcontracts.generated.model.ListSessionsArgs;
import slackcontracts.generated.model.ResetSessionsArgs;
import slackcontracts.generated.model.SessionListAnswer;
import slackcontracts.generated.model.SessionSettingsAnswer;
import slackcontracts.generated.model.SetSessionSettingsArgs;
import slackcontracts.generated.model.SlackResponse;
import slackcontracts.generated.model.UserSessionSettings;

/**
 * openapi-generator's Java client (okhttp-gson), generated from openapi.yaml, against
 * slackmock with the demo fixture. Each test starts from the fixture, with no fault and an
 * empty journal; what the client sent is read back from the journal by the answer's
 * X-Slack-Req-Id.
 */
class GeneratedClientTest {
  private static SlackMock mock;
  private AdminUsersSessionApi admin;

  @BeforeAll
  static void startMock() throws Exception {
    mock = SlackMock.start();
  }

  @AfterAll
  static void stopMock() throws Exception {
    try {
      assertEquals(0, mock.stop(), "slackmock's exit code on SIGTERM");
    } finally {
      mock.close();
    }
  }

  @BeforeEach
  void fresh() throws Exception {
    mock.control("POST", "restore", null);
    mock.control("DELETE", "faults", null);
    mock.control("DELETE", "ratelimit", null);
    mock.control("DELETE", "requests", null);
    admin = new AdminUsersSessionApi(client("xoxp-demo-admin"));
  }

  /** A generated client on the mock's /api, with the token as Authorization: Bearer (or none). */
  private static ApiClient client(String token) {
    ApiClient c = new ApiClient().setBasePath(mock.base + "/api");
    if (token != null) {
      c.setBearerToken(token);
    }
    return c;
  }

  /** The journal's entry for the call the mock answered with this X-Slack-Req-Id. */
  private static JsonObject journalEntry(Map<String, List<String>> headers) throws Exception {
    String id = header(headers, "X-Slack-Req-Id");
    assertNotNull(id, "X-Slack-Req-Id on the answer");
    for (JsonElement e : mock.control("GET", "requests", null).getAsJsonObject().getAsJsonArray("requests")) {
      if (id.equals(e.getAsJsonObject().get("request_id").getAsString())) {
        return e.getAsJsonObject();
      }
    }
    throw new AssertionError("no call with request_id " + id + " in the journal");
  }

  /** A header of an answer, by name in any case (okhttp gives the names in lower case). */
  private static String header(Map<String, List<String>> headers, String name) {
    for (Map.Entry<String, List<String>> h : headers.entrySet()) {
      if (h.getKey().equalsIgnoreCase(name) && !h.getValue().isEmpty()) {
        return h.getValue().get(0);
      }
    }
    return null;
  }

  /** The ids of the user's live sessions, from the control API. */
  private static TreeSet<Long> liveSessions(String userId) throws Exception {
    TreeSet<Long> ids = new TreeSet<>();
    JsonArray sessions =
        mock.control("GET", "sessions?user_id=" + userId, null).getAsJsonObject().getAsJsonArray("sessions");
    for (JsonElement s : sessions) {
      ids.add(s.getAsJsonObject().get("session_id").getAsLong());
    }
    return ids;
  }

  @Test
  void authTestWithNoArgumentsTellsTheTokenWhoItIs() throws Exception {
    // authTest(null) posts Content-Type: application/json with an empty body: a call without
    // arguments, as Slack takes it.
    ApiResponse<AuthTestAnswer> r = new AuthApi(client("xoxp-demo-admin")).authTestWithHttpInfo(null);
    AuthTestAnswer a = r.getData();
    assertEquals(200, r.getStatusCode());
    assertTrue(a.getOk(), "ok; error: " + a.getError());
    assertEquals("W0ADMIN01", a.getUserId());
    // The demo's admin token is an org-wide install: auth.test names the org.
    assertEquals("E0DEMO001", a.getEnterpriseId());
    assertEquals("E0DEMO001", a.getTeamId());
    assertEquals(Boolean.TRUE, a.getIsEnterpriseInstall());
    JsonObject call = journalEntry(r.getHeaders());
    assertEquals("header", call.get("token_from").getAsString());
    assertTrue(call.get("content_type").getAsString().startsWith("application/json"));
  }

  @Test
  void resetEndsTheUsersMobileSessionsFromAJsonBody() throws Exception {
    ApiResponse<SlackResponse> r =
        admin.adminUsersSessionResetWithHttpInfo(new ResetSessionsArgs().userId("W0ALICE01").mobileOnly(true));
    assertTrue(r.getData().getOk(), "ok; error: " + r.getData().getError());
    assertEquals(new TreeSet<>(List.of(2220000000002L)), liveSessions("W0ALICE01"), "only the web session is left");

    JsonObject call = journalEntry(r.getHeaders());
    assertTrue(call.get("content_type").getAsString().startsWith("application/json"));
    assertEquals("header", call.get("token_from").getAsString());
    JsonObject args = call.getAsJsonObject("args");
    assertEquals("W0ALICE01", args.get("user_id").getAsString());
    assertTrue(args.get("mobile_only").getAsBoolean());
    // The generated model sends the spec's default for the flag it was not given.
    assertFalse(args.get("web_only").getAsBoolean());
  }

  @Test
  void aSlackErrorIsATypedAnswerNotAnException() throws Exception {
    ApiResponse<SlackResponse> r =
        admin.adminUsersSessionResetWithHttpInfo(new ResetSessionsArgs().userId("W0NOBODY1"));
    assertEquals(200, r.getStatusCode());
    assertFalse(r.getData().getOk());
    assertEquals("user_not_found", r.getData().getError());
    assertEquals("user_not_found", journalEntry(r.getHeaders()).get("error").getAsString());
  }

  @Test
  void aRateLimitedCallThrowsWithStatus429AndRetryAfter() throws Exception {
    mock.control(
        "POST", "faults", "{\"method\":\"admin.users.session.reset\",\"status\":429,\"retry_after\":1,\"times\":1}");
    TreeSet<Long> before = liveSessions("W0BOB0001");

    ApiException e =
        assertThrows(
            ApiException.class,
            () -> admin.adminUsersSessionReset(new ResetSessionsArgs().userId("W0BOB0001")));
    assertEquals(429, e.getCode());
    assertEquals("1", header(e.getResponseHeaders(), "Retry-After"));
    SlackResponse body = SlackResponse.fromJson(e.getResponseBody());
    assertFalse(body.getOk());
    assertEquals("ratelimited", body.getError());
    assertEquals(before, liveSessions("W0BOB0001"), "a rate-limited call changes nothing");

    // The fault was for one call: the next one goes through.
    assertTrue(admin.adminUsersSessionReset(new ResetSessionsArgs().userId("W0BOB0001")).getOk());
    assertTrue(liveSessions("W0BOB0001").isEmpty());
  }

  @Test
  void listPagesThroughInt64SessionIdsThatInvalidateTakesBack() throws Exception {
    List<Long> listed = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      SessionListAnswer page = admin.adminUsersSessionList(new ListSessionsArgs().limit(2).cursor(cursor));
      assertTrue(page.getOk(), "ok; error: " + page.getError());
      for (ActiveSession s : page.getActiveSessions()) {
        listed.add(s.getSessionId());
      }
      cursor = page.getResponseMetadata().getNextCursor();
      pages++;
    } while (cursor != null && !cursor.isEmpty());

    TreeSet<Long> live = new TreeSet<>();
    for (JsonElement s : mock.control("GET", "sessions", null).getAsJsonObject().getAsJsonArray("sessions")) {
      live.add(s.getAsJsonObject().get("session_id").getAsLong());
    }
    assertEquals(live, new TreeSet<>(listed), "every live session, each once");
    assertEquals(listed.size(), live.size(), "no session listed twice");
    assertEquals((live.size() + 1) / 2, pages);
    assertTrue(listed.contains(1112275520242L), "an id over 2^31 read exactly");

    SlackResponse r =
        admin.adminUsersSessionInvalidate(new InvalidateSessionArgs().userId("W0BOB0001").sessionId(1112275520242L));
    assertTrue(r.getOk(), "ok; error: " + r.getError());
    assertFalse(liveSessions("W0BOB0001").contains(1112275520242L));
  }

  @Test
  void getSettingsAnswersEveryKeyOfASettingNullWhereUnset() throws Exception {
    SlackResponse set =
        admin.adminUsersSessionSetSettings(new SetSessionSettingsArgs().userIds(List.of("W0BOB0001")).duration(28800));
    assertTrue(set.getOk(), "ok; error: " + set.getError());

    SessionSettingsAnswer got =
        admin.adminUsersSessionGetSettings(new GetSessionSettingsArgs().userIds(List.of("W0BOB0001", "W0ALICE01")));
    assertTrue(got.getOk(), "ok; error: " + got.getError());
    assertEquals(1, got.getSessionSettings().size());
    UserSessionSettings bob = got.getSessionSettings().get(0);
    assertEquals("W0BOB0001", bob.getUserId());
    assertEquals(28800, bob.getDuration());
    assertNull(bob.getDesktopAppBrowserQuit());
    assertEquals(List.of("W0ALICE01"), got.getNoSettingsApplied());
  }

  @Test
  void anAnswerWithFieldsTheSpecLacksIsReadNotRefused() throws Exception {
    // Slack adds fields to its answers over time. The client keeps one the spec does not list
    // as an additional property instead of throwing.
    SlackResponse r = SlackResponse.fromJson("{\"ok\":false,\"error\":\"user_not_found\",\"added_later\":\"W0NOBODY1\"}");
    assertEquals("user_not_found", r.getError());
    assertEquals("W0NOBODY1", r.getAdditionalProperty("added_later"));
  }

  @Test
  void apiTestNeedsNoTokenAndFailsWithTheErrorAskedFor() throws Exception {
    ApiTestAnswer a = new ApiApi(client(null)).apiTest(new ApiTestArgs().error("my_error"));
    assertFalse(a.getOk());
    assertEquals("my_error", a.getError());
    assertEquals("my_error", a.getArgs().get("error"));
  }
}

package contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.Methods;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.response.admin.users.AdminUsersSessionClearSettingsResponse;
import com.slack.api.methods.response.admin.users.AdminUsersSessionGetSettingsResponse;
import com.slack.api.methods.response.admin.users.AdminUsersSessionGetSettingsResponse.SessionSetting;
import com.slack.api.methods.response.admin.users.AdminUsersSessionInvalidateResponse;
import com.slack.api.methods.response.admin.users.AdminUsersSessionListResponse;
import com.slack.api.methods.response.admin.users.AdminUsersSessionListResponse.ActiveSession;
import com.slack.api.methods.response.admin.users.AdminUsersSessionResetBulkResponse;
import com.slack.api.methods.response.admin.users.AdminUsersSessionResetResponse;
import com.slack.api.methods.response.admin.users.AdminUsersSessionSetSettingsResponse;
import com.slack.api.methods.response.api.ApiTestResponse;
import com.slack.api.methods.response.auth.AuthTestResponse;
import com.slack.api.util.http.listener.HttpResponseListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Contract test: Slack's official Java SDK, com.slack.api:slack-api-client, against slackmock,
 * pointed at it by its base URL alone ({@code SlackConfig.setMethodsEndpointUrlPrefix}). It
 * proves that the SDK's methods client gets Slack's answers from the mock for all nine methods
 * (its response models filled, its errors, its exception on a 429), that each call does to the
 * mock's state what Slack would, and shows through the mock's journal what the SDK sends.
 *
 * <p>Every test starts from the demo fixture with no fault, no rate limit and an empty journal.
 */
class SdkContractTest {
  static final String ADMIN = "xoxp-demo-admin"; // W0ADMIN01, admin.users:read and :write
  static final String OWNER_TOKEN = "xoxp-demo-owner"; // W0OWNER01, the primary owner
  static final String MEMBER = "xoxp-demo-member"; // W0ALICE01, not an admin
  static final String READONLY = "xoxp-demo-readonly";
  static final String WRITEONLY = "xoxp-demo-writeonly";
  static final String BOT_TOKEN = "xoxb-demo-bot";
  static final String UNKNOWN = "xoxp-no-such-token";
  static final String READ = "admin.users:read";
  static final String WRITE = "admin.users:write";
  static final String ORG = "E0DEMO001";
  // The demo fixture's Bob: a mobile and a web session in T0DEMO002, a web session in T0DEMO001.
  static final String BOB = "W0BOB0001";
  static final long BOB_MOBILE = 1112275520242L;
  static final long BOB_WEB_2 = 1112275520243L;
  static final long BOB_WEB_1 = 1112275520244L;
  // Alice: a mobile and a web session in T0DEMO001; the primary owner and the admin: one each.
  static final String ALICE = "W0ALICE01";
  static final long ALICE_MOBILE = 2220000000001L;
  static final long ALICE_WEB = 2220000000002L;
  static final String OWNER = "W0OWNER01";
  static final long OWNER_WEB = 3330000000001L;
  static final String ADMIN_USER = "W0ADMIN01";
  static final String BOT_USER = "W0BOT0001";
  static final String NOBODY = "W0NOBODY1";

  static SlackMock mock;
  static Slack slack;

  @BeforeAll
  static void startMock() throws Exception {
    mock = SlackMock.start();
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(mock.base + "/api/"); // the only setting the SDK needs
    slack = Slack.getInstance(config);
  }

  @AfterAll
  static void stopMock() throws Exception {
    if (slack != null) {
      slack.close();
    }
    if (mock != null) {
      assertEquals(0, mock.stop(), () -> "slackmock stops cleanly on SIGTERM; its output:\n" + mock.output());
    }
  }

  @BeforeEach
  void restore() throws Exception {
    mock.reset();
  }

  /**
   * Today's admin.users.session.invalidate from Java. The SDK's AdminUsersSessionInvalidateRequest
   * has no userId, so the form is built here and sent through the SDK's own transport, which puts
   * the token in the Authorization header and parses the answer into the SDK's response class.
   */
  static AdminUsersSessionInvalidateResponse invalidate(String token, String userId, long sessionId)
      throws IOException, SlackApiException {
    return slack.methods(token).postFormWithTokenAndParseResponse(
        form -> form.add("user_id", userId).add("session_id", Long.toString(sessionId)),
        Methods.ADMIN_USERS_SESSION_INVALIDATE, token, AdminUsersSessionInvalidateResponse.class);
  }

  /**
   * A Slack like {@link #slack} that also adds every answer's body, as the SDK received it, to
   * bodies: for what the SDK's response classes do not keep.
   */
  static Slack recordingSlack(List<String> bodies) {
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(mock.base + "/api/");
    config.getHttpClientResponseHandlers().add(new HttpResponseListener() {
      @Override
      public void accept(State state) {
        bodies.add(state.getParsedResponseBody());
      }
    });
    return Slack.getInstance(config);
  }

  /** Every live session of the org, as "user/team/session" keys. */
  static Set<String> orgSessions() throws Exception {
    Set<String> keys = new HashSet<>();
    for (JsonElement e : mock.control("GET", "sessions", null).getAsJsonArray("sessions")) {
      JsonObject s = e.getAsJsonObject();
      keys.add(s.get("user_id").getAsString() + "/" + s.get("team_id").getAsString() + "/"
          + s.get("session_id").getAsLong());
    }
    return keys;
  }

  static String key(ActiveSession s) {
    return s.getUserId() + "/" + s.getTeamId() + "/" + s.getSessionId();
  }

  /** Asserts that res is Slack's ok:false with code, and that no session of the org ended. */
  static void assertRefused(SlackApiTextResponse res, String code, Set<String> before) throws Exception {
    assertFalse(res.isOk(), () -> "expected " + code + ", got ok: " + res);
    assertEquals(code, res.getError(), res::toString);
    assertEquals(before, orgSessions(), "a refused call ends no session");
  }

  /** The only call of method in the journal. */
  static JsonObject onlyCall(String method) throws Exception {
    List<JsonObject> calls = mock.requests(method);
    assertEquals(1, calls.size(), () -> method + " calls: " + calls);
    return calls.get(0);
  }

  static JsonObject json(String s) {
    return JsonParser.parseString(s).getAsJsonObject();
  }

  /** The HTTP statuses of calls, in order. */
  static List<Integer> statuses(List<JsonObject> calls) {
    return calls.stream().map(c -> c.get("status").getAsInt()).collect(Collectors.toList());
  }

  /** The users of getSettings' items, in order. */
  static List<String> userIds(List<SessionSetting> settings) {
    return settings.stream().map(SessionSetting::getUserId).collect(Collectors.toList());
  }

  /** The user's session settings as the mock holds them (GET /_mock/fixture), or null. */
  static JsonObject settingsOf(String userId) throws Exception {
    for (JsonElement e : mock.control("GET", "fixture", null).getAsJsonArray("users")) {
      JsonObject u = e.getAsJsonObject();
      if (u.get("id").getAsString().equals(userId)) {
        return u.has("session_settings") ? u.getAsJsonObject("session_settings") : null;
      }
    }
    throw new AssertionError("no user " + userId + " in the fixture");
  }

  @Nested
  @DisplayName("the SDK needs nothing but the base URL")
  class BaseUrl {
    @Test
    @DisplayName("reset through a Slack built from a config with only the URL prefix set")
    void resetEndsEverySession() throws Exception {
      AdminUsersSessionResetResponse res = slack.methods(ADMIN).adminUsersSessionReset(r -> r.userId(BOB));
      assertTrue(res.isOk(), res::toString);
      assertEquals(List.of(), mock.sessionsOf(BOB));
      assertEquals(List.of(ALICE_MOBILE, ALICE_WEB), mock.sessionsOf(ALICE));

      // A form body without charset, the token in the header, booleans as 1/0: the SDK sends
      // mobile_only and web_only on every reset (they are primitive booleans in its request).
      JsonObject call = onlyCall(Methods.ADMIN_USERS_SESSION_RESET);
      assertEquals("POST", call.get("http_method").getAsString());
      assertEquals("application/x-www-form-urlencoded", call.get("content_type").getAsString());
      assertEquals("header", call.get("token_from").getAsString());
      assertEquals(json("{\"user_id\":\"W0BOB0001\",\"mobile_only\":\"0\",\"web_only\":\"0\"}"), call.get("args"));
      assertEquals(200, call.get("status").getAsInt());
      assertFalse(call.has("error"));
      assertEquals(res.getHttpResponseHeaders().get("x-slack-req-id"), List.of(call.get("request_id").getAsString()));
    }

    @Test
    @DisplayName("the SDK calls auth.test once per token first, to learn its team (SlackConfig statsEnabled)")
    void authTestBeforeTheFirstCallOfAToken() throws Exception {
      // A token no other test uses, so that the SDK's process-wide cache of token to team is empty for it.
      JsonObject fixture = mock.control("GET", "fixture", null);
      JsonObject token = new JsonObject();
      token.addProperty("token", "xoxp-java-first-use");
      token.addProperty("user_id", ADMIN_USER);
      token.add("scopes", JsonParser.parseString("[\"admin.users:read\",\"admin.users:write\"]"));
      fixture.getAsJsonArray("tokens").add(token);
      mock.control("POST", "fixture", fixture.toString());
      mock.control("DELETE", "requests", null);

      MethodsClient methods = slack.methods("xoxp-java-first-use");
      assertTrue(methods.adminUsersSessionReset(r -> r.userId(BOB).mobileOnly(true)).isOk());
      assertTrue(methods.adminUsersSessionReset(r -> r.userId(ALICE).webOnly(true)).isOk());

      List<JsonObject> calls = mock.requests(null);
      assertEquals(List.of("auth.test", Methods.ADMIN_USERS_SESSION_RESET, Methods.ADMIN_USERS_SESSION_RESET),
          calls.stream().map(c -> c.get("method").getAsString()).collect(Collectors.toList()));
      JsonObject authTest = calls.get(0);
      assertEquals("application/x-www-form-urlencoded", authTest.get("content_type").getAsString());
      assertEquals("header", authTest.get("token_from").getAsString());
      assertEquals(new JsonObject(), authTest.get("args"));
      assertEquals(200, authTest.get("status").getAsInt());
    }
  }

  @Nested
  @DisplayName("admin.users.session.invalidate")
  class Invalidate {
    @Test
    @DisplayName("user_id and session_id, sent through postFormWithTokenAndParseResponse, end one session")
    void todaysInvalidate() throws Exception {
      AdminUsersSessionInvalidateResponse res = invalidate(ADMIN, BOB, BOB_MOBILE);
      assertTrue(res.isOk(), res::toString);
      assertNull(res.getError());
      assertEquals(List.of(BOB_WEB_2, BOB_WEB_1), mock.sessionsOf(BOB));

      JsonObject call = onlyCall(Methods.ADMIN_USERS_SESSION_INVALIDATE);
      assertEquals("application/x-www-form-urlencoded", call.get("content_type").getAsString());
      assertEquals("header", call.get("token_from").getAsString());
      assertEquals(json("{\"user_id\":\"W0BOB0001\",\"session_id\":\"1112275520242\"}"), call.get("args"));
    }

    @Test
    @DisplayName("with the deprecated team_id too, when it is the session's team or the org")
    void withTeamId() throws Exception {
      MethodsClient methods = slack.methods(ADMIN);
      AdminUsersSessionInvalidateResponse team = methods.postFormWithTokenAndParseResponse(
          form -> form.add("user_id", BOB).add("session_id", Long.toString(BOB_WEB_1)).add("team_id", "T0DEMO001"),
          Methods.ADMIN_USERS_SESSION_INVALIDATE, ADMIN, AdminUsersSessionInvalidateResponse.class);
      assertTrue(team.isOk(), team::toString);
      AdminUsersSessionInvalidateResponse org = methods.postFormWithTokenAndParseResponse(
          form -> form.add("user_id", BOB).add("session_id", Long.toString(BOB_WEB_2)).add("team_id", ORG),
          Methods.ADMIN_USERS_SESSION_INVALIDATE, ADMIN, AdminUsersSessionInvalidateResponse.class);
      assertTrue(org.isOk(), org::toString);
      assertEquals(List.of(BOB_MOBILE), mock.sessionsOf(BOB));
    }

    @Test
    @DisplayName("the SDK's own request (session_id and team_id, no user_id) is invalid_arguments")
    void sdkRequestLacksUserId() throws Exception {
      Set<String> before = orgSessions();
      AdminUsersSessionInvalidateResponse res = slack.methods(ADMIN)
          .adminUsersSessionInvalidate(r -> r.sessionId(Long.toString(BOB_MOBILE)).teamId("T0DEMO002"));
      assertRefused(res, "invalid_arguments", before);
      List<String> messages = res.getResponseMetadata().getMessages();
      assertEquals("[ERROR] missing required field: user_id", messages.get(0), messages::toString);

      JsonObject call = onlyCall(Methods.ADMIN_USERS_SESSION_INVALIDATE);
      assertEquals(json("{\"session_id\":\"1112275520242\",\"team_id\":\"T0DEMO002\"}"), call.get("args"));
      assertEquals("invalid_arguments", call.get("error").getAsString());
    }

    @Test
    @DisplayName("the SDK's request with session_id alone is invalid_arguments: missing user_id")
    void sdkRequestSessionIdOnly() throws Exception {
      Set<String> before = orgSessions();
      AdminUsersSessionInvalidateResponse res = slack.methods(ADMIN)
          .adminUsersSessionInvalidate(r -> r.sessionId(Long.toString(BOB_MOBILE)));
      assertRefused(res, "invalid_arguments", before);
      assertEquals(List.of("[ERROR] missing required field: user_id"), res.getResponseMetadata().getMessages());
    }

    @ParameterizedTest(name = "{0} on {1}''s session {2}: {3}")
    @CsvSource({
        "xoxp-demo-admin,    W0ALICE01, 1112275520242, session_not_found",  // Bob's session, named as Alice's
        "xoxp-demo-admin,    W0BOB0001, 999,           session_not_found",
        "xoxp-demo-admin,    W0NOBODY1, 1112275520242, user_not_found",
        "xoxp-demo-admin,    W0OWNER01, 3330000000001, cannot_invalidate_primary_owner",
        "xoxp-demo-member,   W0BOB0001, 1112275520242, not_an_admin",
        "xoxp-demo-readonly, W0BOB0001, 1112275520242, missing_scope",
        "xoxb-demo-bot,      W0BOB0001, 1112275520242, not_allowed_token_type",
        "xoxp-demo-revoked,  W0BOB0001, 1112275520242, token_revoked",
        "xoxp-no-such-token, W0BOB0001, 1112275520242, invalid_auth",
    })
    void errors(String token, String userId, long sessionId, String code) throws Exception {
      Set<String> before = orgSessions();
      assertRefused(invalidate(token, userId, sessionId), code, before);
      assertEquals(code, onlyCall(Methods.ADMIN_USERS_SESSION_INVALIDATE).get("error").getAsString());
    }

    @Test
    @DisplayName("a session_id that is not a number is invalid_arguments")
    void nonNumericSessionId() throws Exception {
      Set<String> before = orgSessions();
      AdminUsersSessionInvalidateResponse res = slack.methods(ADMIN).postFormWithTokenAndParseResponse(
          form -> form.add("user_id", BOB).add("session_id", "abc"),
          Methods.ADMIN_USERS_SESSION_INVALIDATE, ADMIN, AdminUsersSessionInvalidateResponse.class);
      assertRefused(res, "invalid_arguments", before);
      assertEquals(1, res.getResponseMetadata().getMessages().size());
      assertTrue(res.getResponseMetadata().getMessages().get(0).startsWith("[ERROR] "), res::toString);
    }
  }

  @Nested
  @DisplayName("admin.users.session.reset")
  class Reset {
    @Test
    @DisplayName("mobileOnly ends only the mobile sessions, and goes out as mobile_only=1")
    void mobileOnly() throws Exception {
      assertTrue(slack.methods(ADMIN).adminUsersSessionReset(r -> r.userId(BOB).mobileOnly(true)).isOk());
      assertEquals(List.of(BOB_WEB_2, BOB_WEB_1), mock.sessionsOf(BOB));
      assertEquals(json("{\"user_id\":\"W0BOB0001\",\"mobile_only\":\"1\",\"web_only\":\"0\"}"),
          onlyCall(Methods.ADMIN_USERS_SESSION_RESET).get("args"));
    }

    @Test
    @DisplayName("webOnly ends only the web sessions")
    void webOnly() throws Exception {
      assertTrue(slack.methods(ADMIN).adminUsersSessionReset(r -> r.userId(BOB).webOnly(true)).isOk());
      assertEquals(List.of(BOB_MOBILE), mock.sessionsOf(BOB));
    }

    @Test
    @DisplayName("the primary owner may reset their own sessions")
    void ownerResetsSelf() throws Exception {
      assertTrue(slack.methods(OWNER_TOKEN).adminUsersSessionReset(r -> r.userId(OWNER)).isOk());
      assertEquals(List.of(), mock.sessionsOf(OWNER));
    }

    @ParameterizedTest(name = "{0} resetting {1}: {2}")
    @CsvSource({
        "xoxp-no-such-token,  W0BOB0001, invalid_auth",
        "xoxp-demo-revoked,   W0BOB0001, token_revoked",
        "xoxp-demo-expired,   W0BOB0001, token_expired",
        "xoxp-demo-inactive,  W0BOB0001, account_inactive",
        "xoxp-demo-member,    W0BOB0001, not_an_admin",
        "xoxb-demo-bot,       W0BOB0001, not_allowed_token_type",
        "xoxp-demo-admin,     W0NOBODY1, user_not_found",
        "xoxp-demo-admin,     W0OWNER01, cannot_reset_primary_owner",
        "xoxp-demo-admin,     W0BOT0001, cannot_reset_bot",
    })
    void errors(String token, String userId, String code) throws Exception {
      Set<String> before = orgSessions();
      assertRefused(slack.methods(token).adminUsersSessionReset(r -> r.userId(userId)), code, before);
      assertEquals(code, onlyCall(Methods.ADMIN_USERS_SESSION_RESET).get("error").getAsString());
    }

    @Test
    @DisplayName("a token without admin.users:write is missing_scope, with needed and provided")
    void missingScope() throws Exception {
      Set<String> before = orgSessions();
      AdminUsersSessionResetResponse res = slack.methods(READONLY).adminUsersSessionReset(r -> r.userId(BOB));
      assertRefused(res, "missing_scope", before);
      assertEquals(WRITE, res.getNeeded());
      assertEquals(READ, res.getProvided());
      // The scope headers, which the SDK keeps (lower-cased) with every response.
      Map<String, List<String>> headers = res.getHttpResponseHeaders();
      assertEquals(List.of(READ), headers.get("x-oauth-scopes"));
      assertEquals(List.of(WRITE), headers.get("x-accepted-oauth-scopes"));
    }

    @Test
    @DisplayName("no user_id, or mobileOnly with webOnly, is invalid_arguments")
    void invalidArguments() throws Exception {
      Set<String> before = orgSessions();
      MethodsClient methods = slack.methods(ADMIN);
      assertRefused(methods.adminUsersSessionReset(r -> r), "invalid_arguments", before);
      assertRefused(methods.adminUsersSessionReset(r -> r.userId(BOB).mobileOnly(true).webOnly(true)),
          "invalid_arguments", before);
    }

    @Test
    @DisplayName("no token: the SDK's token-less post is not_authed; a null token is sent as 'Bearer null'")
    void noToken() throws Exception {
      Set<String> before = orgSessions();
      AdminUsersSessionResetResponse res = slack.methods().postFormAndParseResponse(
          form -> form.add("user_id", BOB), Methods.ADMIN_USERS_SESSION_RESET, AdminUsersSessionResetResponse.class);
      assertRefused(res, "not_authed", before);
      assertEquals("", mock.requests(Methods.ADMIN_USERS_SESSION_RESET).get(0).get("token_from").getAsString());

      assertRefused(slack.methods().adminUsersSessionReset(r -> r.userId(BOB)), "invalid_auth", before);
      assertEquals("header", mock.requests(Methods.ADMIN_USERS_SESSION_RESET).get(1).get("token_from").getAsString());
    }
  }

  @Nested
  @DisplayName("429 with Retry-After")
  class RateLimited {
    @Test
    @DisplayName("the methods client throws SlackApiException: 429, Retry-After, ratelimited; nothing changes")
    void syncClientThrows() throws Exception {
      mock.fault("{\"method\":\"admin.users.session.reset\",\"status\":429,\"retry_after\":1,\"times\":1}");
      Set<String> before = orgSessions();
      MethodsClient methods = slack.methods(ADMIN);

      SlackApiException e =
          assertThrows(SlackApiException.class, () -> methods.adminUsersSessionReset(r -> r.userId(BOB)));
      assertEquals(429, e.getResponse().code());
      assertEquals("1", e.getResponse().header("Retry-After"));
      assertNotNull(e.getError(), e::getResponseBody);
      assertFalse(e.getError().isOk());
      assertEquals("ratelimited", e.getError().getError());
      assertEquals(before, orgSessions(), "a faulted call changes nothing");

      // The fault answered once; the next call goes through.
      assertTrue(methods.adminUsersSessionReset(r -> r.userId(BOB)).isOk());
      assertEquals(List.of(), mock.sessionsOf(BOB));
      List<JsonObject> calls = mock.requests(Methods.ADMIN_USERS_SESSION_RESET);
      assertEquals(List.of(429, 200), statuses(calls));
      assertTrue(calls.get(0).get("fault").getAsBoolean());
      assertEquals("ratelimited", calls.get(0).get("error").getAsString());
    }

    @Test
    @DisplayName("the async methods client waits out Retry-After and calls again")
    void asyncClientRetries() throws Exception {
      mock.fault("{\"method\":\"admin.users.session.reset\",\"status\":429,\"retry_after\":1,\"times\":1}");
      AdminUsersSessionResetResponse res = slack.methodsAsync(ADMIN)
          .adminUsersSessionReset(r -> r.userId(BOB)).get(30, TimeUnit.SECONDS);
      assertTrue(res.isOk(), res::toString);
      assertEquals(List.of(), mock.sessionsOf(BOB));

      List<JsonObject> calls = mock.requests(Methods.ADMIN_USERS_SESSION_RESET);
      assertEquals(List.of(429, 200), statuses(calls));
      Duration waited = Duration.between(Instant.parse(calls.get(0).get("time").getAsString()),
          Instant.parse(calls.get(1).get("time").getAsString()));
      assertTrue(waited.compareTo(Duration.ofMillis(900)) >= 0, () -> "retried after " + waited + ", not Retry-After");
    }

    @Test
    @DisplayName("a 5xx is a SlackApiException with that status")
    void serverError() throws Exception {
      mock.fault("{\"method\":\"admin.users.session.list\",\"status\":503,\"times\":1}");
      SlackApiException e = assertThrows(SlackApiException.class,
          () -> slack.methods(ADMIN).adminUsersSessionList(r -> r));
      assertEquals(503, e.getResponse().code());
    }
  }

  @Nested
  @DisplayName("admin.users.session.list")
  class ListSessions {
    @Test
    @DisplayName("without arguments: every session of the org, the SDK's models filled, an empty next_cursor")
    void wholeOrg() throws Exception {
      AdminUsersSessionListResponse res = slack.methods(ADMIN).adminUsersSessionList(r -> r);
      assertTrue(res.isOk(), res::toString);
      assertEquals(orgSessions(),
          res.getActiveSessions().stream().map(SdkContractTest::key).collect(Collectors.toSet()));
      assertEquals(7, res.getActiveSessions().size());
      assertEquals("", res.getResponseMetadata().getNextCursor());

      ActiveSession bobMobile = res.getActiveSessions().stream()
          .filter(s -> s.getSessionId().equals(Long.toString(BOB_MOBILE))).findFirst().orElseThrow();
      assertEquals(BOB, bobMobile.getUserId());
      assertEquals("T0DEMO002", bobMobile.getTeamId());
      assertEquals("iPhone", bobMobile.getCreated().getDeviceHardware());
      assertEquals("iOS", bobMobile.getCreated().getOs());
      assertEquals("18.1", bobMobile.getCreated().getOsVersion());
      assertEquals("24.10.10", bobMobile.getCreated().getSlackClientVersion());
      assertEquals("203.0.113.7", bobMobile.getCreated().getIp());
      assertNull(bobMobile.getRecent(), "no recent for a session that has not changed since it began");

      assertEquals(List.of(READ + "," + WRITE), res.getHttpResponseHeaders().get("x-oauth-scopes"));
      assertEquals(List.of(READ), res.getHttpResponseHeaders().get("x-accepted-oauth-scopes"));
      assertEquals(new JsonObject(), onlyCall(Methods.ADMIN_USERS_SESSION_LIST).get("args"));
    }

    @Test
    @DisplayName("limit 2, following next_cursor: every session exactly once, each cursor sent back")
    void pagedByCursor() throws Exception {
      MethodsClient methods = slack.methods(ADMIN);
      List<String> seen = new ArrayList<>();
      List<String> cursors = new ArrayList<>();
      String cursor = null;
      do {
        String c = cursor;
        AdminUsersSessionListResponse page = methods.adminUsersSessionList(r -> r.limit(2).cursor(c));
        assertTrue(page.isOk(), page::toString);
        assertTrue(page.getActiveSessions().size() <= 2);
        page.getActiveSessions().forEach(s -> seen.add(key(s)));
        cursor = page.getResponseMetadata().getNextCursor();
        cursors.add(cursor);
      } while (!cursor.isEmpty());

      assertEquals(4, cursors.size(), "7 sessions in pages of 2: " + cursors);
      assertEquals(orgSessions(), new HashSet<>(seen));
      assertEquals(7, seen.size(), "no session twice: " + seen);
      List<JsonObject> calls = mock.requests(Methods.ADMIN_USERS_SESSION_LIST);
      assertEquals(json("{\"limit\":\"2\"}"), calls.get(0).get("args"));
      for (int i = 1; i < calls.size(); i++) {
        JsonObject args = calls.get(i).getAsJsonObject("args");
        assertEquals(cursors.get(i - 1), args.get("cursor").getAsString());
        assertEquals("2", args.get("limit").getAsString());
      }
    }

    @Test
    @DisplayName("one user in one team")
    void userInTeam() throws Exception {
      AdminUsersSessionListResponse res =
          slack.methods(ADMIN).adminUsersSessionList(r -> r.userId(BOB).teamId("T0DEMO002"));
      assertTrue(res.isOk(), res::toString);
      assertEquals(List.of(Long.toString(BOB_MOBILE), Long.toString(BOB_WEB_2)),
          res.getActiveSessions().stream().map(ActiveSession::getSessionId).sorted().collect(Collectors.toList()));
    }

    @Test
    @DisplayName("one user with the org as team_id: their sessions in every team")
    void userInOrg() throws Exception {
      AdminUsersSessionListResponse res = slack.methods(ADMIN).adminUsersSessionList(r -> r.userId(BOB).teamId(ORG));
      assertTrue(res.isOk(), res::toString);
      assertEquals(List.of(Long.toString(BOB_MOBILE), Long.toString(BOB_WEB_2), Long.toString(BOB_WEB_1)),
          res.getActiveSessions().stream().map(ActiveSession::getSessionId).sorted().collect(Collectors.toList()));
    }

    @Test
    @DisplayName("a session seen elsewhere since it began has recent (examples/org.json)")
    void recent() throws Exception {
      mock.control("POST", "fixture", Files.readString(Path.of("../../examples/org.json")));
      AdminUsersSessionListResponse res = slack.methods("xoxp-acme-admin").adminUsersSessionList(r -> r);
      assertTrue(res.isOk(), res::toString);
      ActiveSession s = res.getActiveSessions().stream()
          .filter(x -> x.getSessionId().equals("1112275520243")).findFirst().orElseThrow();
      assertEquals("198.51.100.20", s.getCreated().getIp());
      assertEquals("203.0.113.7", s.getRecent().getIp());
      assertEquals("Mac", s.getRecent().getDeviceHardware());
      assertEquals("macOS", s.getRecent().getOs());
    }

    @ParameterizedTest(name = "{0}, user {1}, team {2}, cursor {3}: {4}")
    @CsvSource({
        "xoxp-demo-admin,     W0BOB0001, ,          ,    missing_team",
        "xoxp-demo-admin,     ,          T0DEMO002, ,    missing_user",
        "xoxp-demo-admin,     W0BOT0001, T0DEMO001, ,    bots_not_allowed",
        "xoxp-demo-admin,     W0NOBODY1, T0DEMO001, ,    user_not_found",
        "xoxp-demo-admin,     ,          ,          zzz, invalid_cursor",
        "xoxp-demo-member,    ,          ,          ,    not_an_admin",
        "xoxp-demo-writeonly, ,          ,          ,    missing_scope",
    })
    void errors(String token, String userId, String teamId, String cursor, String code) throws Exception {
      AdminUsersSessionListResponse res =
          slack.methods(token).adminUsersSessionList(r -> r.userId(userId).teamId(teamId).cursor(cursor));
      assertRefused(res, code, orgSessions());
      assertNull(res.getActiveSessions());
      if (code.equals("missing_scope")) {
        assertEquals(READ, res.getNeeded());
        assertEquals(WRITE, res.getProvided());
      }
    }
  }

  @Nested
  @DisplayName("admin.users.session.resetBulk")
  class ResetBulk {
    /** The job the call with requestId queued, once no job is pending (GET /_mock/jobs?wait=5s). */
    JsonObject jobOf(String requestId) throws Exception {
      for (JsonElement e : mock.control("GET", "jobs?wait=5s", null).getAsJsonArray("jobs")) {
        JsonObject job = e.getAsJsonObject();
        if (job.get("request_id").getAsString().equals(requestId)) {
          assertTrue(job.get("done").getAsBoolean());
          return job;
        }
      }
      throw new AssertionError("no job for request " + requestId);
    }

    /** user_id to ended, from a job's results. */
    Map<String, Integer> ended(JsonObject job) {
      return job.getAsJsonArray("results").asList().stream().map(JsonElement::getAsJsonObject)
          .collect(Collectors.toMap(r -> r.get("user_id").getAsString(), r -> r.get("ended").getAsInt()));
    }

    @Test
    @DisplayName("answers ok; its job then ends the users' sessions (user_ids sent comma-joined)")
    void endsSessionsInAJob() throws Exception {
      AdminUsersSessionResetBulkResponse res =
          slack.methods(ADMIN).adminUsersSessionResetBulk(r -> r.userIds(List.of(BOB, ALICE)));
      assertTrue(res.isOk(), res::toString);

      JsonObject call = onlyCall(Methods.ADMIN_USERS_SESSION_RESET_BULK);
      assertEquals(json("{\"user_ids\":\"W0BOB0001,W0ALICE01\",\"mobile_only\":\"0\",\"web_only\":\"0\"}"),
          call.get("args"));
      String requestId = call.get("request_id").getAsString();
      assertEquals(List.of(requestId), res.getHttpResponseHeaders().get("x-slack-req-id"));

      JsonObject job = jobOf(requestId);
      assertFalse(job.has("error"), job::toString);
      assertEquals(Map.of(BOB, 3, ALICE, 2), ended(job));
      assertEquals(List.of(), mock.sessionsOf(BOB));
      assertEquals(List.of(), mock.sessionsOf(ALICE));
      assertEquals(List.of(OWNER_WEB), mock.sessionsOf(OWNER));
    }

    @Test
    @DisplayName("mobileOnly: only mobile sessions end")
    void mobileOnly() throws Exception {
      assertTrue(slack.methods(ADMIN)
          .adminUsersSessionResetBulk(r -> r.userIds(List.of(BOB, ALICE)).mobileOnly(true)).isOk());
      JsonObject job = jobOf(onlyCall(Methods.ADMIN_USERS_SESSION_RESET_BULK).get("request_id").getAsString());
      assertEquals("mobile", job.get("only").getAsString());
      assertEquals(List.of(BOB_WEB_2, BOB_WEB_1), mock.sessionsOf(BOB));
      assertEquals(List.of(ALICE_WEB), mock.sessionsOf(ALICE));
    }

    @Test
    @DisplayName("a job that fails for one user ends failed_for_some_users; the others' sessions end")
    void jobFailsForSomeUsers() throws Exception {
      mock.fault("{\"method\":\"admin.users.session.resetBulk\",\"job\":true,\"user_id\":\"W0ALICE01\"}");
      assertTrue(slack.methods(ADMIN).adminUsersSessionResetBulk(r -> r.userIds(List.of(BOB, ALICE))).isOk());
      JsonObject job = jobOf(onlyCall(Methods.ADMIN_USERS_SESSION_RESET_BULK).get("request_id").getAsString());
      assertEquals("failed_for_some_users", job.get("error").getAsString());
      assertEquals(List.of(), mock.sessionsOf(BOB));
      assertEquals(List.of(ALICE_MOBILE, ALICE_WEB), mock.sessionsOf(ALICE));
    }

    @ParameterizedTest(name = "{0} on {1}: {2}")
    @CsvSource({
        "xoxp-demo-admin,    W0BOB0001 W0NOBODY1, user_not_found",
        "xoxp-demo-admin,    W0BOB0001 W0BOT0001, cannot_reset_bot",
        "xoxp-demo-admin,    W0BOB0001 W0OWNER01, cannot_reset_primary_owner",
        "xoxp-demo-member,   W0BOB0001,           not_an_admin",
        "xoxp-demo-readonly, W0BOB0001,           missing_scope",
    })
    void errors(String token, String userIds, String code) throws Exception {
      Set<String> before = orgSessions();
      AdminUsersSessionResetBulkResponse res =
          slack.methods(token).adminUsersSessionResetBulk(r -> r.userIds(List.of(userIds.split(" "))));
      assertRefused(res, code, before);
      String requestId = onlyCall(Methods.ADMIN_USERS_SESSION_RESET_BULK).get("request_id").getAsString();
      // The jobs of earlier tests stay listed (restore keeps them); none is this call's.
      for (JsonElement job : mock.control("GET", "jobs?wait=5s", null).getAsJsonArray("jobs")) {
        assertNotEquals(requestId, job.getAsJsonObject().get("request_id").getAsString(), "a refused call queued a job");
      }
      assertEquals(before, orgSessions());
    }
  }

  @Nested
  @DisplayName("admin.users.session.setSettings, getSettings, clearSettings")
  class Settings {
    @Test
    @DisplayName("set both settings, read them back, clear them")
    void setGetClear() throws Exception {
      MethodsClient methods = slack.methods(ADMIN);
      AdminUsersSessionSetSettingsResponse set = methods.adminUsersSessionSetSettings(
          r -> r.userIds(List.of(BOB, ALICE)).duration(86400).desktopAppBrowserQuit(true));
      assertTrue(set.isOk(), set::toString);
      assertEquals(json("{\"duration\":86400,\"desktop_app_browser_quit\":true}"), settingsOf(BOB));
      assertEquals(json("{\"duration\":86400,\"desktop_app_browser_quit\":true}"), settingsOf(ALICE));
      assertEquals(
          json("{\"user_ids\":\"W0BOB0001,W0ALICE01\",\"desktop_app_browser_quit\":\"1\",\"duration\":\"86400\"}"),
          onlyCall(Methods.ADMIN_USERS_SESSION_SET_SETTINGS).get("args"));

      AdminUsersSessionGetSettingsResponse get =
          methods.adminUsersSessionGetSettings(r -> r.userIds(List.of(BOB, ALICE, ADMIN_USER)));
      assertTrue(get.isOk(), get::toString);
      assertEquals(List.of(BOB, ALICE), userIds(get.getSessionSettings()));
      for (SessionSetting s : get.getSessionSettings()) {
        assertEquals(86400, s.getDuration());
        assertEquals(Boolean.TRUE, s.getDesktopAppBrowserQuit());
      }
      assertEquals(List.of(ADMIN_USER), get.getNoSettingsApplied());

      AdminUsersSessionClearSettingsResponse clear =
          methods.adminUsersSessionClearSettings(r -> r.userIds(List.of(BOB)));
      assertTrue(clear.isOk(), clear::toString);
      assertNull(settingsOf(BOB));
      assertEquals(json("{\"user_ids\":\"W0BOB0001\"}"),
          onlyCall(Methods.ADMIN_USERS_SESSION_CLEAR_SETTINGS).get("args"));
      AdminUsersSessionGetSettingsResponse after =
          methods.adminUsersSessionGetSettings(r -> r.userIds(List.of(BOB, ALICE)));
      assertEquals(List.of(ALICE), userIds(after.getSessionSettings()));
      assertEquals(List.of(BOB), after.getNoSettingsApplied());
    }

    @Test
    @DisplayName("desktopAppBrowserQuit(false) goes out as 0 and is kept as false, not as unset")
    void falseIsFalse() throws Exception {
      MethodsClient methods = slack.methods(ADMIN);
      assertTrue(methods.adminUsersSessionSetSettings(
          r -> r.userIds(List.of(ALICE)).desktopAppBrowserQuit(false)).isOk());
      JsonObject args = onlyCall(Methods.ADMIN_USERS_SESSION_SET_SETTINGS).getAsJsonObject("args");
      assertEquals("0", args.get("desktop_app_browser_quit").getAsString());
      assertEquals(json("{\"desktop_app_browser_quit\":false}"), settingsOf(ALICE));
      SessionSetting s =
          methods.adminUsersSessionGetSettings(r -> r.userIds(List.of(ALICE))).getSessionSettings().get(0);
      assertEquals(Boolean.FALSE, s.getDesktopAppBrowserQuit());
    }

    @Test
    @DisplayName("a setting left out stays as it was; getSettings answers the unset one as null")
    void partialSettings() throws Exception {
      // Raw answers, as the SDK received them, so that a key answered null can be told from one left out.
      List<String> bodies = new ArrayList<>();
      try (Slack recording = recordingSlack(bodies)) {
        MethodsClient methods = recording.methods(ADMIN);
        assertTrue(methods.adminUsersSessionSetSettings(r -> r.userIds(List.of(ALICE)).duration(28800)).isOk());
        bodies.clear();
        AdminUsersSessionGetSettingsResponse get =
            methods.adminUsersSessionGetSettings(r -> r.userIds(List.of(ALICE)));
        SessionSetting s = get.getSessionSettings().get(0);
        assertEquals(28800, s.getDuration());
        assertNull(s.getDesktopAppBrowserQuit());
        JsonObject item =
            json(bodies.get(bodies.size() - 1)).getAsJsonArray("session_settings").get(0).getAsJsonObject();
        assertTrue(item.has("desktop_app_browser_quit"), () -> "every item has the three keys, null if unset: " + item);
        assertTrue(item.get("desktop_app_browser_quit").isJsonNull(), item::toString);

        assertTrue(methods.adminUsersSessionSetSettings(
            r -> r.userIds(List.of(ALICE)).desktopAppBrowserQuit(true)).isOk());
        assertEquals(json("{\"duration\":28800,\"desktop_app_browser_quit\":true}"), settingsOf(ALICE));
      }
    }

    @Test
    @DisplayName("setSettings without a setting is at_least_one_session_setting_required")
    void noSetting() throws Exception {
      AdminUsersSessionSetSettingsResponse res =
          slack.methods(ADMIN).adminUsersSessionSetSettings(r -> r.userIds(List.of(ALICE)));
      assertRefused(res, "at_least_one_session_setting_required", orgSessions());
      assertNull(settingsOf(ALICE));
    }

    @ParameterizedTest(name = "{0} setting {1}, duration {2}: {3}")
    @CsvSource({
        "xoxp-demo-admin,    W0ALICE01 W0NOBODY1, 28800, user_not_found",
        "xoxp-demo-admin,    W0ALICE01 W0BOT0001, 28800, bots_not_allowed",
        "xoxp-demo-admin,    W0ALICE01,           100,   invalid_arguments",
        "xoxp-demo-member,   W0ALICE01,           28800, not_an_admin",
        "xoxp-demo-readonly, W0ALICE01,           28800, missing_scope",
    })
    void setErrors(String token, String userIds, int duration, String code) throws Exception {
      AdminUsersSessionSetSettingsResponse res = slack.methods(token)
          .adminUsersSessionSetSettings(r -> r.userIds(List.of(userIds.split(" "))).duration(duration));
      assertRefused(res, code, orgSessions());
      assertNull(settingsOf(ALICE), "a refused call sets nothing");
    }

    @Test
    @DisplayName("getSettings without admin.users:read is missing_scope; an unknown user is user_not_found")
    void getErrors() throws Exception {
      AdminUsersSessionGetSettingsResponse res =
          slack.methods(WRITEONLY).adminUsersSessionGetSettings(r -> r.userIds(List.of(BOB)));
      assertRefused(res, "missing_scope", orgSessions());
      assertEquals(READ, res.getNeeded());
      assertEquals(WRITE, res.getProvided());
      assertRefused(slack.methods(ADMIN).adminUsersSessionGetSettings(r -> r.userIds(List.of(NOBODY))),
          "user_not_found", orgSessions());
    }
  }

  @Nested
  @DisplayName("auth.test and api.test")
  class AuthTest {
    @Test
    @DisplayName("an admin's token, installed org-wide: the org as its team, is_enterprise_install")
    void orgWideAdmin() throws Exception {
      AuthTestResponse res = slack.methods(ADMIN).authTest(r -> r);
      assertTrue(res.isOk(), res::toString);
      assertTrue(res.isEnterpriseInstall(), res::toString);
      assertEquals(ORG, res.getEnterpriseId());
      JsonObject org = mock.control("GET", "fixture", null).getAsJsonObject("org");
      assertEquals(org.get("id").getAsString(), res.getTeamId());
      assertEquals(org.get("name").getAsString(), res.getTeam());
      assertEquals("https://" + org.get("domain").getAsString() + ".enterprise.slack.com/", res.getUrl());
      assertEquals("Ada Admin", res.getUser());
      assertEquals(ADMIN_USER, res.getUserId());
      assertNull(res.getBotId());
    }

    @Test
    @DisplayName("a member's workspace token: their team, not an enterprise install")
    void workspaceMember() throws Exception {
      AuthTestResponse res = slack.methods(MEMBER).authTest(r -> r);
      assertTrue(res.isOk(), res::toString);
      assertFalse(res.isEnterpriseInstall());
      assertEquals("https://acme.slack.com/", res.getUrl());
      assertEquals("Acme", res.getTeam());
      assertEquals("T0DEMO001", res.getTeamId());
      assertEquals("Alice", res.getUser());
      assertEquals(ALICE, res.getUserId());
      assertEquals(ORG, res.getEnterpriseId());
      assertNull(res.getBotId());
    }

    @Test
    @DisplayName("a bot token: the bot user and its bot_id")
    void bot() throws Exception {
      AuthTestResponse res = slack.methods(BOT_TOKEN).authTest(r -> r);
      assertTrue(res.isOk(), res::toString);
      assertEquals(BOT_USER, res.getUserId());
      assertEquals("deploybot", res.getUser());
      assertEquals("B0BOT0001", res.getBotId());
      assertEquals("T0DEMO001", res.getTeamId());
      assertFalse(res.isEnterpriseInstall());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "xoxp-no-such-token, invalid_auth",
        "xoxp-demo-revoked,  token_revoked",
        "xoxp-demo-expired,  token_expired",
        "xoxp-demo-inactive, account_inactive",
    })
    void tokenErrors(String token, String code) throws Exception {
      assertRefused(slack.methods(token).authTest(r -> r), code, orgSessions());
    }

    @Test
    @DisplayName("auth.test without a token is not_authed")
    void notAuthed() throws Exception {
      assertRefused(slack.methods().postFormAndParseResponse(form -> form, "auth.test", AuthTestResponse.class),
          "not_authed", orgSessions());
    }

    @Test
    @DisplayName("an unknown method is unknown_method, named in req_method, and in the journal")
    void unknownMethod() throws Exception {
      List<String> bodies = new ArrayList<>();
      try (Slack recording = recordingSlack(bodies)) {
        SlackApiTextResponse res = recording.methods(ADMIN).postFormWithTokenAndParseResponse(
            form -> form, "admin.users.session.nosuch", ADMIN, AdminUsersSessionResetResponse.class);
        assertFalse(res.isOk());
        assertEquals("unknown_method", res.getError());
      }
      JsonObject body = json(bodies.get(bodies.size() - 1));
      assertTrue(body.has("req_method"), body::toString);
      assertEquals("admin.users.session.nosuch", body.get("req_method").getAsString());
      assertEquals("unknown_method", onlyCall("admin.users.session.nosuch").get("error").getAsString());
    }

    @Test
    @DisplayName("api.test echoes its arguments, and fails with the error asked for")
    void apiTest() throws Exception {
      ApiTestResponse res = slack.methods().apiTest(r -> r.foo("bar"));
      assertTrue(res.isOk(), res::toString);
      assertEquals("bar", res.getArgs().getFoo());
      ApiTestResponse err = slack.methods().apiTest(r -> r.foo("bar").error("my_error"));
      assertFalse(err.isOk());
      assertEquals("my_error", err.getError());
      assertEquals("bar", err.getArgs().getFoo());
      assertEquals("my_error", err.getArgs().getError());
      assertEquals("", mock.requests("api.test").get(0).get("token_from").getAsString(), "api.test goes without a token");
    }
  }
}

// Package generated_test runs openapi-generator's Go client, generated from the kit's
// openapi.yaml into build/slack by ../test.sh, against slackmock with the demo fixture. Each
// test starts from the fixture, with no fault and an empty journal; what the client sent is
// read back from the journal by the answer's X-Slack-Req-Id.
package generated_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"net/http"
	"slices"
	"testing"

	"github.com/slack-contracts/admin-users-session/contract/openapi-generator/go/build/slack"
)

// newClient answers a generated client on the mock's /api, and a context that sends token as
// Authorization: Bearer (or no token, for "").
func newClient(token string) (*slack.APIClient, context.Context) {
	cfg := slack.NewConfiguration()
	cfg.Servers = slack.ServerConfigurations{{URL: mockBase + "/api"}}
	ctx := context.Background()
	if token != "" {
		ctx = context.WithValue(ctx, slack.ContextAccessToken, token)
	}
	return slack.NewAPIClient(cfg), ctx
}

func TestAuthTestTellsTheTokenWhoItIs(t *testing.T) {
	fresh(t)
	c, ctx := newClient("xoxp-demo-admin")
	// No body: the client sends the JSON null, which the mock takes as no arguments (README.md).
	a, resp, err := c.AuthAPI.AuthTest(ctx).Execute()
	if err != nil {
		t.Fatal(err)
	}
	if !a.GetOk() {
		t.Fatalf("ok false: %s", a.GetError())
	}
	if a.GetUserId() != "W0ADMIN01" {
		t.Errorf("user_id %q, want W0ADMIN01", a.GetUserId())
	}
	// The demo's admin token is an org-wide install: auth.test names the org.
	if a.GetEnterpriseId() != "E0DEMO001" || a.GetTeamId() != "E0DEMO001" || !a.GetIsEnterpriseInstall() {
		t.Errorf("enterprise_id %q, team_id %q, is_enterprise_install %v; want the org E0DEMO001 and true",
			a.GetEnterpriseId(), a.GetTeamId(), a.GetIsEnterpriseInstall())
	}
	call := journalEntry(t, resp.Header.Get("X-Slack-Req-Id"))
	if call.TokenFrom != "header" || call.ContentType != "application/json" {
		t.Errorf("sent with content type %q, token from %q; want application/json, header", call.ContentType, call.TokenFrom)
	}
}

func TestResetEndsTheUsersMobileSessionsFromAJSONBody(t *testing.T) {
	fresh(t)
	c, ctx := newClient("xoxp-demo-admin")
	args := slack.NewResetSessionsArgs("W0ALICE01")
	args.SetMobileOnly(true)
	r, resp, err := c.AdminUsersSessionAPI.AdminUsersSessionReset(ctx).ResetSessionsArgs(*args).Execute()
	if err != nil {
		t.Fatal(err)
	}
	if !r.GetOk() {
		t.Fatalf("ok false: %s", r.GetError())
	}
	if got := liveSessions(t, "W0ALICE01"); !maps.Equal(got, map[int64]bool{2220000000002: true}) {
		t.Errorf("Alice's live sessions %v, want only the web one, 2220000000002", got)
	}

	call := journalEntry(t, resp.Header.Get("X-Slack-Req-Id"))
	// The client sends no charset: Slack answers, and warns.
	if call.ContentType != "application/json" || r.GetWarning() != "missing_charset" {
		t.Errorf("content type %q, warning %q; want application/json, missing_charset", call.ContentType, r.GetWarning())
	}
	if call.TokenFrom != "header" {
		t.Errorf("token from %q, want header", call.TokenFrom)
	}
	// The model sends the spec's default for the flag it was not given.
	want := map[string]any{"user_id": "W0ALICE01", "mobile_only": true, "web_only": false}
	if !maps.Equal(call.Args, want) {
		t.Errorf("sent %v, want %v", call.Args, want)
	}
}

func TestASlackErrorIsATypedAnswerNotAnError(t *testing.T) {
	fresh(t)
	c, ctx := newClient("xoxp-demo-admin")
	r, resp, err := c.AdminUsersSessionAPI.AdminUsersSessionReset(ctx).
		ResetSessionsArgs(*slack.NewResetSessionsArgs("W0NOBODY1")).Execute()
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || r.GetOk() || r.GetError() != "user_not_found" {
		t.Errorf("HTTP %d, ok %v, error %q; want 200, false, user_not_found", resp.StatusCode, r.GetOk(), r.GetError())
	}
	if call := journalEntry(t, resp.Header.Get("X-Slack-Req-Id")); call.Error != "user_not_found" {
		t.Errorf("journal's error %q, want user_not_found", call.Error)
	}
}

func TestARateLimitedCallFailsWithStatus429AndRetryAfter(t *testing.T) {
	fresh(t)
	control(t, http.MethodPost, "faults",
		map[string]any{"method": "admin.users.session.reset", "status": 429, "retry_after": 1, "times": 1}, nil)
	before := liveSessions(t, "W0BOB0001")
	c, ctx := newClient("xoxp-demo-admin")

	_, resp, err := c.AdminUsersSessionAPI.AdminUsersSessionReset(ctx).
		ResetSessionsArgs(*slack.NewResetSessionsArgs("W0BOB0001")).Execute()
	var apiErr *slack.GenericOpenAPIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error %v (%T), want a *slack.GenericOpenAPIError", err, err)
	}
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "1" {
		t.Errorf("HTTP %d, Retry-After %q; want 429, 1", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	body, ok := apiErr.Model().(slack.SlackResponse)
	if !ok || body.GetOk() || body.GetError() != "ratelimited" {
		t.Errorf("the error's model %#v, want a SlackResponse with ok false, error ratelimited", apiErr.Model())
	}
	if got := liveSessions(t, "W0BOB0001"); !maps.Equal(got, before) {
		t.Errorf("a rate-limited call changed Bob's sessions: %v, were %v", got, before)
	}

	// The fault was for one call: the next one goes through.
	r, _, err := c.AdminUsersSessionAPI.AdminUsersSessionReset(ctx).
		ResetSessionsArgs(*slack.NewResetSessionsArgs("W0BOB0001")).Execute()
	if err != nil || !r.GetOk() {
		t.Fatalf("second reset: %v, %+v", err, r)
	}
	if got := liveSessions(t, "W0BOB0001"); len(got) != 0 {
		t.Errorf("Bob's sessions after the reset: %v, want none", got)
	}
}

func TestListPagesThroughInt64SessionIDsThatInvalidateTakesBack(t *testing.T) {
	fresh(t)
	c, ctx := newClient("xoxp-demo-admin")
	var listed []int64
	pages := 0
	for cursor := ""; ; {
		args := slack.NewListSessionsArgs()
		args.SetLimit(2)
		if cursor != "" {
			args.SetCursor(cursor)
		}
		page, _, err := c.AdminUsersSessionAPI.AdminUsersSessionList(ctx).ListSessionsArgs(*args).Execute()
		if err != nil {
			t.Fatal(err)
		}
		if !page.GetOk() {
			t.Fatalf("ok false: %s", page.GetError())
		}
		for _, s := range page.GetActiveSessions() {
			listed = append(listed, s.GetSessionId())
		}
		pages++
		meta := page.GetResponseMetadata()
		if cursor = meta.GetNextCursor(); cursor == "" {
			break
		}
	}

	live := slices.Sorted(maps.Keys(liveSessions(t, "")))
	if got := slices.Sorted(slices.Values(listed)); !slices.Equal(got, live) {
		t.Errorf("listed %v, want every live session once: %v", got, live)
	}
	if want := (len(live) + 1) / 2; pages != want {
		t.Errorf("%d pages of 2, want %d", pages, want)
	}
	if !slices.Contains(listed, 1112275520242) {
		t.Errorf("listed %v, want 1112275520242 (over 2^31) among them", listed)
	}

	r, _, err := c.AdminUsersSessionAPI.AdminUsersSessionInvalidate(ctx).
		InvalidateSessionArgs(*slack.NewInvalidateSessionArgs("W0BOB0001", 1112275520242)).Execute()
	if err != nil || !r.GetOk() {
		t.Fatalf("invalidate: %v, %+v", err, r)
	}
	if liveSessions(t, "W0BOB0001")[1112275520242] {
		t.Error("session 1112275520242 still live after invalidate")
	}
}

func TestGetSettingsAnswersEveryKeyOfASettingNullWhereUnset(t *testing.T) {
	fresh(t)
	c, ctx := newClient("xoxp-demo-admin")
	set := slack.NewSetSessionSettingsArgs([]string{"W0BOB0001"})
	set.SetDuration(28800)
	if r, _, err := c.AdminUsersSessionAPI.AdminUsersSessionSetSettings(ctx).SetSessionSettingsArgs(*set).Execute(); err != nil || !r.GetOk() {
		t.Fatalf("setSettings: %v, %+v", err, r)
	}

	got, resp, err := c.AdminUsersSessionAPI.AdminUsersSessionGetSettings(ctx).
		GetSessionSettingsArgs(*slack.NewGetSessionSettingsArgs([]string{"W0BOB0001", "W0ALICE01"})).Execute()
	if err != nil {
		t.Fatal(err)
	}
	if !got.GetOk() {
		t.Fatalf("ok false: %s", got.GetError())
	}
	settings := got.GetSessionSettings()
	if len(settings) != 1 {
		t.Fatalf("session_settings %+v, want Bob's alone", settings)
	}
	bob := settings[0]
	if bob.GetUserId() != "W0BOB0001" || bob.GetDuration() != 28800 {
		t.Errorf("user_id %q, duration %d; want W0BOB0001, 28800", bob.GetUserId(), bob.GetDuration())
	}
	if quit := bob.DesktopAppBrowserQuit.Get(); quit != nil {
		t.Errorf("desktop_app_browser_quit %v, want null", *quit)
	}
	if !slices.Equal(got.GetNoSettingsApplied(), []string{"W0ALICE01"}) {
		t.Errorf("no_settings_applied %v, want [W0ALICE01]", got.GetNoSettingsApplied())
	}

	// Slack's answer has every key, null where unset.
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var answer struct {
		SessionSettings []map[string]any `json:"session_settings"`
	}
	if err := json.Unmarshal(raw, &answer); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"user_id": "W0BOB0001", "desktop_app_browser_quit": nil, "duration": float64(28800)}
	if len(answer.SessionSettings) != 1 || !maps.Equal(answer.SessionSettings[0], want) {
		t.Errorf("session_settings as sent: %v, want [%v]", answer.SessionSettings, want)
	}
}

func TestAnAnswerWithFieldsTheSpecLacksIsReadNotRefused(t *testing.T) {
	// Slack adds fields to its answers over time. The model keeps one the spec does not list in
	// AdditionalProperties instead of failing.
	var r slack.SlackResponse
	if err := json.Unmarshal([]byte(`{"ok":false,"error":"user_not_found","added_later":"W0NOBODY1"}`), &r); err != nil {
		t.Fatal(err)
	}
	if r.GetError() != "user_not_found" || r.AdditionalProperties["added_later"] != "W0NOBODY1" {
		t.Errorf("error %q, additional properties %v; want user_not_found, added_later=W0NOBODY1", r.GetError(), r.AdditionalProperties)
	}
}

func TestAPITestNeedsNoTokenAndFailsWithTheErrorAskedFor(t *testing.T) {
	fresh(t)
	c, ctx := newClient("")
	args := slack.NewApiTestArgs()
	args.SetError("my_error")
	a, _, err := c.ApiAPI.ApiTest(ctx).ApiTestArgs(*args).Execute()
	if err != nil {
		t.Fatal(err)
	}
	if a.GetOk() || a.GetError() != "my_error" || a.GetArgs()["error"] != "my_error" {
		t.Errorf("ok %v, error %q, args %v; want false, my_error, error=my_error", a.GetOk(), a.GetError(), a.GetArgs())
	}
}

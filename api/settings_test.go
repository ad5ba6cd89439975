package api_test

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/slack-contracts/admin-users-session/api"
	"github.com/slack-contracts/admin-users-session/mock/mocktest"
)

const adminID = "W0ADMIN01"

func ptr[T any](v T) *T { return &v }

// settingsOf reads the session settings of ids, and fails t on an error.
func settingsOf(t *testing.T, c *api.Client, ids ...string) (map[string]api.SessionSettings, []string) {
	t.Helper()
	got, none, err := c.SessionSettings(context.Background(), ids)
	if err != nil {
		t.Fatalf("SessionSettings: %v", err)
	}
	out := map[string]api.SessionSettings{}
	for _, u := range got {
		out[u.UserID] = u.SessionSettings
	}
	return out, none
}

// pointsTo reports whether p is set, to want.
func pointsTo[T comparable](p *T, want T) bool { return p != nil && *p == want }

// setSettings sets s for ids, and fails t on an error.
func setSettings(t *testing.T, c *api.Client, ids []string, s api.SessionSettings) {
	t.Helper()
	if err := c.SetSessionSettings(context.Background(), ids, s); err != nil {
		t.Fatalf("SetSessionSettings: %v", err)
	}
}

// wantBobsSettings checks Bob's settings as the client reads them back and as the mock holds
// them: a duration of d, and desktop_app_browser_quit set to quit.
func wantBobsSettings(t *testing.T, m *mocktest.Mock, c *api.Client, d time.Duration, quit bool) {
	t.Helper()
	got, _ := settingsOf(t, c, bob)
	if s := got[bob]; !pointsTo(s.Duration, d) || !pointsTo(s.DesktopAppBrowserQuit, quit) {
		t.Errorf("Bob's settings = %+v, want %v and desktop_app_browser_quit %v", s, d, quit)
	}
	if s, ok := m.Org().SessionSettings(bob); !ok || !pointsTo(s.Duration, int(d/time.Second)) || !pointsTo(s.DesktopAppBrowserQuit, quit) {
		t.Errorf("the mock holds %+v for Bob", s)
	}
}

func TestSetSessionSettingsReadBack(t *testing.T) {
	m := mocktest.Start(t)
	c := m.Client(t, adminToken)

	setSettings(t, c, []string{bob, alice}, api.SessionSettings{Duration: ptr(24 * time.Hour)})
	reqs := m.Requests(api.MethodSetSettings)
	if want := map[string]any{"user_ids": bob + "," + alice, "duration": "86400"}; len(reqs) != 1 || !mapsEqual(reqs[0].Args, want) {
		t.Fatalf("calls %+v, want one with %v", reqs, want)
	}
	got, none := settingsOf(t, c, bob, alice, adminID)
	if len(got) != 2 || !pointsTo(got[bob].Duration, 24*time.Hour) || got[bob].DesktopAppBrowserQuit != nil ||
		!pointsTo(got[alice].Duration, 24*time.Hour) {
		t.Errorf("settings = %+v, want Bob and Alice with 24h and nothing else", got)
	}
	if !slices.Equal(none, []string{adminID}) {
		t.Errorf("none = %v, want [%s]", none, adminID)
	}

	// A field left nil stays as it was.
	setSettings(t, c, []string{bob}, api.SessionSettings{DesktopAppBrowserQuit: ptr(true)})
	if a := m.Requests(api.MethodSetSettings)[1].Args; a["desktop_app_browser_quit"] != "true" || a["duration"] != nil {
		t.Errorf("args sent = %v", a)
	}
	wantBobsSettings(t, m, c, 24*time.Hour, true)
	setSettings(t, c, []string{bob}, api.SessionSettings{DesktopAppBrowserQuit: ptr(false)})
	wantBobsSettings(t, m, c, 24*time.Hour, false)
}

// TestSessionDurationBounds sets the bounds themselves, which Slack takes, and reads them
// back exactly; durations past them, or not whole seconds, are refused before sending.
func TestSessionDurationBounds(t *testing.T) {
	for _, tc := range []struct {
		d  time.Duration
		ok bool
	}{
		{api.MinSessionDuration, true},
		{api.MaxSessionDuration, true},
		{10 * 24 * time.Hour, true},
		{7*time.Hour + 59*time.Minute, false},
		{api.MinSessionDuration - time.Second, false},
		{api.MaxSessionDuration + time.Second, false},
		{8*time.Hour + 1500*time.Millisecond, false},
		{api.MinSessionDuration + time.Nanosecond, false},
		{0, false},
		{-api.MinSessionDuration, false},
	} {
		t.Run(tc.d.String(), func(t *testing.T) {
			m := mocktest.Start(t)
			c := m.Client(t, adminToken)
			err := c.SetSessionSettings(context.Background(), []string{bob}, api.SessionSettings{Duration: ptr(tc.d)})
			if tc.ok {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				if got, _ := settingsOf(t, c, bob); got[bob].Duration == nil || *got[bob].Duration != tc.d {
					t.Errorf("read back %+v, want %v", got[bob], tc.d)
				}
				return
			}
			var ae *api.ArgumentError
			if !errors.As(err, &ae) || ae.Arg != "duration" || ae.Method != api.MethodSetSettings {
				t.Errorf("err = %v (%T), want an ArgumentError for duration", err, err)
			}
			if n := len(m.Requests("")); n != 0 {
				t.Errorf("%d calls were sent, want none", n)
			}
		})
	}
}

func TestSessionSettingsArguments(t *testing.T) {
	m := mocktest.Start(t)
	c := m.Client(t, adminToken)
	ctx := context.Background()
	quit := api.SessionSettings{DesktopAppBrowserQuit: ptr(true)}
	_, _, getErr := c.SessionSettings(ctx, nil)
	for _, tc := range []struct {
		name, method, arg string
		err               error
	}{
		{"no field set", api.MethodSetSettings, "settings", c.SetSessionSettings(ctx, []string{bob}, api.SessionSettings{})},
		{"set without users", api.MethodSetSettings, "user_ids", c.SetSessionSettings(ctx, nil, quit)},
		{"set with an empty id", api.MethodSetSettings, "user_ids", c.SetSessionSettings(ctx, []string{""}, quit)},
		{"get without users", api.MethodGetSettings, "user_ids", getErr},
		{"clear with a comma", api.MethodClearSettings, "user_ids", c.ClearSessionSettings(ctx, []string{bob + "," + alice})},
	} {
		var ae *api.ArgumentError
		if !errors.As(tc.err, &ae) || ae.Arg != tc.arg || ae.Method != tc.method {
			t.Errorf("%s: err = %v (%T), want an ArgumentError of %s for %s", tc.name, tc.err, tc.err, tc.method, tc.arg)
		}
	}
	if n := len(m.Requests("")); n != 0 {
		t.Errorf("%d calls were sent, want none", n)
	}
}

// TestSessionSettingsRefused checks Slack's refusals: they change nothing.
func TestSessionSettingsRefused(t *testing.T) {
	quit := api.SessionSettings{DesktopAppBrowserQuit: ptr(true)}
	for _, tc := range []struct {
		name  string
		token string
		call  func(context.Context, *api.Client) error
		code  api.ErrorCode
	}{
		{"set unknown user", adminToken, func(ctx context.Context, c *api.Client) error {
			return c.SetSessionSettings(ctx, []string{bob, "W0NOBODY1"}, quit)
		}, api.CodeUserNotFound},
		{"set a bot", adminToken, func(ctx context.Context, c *api.Client) error {
			return c.SetSessionSettings(ctx, []string{bob, "W0BOT0001"}, quit)
		}, api.CodeBotsNotAllowed},
		{"set read-only", readonlyToken, func(ctx context.Context, c *api.Client) error {
			return c.SetSessionSettings(ctx, []string{bob}, quit)
		}, api.CodeMissingScope},
		{"get write-only", "xoxp-demo-writeonly", func(ctx context.Context, c *api.Client) error {
			_, _, err := c.SessionSettings(ctx, []string{bob})
			return err
		}, api.CodeMissingScope},
		{"get unknown user", adminToken, func(ctx context.Context, c *api.Client) error {
			_, _, err := c.SessionSettings(ctx, []string{"W0NOBODY1"})
			return err
		}, api.CodeUserNotFound},
		{"clear unknown user", adminToken, func(ctx context.Context, c *api.Client) error {
			return c.ClearSessionSettings(ctx, []string{alice, "W0NOBODY1"})
		}, api.CodeUserNotFound},
		{"clear as a member", memberToken, func(ctx context.Context, c *api.Client) error {
			return c.ClearSessionSettings(ctx, []string{alice})
		}, api.CodeNotAnAdmin},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := mocktest.Start(t)
			// Alice has settings, so that a clear that fails can be seen to keep them.
			if err := m.Client(t, adminToken).SetSessionSettings(context.Background(), []string{alice}, quit); err != nil {
				t.Fatal(err)
			}
			err := tc.call(context.Background(), m.Client(t, tc.token))
			var e *api.Error
			if !errors.As(err, &e) || e.Code != tc.code {
				t.Fatalf("err = %v (%T), want %s", err, err, tc.code)
			}
			if _, has := m.Org().SessionSettings(bob); has {
				t.Error("a refused call gave Bob settings")
			}
			if _, has := m.Org().SessionSettings(alice); !has {
				t.Error("a refused call cleared Alice's settings")
			}
		})
	}
}

func TestClearSessionSettings(t *testing.T) {
	m := mocktest.Start(t)
	c := m.Client(t, adminToken)
	ctx := context.Background()
	all := api.SessionSettings{Duration: ptr(12 * time.Hour), DesktopAppBrowserQuit: ptr(true)}
	if err := c.SetSessionSettings(ctx, []string{bob, alice}, all); err != nil {
		t.Fatal(err)
	}
	if err := c.ClearSessionSettings(ctx, []string{bob}); err != nil {
		t.Fatalf("ClearSessionSettings: %v", err)
	}
	got, none := settingsOf(t, c, bob, alice)
	if _, has := got[bob]; has || !slices.Equal(none, []string{bob}) {
		t.Errorf("after clearing Bob: settings %+v, none %v; want Bob in none", got, none)
	}
	if s := got[alice]; s.Duration == nil || *s.Duration != 12*time.Hour {
		t.Errorf("Alice's settings = %+v, want hers kept", s)
	}
	// Clearing a user without settings is no error.
	if err := c.ClearSessionSettings(ctx, []string{bob}); err != nil {
		t.Errorf("clearing again: %v", err)
	}
}

// TestSessionSettingsSplit sets, reads and clears the settings of 2,500 users, three calls
// each.
func TestSessionSettingsSplit(t *testing.T) {
	m, ids := startCrowd(t, 2500)
	c := m.Client(t, adminToken)
	ctx := context.Background()
	if err := c.SetSessionSettings(ctx, ids, api.SessionSettings{Duration: ptr(api.MaxSessionDuration)}); err != nil {
		t.Fatalf("SetSessionSettings: %v", err)
	}
	got, none, err := c.SessionSettings(ctx, append(slices.Clone(ids), bob))
	if err != nil || len(got) != len(ids) || !slices.Equal(none, []string{bob}) {
		t.Fatalf("SessionSettings: %d with settings, none %v, err %v", len(got), none, err)
	}
	for i, u := range got {
		if u.UserID != ids[i] || u.Duration == nil || *u.Duration != api.MaxSessionDuration {
			t.Fatalf("settings[%d] = %+v", i, u)
		}
	}
	if err := c.ClearSessionSettings(ctx, ids); err != nil {
		t.Fatalf("ClearSessionSettings: %v", err)
	}
	if _, none = settingsOf(t, c, ids[2499]); len(none) != 1 {
		t.Errorf("the last user still has settings")
	}
	for _, method := range []string{api.MethodSetSettings, api.MethodGetSettings, api.MethodClearSettings} {
		var sizes []int
		for _, r := range m.Requests(method) {
			s, _ := r.Args["user_ids"].(string)
			sizes = append(sizes, len(strings.Split(s, ",")))
		}
		want := []int{1000, 1000, 500}
		if method == api.MethodGetSettings {
			want = []int{1000, 1000, 501, 1}
		}
		if !slices.Equal(sizes, want) {
			t.Errorf("%s: calls of %v users, want %v", method, sizes, want)
		}
	}
}

func TestAuthTest(t *testing.T) {
	adminScopes := []string{api.ScopeAdminUsersRead, api.ScopeAdminUsersWrite}
	for _, tc := range []struct {
		token string
		want  api.Identity
	}{
		// The demo's admin tokens are org-wide installs: they name the org.
		{adminToken, api.Identity{URL: "https://acme.enterprise.slack.com/", Team: "Acme Corp", TeamID: "E0DEMO001", User: "Ada Admin", UserID: adminID,
			EnterpriseID: "E0DEMO001", IsEnterpriseInstall: true, Scopes: adminScopes}},
		{readonlyToken, api.Identity{URL: "https://acme.enterprise.slack.com/", Team: "Acme Corp", TeamID: "E0DEMO001", User: "Ada Admin", UserID: adminID,
			EnterpriseID: "E0DEMO001", IsEnterpriseInstall: true, Scopes: []string{api.ScopeAdminUsersRead}}},
		{"xoxp-demo-member", api.Identity{URL: "https://acme.slack.com/", Team: "Acme", TeamID: "T0DEMO001", User: "Alice", UserID: "W0ALICE01",
			EnterpriseID: "E0DEMO001", Scopes: adminScopes}},
		{"xoxb-demo-bot", api.Identity{URL: "https://acme.slack.com/", Team: "Acme", TeamID: "T0DEMO001", User: "deploybot", UserID: "W0BOT0001",
			EnterpriseID: "E0DEMO001", BotID: "B0BOT0001", Scopes: []string{api.ScopeAdminUsersWrite}}},
	} {
		t.Run(tc.token, func(t *testing.T) {
			m := mocktest.Start(t)
			id, err := m.Client(t, tc.token).AuthTest(context.Background())
			if err != nil {
				t.Fatalf("AuthTest: %v", err)
			}
			if !reflect.DeepEqual(id, tc.want) {
				t.Errorf("AuthTest = %+v\nwant       %+v", id, tc.want)
			}
		})
	}
	for _, tc := range []struct {
		token string
		code  api.ErrorCode
	}{
		{"xoxp-demo-revoked", api.CodeTokenRevoked},
		{"xoxp-demo-expired", api.CodeTokenExpired},
		{"xoxp-demo-inactive", api.CodeAccountInactive},
		{"xoxp-nobody-knows-me", api.CodeInvalidAuth},
	} {
		m := mocktest.Start(t)
		id, err := m.Client(t, tc.token).AuthTest(context.Background())
		var e *api.Error
		if !errors.As(err, &e) || e.Code != tc.code || e.Method != api.MethodAuthTest || id.UserID != "" {
			t.Errorf("%s: %+v, %v; want %s", tc.token, id, err, tc.code)
		}
	}
}

// TestErrorRequestID checks that an *Error carries the X-Slack-Req-Id of its answer, the one
// the mock's journal shows, for each kind of method.
func TestErrorRequestID(t *testing.T) {
	m := mocktest.Start(t)
	c := m.Client(t, adminToken)
	ctx := context.Background()
	for _, call := range []func() error{
		func() error { return c.InvalidateSession(ctx, bob, 1) },
		func() error { return c.ResetSessions(ctx, "W0NOBODY1", api.AllSessions) },
		func() error { _, err := c.ListSessionsPage(ctx, api.ListOptions{}, "nope"); return err },
		func() error { _, err := m.Client(t, "xoxp-demo-revoked").AuthTest(ctx); return err },
		func() error { _, _, err := c.SessionSettings(ctx, []string{"W0BOT0001"}); return err },
	} {
		err := call()
		var e *api.Error
		if !errors.As(err, &e) {
			t.Fatalf("err = %v, want an *api.Error", err)
		}
		reqs := m.Requests("")
		last := reqs[len(reqs)-1]
		if e.RequestID == "" || e.RequestID != last.RequestID || last.Error != string(e.Code) {
			t.Errorf("%s: RequestID %q, the journal's %q (%s)", e.Method, e.RequestID, last.RequestID, last.Error)
		}
	}
	if ids := requestIDs(m); len(ids) != len(slices.Compact(slices.Sorted(slices.Values(ids)))) {
		t.Errorf("request ids repeat: %v", ids)
	}
}

func requestIDs(m *mocktest.Mock) []string {
	var ids []string
	for _, r := range m.Requests("") {
		ids = append(ids, r.RequestID)
	}
	return ids
}

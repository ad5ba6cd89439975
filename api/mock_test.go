package api_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/slack-contracts/admin-users-session/api"
	"github.com/slack-contracts/admin-users-session/gen"
	"github.com/slack-contracts/admin-users-session/mock/mocktest"
)

// Tokens, users and sessions of the mock's demo fixture (mock/demo.json).
const (
	adminToken    = "xoxp-demo-admin"
	readonlyToken = "xoxp-demo-readonly"
	memberToken   = "xoxp-demo-member"
	bob           = "W0BOB0001"
	alice         = "W0ALICE01"
	bobMobile     = int64(1112275520242) // Bob's mobile session in T0DEMO002
	bobWeb        = int64(1112275520243) // Bob's web session in T0DEMO002
	bobTeam       = "T0DEMO002"
)

func sessionIDs(m *mocktest.Mock, userID string) []int64 {
	var ids []int64
	for _, s := range m.Org().Sessions(userID, "") {
		ids = append(ids, s.SessionID)
	}
	return ids
}

func TestInvalidateSessionEndsOneSession(t *testing.T) {
	m := mocktest.Start(t)
	c := m.Client(t, adminToken)
	before := sessionIDs(m, bob)
	if err := c.InvalidateSession(context.Background(), bob, bobMobile); err != nil {
		t.Fatalf("InvalidateSession: %v", err)
	}
	want := slices.DeleteFunc(before, func(id int64) bool { return id == bobMobile })
	if got := sessionIDs(m, bob); !slices.Equal(got, want) {
		t.Errorf("Bob's sessions = %v, want %v", got, want)
	}
	reqs := m.Requests(api.MethodInvalidate)
	if len(reqs) != 1 {
		t.Fatalf("journal has %d calls, want 1", len(reqs))
	}
	r := reqs[0]
	if r.TokenFrom != "header" || !strings.HasPrefix(r.ContentType, "application/x-www-form-urlencoded") {
		t.Errorf("token from %q, content type %q; want header and a form", r.TokenFrom, r.ContentType)
	}
	if r.Args["user_id"] != bob || r.Args["session_id"] != "1112275520242" || r.Args["team_id"] != nil || len(r.Args) != 2 {
		t.Errorf("args sent = %v", r.Args)
	}
}

// TestInvalidateSessionOfUser checks that user_id names whose session it is: another
// user's session is session_not_found and stays live.
func TestInvalidateSessionOfUser(t *testing.T) {
	m := mocktest.Start(t)
	c := m.Client(t, adminToken)
	ctx := context.Background()

	err := c.InvalidateSession(ctx, alice, bobMobile)
	if !errors.Is(err, api.CodeSessionNotFound) {
		t.Fatalf("someone else's session: err = %v, want session_not_found", err)
	}
	if _, ok := m.Org().Session(bobMobile); !ok {
		t.Fatal("a failed call ended the session")
	}
	if err := c.InvalidateSession(ctx, bob, bobMobile); err != nil {
		t.Fatalf("the owner's session: %v", err)
	}
	if _, ok := m.Org().Session(bobMobile); ok {
		t.Error("the session is still live")
	}
	reqs := m.Requests(api.MethodInvalidate)
	if got := reqs[len(reqs)-1].Args["user_id"]; got != bob {
		t.Errorf("user_id sent = %v, want %s", got, bob)
	}
}

// TestInvalidateSessionInTeam checks the optional, deprecated team_id: the session's team
// or the org's id ends it, another team is session_not_found.
func TestInvalidateSessionInTeam(t *testing.T) {
	for _, tc := range []struct {
		name string
		team string
		ok   bool
	}{
		{"the session's team", bobTeam, true},
		{"the org", "E0DEMO001", true},
		{"another team", "T0DEMO001", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := mocktest.Start(t)
			err := m.Client(t, adminToken).InvalidateSession(context.Background(), bob, bobMobile, api.InTeam(tc.team))
			switch {
			case tc.ok && err != nil:
				t.Fatalf("err = %v, want success", err)
			case !tc.ok && !errors.Is(err, api.CodeSessionNotFound):
				t.Fatalf("err = %v, want session_not_found", err)
			}
			if _, live := m.Org().Session(bobMobile); live == tc.ok {
				t.Errorf("session live = %v after a call that succeeded = %v", live, tc.ok)
			}
			reqs := m.Requests(api.MethodInvalidate)
			if len(reqs) != 1 {
				t.Fatalf("journal has %d calls, want 1", len(reqs))
			}
			want := map[string]any{"user_id": bob, "session_id": "1112275520242", "team_id": tc.team}
			if got := reqs[0].Args; !mapsEqual(got, want) {
				t.Errorf("args sent = %v, want %v", got, want)
			}
		})
	}
}

func TestResetSessionsScopes(t *testing.T) {
	for _, tc := range []struct {
		scope api.ResetScope
		left  []int64 // Bob's sessions after the reset
		sent  map[string]any
	}{
		{api.AllSessions, nil, map[string]any{"user_id": bob}},
		{api.MobileOnly, []int64{bobWeb, 1112275520244}, map[string]any{"user_id": bob, "mobile_only": "true"}},
		{api.WebOnly, []int64{bobMobile}, map[string]any{"user_id": bob, "web_only": "true"}},
	} {
		t.Run(scopeName(tc.scope), func(t *testing.T) {
			m := mocktest.Start(t)
			c := m.Client(t, adminToken)
			if err := c.ResetSessions(context.Background(), bob, tc.scope); err != nil {
				t.Fatalf("ResetSessions: %v", err)
			}
			if got := sessionIDs(m, bob); !slices.Equal(got, tc.left) {
				t.Errorf("Bob's sessions = %v, want %v", got, tc.left)
			}
			if got := len(sessionIDs(m, alice)); got != 2 {
				t.Errorf("Alice has %d sessions, want her 2 untouched", got)
			}
			reqs := m.Requests(api.MethodReset)
			if len(reqs) != 1 {
				t.Fatalf("journal has %d calls, want 1", len(reqs))
			}
			if got := reqs[0].Args; len(got) != len(tc.sent) || !mapsEqual(got, tc.sent) {
				t.Errorf("args sent = %v, want %v", got, tc.sent)
			}
		})
	}
}

// scopeName names a ResetScope for a subtest: "all" for AllSessions, which is "".
func scopeName(s api.ResetScope) string {
	if s == api.AllSessions {
		return "all"
	}
	return string(s)
}

func mapsEqual(a, b map[string]any) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return len(a) == len(b)
}

// TestSlackErrors checks that each kind of refusal of the mock arrives as an *api.Error
// with its code, and changes nothing.
func TestSlackErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		token string
		call  func(context.Context, *api.Client) error
		code  api.ErrorCode
	}{
		{"invalid_auth", "xoxp-nobody-knows-me", invalidateBob, api.CodeInvalidAuth},
		{"token_revoked", "xoxp-demo-revoked", invalidateBob, api.CodeTokenRevoked},
		{"token_expired", "xoxp-demo-expired", invalidateBob, api.CodeTokenExpired},
		{"account_inactive", "xoxp-demo-inactive", invalidateBob, api.CodeAccountInactive},
		{"not_allowed_token_type", "xoxb-demo-bot", invalidateBob, api.CodeNotAllowedTokenType},
		{"missing_scope", readonlyToken, invalidateBob, api.CodeMissingScope},
		{"not_an_admin", memberToken, invalidateBob, api.CodeNotAnAdmin},
		{"session_not_found", adminToken, func(ctx context.Context, c *api.Client) error {
			return c.InvalidateSession(ctx, bob, bobMobile, api.InTeam("T0DEMO001")) // Bob's session is in T0DEMO002
		}, api.CodeSessionNotFound},
		{"invalidate user_not_found", adminToken, func(ctx context.Context, c *api.Client) error {
			return c.InvalidateSession(ctx, "W0NOBODY1", bobMobile)
		}, api.CodeUserNotFound},
		{"cannot_invalidate_primary_owner", adminToken, func(ctx context.Context, c *api.Client) error {
			return c.InvalidateSession(ctx, "W0OWNER01", 3330000000001)
		}, api.CodeCannotInvalidatePrimary},
		{"reset user_not_found", adminToken, func(ctx context.Context, c *api.Client) error {
			return c.ResetSessions(ctx, "W0NOBODY1", api.AllSessions)
		}, api.CodeUserNotFound},
		{"cannot_reset_bot", adminToken, func(ctx context.Context, c *api.Client) error {
			return c.ResetSessions(ctx, "W0BOT0001", api.AllSessions)
		}, api.CodeCannotResetBot},
		{"cannot_reset_primary_owner", adminToken, func(ctx context.Context, c *api.Client) error {
			return c.ResetSessions(ctx, "W0OWNER01", api.WebOnly)
		}, api.CodeCannotResetPrimary},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := mocktest.Start(t)
			before := m.Org().Fixture()
			err := tc.call(context.Background(), m.Client(t, tc.token))
			var e *api.Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v (%T), want an *api.Error", err, err)
			}
			if e.Code != tc.code || !errors.Is(err, tc.code) {
				t.Errorf("Code = %q, want %q", e.Code, tc.code)
			}
			if e.StatusCode != 200 {
				t.Errorf("StatusCode = %d, want 200", e.StatusCode)
			}
			if !strings.Contains(err.Error(), string(tc.code)) || strings.Contains(err.Error(), tc.token) {
				t.Errorf("Error() = %q: want the code and not the token", err)
			}
			if got := m.Org().Fixture(); len(got.Sessions) != len(before.Sessions) {
				t.Errorf("a refused call ended %d sessions", len(before.Sessions)-len(got.Sessions))
			}
		})
	}
}

func invalidateBob(ctx context.Context, c *api.Client) error {
	return c.InvalidateSession(ctx, bob, bobMobile)
}

func TestMissingScopeNeededProvided(t *testing.T) {
	m := mocktest.Start(t)
	err := m.Client(t, readonlyToken).ResetSessions(context.Background(), bob, api.AllSessions)
	var e *api.Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v, want an *api.Error", err)
	}
	if e.Code != api.CodeMissingScope || !slices.Equal(e.Needed, []string{api.ScopeAdminUsersWrite}) ||
		!slices.Equal(e.Provided, []string{"admin.users:read"}) {
		t.Errorf("got %q needed %q provided %q", e.Code, e.Needed, e.Provided)
	}
	const want = "slack: admin.users.session.reset: missing_scope (needed admin.users:write; provided admin.users:read)"
	if err.Error() != want {
		t.Errorf("Error() = %q\nwant      %q", err, want)
	}
}

// TestRawReachesTheMock shows the generated client under Raw carries the token, and that
// the mock's invalid_arguments (which the typed methods cannot provoke) comes with messages.
func TestRawReachesTheMock(t *testing.T) {
	m := mocktest.Start(t)
	yes := gen.FormBoolean("true")
	resp, err := m.Client(t, adminToken).Raw().AdminUsersSessionResetWithFormdataBodyWithResponse(context.Background(),
		gen.ResetSessionsForm{UserID: bob, MobileOnly: &yes, WebOnly: &yes})
	if err != nil {
		t.Fatal(err)
	}
	a := resp.JSON200
	if a == nil || a.Ok || a.Error == nil || *a.Error != string(api.CodeInvalidArguments) ||
		a.ResponseMetadata == nil || a.ResponseMetadata.Messages == nil || len(*a.ResponseMetadata.Messages) == 0 {
		t.Fatalf("answer = %s, want invalid_arguments with messages", resp.Body)
	}
	if len(sessionIDs(m, bob)) != 3 {
		t.Error("a refused reset ended sessions")
	}
}

// TestInvalidate2020Shape checks that the client cannot make the call of the 2020 spec,
// team_id and session_id without user_id, which Slack no longer takes: without a user the
// call is refused before sending, and the same call sent through Raw gets the mock's
// invalid_arguments naming the missing field.
func TestInvalidate2020Shape(t *testing.T) {
	m := mocktest.Start(t)
	c := m.Client(t, adminToken)
	ctx := context.Background()
	var ae *api.ArgumentError
	if err := c.InvalidateSession(ctx, "", bobMobile, api.InTeam(bobTeam)); !errors.As(err, &ae) || ae.Arg != "user_id" {
		t.Fatalf("err = %v, want an ArgumentError for user_id", err)
	}
	if n := len(m.Requests("")); n != 0 {
		t.Fatalf("%d calls were sent, want none", n)
	}
	resp, err := c.Raw().AdminUsersSessionInvalidateWithBodyWithResponse(ctx, "application/x-www-form-urlencoded",
		strings.NewReader("team_id=T0DEMO002&session_id=1112275520242"))
	if err != nil {
		t.Fatal(err)
	}
	a := resp.JSON200
	if a == nil || a.Ok || a.Error == nil || *a.Error != string(api.CodeInvalidArguments) || a.ResponseMetadata == nil ||
		a.ResponseMetadata.Messages == nil || !slices.Contains(*a.ResponseMetadata.Messages, "[ERROR] missing required field: user_id") {
		t.Errorf("answer = %s, want invalid_arguments: missing required field: user_id", resp.Body)
	}
	if _, live := m.Org().Session(bobMobile); !live {
		t.Error("the refused call ended the session")
	}
}

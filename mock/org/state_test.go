package org

import (
	"bytes"
	"cmp"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/slack-contracts/admin-users-session/api/vocab"
)

// authFixture has a token for every combination the order of the auth checks must settle.
const authFixture = `{
  "org": {"id": "E1"},
  "teams": [{"id": "T1"}, {"id": "T2"}],
  "users": [
    {"id": "WADMIN", "team_id": "T1", "role": "admin"},
    {"id": "WOWNER", "team_id": "T1", "role": "owner"},
    {"id": "WPRIMARY", "team_id": "T1", "role": "primary_owner"},
    {"id": "WMEMBER", "team_id": "T1"},
    {"id": "WBOT", "team_id": "T1", "role": "bot"},
    {"id": "WGONE", "team_id": "T1", "role": "admin", "deleted": true},
    {"id": "WBOB", "team_id": "T2"}
  ],
  "tokens": [
    {"token": "xoxp-admin", "user_id": "WADMIN", "scopes": ["admin.users:read", "admin.users:write"]},
    {"token": "xoxp-owner", "user_id": "WOWNER", "scopes": ["admin.users:write"]},
    {"token": "xoxp-primary", "user_id": "WPRIMARY", "scopes": ["admin.users:write"]},
    {"token": "xoxp-member", "user_id": "WMEMBER", "scopes": ["admin.users:write"]},
    {"token": "xoxp-member-noscope", "user_id": "WMEMBER", "scopes": ["chat:write"]},
    {"token": "xoxp-bot-user", "user_id": "WBOT", "scopes": ["admin.users:write"]},
    {"token": "xoxb-noscope", "user_id": "WADMIN", "scopes": []},
    {"token": "xoxp-expired-bot", "user_id": "WADMIN", "type": "bot", "expired": true, "scopes": []},
    {"token": "xoxp-revoked-expired", "user_id": "WADMIN", "revoked": true, "expired": true, "scopes": []},
    {"token": "xoxp-gone-revoked", "user_id": "WGONE", "revoked": true, "expired": true, "type": "bot", "scopes": []}
  ],
  "sessions": [
    {"session_id": 11, "user_id": "WBOB", "team_id": "T2", "client": "mobile"},
    {"session_id": 12, "user_id": "WBOB", "team_id": "T2", "client": "web"},
    {"session_id": 13, "user_id": "WBOB", "team_id": "T1", "client": "web"},
    {"session_id": 21, "user_id": "WPRIMARY", "team_id": "T1", "client": "mobile"},
    {"session_id": 31, "user_id": "WMEMBER", "team_id": "T1", "client": "mobile"}
  ]
}`

// adminWrite is what an admin method that needs admin.users:write asks of a token.
var adminWrite = Access{Scope: vocab.ScopeAdminUsersWrite, Admin: true}

// The org's methods as the pipeline calls them, each in one Read or Change.
func (o *Org) authorize(token string) (g Grant, r *Refusal) {
	o.Read(func(tx *Tx) { g, r = tx.Authorize(token, adminWrite) })
	return g, r
}

func (o *Org) invalidate(caller Caller, user string, id int64, team string) (code vocab.ErrorCode) {
	o.Change(func(tx *Tx) { code = codeOf(tx.Invalidate(caller, user, id, team)) })
	return code
}

func (o *Org) reset(caller Caller, user string, only ClientKind) (n int, code vocab.ErrorCode) {
	o.Change(func(tx *Tx) {
		var r *Refusal
		n, r = tx.Reset(caller, user, only)
		code = codeOf(r)
	})
	return n, code
}

// codeOf is the code of r, "" for nil.
func codeOf(r *Refusal) vocab.ErrorCode {
	if r == nil {
		return ""
	}
	return r.Code
}

func newAuthOrg(t *testing.T) *Org {
	t.Helper()
	f, err := ParseFixture(strings.NewReader(authFixture))
	if err != nil {
		t.Fatal(err)
	}
	return New(f)
}

var (
	admin   = Caller{UserID: "WADMIN", Role: RoleAdmin}
	primary = Caller{UserID: "WPRIMARY", Role: RolePrimaryOwner}
)

func TestOrgAuthorizeOrder(t *testing.T) {
	t.Parallel()
	s := newAuthOrg(t)
	cases := []struct {
		token string
		want  vocab.ErrorCode
		role  Role // on success
	}{
		{"xoxp-unknown", vocab.CodeInvalidAuth, ""},
		{"xoxp-admi", vocab.CodeInvalidAuth, ""},
		{"xoxp-admin ", vocab.CodeInvalidAuth, ""},
		{"XOXP-ADMIN", vocab.CodeInvalidAuth, ""},
		// Each token below fails several checks; the first in Slack's order answers.
		{"xoxp-gone-revoked", vocab.CodeAccountInactive, ""},
		{"xoxp-revoked-expired", vocab.CodeTokenRevoked, ""},
		{"xoxp-expired-bot", vocab.CodeTokenExpired, ""},
		{"xoxb-noscope", vocab.CodeNotAllowedTokenType, ""},
		{"xoxp-member-noscope", vocab.CodeMissingScope, ""},
		{"xoxp-member", vocab.CodeNotAnAdmin, ""},
		{"xoxp-bot-user", vocab.CodeNotAnAdmin, ""},
		{"xoxp-admin", "", RoleAdmin},
		{"xoxp-owner", "", RoleOwner},
		{"xoxp-primary", "", RolePrimaryOwner},
	}
	for _, tc := range cases {
		t.Run(cmp.Or(tc.token, "none"), func(t *testing.T) {
			t.Parallel()
			g, r := s.authorize(tc.token)
			if tc.want != "" {
				if r == nil || r.Code != tc.want {
					t.Fatalf("authorize(%q) = %+v, %+v; want %s", tc.token, g, r, tc.want)
				}
				if g.Caller != (Caller{}) {
					t.Errorf("a refused token gave a caller %+v", g.Caller)
				}
				return
			}
			if r != nil {
				t.Fatalf("authorize(%q) refused: %+v", tc.token, r)
			}
			if g.Caller.Role != tc.role || g.Caller.UserID == "" {
				t.Errorf("caller %+v, want role %s", g.Caller, tc.role)
			}
		})
	}
	// missing_scope's provided scopes are the token's, as X-OAuth-Scopes lists them.
	g, r := s.authorize("xoxp-member-noscope")
	if r == nil || r.Code != vocab.CodeMissingScope || g.Scopes != "chat:write" {
		t.Errorf("missing_scope: %+v, %+v; want the token's scopes chat:write", g, r)
	}
}

// wantLeft checks what a call answered with refusal left in s, whose state was before:
// nothing changed when it was refused, else the sessions left. It answers whether the call
// went through, and so whether there is more to check.
func wantLeft(t *testing.T, s *Org, before *Fixture, refusal vocab.ErrorCode, left []int64) bool {
	t.Helper()
	if refusal != "" {
		if after := s.Fixture(); !reflect.DeepEqual(after, before) {
			t.Errorf("a call refused with %s changed the state", refusal)
		}
		return false
	}
	if got := ids(s.Sessions("", "")); !slices.Equal(got, left) {
		t.Errorf("sessions left %v, want %v", got, left)
	}
	return true
}

func ids(ss []Session) []int64 {
	var out []int64
	for _, s := range ss {
		out = append(out, s.SessionID)
	}
	return out
}

func TestOrgInvalidate(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		caller Caller
		team   string
		id     int64
		user   string
		want   vocab.ErrorCode
		left   []int64
	}{
		{"in its team", admin, "T2", 11, "WBOB", "", []int64{12, 13, 21, 31}},
		{"in the org", admin, "E1", 13, "WBOB", "", []int64{11, 12, 21, 31}},
		{"without a team", admin, "", 12, "WBOB", "", []int64{11, 13, 21, 31}},
		{"another team", admin, "T1", 11, "WBOB", vocab.CodeSessionNotFound, nil},
		{"unknown id", admin, "T2", 99, "WBOB", vocab.CodeSessionNotFound, nil},
		{"another user", admin, "T2", 11, "WMEMBER", vocab.CodeSessionNotFound, nil},
		{"unknown user", admin, "T2", 11, "WNOPE", vocab.CodeUserNotFound, nil},
		{"unknown user, unknown id", admin, "T2", 99, "WNOPE", vocab.CodeUserNotFound, nil},
		{"primary owner by an admin", admin, "T1", 21, "WPRIMARY", vocab.CodeCannotInvalidatePrimary, nil},
		{"primary owner by themself", primary, "T1", 21, "WPRIMARY", "", []int64{11, 12, 13, 31}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newAuthOrg(t)
			before := s.Fixture()
			if got := s.invalidate(tc.caller, tc.user, tc.id, tc.team); got != tc.want {
				t.Fatalf("Invalidate = %q, want %q", got, tc.want)
			}
			if !wantLeft(t, s, before, tc.want, tc.left) {
				return
			}
			if _, ok := s.Session(tc.id); ok {
				t.Errorf("Session(%d) still found", tc.id)
			}
		})
	}
}

func TestOrgReset(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		caller Caller
		user   string
		only   ClientKind
		want   vocab.ErrorCode
		n      int
		left   []int64
	}{
		{"all", admin, "WBOB", "", "", 3, []int64{21, 31}},
		{"mobile", admin, "WBOB", ClientMobile, "", 1, []int64{12, 13, 21, 31}},
		{"web", admin, "WBOB", ClientWeb, "", 2, []int64{11, 21, 31}},
		{"none to end", admin, "WADMIN", "", "", 0, []int64{11, 12, 13, 21, 31}},
		{"unknown user", admin, "WNOPE", "", vocab.CodeUserNotFound, 0, nil},
		{"bot", admin, "WBOT", "", vocab.CodeCannotResetBot, 0, nil},
		{"bot by the primary owner", primary, "WBOT", "", vocab.CodeCannotResetBot, 0, nil},
		{"primary owner by an admin", admin, "WPRIMARY", "", vocab.CodeCannotResetPrimary, 0, nil},
		{"primary owner by themself", primary, "WPRIMARY", "", "", 1, []int64{11, 12, 13, 31}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newAuthOrg(t)
			before := s.Fixture()
			n, got := s.reset(tc.caller, tc.user, tc.only)
			if got != tc.want || n != tc.n {
				t.Fatalf("Reset = %d, %q; want %d, %q", n, got, tc.n, tc.want)
			}
			if !wantLeft(t, s, before, tc.want, tc.left) {
				return
			}
			// The index by user agrees with the sessions.
			for _, id := range tc.left {
				ss, _ := s.Session(id)
				if !slices.Contains(ids(s.Sessions(ss.UserID, "")), id) {
					t.Errorf("Sessions(%q) misses %d", ss.UserID, id)
				}
			}
			if got := s.Sessions(tc.user, ""); tc.only == "" && len(got) != 0 {
				t.Errorf("Sessions(%q) = %v after a full reset", tc.user, ids(got))
			}
		})
	}
}

func TestOrgAddSession(t *testing.T) {
	t.Parallel()
	ok := Session{SessionID: 9223372036854775807, UserID: "WMEMBER", TeamID: "T2", Client: ClientWeb}
	cases := []struct {
		name string
		edit func(*Session)
		want string // in the error; empty when it must be accepted
	}{
		{"good", func(*Session) {}, ""},
		{"id taken", func(s *Session) { s.SessionID = 11 }, "11"},
		{"id zero", func(s *Session) { s.SessionID = 0 }, "session_id"},
		{"id negative", func(s *Session) { s.SessionID = -1 }, "session_id"},
		{"bad client", func(s *Session) { s.Client = "desktop" }, `"desktop"`},
		{"unknown user", func(s *Session) { s.UserID = "WNOPE" }, `"WNOPE"`},
		{"unknown team", func(s *Session) { s.TeamID = "T9" }, `"T9"`},
		{"in the org, as Slack's examples show", func(s *Session) { s.TeamID = "E1" }, ""},
		{"another org", func(s *Session) { s.TeamID = "E9" }, `"E9"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newAuthOrg(t)
			before := s.Fixture()
			ss := ok
			tc.edit(&ss)
			err := s.AddSession(ss)
			if tc.want != "" {
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("AddSession(%+v) = %v, want an error naming %s", ss, err, tc.want)
				}
				if after := s.Fixture(); !reflect.DeepEqual(after, before) {
					t.Errorf("a refused AddSession changed the state")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got, found := s.Session(ss.SessionID); !found || !reflect.DeepEqual(got, ss) {
				t.Errorf("Session(%d) = %+v, %v; want %+v", ss.SessionID, got, found, ss)
			}
			if !slices.Contains(ids(s.Sessions("WMEMBER", ss.TeamID)), ss.SessionID) {
				t.Errorf("Sessions(WMEMBER, %s) misses the new session", ss.TeamID)
			}
			if n, code := s.reset(admin, "WMEMBER", ClientWeb); code != "" || n != 1 {
				t.Errorf("Reset of the new web session = %d, %q; want 1 ended", n, code)
			}
		})
	}
}

// TestOrgHoldsCopies checks that nothing an org answers aliases its state, nor do the users
// and tokens of the fixture it was made from. (It shares that fixture's sessions, which New
// says must not change.)
func TestOrgHoldsCopies(t *testing.T) {
	t.Parallel()
	f, err := ParseFixture(strings.NewReader(authFixture))
	if err != nil {
		t.Fatal(err)
	}
	s := New(f)
	want, err := json.Marshal(s.Fixture())
	if err != nil {
		t.Fatal(err)
	}

	f.Tokens[0].Scopes[1] = "chat:write" // xoxp-admin loses admin.users:write in f only
	f.Users[0].Role = RoleMember
	got := s.Fixture()
	for _, tk := range got.Tokens {
		for j := range tk.Scopes {
			tk.Scopes[j] = "changed"
		}
	}
	got.Sessions[0].TeamID = "T9"
	ss, _ := s.Session(11)
	ss.UserID = "WADMIN"
	list := s.Sessions("WBOB", "")
	list[0].Client = ClientWeb

	if again, _ := json.Marshal(s.Fixture()); !bytes.Equal(again, want) {
		t.Errorf("the org's state changed through a copy:\nwas %s\nnow %s", want, again)
	}
	if _, r := s.authorize("xoxp-admin"); r != nil {
		t.Errorf("xoxp-admin refused after its fixture was changed: %+v", r)
	}
}

// TestOrgLoadReplaces checks that Load replaces every part of the state.
func TestOrgLoadReplaces(t *testing.T) {
	t.Parallel()
	s := newAuthOrg(t)
	s.Load(DemoFixture())
	if _, r := s.authorize("xoxp-admin"); r == nil || r.Code != vocab.CodeInvalidAuth {
		t.Errorf("an old token still works after Load: %+v", r)
	}
	if _, r := s.authorize("xoxp-demo-admin"); r != nil {
		t.Errorf("a new token is refused after Load: %+v", r)
	}
	if got := s.Sessions("WBOB", ""); len(got) != 0 {
		t.Errorf("old sessions survive Load: %v", ids(got))
	}
	if code := s.invalidate(admin, "W0BOB0001", 1112275520242, "E1"); code != vocab.CodeSessionNotFound {
		t.Errorf("the old org still names every team after Load: %q", code)
	}
	if !reflect.DeepEqual(s.Fixture(), New(DemoFixture()).Fixture()) {
		t.Errorf("Load does not give the state of a new org")
	}
}

// TestOrgConcurrentCalls ends the same sessions from many goroutines: each ends once, and
// the race detector watches the locks.
func TestOrgConcurrentCalls(t *testing.T) {
	t.Parallel()
	s := newAuthOrg(t)
	const workers = 16
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		codes = map[vocab.ErrorCode]int{}
		ended int
	)
	for i := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code := s.invalidate(admin, "WBOB", 11, "T2")
			n, rc := s.reset(admin, "WBOB", ClientWeb)
			if i%2 == 0 {
				_ = s.Fixture()
			} else {
				_ = s.Sessions("", "T2")
			}
			mu.Lock()
			defer mu.Unlock()
			codes[code]++
			if rc != "" {
				codes[rc]++
			}
			ended += n
		}()
	}
	wg.Wait()
	if codes[""] != 1 || codes[vocab.CodeSessionNotFound] != workers-1 || len(codes) != 2 {
		t.Errorf("Invalidate of one session from %d goroutines answered %v; want it ended once", workers, codes)
	}
	if ended != 2 {
		t.Errorf("Reset of Bob's 2 web sessions ended %d in all", ended)
	}
	if got := ids(s.Sessions("", "")); !slices.Equal(got, []int64{21, 31}) {
		t.Errorf("sessions left %v, want [21 31]", got)
	}
}

// TestOrgSessionsShareNoMemory checks that what the org hands out cannot change its sessions
// through their pointer fields.
func TestOrgSessionsShareNoMemory(t *testing.T) {
	f, err := ParseFixture(strings.NewReader(`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],
		"sessions":[{"session_id":1,"user_id":"W1","team_id":"T1","client":"web","created_at":"2026-11-02T09:15:00Z",
		"created":{"ip":"203.0.113.7"},"recent":{"ip":"203.0.113.9"}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	s := New(f)
	want, _ := json.Marshal(s.Sessions("", ""))

	got := s.Sessions("", "")
	got[0].Created.IP, got[0].Recent.IP = "x", "x"
	*got[0].CreatedAt = got[0].CreatedAt.AddDate(1, 0, 0)
	one, _ := s.Session(1)
	one.Created.IP = "y"

	if after, _ := json.Marshal(s.Sessions("", "")); !bytes.Equal(after, want) {
		t.Errorf("the org's sessions changed through copies:\n got %s\nwant %s", after, want)
	}
}

package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/slack-contracts/admin-users-session/api"
)

// TestRefusesBeyondLoopbackWithoutControlToken checks that run will not serve beyond loopback
// unless the control API is locked, and warns loudly when it is.
func TestRefusesBeyondLoopbackWithoutControlToken(t *testing.T) {
	p := startRun(t, "-addr", "0.0.0.0:0")
	if l, ok := p.line(); ok {
		t.Fatalf("run printed %q; want it to refuse", l)
	}
	if err := p.wait(); err == nil || !strings.Contains(err.Error(), "beyond loopback") || !strings.Contains(err.Error(), "-control-token") {
		t.Fatalf("run = %v, want a refusal naming -control-token", err)
	}

	p = startRun(t, "-addr", "0.0.0.0:0", "-control-token", "ctl-wide")
	l, ok := p.line()
	if !ok {
		t.Fatalf("run = %v; stderr: %s", p.wait(), p.stderr)
	}
	if w := p.stderr.String(); !strings.Contains(w, "WARNING") || !strings.Contains(w, "BEYOND LOOPBACK") {
		t.Errorf("stderr %q does not warn", w)
	}
	m := regexp.MustCompile(`at http://\S*:(\d+)/api/ `).FindStringSubmatch(l)
	if m == nil {
		t.Fatalf("first line %q does not name the base URL", l)
	}
	base := "http://127.0.0.1:" + m[1]
	get(t, base+"/_mock/sessions", "", http.StatusUnauthorized)
	get(t, base+"/_mock/sessions", "ctl-wide", http.StatusOK)
	if err := p.stop(); err != nil {
		t.Fatalf("run = %v", err)
	}
}

// canary is in every token of TestTokensNeverShow, and in nothing else it sends.
const canary = "canary7Q"

// canaryFixture gives every auth case a token holding canary.
const canaryFixture = `{
  "org": {"id": "E1"},
  "teams": [{"id": "T1"}],
  "users": [
    {"id": "W1ADMIN", "team_id": "T1", "role": "admin"},
    {"id": "W1OWNER", "team_id": "T1", "role": "primary_owner"},
    {"id": "W1MEMBER", "team_id": "T1"},
    {"id": "W1GONE", "team_id": "T1", "role": "admin", "deleted": true},
    {"id": "W1BOT", "team_id": "T1", "role": "bot"}
  ],
  "tokens": [
    {"token": "xoxp-canary7Q-admin", "user_id": "W1ADMIN", "scopes": ["admin.users:write"]},
    {"token": "xoxp-canary7Q-readonly", "user_id": "W1ADMIN", "scopes": ["admin.users:read"]},
    {"token": "xoxp-canary7Q-revoked", "user_id": "W1ADMIN", "scopes": ["admin.users:write"], "revoked": true},
    {"token": "xoxp-canary7Q-expired", "user_id": "W1ADMIN", "scopes": ["admin.users:write"], "expired": true},
    {"token": "xoxp-canary7Q-member", "user_id": "W1MEMBER", "scopes": ["admin.users:write"]},
    {"token": "xoxp-canary7Q-gone", "user_id": "W1GONE", "scopes": ["admin.users:write"]},
    {"token": "xoxb-canary7Q-bot", "user_id": "W1BOT", "scopes": ["admin.users:write"]}
  ],
  "sessions": [
    {"session_id": 1, "user_id": "W1MEMBER", "team_id": "T1", "client": "web"},
    {"session_id": 2, "user_id": "W1OWNER", "team_id": "T1", "client": "web"}
  ]
}`

// TestTokensNeverShow drives every way a call can fail (and some that succeed) with tokens
// that hold canary, over HTTP and through the api client, and checks that no answer, header,
// journal entry, fault listing, client error nor line of run's output shows one. Tokens go
// only where clients put them: a value sent as another argument is journaled as sent.
func TestTokensNeverShow(t *testing.T) {
	const (
		admin   = "xoxp-canary7Q-admin"
		control = "ctl-canary7Q-control"
		form    = "application/x-www-form-urlencoded"
		js      = "application/json; charset=utf-8"
		reset   = "/api/admin.users.session.reset"
		inval   = "/api/admin.users.session.invalidate"
	)
	file := filepath.Join(t.TempDir(), "org.json")
	if err := os.WriteFile(file, []byte(canaryFixture), 0o600); err != nil {
		t.Fatal(err)
	}
	p := startRun(t, "-addr", "127.0.0.1:0", "-fixture", file, "-control-token", control, "-max-body", "1024")
	rec := &canaryRecorder{t: t, base: p.baseURL(t)}
	send := rec.send
	bearer := func(token string) string { return "Bearer " + token }
	ctl := bearer(control)

	// Faults and a rate limit, one of them for the admin's token only.
	send("POST", "/_mock/faults", "application/json", ctl, `{"token":"`+admin+`","method":"admin.users.session.invalidate","status":429,"retry_after":7,"times":1}`)
	send("POST", "/_mock/faults", "application/json", ctl, `{"token":"`+admin+`","method":"admin.users.session.invalidate","status":503,"times":1}`)
	send("POST", "/_mock/faults", "application/json", ctl, `{"token":"`+admin+`","method":"admin.users.session.invalidate","error":"fatal_error","times":1}`)
	send("POST", "/_mock/faults", "application/json", ctl, `{"token":"`+admin+`","method":"admin.users.session.invalidate","delay_ms":1,"times":1}`)
	send("GET", "/_mock/faults", "", ctl, "")
	for range 4 {
		send("POST", inval, form, bearer(admin), "user_id=W1MEMBER&session_id=1")
	}

	// Auth: every refusal, with the token in each place a client may put it.
	for _, tok := range []string{"xoxp-canary7Q-unknown", "xoxp-canary7Q-readonly", "xoxp-canary7Q-revoked", "xoxp-canary7Q-expired",
		"xoxp-canary7Q-member", "xoxp-canary7Q-gone", "xoxb-canary7Q-bot", admin + "x", "xoxp-canary7Q-admi"} {
		send("POST", reset, form, bearer(tok), "user_id=W1MEMBER")
		send("POST", reset, form, "", "token="+tok+"&user_id=W1MEMBER")
		send("POST", reset, js, "", `{"token":"`+tok+`","user_id":"W1MEMBER"}`)
		send("POST", reset+"?token="+tok, form, "", "user_id=W1MEMBER")
		send("POST", reset, form, "Basic "+tok, "user_id=W1MEMBER")
	}
	// Transport, arguments and the methods' own errors, each with the token in the body too.
	tf := "token=" + admin + "&"
	for _, c := range []struct{ method, path, ctype, body string }{
		{"GET", reset + "?" + tf + "user_id=W1MEMBER", "", ""},
		{"PUT", reset, form, tf + "user_id=W1MEMBER"},
		{"OPTIONS", reset, form, tf + "user_id=W1MEMBER"},
		{"POST", "/api/" + admin, form, tf + "user_id=W1MEMBER"},
		{"POST", reset, "text/plain", tf + "user_id=W1MEMBER"},
		{"POST", reset, "", tf + "user_id=W1MEMBER"},
		{"POST", reset, form + "; charset=latin1", tf + "user_id=W1MEMBER"},
		{"POST", reset, form, tf + "user_id=%zz"},
		{"POST", reset, form, tf + "pad=" + strings.Repeat(admin, 100)},
		{"POST", reset, js, `{"token":"` + admin + `",`},
		{"POST", reset, js, `["` + admin + `"]`},
		{"POST", reset, form, tf},
		{"POST", reset, form, tf + "user_id=W1MEMBER&mobile_only=yes"},
		{"POST", reset, form, tf + "user_id=W1MEMBER&mobile_only=1&web_only=1"},
		{"POST", reset, form, tf + "user_id=W0NOPE"},
		{"POST", reset, form, tf + "user_id=W1OWNER"},
		{"POST", reset, form, tf + "user_id=W1BOT"},
		{"POST", inval, form, tf + "user_id=W1MEMBER&session_id=99"},
		{"POST", inval, form, tf + "user_id=W1MEMBER&session_id=abc"},
		{"POST", inval, form, tf + "user_id=W1OWNER&session_id=2"},
		{"POST", inval, form, tf + "team_id=T1&session_id=1&user_id=W1OWNER"},
		{"POST", inval, form, tf + "team_id=E1&session_id=1&user_id=W1MEMBER"},
		{"POST", reset, form, tf + "user_id=W1MEMBER"},
	} {
		send(c.method, c.path, c.ctype, "", c.body)
		send(c.method, c.path, c.ctype, bearer(admin), c.body)
	}
	// The rate limit, and the control API refusing a wrong control token.
	send("PUT", "/_mock/ratelimit", "application/json", ctl, `{"per_minute":1,"burst":1}`)
	for range 2 {
		send("POST", reset, form, bearer(admin), "user_id=W1MEMBER")
	}
	send("GET", "/_mock/requests", "", bearer(control+"x"), "")
	send("GET", "/_mock/requests", "", bearer(admin), "")

	// The client's errors, for each refusal it can meet.
	rec.clientErrors(admin, "xoxp-canary7Q-unknown", "xoxp-canary7Q-readonly", "xoxp-canary7Q-member", "xoxb-canary7Q-bot")

	// The journal and the faults left, as the control API shows them.
	send("GET", "/_mock/requests", "", ctl, "")
	send("GET", "/_mock/faults", "", ctl, "")
	if err := p.stop(); err != nil {
		t.Fatalf("run = %v", err)
	}
	out := rec.seen.String() + strings.Join(p.out, "\n") + p.stderr.String()
	for i, line := range strings.Split(out, "\n") {
		if strings.Contains(line, canary) || strings.Contains(line, control) {
			t.Errorf("line %d shows a token: %s", i, line)
		}
	}
	if !strings.Contains(out, `"token_from":"form"`) || !strings.Contains(out, `"error":"ratelimited"`) || !strings.Contains(out, "[redacted]") {
		t.Errorf("the journal, the rate limit or the fault listing is missing: the test did not reach every path\n%s", out)
	}
}

// canaryRecorder writes down everything that the mock at base and the api client say to
// TestTokensNeverShow, and never a request, which holds tokens.
type canaryRecorder struct {
	t    *testing.T
	base string
	seen strings.Builder
}

// send sends a request with body, and Content-Type and Authorization headers unless they are
// empty, and writes down the status, headers and body of the answer.
func (r *canaryRecorder) send(method, path, contentType, auth, body string) {
	r.t.Helper()
	req, err := http.NewRequest(method, r.base+path, strings.NewReader(body))
	if err != nil {
		r.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		r.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		r.t.Fatal(err)
	}
	fmt.Fprintf(&r.seen, "HTTP %d %v %s\n", resp.StatusCode, resp.Header, data)
}

// clientErrors calls reset and invalidate through the api client with each of tokens, on
// users and sessions that make the mock refuse, and writes down each error as %v, %+v and
// %#v print it.
func (r *canaryRecorder) clientErrors(tokens ...string) {
	r.t.Helper()
	for _, tok := range tokens {
		c, err := api.New(tok, api.WithBaseURL(r.base+"/api/"), api.WithRetry(api.RetryPolicy{MaxAttempts: 1}))
		if err != nil {
			r.t.Fatal(err)
		}
		for _, err := range []error{
			c.ResetSessions(context.Background(), "W1MEMBER", api.AllSessions),
			c.ResetSessions(context.Background(), "W1OWNER", api.WebOnly),
			c.ResetSessions(context.Background(), "W0NOPE", api.MobileOnly),
			c.InvalidateSession(context.Background(), "W1MEMBER", 99),
			c.InvalidateSession(context.Background(), "W1OWNER", 2, api.InTeam("T1")),
		} {
			fmt.Fprintf(&r.seen, "client error: %v %+v %#v\n", err, err, err)
		}
	}
}

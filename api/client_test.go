package api_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/slack-contracts/admin-users-session/api"
)

// secretToken is the token of the tests against fake servers; no error may show it.
const secretToken = "xoxp-secret-1234567890"

// fakeSlack serves h on 127.0.0.1 until t ends, and returns its base URL.
func fakeSlack(t *testing.T, h http.HandlerFunc) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL + "/api/"
}

// answer returns a handler that answers every call with status and body, as JSON.
func answer(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

func newClient(t *testing.T, base string, opts ...api.Option) *api.Client {
	t.Helper()
	c, err := api.New(secretToken, append([]api.Option{api.WithBaseURL(base)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestNewRefuses(t *testing.T) {
	for _, tc := range []struct {
		name  string
		token string
		opt   api.Option
	}{
		{"empty token", "", nil},
		{"token with a line break", secretToken + "\r\nX-Evil: 1", nil},
		{"token with a space", "xoxp-a b", nil},
		{"base URL without scheme", secretToken, api.WithBaseURL("slack.com/api")},
		{"base URL ftp", secretToken, api.WithBaseURL("ftp://slack.com/api")},
		{"base URL with query", secretToken, api.WithBaseURL("https://slack.com/api?token=" + secretToken)},
		{"base URL unparsable", secretToken, api.WithBaseURL("http://[::1")},
		{"nil HTTP client", secretToken, api.WithHTTPClient(nil)},
		{"nil doer", secretToken, api.WithDoer(nil)},
		{"nil *http.Client as a doer", secretToken, api.WithDoer((*http.Client)(nil))},
		{"negative MaxAttempts", secretToken, api.WithRetry(api.RetryPolicy{MaxAttempts: -1})},
		{"negative MaxWait", secretToken, api.WithRetry(api.RetryPolicy{MaxWait: -1})},
		{"negative Backoff", secretToken, api.WithRetry(api.RetryPolicy{Backoff: -1})},
		{"empty user agent", secretToken, api.WithUserAgent("")},
		{"user agent with a line break", secretToken, api.WithUserAgent("a\nb")},
		{"nil warning handler", secretToken, api.WithWarningHandler(nil)},
		{"nil sleep", secretToken, api.WithSleep(nil)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := api.New(tc.token, tc.opt)
			if err == nil || c != nil {
				t.Fatalf("New = %v, %v; want an error", c, err)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("the error shows the token: %v", err)
			}
		})
	}
}

// TestRequest checks what the client sends: a form POST to base URL + method, the token in
// the Authorization header only, and the user agent.
func TestRequest(t *testing.T) {
	var mu sync.Mutex
	var got []sentRequest
	base := fakeSlack(t, func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			t.Error(err)
		}
		mu.Lock()
		got = append(got, sentRequest{r.URL.Path, r.Header.Get("Authorization"), r.Header.Get("User-Agent"),
			r.Header.Get("Content-Type"), r.URL.RawQuery, r.PostForm})
		mu.Unlock()
		answer(200, `{"ok":true}`)(w, r)
	})
	ctx := context.Background()
	for _, b := range []string{base, strings.TrimSuffix(base, "/")} {
		c := newClient(t, b, api.WithUserAgent("tests/1.0"))
		if err := c.InvalidateSession(ctx, "W1", 1112275520242); err != nil {
			t.Fatal(err)
		}
	}
	c := newClient(t, base)
	calls := []func() error{
		func() error { return c.InvalidateSession(ctx, "W1", 9223372036854775807, api.InTeam("E1")) },
		func() error { return c.ResetSessions(ctx, "W1", api.AllSessions) },
		func() error { return c.ResetSessions(ctx, "W1", "") }, // the zero ResetScope is AllSessions
		func() error { return c.ResetSessions(ctx, "W1", api.MobileOnly) },
		func() error { return c.ResetSessions(ctx, "W1", api.WebOnly) },
	}
	for _, call := range calls {
		if err := call(); err != nil {
			t.Fatal(err)
		}
	}
	want := []struct {
		path, ua string
		form     map[string]string
	}{
		{"/api/admin.users.session.invalidate", "tests/1.0", map[string]string{"user_id": "W1", "session_id": "1112275520242"}},
		{"/api/admin.users.session.invalidate", "tests/1.0", map[string]string{"user_id": "W1", "session_id": "1112275520242"}},
		{"/api/admin.users.session.invalidate", api.DefaultUserAgent, map[string]string{"team_id": "E1", "session_id": "9223372036854775807", "user_id": "W1"}},
		{"/api/admin.users.session.reset", api.DefaultUserAgent, map[string]string{"user_id": "W1"}},
		{"/api/admin.users.session.reset", api.DefaultUserAgent, map[string]string{"user_id": "W1"}},
		{"/api/admin.users.session.reset", api.DefaultUserAgent, map[string]string{"user_id": "W1", "mobile_only": "true"}},
		{"/api/admin.users.session.reset", api.DefaultUserAgent, map[string]string{"user_id": "W1", "web_only": "true"}},
	}
	if len(got) != len(want) {
		t.Fatalf("%d requests, want %d", len(got), len(want))
	}
	for i, g := range got {
		g.check(t, i, want[i].path, want[i].ua, want[i].form)
	}
}

// sentRequest is what the fake Slack of TestRequest saw of one request.
type sentRequest struct {
	path, auth, ua, contentType, query string
	form                               map[string][]string
}

// check checks the request numbered i: a form POST to path with the token in the
// Authorization header, none in the query, user agent ua, and a form of exactly form's
// fields, each sent once.
func (g sentRequest) check(t *testing.T, i int, path, ua string, form map[string]string) {
	t.Helper()
	if g.path != path || g.auth != "Bearer "+secretToken || g.ua != ua || g.query != "" ||
		g.contentType != "application/x-www-form-urlencoded" {
		t.Errorf("request %d: %+v", i, g)
	}
	if len(g.form) != len(form) {
		t.Errorf("request %d: form %v, want %v", i, g.form, form)
	}
	for k, v := range form {
		if !slices.Equal(g.form[k], []string{v}) {
			t.Errorf("request %d: form %v, want %v", i, g.form, form)
		}
	}
}

func TestArgumentErrors(t *testing.T) {
	var calls atomic.Int32
	c := newClient(t, fakeSlack(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		answer(200, `{"ok":true}`)(w, r)
	}))
	ctx := context.Background()
	for _, tc := range []struct {
		err  error
		arg  string
		text string
	}{
		{c.InvalidateSession(ctx, "", 1), "user_id", "slack: admin.users.session.invalidate: argument user_id is empty"},
		{c.InvalidateSession(ctx, "", 1, api.InTeam("T1")), "user_id", "slack: admin.users.session.invalidate: argument user_id is empty"},
		{c.InvalidateSession(ctx, "W1", 0), "session_id", "slack: admin.users.session.invalidate: argument session_id must be positive, not 0"},
		{c.InvalidateSession(ctx, "W1", -7), "session_id", "slack: admin.users.session.invalidate: argument session_id must be positive, not -7"},
		{c.InvalidateSession(ctx, "W1", 1, api.InTeam("")), "team_id", "slack: admin.users.session.invalidate: argument team_id is empty (leave InTeam out to send none)"},
		{c.ResetSessions(ctx, "", api.AllSessions), "user_id", "slack: admin.users.session.reset: argument user_id is empty"},
		{c.ResetSessions(ctx, "W1", "all"), "scope", `slack: admin.users.session.reset: argument scope "all" is not AllSessions, MobileOnly or WebOnly`},
		{c.ResetSessions(ctx, "W1", api.MobileOnly+api.WebOnly), "scope", `slack: admin.users.session.reset: argument scope "mobile_onlyweb_only" is not AllSessions, MobileOnly or WebOnly`},
	} {
		var ae *api.ArgumentError
		if !errors.As(tc.err, &ae) || ae.Arg != tc.arg || tc.err.Error() != tc.text {
			t.Errorf("err = %v (%T)\nwant  %s", tc.err, tc.err, tc.text)
		}
	}
	if n := calls.Load(); n != 0 {
		t.Errorf("%d calls were sent, want none", n)
	}
	// A nil option is ignored.
	if err := c.InvalidateSession(ctx, "W1", 1, nil); err != nil {
		t.Errorf("with a nil option: %v", err)
	}
}

func TestWarnings(t *testing.T) {
	type got struct {
		method   string
		warnings []string
	}
	var (
		mu   sync.Mutex
		seen []got
	)
	handler := api.WithWarningHandler(func(method string, warnings []string) {
		mu.Lock()
		seen = append(seen, got{method, warnings})
		mu.Unlock()
	})
	ctx := context.Background()

	okBody := `{"ok":true,"warning":"missing_charset,superfluous_charset","response_metadata":{"warnings":["missing_charset","method_deprecated"]}}`
	c := newClient(t, fakeSlack(t, answer(200, okBody)), handler)
	if err := c.ResetSessions(ctx, "W1", api.AllSessions); err != nil {
		t.Fatal(err)
	}
	want := []string{"missing_charset", "superfluous_charset", "method_deprecated"}
	if len(seen) != 1 || seen[0].method != "admin.users.session.reset" || !slices.Equal(seen[0].warnings, want) {
		t.Errorf("handler got %v, want reset with %v", seen, want)
	}

	// Without warnings the handler is not called; a failure's warnings are in the error.
	seen = nil
	c = newClient(t, fakeSlack(t, answer(200, `{"ok":true}`)), handler)
	if err := c.ResetSessions(ctx, "W1", api.AllSessions); err != nil || len(seen) != 0 {
		t.Errorf("err %v, handler got %v; want neither", err, seen)
	}
	// Names match exactly, as in Slack's SDKs: "Ok" and "Warning" are not Slack's names.
	c = newClient(t, fakeSlack(t, answer(200, `{"ok":true,"Ok":false,"Warning":"missing_charset"}`)), handler)
	if err := c.ResetSessions(ctx, "W1", api.AllSessions); err != nil || len(seen) != 0 {
		t.Errorf("err %v, handler got %v; want neither", err, seen)
	}
	c = newClient(t, fakeSlack(t, answer(200, `{"ok":false,"error":"user_not_found","warning":"missing_charset"}`)), handler)
	var e *api.Error
	if err := c.ResetSessions(ctx, "W1", api.AllSessions); !errors.As(err, &e) || !slices.Equal(e.Warnings, []string{"missing_charset"}) {
		t.Errorf("err = %#v, want user_not_found with its warning", err)
	}
	if len(seen) != 0 {
		t.Errorf("the handler got a failure's warnings: %v", seen)
	}
}

func TestErrorFields(t *testing.T) {
	body := `{"ok":false,"error":"invalid_arguments","response_metadata":{"messages":["[ERROR] missing required field: user_id","[ERROR] no"]}}`
	c := newClient(t, fakeSlack(t, answer(200, body)))
	err := c.ResetSessions(context.Background(), "W1", api.AllSessions)
	var e *api.Error
	if !errors.As(err, &e) || e.Code != api.CodeInvalidArguments || len(e.Messages) != 2 {
		t.Fatalf("err = %#v", err)
	}
	const want = "slack: admin.users.session.reset: invalid_arguments: [ERROR] missing required field: user_id; [ERROR] no"
	if err.Error() != want {
		t.Errorf("Error() = %q\nwant      %q", err, want)
	}
	if errors.Is(err, api.CodeUserNotFound) || errors.Is(err, api.CodeRatelimited) {
		t.Error("errors.Is matches another code")
	}
}

// TestNotSlackAnswers checks answers that are not Slack's: each is a *ResponseError, but
// a Slack error with a 5xx status is an *Error with that status.
func TestNotSlackAnswers(t *testing.T) {
	for _, tc := range []struct {
		name        string
		h           http.HandlerFunc
		status      int
		slackCode   api.ErrorCode // when an *api.Error is expected
		errContains string
	}{
		{"HTML 502", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(502)
			_, _ = io.WriteString(w, "<html>Bad Gateway</html>")
		}, 502, "", "not a Slack answer (HTTP 502, text/html): at byte 0: invalid character '<' at start of value"},
		{"200 not JSON", answer(200, "ok"), 200, "", "not a Slack answer (HTTP 200"},
		{"200 JSON without ok", answer(200, `{"error":"x"}`), 200, "", `the body has no "ok"`},
		// Names match exactly, as in Slack's SDKs: "Ok" is not "ok", nor "Error" "error".
		{"200 Ok in another case", answer(200, `{"Ok":true}`), 200, "", `the body has no "ok"`},
		{"200 OK true, ok false", answer(200, `{"OK":true,"ok":false,"Error":"x","error":"user_not_found"}`), 200, api.CodeUserNotFound, "user_not_found"},
		{"200 ok repeated, last false", answer(200, `{"ok":true,"ok":false,"error":"user_not_found"}`), 200, api.CodeUserNotFound, "user_not_found"},
		{"200 JSON array", answer(200, `[true]`), 200, "", "the body is JSON, but not an object"},
		{"200 empty", answer(200, ""), 200, "", "unexpected EOF"},
		{"500 saying ok", answer(500, `{"ok":true}`), 500, "", "not a Slack answer (HTTP 500, application/json; charset=utf-8)"},
		{"body over 1 MiB", answer(200, `{"ok":true,"warning":"`+strings.Repeat("x", 1<<20)+`"}`), 200, "", "the body is over 1048576 bytes"},
		{"500 internal_error", answer(500, `{"ok":false,"error":"internal_error"}`), 500, api.CodeInternalError, "slack: admin.users.session.invalidate: internal_error (HTTP 500)"},
		{"ok false without code", answer(200, `{"ok":false}`), 200, "", `"ok":false without an error code`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newClient(t, fakeSlack(t, tc.h))
			err := c.InvalidateSession(context.Background(), "W1", 1)
			if err == nil || !strings.Contains(err.Error(), tc.errContains) {
				t.Fatalf("err = %v, want it to say %q", err, tc.errContains)
			}
			var (
				re *api.ResponseError
				se *api.Error
			)
			switch {
			case errors.As(err, &se):
				if se.Code != tc.slackCode || se.StatusCode != tc.status {
					t.Errorf("*api.Error %q HTTP %d, want %q HTTP %d", se.Code, se.StatusCode, tc.slackCode, tc.status)
				}
			case errors.As(err, &re):
				if tc.slackCode != "" || re.StatusCode != tc.status || len(re.Body) > 512 {
					t.Errorf("*api.ResponseError HTTP %d with %d bytes of body", re.StatusCode, len(re.Body))
				}
			default:
				t.Errorf("err is a %T", err)
			}
		})
	}
}

// TestTokenNeverInErrors makes servers and transports repeat the token, and checks that no
// error shows it.
func TestTokenNeverInErrors(t *testing.T) {
	echoAuth := func(status int, ct string, format string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", ct)
			w.WriteHeader(status)
			_, _ = fmt.Fprintf(w, format, r.Header.Get("Authorization"))
		}
	}
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { // accepts, reads the request, and hangs up without answering
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			_, _ = conn.Read(make([]byte, 4096))
			_ = conn.Close()
		}
	}()
	t.Cleanup(func() { _ = l.Close() })

	for _, tc := range []struct {
		name string
		base string
		opts []api.Option
	}{
		{"HTML page repeating the header", fakeSlack(t, echoAuth(502, "text/html", "<p>%s</p>")), nil},
		{"error code repeating the header", fakeSlack(t, echoAuth(200, "application/json", `{"ok":false,"error":%q,"needed":%[1]q,"response_metadata":{"messages":[%[1]q]}}`)), nil},
		{"connection refused", closed.URL + "/api/", nil},
		{"connection closed", "http://" + l.Addr().String() + "/api/", nil},
		{"doer repeating the header", "https://slack.invalid/api/", []api.Option{api.WithDoer(doerFunc(func(r *http.Request) (*http.Response, error) {
			return nil, fmt.Errorf("refused request with headers %v", r.Header)
		}))}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newClient(t, tc.base, tc.opts...)
			err := c.InvalidateSession(context.Background(), "W1", 1)
			if err == nil {
				t.Fatal("no error")
			}
			for _, s := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
				if strings.Contains(s, secretToken) {
					t.Errorf("the error shows the token: %s", s)
				}
			}
			var re *api.ResponseError
			if errors.As(err, &re) && strings.Contains(string(re.Body), secretToken) {
				t.Errorf("ResponseError.Body shows the token: %s", re.Body)
			}
			t.Log(err)
		})
	}
	if s := fmt.Sprintf("%+v %#v", newClient(t, "http://127.0.0.1:1/"), newClient(t, "http://127.0.0.1:1/")); strings.Contains(s, secretToken) {
		t.Errorf("printing a client shows the token: %s", s)
	}
}

type doerFunc func(*http.Request) (*http.Response, error)

func (f doerFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }

// TestContextDuringCall checks that a context ending during a call ends it, with an error
// that wraps the context's.
func TestContextDuringCall(t *testing.T) {
	release := make(chan struct{})
	base := fakeSlack(t, func(w http.ResponseWriter, r *http.Request) {
		<-release
	})
	defer close(release)
	ctx, cancel := context.WithCancel(context.Background())
	c := newClient(t, base, api.WithRetry(api.RetryPolicy{RetryServerErrors: true}), api.WithSleep(noSleep(t)))
	go cancel()
	err := c.InvalidateSession(ctx, "W1", 1)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

// TestResultPath checks how answers with results are read: numbers exactly (ids up to
// 2^63-1, durations over 10^6 seconds), member names exactly as Slack's SDKs match them,
// and a member of the wrong type as a *ResponseError.
func TestResultPath(t *testing.T) {
	t.Run("list", resultPathList)
	t.Run("getSettings", resultPathSettings)
	t.Run("auth.test scopes header", resultPathAuthTestScopes)
}

// resultPathList reads list answers: ids up to 2^63-1 exactly, member names exactly as
// Slack's SDKs match them (the last of a repeated one), and an id that is not an int64, or
// sessions that are not an array, as a *ResponseError.
func resultPathList(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, body string
		ids        []int64
		next       string
		bad        bool // a *ResponseError
	}{
		{"large ids", `{"ok":true,"active_sessions":[{"session_id":9223372036854775807,"user_id":"W1","team_id":"T1","created":{}},` +
			`{"session_id":9007199254740993,"user_id":"W1","team_id":"T1","created":{}},{"session_id":1112275520242,"user_id":"W1","team_id":"T1","created":{}}],` +
			`"response_metadata":{"next_cursor":"abc"}}`, []int64{9223372036854775807, 9007199254740993, 1112275520242}, "abc", false},
		{"no sessions member", `{"ok":true}`, nil, "", false},
		{"names in another case", `{"ok":true,"Active_Sessions":[{"session_id":1,"user_id":"W1","team_id":"T1","created":{}}],"response_metadata":{"Next_Cursor":"x"}}`, nil, "", false},
		{"repeated member, last wins", `{"ok":true,"active_sessions":[],"active_sessions":[{"session_id":7,"user_id":"W1","team_id":"T1","created":{}}]}`, []int64{7}, "", false},
		{"id with a fraction", `{"ok":true,"active_sessions":[{"session_id":1.5,"user_id":"W1","team_id":"T1","created":{}}]}`, nil, "", true},
		{"id with an exponent", `{"ok":true,"active_sessions":[{"session_id":1e3,"user_id":"W1","team_id":"T1","created":{}}]}`, nil, "", true},
		{"id over 2^63-1", `{"ok":true,"active_sessions":[{"session_id":9223372036854775808,"user_id":"W1","team_id":"T1","created":{}}]}`, nil, "", true},
		{"id as a string", `{"ok":true,"active_sessions":[{"session_id":"1","user_id":"W1","team_id":"T1","created":{}}]}`, nil, "", true},
		{"sessions an object", `{"ok":true,"active_sessions":{}}`, nil, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newClient(t, fakeSlack(t, answer(200, tc.body)))
			p, err := c.ListSessionsPage(ctx, api.ListOptions{}, "")
			var re *api.ResponseError
			if tc.bad {
				if !errors.As(err, &re) || re.StatusCode != 200 || len(p.Sessions) != 0 {
					t.Errorf("%+v, %v; want a ResponseError", p, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := idsOf(p.Sessions); !slices.Equal(got, tc.ids) || p.NextCursor != tc.next {
				t.Errorf("ids %v next %q, want %v %q", got, p.NextCursor, tc.ids, tc.next)
			}
		})
	}
}

// resultPathSettings reads a getSettings answer: durations at the bounds exactly, a
// desktop_app_browser_quit left out as nil, and the users without settings.
func resultPathSettings(t *testing.T) {
	ctx := context.Background()
	c := newClient(t, fakeSlack(t, answer(200, `{"ok":true,"session_settings":[{"user_id":"W1","duration":315569520,"desktop_app_browser_quit":true},`+
		`{"user_id":"W2","duration":28800}],"no_settings_applied":["W3"]}`)))
	got, none, err := c.SessionSettings(ctx, []string{"W1", "W2", "W3"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].UserID != "W1" || *got[0].Duration != api.MaxSessionDuration || !*got[0].DesktopAppBrowserQuit ||
		got[1].UserID != "W2" || *got[1].Duration != api.MinSessionDuration || got[1].DesktopAppBrowserQuit != nil || !slices.Equal(none, []string{"W3"}) {
		t.Errorf("settings %+v, none %v", got, none)
	}
}

// resultPathAuthTestScopes reads auth.test answers: the user id by its exact name, the bot
// id, and the scopes of the X-OAuth-Scopes header, trimmed, or none without the header.
func resultPathAuthTestScopes(t *testing.T) {
	ctx := context.Background()
	c := newClient(t, fakeSlack(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-OAuth-Scopes", " admin.users:read, admin.users:write ,")
		answer(200, `{"ok":true,"user_id":"W1","User_Id":"W2","bot_id":"B1"}`)(w, r)
	}))
	id, err := c.AuthTest(ctx)
	if err != nil || id.UserID != "W1" || id.BotID != "B1" || !slices.Equal(id.Scopes, []string{"admin.users:read", "admin.users:write"}) {
		t.Errorf("AuthTest = %+v, %v", id, err)
	}
	c = newClient(t, fakeSlack(t, answer(200, `{"ok":true,"user_id":"W1"}`)))
	if id, err := c.AuthTest(ctx); err != nil || id.Scopes != nil {
		t.Errorf("without the header: %+v, %v; want no scopes", id, err)
	}
}

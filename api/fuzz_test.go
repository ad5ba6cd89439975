package api_test

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slack-contracts/admin-users-session/api"
)

// FuzzAnswer makes a hostile server answer every call with the same status, Retry-After,
// Content-Type and body (or makes the transport fail with a message), under a fuzzed retry
// policy and deadline, and checks, for a method without a result (invalidate) and for the
// methods whose answers are bound into results (list, getSettings, auth.test), that the
// client never panics; answers nil only for an HTTP 200 saying "ok":true as Slack's SDKs
// read it; makes at most MaxAttempts calls, waiting before each retry at most MaxWait and
// never past the context's deadline; never shows the token in its error, nor hands it to the
// warning handler; and, when list succeeds, lists exactly the session ids of the body.
func FuzzAnswer(f *testing.F) {
	const js = "application/json; charset=utf-8"
	for _, s := range []struct {
		status            int
		retryAfter, ctype string
		body, transport   string
	}{
		{200, "", js, `{"ok":true}`, ""},
		{200, "", js, `{"ok":true,"warning":"missing_charset","response_metadata":{"warnings":["missing_charset"]}}`, ""},
		{200, "", js, `{"ok":false,"error":"missing_scope","needed":"admin.users:write","provided":"admin.users:read"}`, ""},
		{200, "", js, `{"ok":false,"error":"invalid_arguments","response_metadata":{"messages":["[ERROR] missing required field: user_id"]}}`, ""},
		{429, "30", js, `{"ok":false,"error":"ratelimited"}`, ""},
		{429, "0", js, `{"ok":false,"error":"ratelimited"}`, ""},
		{429, "-1", "", "", ""},
		{429, "99999999999999999999", js, "", ""},
		{429, "Wed, 21 Oct 2026 07:28:00 GMT", js, "", ""},
		{500, "", js, `{"ok":false,"error":"internal_error"}`, ""},
		{503, "1", "text/html", "<html>Service Unavailable</html>", ""},
		{500, "", js, `{"ok":true}`, ""},
		{200, "", js, `{"ok":"true"}`, ""},
		{200, "", js, `[true]`, ""},
		{200, "", js, `{"ok":false}`, ""},
		{200, "", js, "", ""},
		{204, "", "", "", ""},
		{-1, "", "", `{"ok":true}`, ""},
		{200, "", js, `{"ok":true,"warning":"` + strings.Repeat("w", 4<<10) + `"}`, ""},
		{0, "", "", "", "dial tcp: connection refused"},
		// A server or transport repeating the token, as it is and JSON-escaped.
		{200, "", js, `{"ok":false,"error":"` + secretToken + `","needed":"` + secretToken + `"}`, ""},
		{200, "", js, `{"ok":false,"error":"\u0078oxp-secret-1234567890","response_metadata":{"messages":["Bearer \u0078oxp-secret-1234567890"]}}`, ""},
		{200, "", js, `{"ok":true,"warning":"\u0078oxp-secret-1234567890"}`, ""},
		{502, "", "text/html; token=" + secretToken, "<p>Bearer " + secretToken + "</p>", ""},
		{429, secretToken, js, secretToken, ""},
		{0, "", "", "", "Post: Authorization: Bearer " + secretToken},
		// Answers with results, well-formed and not.
		{200, "", js, `{"ok":true,"active_sessions":[{"session_id":9223372036854775807,"user_id":"W1","team_id":"T1","created":{"os":"iOS"},"recent":{}}],"response_metadata":{"next_cursor":"c"}}`, ""},
		{200, "", js, `{"ok":true,"active_sessions":[{"session_id":9007199254740993,"user_id":"W1","team_id":"T1","created":{}}]}`, ""},
		{200, "", js, `{"ok":true,"active_sessions":[{"session_id":1e3},{"session_id":1.5},{"session_id":-1}]}`, ""},
		{200, "", js, `{"ok":true,"active_sessions":{},"session_settings":7,"url":false}`, ""},
		{200, "", js, `{"ok":true,"session_settings":[{"user_id":"W1","duration":315569520,"desktop_app_browser_quit":true}],"no_settings_applied":["W2"]}`, ""},
		{200, "", js, `{"ok":true,"session_settings":[{"user_id":"W1","duration":2147483648}]}`, ""},
		{200, "", js, `{"ok":true,"url":"https://acme.slack.com/","user_id":"W1","team_id":"T1","enterprise_id":"E1","bot_id":"B1","is_enterprise_install":false}`, ""},
		{200, "", js, `{"ok":true,"user":"\u0078oxp-secret-1234567890","active_sessions":[{"session_id":1,"user_id":"` + secretToken + `"}]}`, ""},
		// The token spelled so that only a decoder sees it, in broken answers whose decoding
		// errors quote what they decoded: a member name on the way to the fault (the
		// decoder's JSON pointer), a value, a token split by an escape, cut short.
		{200, "", js, `{"\u0078oxp-secret-1234567890"]}}`, ""},
		{200, "", js, `{"response_metadata":{"\u0078oxp-secret-1234567890":[}`, ""},
		{200, "", js, `{"ok":true,"active_sessions":[{"\u0078oxp-secret-1234567890":{"x":[1,}}]}`, ""},
		{200, "", js, `{"ok":false,"error":"\u0078oxp-secret-1234567890",}`, ""},
		{200, "", js, `{"ok":false,"error":"xoxp-secret-12\u00334567890" "x"}`, ""},
		{200, "", js, `{"ok":false,"error":"xoxp-secret-12` + "\n" + `34567890"}`, ""},
		{200, "", js, `{"\u0078oxp-secret-1234567890":`, ""},
		{200, "", js, `{"ok":false,"error":"\u0078oxp-secret-1234567890`, ""},
		{200, "", js, `{"ok":true,"active_sessions":[{"session_id":"\u0078oxp-secret-1234567890"}]}`, ""},
		{200, "", js, `{"ok":true,"is_enterprise_install":"\u0078oxp-secret-1234567890"}`, ""},
		{200, "", js, `{"ok":true,"session_settings":[{"\u0078oxp-secret-1234567890":1,"duration":"x"}]}`, ""},
	} {
		for _, p := range []struct {
			attempts     uint8
			maxWaitS     uint16
			retry5xx     bool
			deadlineSecs uint16
		}{{0, 0, false, 0}, {5, 10, true, 20}} {
			f.Add(s.status, s.retryAfter, s.ctype, []byte(s.body), s.transport, p.attempts, p.maxWaitS, p.retry5xx, p.deadlineSecs)
		}
	}

	f.Fuzz(func(t *testing.T, status int, retryAfter, contentType string, body []byte, transport string,
		attempts uint8, maxWaitS uint16, retry5xx bool, deadlineSecs uint16) {
		policy := api.RetryPolicy{MaxAttempts: int(attempts % 6), MaxWait: time.Duration(maxWaitS) * time.Second, RetryServerErrors: retry5xx}
		ctx := context.Background()
		start := time.Now()
		if deadlineSecs > 0 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithDeadline(ctx, start.Add(time.Duration(deadlineSecs)*time.Second))
			defer cancel()
		}
		srv := newHostileServer(t, hostileAnswer{status, retryAfter, contentType, body, transport}, policy, start)
		var warned []string
		c, err := api.New(secretToken, api.WithBaseURL("https://slack.invalid/api/"), api.WithDoer(srv),
			api.WithRetry(policy), api.WithSleep(srv.sleep), api.WithWarningHandler(func(_ string, w []string) { warned = append(warned, w...) }))
		if err != nil {
			t.Fatal(err)
		}

		var page api.SessionPage
		for _, call := range []struct {
			method string
			do     func() error
		}{
			{api.MethodInvalidate, func() error { return c.InvalidateSession(ctx, "W1", 1) }},
			{api.MethodList, func() (err error) { page, err = c.ListSessionsPage(ctx, api.ListOptions{}, ""); return err }},
			{api.MethodGetSettings, func() error { _, _, err := c.SessionSettings(ctx, []string{"W1"}); return err }},
			{api.MethodAuthTest, func() error { _, err := c.AuthTest(ctx); return err }},
		} {
			srv.calls, srv.waits = 0, 0
			err := call.do()
			srv.checkCall(call.method, err)
			if call.method == api.MethodList && err == nil {
				want, ok := sessionIDsIn(body)
				if got := idsOf(page.Sessions); !ok || !slices.Equal(got, want) {
					t.Errorf("list: ids %v from %q, want %v", got, body, want)
				}
			}
		}
		if s := strings.Join(warned, ","); strings.Contains(s, secretToken) {
			t.Errorf("the warning handler got the token: %s", s)
		}
	})
}

// hostileAnswer is the answer a hostile server gives every call in FuzzAnswer: a status,
// Retry-After, Content-Type and body, or, where transport is not empty, a transport error
// with that message.
type hostileAnswer struct {
	status                  int
	retryAfter, contentType string
	body                    []byte
	transport               string
}

// hostileServer is an api.Doer that gives every call its answer, and the sleep of the client
// under test. It fails the test on a call past maxAttempts and on a wait longer than maxWait
// or past the context's deadline, and counts the calls and the waits.
type hostileServer struct {
	t           *testing.T
	answer      hostileAnswer
	maxAttempts int           // the policy's MaxAttempts, or the default
	maxWait     time.Duration // the policy's MaxWait, or the default
	start       time.Time     // when the context's deadline was set
	calls       int
	waits       int
}

// newHostileServer is a hostileServer giving answer, for a client with the retry policy whose
// context's deadline (if any) was set at start.
func newHostileServer(t *testing.T, answer hostileAnswer, policy api.RetryPolicy, start time.Time) *hostileServer {
	return &hostileServer{
		t:           t,
		answer:      answer,
		maxAttempts: cmp.Or(policy.MaxAttempts, api.DefaultMaxAttempts),
		maxWait:     cmp.Or(policy.MaxWait, api.DefaultMaxWait),
		start:       start,
	}
}

// Do counts the call and answers it, failing the test when it is one call too many.
func (h *hostileServer) Do(r *http.Request) (*http.Response, error) {
	h.calls++
	if h.calls > h.maxAttempts {
		h.t.Fatalf("call %d, with MaxAttempts %d", h.calls, h.maxAttempts)
	}
	a := h.answer
	if a.transport != "" {
		return nil, fmt.Errorf("%s", a.transport)
	}
	header := http.Header{}
	if a.retryAfter != "" {
		header.Set("Retry-After", a.retryAfter)
	}
	if a.contentType != "" {
		header.Set("Content-Type", a.contentType)
	}
	return &http.Response{StatusCode: a.status, Header: header, Body: io.NopCloser(bytes.NewReader(a.body)), Request: r}, nil
}

// sleep counts the wait and returns at once, failing the test when d is negative, longer
// than maxWait or past the deadline of ctx.
func (h *hostileServer) sleep(ctx context.Context, d time.Duration) error {
	h.waits++
	if d < 0 || d > h.maxWait {
		h.t.Fatalf("a wait of %v, with MaxWait %v", d, h.maxWait)
	}
	if dl, ok := ctx.Deadline(); ok && d > dl.Sub(h.start) {
		h.t.Fatalf("a wait of %v, past the deadline %v away", d, dl.Sub(h.start))
	}
	return nil
}

// checkCall checks how the client ended a call of method, with err: one wait before each
// call after the first; nil only for an HTTP 200 saying "ok":true as Slack's SDKs read it;
// and an error that does not show the token, however it is printed.
func (h *hostileServer) checkCall(method string, err error) {
	h.t.Helper()
	if h.waits != h.calls-1 {
		h.t.Errorf("%s: %d waits for %d calls", method, h.waits, h.calls)
	}
	a := h.answer
	if err == nil && (a.transport != "" || a.status != http.StatusOK || !saysOK(a.body)) {
		h.t.Errorf("%s: nil error for HTTP %d %q (transport error %q)", method, a.status, a.body, a.transport)
	}
	if err == nil {
		return
	}
	for _, s := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
		if strings.Contains(s, secretToken) {
			h.t.Errorf("%s: the error shows the token: %s", method, s)
		}
	}
}

// sessionIDsIn reads the session ids of a list answer as JSON.parse would find its members
// (names exactly, the last of a repeated name), but with numbers exact; ok is false when
// an id is a number that is not an int64.
func sessionIDsIn(body []byte) (ids []int64, ok bool) {
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	var m map[string]any
	if d.Decode(&m) != nil {
		return nil, false
	}
	list, _ := m["active_sessions"].([]any)
	for _, item := range list {
		s, _ := item.(map[string]any)
		var id int64 // a missing or null id is zero, as encoding/json leaves it
		if n, is := s["session_id"].(json.Number); is {
			var err error
			if id, err = strconv.ParseInt(string(n), 10, 64); err != nil {
				return nil, false
			}
		}
		ids = append(ids, id)
	}
	return ids, true
}

// saysOK reports whether body is a JSON object whose member named exactly "ok" is true, as
// JSON.parse in Slack's Node SDK reads it: names match exactly, a repeated name's last value
// wins, and any number is a number, even one past float64's range (1e700, Infinity there).
func saysOK(body []byte) bool {
	if !json.Valid(body) {
		return false
	}
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	var m map[string]any
	return d.Decode(&m) == nil && m["ok"] == true
}

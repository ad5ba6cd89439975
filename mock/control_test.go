package mock_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/slack-contracts/admin-users-session/api"
	"github.com/slack-contracts/admin-users-session/mock"
	"github.com/slack-contracts/admin-users-session/mock/mocktest"
	"github.com/slack-contracts/admin-users-session/mock/org"
)

// controlClient calls a mock's control API and Slack methods, and checks every control
// answer against control.yaml, so that the control API cannot drift from its spec, and every
// Slack answer against openapi.yaml (answerChecker.check, as (*client).do does).
type controlClient struct {
	t       *testing.T
	m       *mocktest.Mock
	base    string // where the org's paths are: the mock's URL, and /orgs/<id> for an org of its own
	router  routers.Router
	answers *answerChecker
	auth    string // the control token to send, if any
}

func newControlClient(t *testing.T, m *mocktest.Mock) *controlClient {
	t.Helper()
	return newOrgControlClient(t, m, "")
}

// newOrgControlClient is newControlClient for the org the mock serves at orgPath (such as
// /orgs/o1; "" for the org it started with).
func newOrgControlClient(t *testing.T, m *mocktest.Mock, orgPath string) *controlClient {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(mock.ControlSpec())
	if err != nil {
		t.Fatal(err)
	}
	base := m.URL + orgPath
	doc.Servers = openapi3.Servers{{URL: base}}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return &controlClient{t: t, m: m, base: base, router: router, answers: answerCheckerAt(t, base+"/api")}
}

// control sends a control request and decodes its answer into out (when not nil),
// failing the test if the answer is not what control.yaml allows.
func (cc *controlClient) control(method, path, body string, wantStatus int, out any) {
	cc.t.Helper()
	req, err := http.NewRequest(method, cc.base+path, strings.NewReader(body))
	if err != nil {
		cc.t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if cc.auth != "" {
		req.Header.Set("Authorization", "Bearer "+cc.auth)
	}
	res, data := roundTrip(cc.t, req)
	if res.StatusCode != wantStatus {
		cc.t.Fatalf("%s %s: status %d, want %d: %s", method, path, res.StatusCode, wantStatus, data)
	}
	route, params, err := cc.router.FindRoute(req)
	if err != nil {
		cc.t.Fatalf("%s %s: not in control.yaml: %v", method, path, err)
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
	rvi := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: res.StatusCode,
		Header: res.Header, Body: io.NopCloser(bytes.NewReader(data)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true}}
	if err := openapi3filter.ValidateResponse(context.Background(), rvi); err != nil {
		cc.t.Fatalf("%s %s: the answer breaks control.yaml: %v\n%s", method, path, err, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			cc.t.Fatalf("%s %s: %v", method, path, err)
		}
	}
}

// slack calls a Slack method with a form body and the bearer token, checks the answer
// against openapi.yaml (an HTTP 5xx fails the test), and answers the HTTP status, the
// Retry-After header and the error code ("" when ok).
func (cc *controlClient) slack(method, token string, form url.Values) (int, string, string) {
	cc.t.Helper()
	return cc.slackFault(0, method, token, form)
}

// slackFault is slack for a call that a fault of HTTP status fault5xx (500 to 599) may
// answer; with fault5xx 0 it is slack.
func (cc *controlClient) slackFault(fault5xx int, method, token string, form url.Values) (int, string, string) {
	cc.t.Helper()
	req, err := http.NewRequest(http.MethodPost, cc.base+"/api/"+method, strings.NewReader(form.Encode()))
	if err != nil {
		cc.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	status, retryAfter, answer := cc.send(req, fault5xx)
	return status, retryAfter, answer.Error
}

// send sends req, a call of a Slack method, checks its answer against openapi.yaml with
// answerChecker.check (HTTP 5xx only when fault5xx asks for it), and answers the HTTP status,
// the Retry-After header and the decoded answer.
func (cc *controlClient) send(req *http.Request, fault5xx int) (int, string, slackAnswer) {
	cc.t.Helper()
	res, data := roundTrip(cc.t, req)
	answer, err := cc.answers.check(req, res.StatusCode, res.Header, data, fault5xx)
	if err != nil {
		cc.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	return res.StatusCode, res.Header.Get("Retry-After"), answer
}

const admin = "xoxp-demo-admin"

func resetBob() url.Values { return url.Values{"user_id": {"W0BOB0001"}} }

func invalidateBobsPhone() url.Values {
	return url.Values{"user_id": {"W0BOB0001"}, "team_id": {"T0DEMO002"}, "session_id": {"1112275520242"}}
}

func TestJournalRecordsEveryCallWithoutItsToken(t *testing.T) {
	m := mocktest.Start(t)
	cc := newControlClient(t, m)

	cc.slack(api.MethodInvalidate, admin, invalidateBobsPhone())
	form := resetBob()
	form.Set("token", admin)
	form.Set("mobile_only", "1")
	cc.slack(api.MethodReset, "", form)
	jsonReq, _ := http.NewRequest(http.MethodPost, m.APIURL+api.MethodReset,
		strings.NewReader(`{"user_id":"W0ALICE01","token":"xoxp-demo-admin"}`))
	jsonReq.Header.Set("Content-Type", "application/json")
	cc.send(jsonReq, 0)

	want := []mock.Call{
		{Method: api.MethodInvalidate, HTTPMethod: "POST", ContentType: "application/x-www-form-urlencoded", TokenFrom: "header",
			Args: map[string]any{"user_id": "W0BOB0001", "team_id": "T0DEMO002", "session_id": "1112275520242"}, Status: 200},
		{Method: api.MethodReset, HTTPMethod: "POST", ContentType: "application/x-www-form-urlencoded", TokenFrom: "form",
			Args: map[string]any{"user_id": "W0BOB0001", "mobile_only": "1"}, Status: 200},
		{Method: api.MethodReset, HTTPMethod: "POST", ContentType: "application/json", TokenFrom: "",
			Args: map[string]any{"user_id": "W0ALICE01"}, Status: 200, Error: "not_authed"},
	}
	var fromHTTP struct {
		Requests []mock.Call `json:"requests"`
		Dropped  int         `json:"dropped"`
	}
	cc.control(http.MethodGet, "/_mock/requests", "", 200, &fromHTTP)
	for name, got := range map[string][]mock.Call{"Go": m.Requests(""), "HTTP": fromHTTP.Requests} {
		if len(got) != len(want) {
			t.Fatalf("%s: %d entries, want %d: %+v", name, len(got), len(want), got)
		}
		for i, e := range got {
			if e.Time.IsZero() {
				t.Errorf("%s: entry %d has no time", name, i)
			}
			if e.Seq != i+1 || e.RequestID == "" {
				t.Errorf("%s: entry %d has seq %d and request id %q, want seq %d and an id", name, i, e.Seq, e.RequestID, i+1)
			}
			e.Time, e.Seq, e.RequestID = time.Time{}, 0, ""
			if g, w := mustJSON(t, e), mustJSON(t, want[i]); g != w {
				t.Errorf("%s: entry %d\n got %s\nwant %s", name, i, g, w)
			}
		}
	}
	for _, e := range fromHTTP.Requests {
		if strings.Contains(mustJSON(t, e), "xoxp-") {
			t.Errorf("the journal shows a token: %s", mustJSON(t, e))
		}
	}

	if got := m.Requests(api.MethodInvalidate); len(got) != 1 {
		t.Errorf("Requests(invalidate): %d entries, want 1", len(got))
	}
	var onlyReset struct {
		Requests []mock.Call `json:"requests"`
	}
	cc.control(http.MethodGet, "/_mock/requests?method="+api.MethodReset, "", 200, &onlyReset)
	if len(onlyReset.Requests) != 2 {
		t.Errorf("GET /_mock/requests?method=reset: %d entries, want 2", len(onlyReset.Requests))
	}

	cc.control(http.MethodDelete, "/_mock/requests", "", 200, nil)
	if got := m.Requests(""); len(got) != 0 {
		t.Errorf("after DELETE /_mock/requests: %d entries", len(got))
	}
	cc.slack(api.MethodReset, admin, resetBob())
	m.ClearRequests()
	if got := m.Requests(""); len(got) != 0 {
		t.Errorf("after ClearRequests: %d entries", len(got))
	}
}

func TestJournalDropsTheOldestPastItsSize(t *testing.T) {
	m := mocktest.Start(t, mock.WithJournalSize(3))
	cc := newControlClient(t, m)
	users := []string{"W0NOPE1", "W0NOPE2", "W0NOPE3", "W0NOPE4", "W0NOPE5"}
	for _, u := range users {
		cc.slack(api.MethodReset, admin, url.Values{"user_id": {u}})
	}
	var got struct {
		Requests []mock.Call `json:"requests"`
		Dropped  int         `json:"dropped"`
	}
	cc.control(http.MethodGet, "/_mock/requests", "", 200, &got)
	if got.Dropped != 2 || m.Dropped() != 2 {
		t.Errorf("dropped %d over HTTP and %d from Go, want 2", got.Dropped, m.Dropped())
	}
	if len(got.Requests) != 3 {
		t.Fatalf("%d entries, want 3", len(got.Requests))
	}
	for i, e := range got.Requests {
		if e.Args["user_id"] != users[i+2] {
			t.Errorf("entry %d is about %v, want %s (oldest first)", i, e.Args["user_id"], users[i+2])
		}
	}
}

func TestFaultsAnswerInsteadOfSlackAndChangeNothing(t *testing.T) {
	cases := []struct {
		name           string
		fault          mock.Fault
		method         string
		form           url.Values
		wantStatus     int
		wantRetryAfter string
		wantError      string
	}{
		{"reset 429", mock.Fault{Method: api.MethodReset, Status: 429, RetryAfter: 2, Times: 1},
			api.MethodReset, resetBob(), 429, "2", "ratelimited"},
		{"invalidate 429 defaults to Retry-After 1", mock.Fault{Method: api.MethodInvalidate, Status: 429, Times: 1},
			api.MethodInvalidate, invalidateBobsPhone(), 429, "1", "ratelimited"},
		{"reset Slack error", mock.Fault{Method: api.MethodReset, Error: "user_session_reset_failed", Times: 1},
			api.MethodReset, resetBob(), 200, "", "user_session_reset_failed"},
		{"invalidate Slack error", mock.Fault{Method: api.MethodInvalidate, Error: "session_invalidation_failed", Times: 1},
			api.MethodInvalidate, invalidateBobsPhone(), 200, "", "session_invalidation_failed"},
		{"reset 503", mock.Fault{Method: api.MethodReset, Status: 503, Error: "service_unavailable", Times: 1},
			api.MethodReset, resetBob(), 503, "", "service_unavailable"},
		{"invalidate 500 defaults to internal_error", mock.Fault{Method: api.MethodInvalidate, Status: 500, Times: 1},
			api.MethodInvalidate, invalidateBobsPhone(), 500, "", "internal_error"},
		{"by user", mock.Fault{UserID: "W0BOB0001", Error: "fatal_error", Times: 1},
			api.MethodInvalidate, invalidateBobsPhone(), 200, "", "fatal_error"},
		{"by team", mock.Fault{TeamID: "T0DEMO002", Error: "fatal_error", Times: 1},
			api.MethodReset, resetBob(), 200, "", "fatal_error"},
		{"by token", mock.Fault{Token: admin, Error: "fatal_error", Times: 1},
			api.MethodReset, resetBob(), 200, "", "fatal_error"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := mocktest.Start(t)
			cc := newControlClient(t, m)
			before := m.Org().Fixture()
			m.Fault(t, tc.fault)

			fault5xx := 0
			if tc.wantStatus >= 500 {
				fault5xx = tc.wantStatus
			}
			status, retryAfter, code := cc.slackFault(fault5xx, tc.method, admin, tc.form)
			if status != tc.wantStatus || retryAfter != tc.wantRetryAfter || code != tc.wantError {
				t.Errorf("faulted call: %d Retry-After %q %q, want %d %q %q",
					status, retryAfter, code, tc.wantStatus, tc.wantRetryAfter, tc.wantError)
			}
			if after := m.Org().Fixture(); mustJSON(t, after) != mustJSON(t, before) {
				t.Error("a faulted call changed the state")
			}
			if e := m.Requests(""); len(e) != 1 || !e[0].Fault || e[0].Status != tc.wantStatus || e[0].Error != tc.wantError {
				t.Errorf("journal: %+v", e)
			}
			if status, _, code := cc.slack(tc.method, admin, tc.form); status != 200 || code != "" {
				t.Errorf("the call after a times=1 fault: %d %q, want 200 ok", status, code)
			}
			if len(m.Faults()) != 0 {
				t.Errorf("a spent fault is still in force: %+v", m.Faults())
			}
		})
	}
}

func TestFaultFiltersLeaveOtherCallsAlone(t *testing.T) {
	m := mocktest.Start(t)
	cc := newControlClient(t, m)
	m.Fault(t, mock.Fault{Method: api.MethodReset, UserID: "W0ALICE01", Error: "fatal_error"})
	m.Fault(t, mock.Fault{TeamID: "T0DEMO001", Method: api.MethodInvalidate, Error: "fatal_error"})
	m.Fault(t, mock.Fault{Token: "xoxp-demo-owner", Error: "fatal_error"})

	if _, _, code := cc.slack(api.MethodInvalidate, admin, invalidateBobsPhone()); code != "" {
		t.Errorf("invalidate in another team: %q, want ok", code)
	}
	if _, _, code := cc.slack(api.MethodReset, admin, resetBob()); code != "" {
		t.Errorf("reset of another user: %q, want ok", code)
	}
	for range 3 { // times 0: every call
		if _, _, code := cc.slack(api.MethodReset, admin, url.Values{"user_id": {"W0ALICE01"}}); code != "fatal_error" {
			t.Errorf("reset of the faulted user: %q, want fatal_error", code)
		}
	}
	if n := len(m.Org().Sessions("W0ALICE01", "")); n != 2 {
		t.Errorf("faulted resets ended sessions: %d left, want 2", n)
	}
}

func TestFaultDelayOnlyLetsTheCallThrough(t *testing.T) {
	m := mocktest.Start(t)
	cc := newControlClient(t, m)
	const delay = 30 * time.Millisecond
	m.Fault(t, mock.Fault{Method: api.MethodReset, DelayMS: int(delay / time.Millisecond), Times: 1})
	start := time.Now()
	if status, _, code := cc.slack(api.MethodReset, admin, resetBob()); status != 200 || code != "" {
		t.Fatalf("delayed call: %d %q, want 200 ok", status, code)
	}
	if elapsed := time.Since(start); elapsed < delay {
		t.Errorf("answered after %v, before the delay of %v", elapsed, delay)
	}
	if n := len(m.Org().Sessions("W0BOB0001", "")); n != 0 {
		t.Errorf("the delayed reset left %d sessions", n)
	}
}

func TestMocktestFaultEndsWithItsTest(t *testing.T) {
	m := mocktest.Start(t)
	t.Run("inner", func(t *testing.T) {
		m.Fault(t, mock.Fault{Error: "fatal_error"})
		if len(m.Faults()) != 1 {
			t.Fatal("the fault is not in force")
		}
	})
	if len(m.Faults()) != 0 {
		t.Errorf("the fault outlived its test: %+v", m.Faults())
	}
}

func TestFaultsOverHTTP(t *testing.T) {
	m := mocktest.Start(t)
	cc := newControlClient(t, m)
	var added struct {
		OK bool `json:"ok"`
		ID int  `json:"id"`
	}
	cc.control(http.MethodPost, "/_mock/faults",
		`{"method":"admin.users.session.reset","status":429,"error":"ratelimited","retry_after":1,"times":1}`, 200, &added)
	cc.control(http.MethodPost, "/_mock/faults", `{"token":"xoxp-demo-owner","error":"fatal_error"}`, 200, nil)

	var list struct {
		Faults []mock.FaultInForce `json:"faults"`
	}
	cc.control(http.MethodGet, "/_mock/faults", "", 200, &list)
	if len(list.Faults) != 2 || list.Faults[0].ID != added.ID || list.Faults[0].Left != 1 {
		t.Fatalf("GET /_mock/faults: %+v", list.Faults)
	}
	if list.Faults[1].Token == "xoxp-demo-owner" {
		t.Error("GET /_mock/faults shows a token")
	}

	if status, retryAfter, code := cc.slack(api.MethodReset, admin, resetBob()); status != 429 || retryAfter != "1" || code != "ratelimited" {
		t.Errorf("faulted reset: %d %q %q", status, retryAfter, code)
	}
	cc.control(http.MethodGet, "/_mock/faults", "", 200, &list)
	if len(list.Faults) != 1 {
		t.Errorf("after its one call the fault is still listed: %+v", list.Faults)
	}
	cc.control(http.MethodDelete, "/_mock/faults/"+itoa(list.Faults[0].ID), "", 200, nil)
	cc.control(http.MethodPost, "/_mock/faults", `{"error":"fatal_error"}`, 200, nil)
	cc.control(http.MethodDelete, "/_mock/faults", "", 200, nil)
	if len(m.Faults()) != 0 {
		t.Errorf("after DELETE /_mock/faults: %+v", m.Faults())
	}

	bad := map[string]string{
		`{"status":418}`: "status 418",
		`{"method":"chat.postMessage","error":"x"}`: "method",
		`{"times":-1,"error":"fatal_error"}`:        "times",
		`{"delay_ms":600000}`:                       "delay_ms",
		`{"error":"Not A Code"}`:                    "error",
		`{"status":200}`:                            "error code",
		`{}`:                                        "a status, an error or a delay_ms",
		`{"retry_after":5,"error":"fatal_error"}`:   "retry_after",
		`{"colour":"red"}`:                          `"colour"`,
		`{"Status":429}`:                            `"Status"`,
		`not json`:                                  "JSON",
		`{"status":429} {}`:                         "JSON",
		`{"status":429,"status":500}`:               `"status" is given twice`,
		`null`:                                      "an object",
		`[]`:                                        "an object",
		`{"status":"429"}`:                          "status must be a whole number",
		`{"status":1e30}`:                           "status must be a whole number",
		// Null is no value of a member, nor an empty filter, error or status 0: left out, a
		// member has its default.
		`{"status":429,"job":null}`:                         "job is null",
		`{"method":"","error":"fatal_error"}`:               "method is empty",
		`{"user_id":"","error":"fatal_error"}`:              "user_id is empty",
		`{"status":503,"error":""}`:                         "error is empty",
		`{"status":0,"error":"fatal_error"}`:                "status 0",
		`{"job":true,"delay_ms":0}`:                         "job fault",
		`{"job":true,"method":"admin.users.session.reset"}`: "queues no job",
	}
	for body, want := range bad {
		var refused struct {
			Error   string `json:"error"`
			Message string `json:"message"`
		}
		cc.control(http.MethodPost, "/_mock/faults", body, 400, &refused)
		if refused.Error != "invalid_fault" || !strings.Contains(refused.Message, want) {
			t.Errorf("POST /_mock/faults %s: %+v, want a message naming %s", body, refused, want)
		}
	}
	if len(m.Faults()) != 0 {
		t.Errorf("refused faults are in force: %+v", m.Faults())
	}
	cc.control(http.MethodDelete, "/_mock/faults/abc", "", 400, nil)
}

// TestInvalidateFaultsOverHTTP injects faults on invalidate for one team through
// POST /_mock/faults and checks that they answer that team's calls instead of Slack, change
// nothing, are journaled as faults, and leave the calls of another team alone.
func TestInvalidateFaultsOverHTTP(t *testing.T) {
	cases := []teamFaultCase{
		{"Slack error", `{"method":"admin.users.session.invalidate","team_id":"T0DEMO002","error":"session_invalidation_failed"}`,
			200, "", "session_invalidation_failed"},
		{"429", `{"method":"admin.users.session.invalidate","team_id":"T0DEMO002","status":429,"retry_after":7}`,
			429, "7", "ratelimited"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := mocktest.Start(t)
			cc := newControlClient(t, m)
			var before, after json.RawMessage
			cc.control(http.MethodGet, "/_mock/fixture", "", 200, &before)
			var added struct {
				OK bool `json:"ok"`
				ID int  `json:"id"`
			}
			cc.control(http.MethodPost, "/_mock/faults", tc.fault, 200, &added)
			if !added.OK {
				t.Fatalf("POST /_mock/faults %s: %+v", tc.fault, added)
			}

			tc.wantFaultedCalls(t, cc)
			if ids := cc.liveSessionIDs(team2); !slices.Contains(ids, bobMobile) {
				t.Errorf("after the faulted calls %s's sessions are %v, without %d", team2, ids, bobMobile)
			}
			cc.control(http.MethodGet, "/_mock/fixture", "", 200, &after)
			if !bytes.Equal(before, after) {
				t.Errorf("the faulted calls changed the state:\nbefore %s\nafter  %s", before, after)
			}
			wantInvalidateInTeam1(t, cc)
			tc.wantJournal(t, cc)

			// Without the fault the same call ends the session: the fault alone kept it live.
			cc.control(http.MethodDelete, "/_mock/faults/"+itoa(added.ID), "", 200, nil)
			if status, _, code := cc.slack(api.MethodInvalidate, admin, invalidateBobsPhone()); status != 200 || code != "" {
				t.Errorf("after DELETE /_mock/faults/%d: %d %q, want 200 ok", added.ID, status, code)
			}
			if ids := cc.liveSessionIDs(team2); slices.Contains(ids, bobMobile) {
				t.Errorf("after the fault was removed, invalidate left %d live: %v", bobMobile, ids)
			}
		})
	}
}

// teamFaultCase is a fault on invalidate for team 2, without times, and the answer it gives
// every call it matches.
type teamFaultCase struct {
	name           string
	fault          string // the body of POST /_mock/faults
	wantStatus     int
	wantRetryAfter string
	wantError      string
}

// wantFaultedCalls invalidates Bob's phone, in team 2, twice: the fault has no times, so it
// answers both.
func (tc teamFaultCase) wantFaultedCalls(t *testing.T, cc *controlClient) {
	t.Helper()
	for i := range 2 {
		status, retryAfter, code := cc.slack(api.MethodInvalidate, admin, invalidateBobsPhone())
		if status != tc.wantStatus || retryAfter != tc.wantRetryAfter || code != tc.wantError {
			t.Errorf("faulted call %d: %d Retry-After %q %q, want %d %q %q",
				i+1, status, retryAfter, code, tc.wantStatus, tc.wantRetryAfter, tc.wantError)
		}
	}
}

// wantInvalidateInTeam1 invalidates Bob's session in team 1, which a fault for team 2 must
// leave alone: the call is answered ok and ends the session.
func wantInvalidateInTeam1(t *testing.T, cc *controlClient) {
	t.Helper()
	other := url.Values{"user_id": {userB}, "team_id": {team1}, "session_id": {strconv.FormatInt(bobWeb1, 10)}}
	if status, retryAfter, code := cc.slack(api.MethodInvalidate, admin, other); status != 200 || retryAfter != "" || code != "" {
		t.Errorf("invalidate in another team: %d Retry-After %q %q, want 200 ok", status, retryAfter, code)
	}
	if ids := cc.liveSessionIDs(team1); slices.Contains(ids, bobWeb1) {
		t.Errorf("invalidate in another team left %d live: %v", bobWeb1, ids)
	}
}

// wantJournal checks the invalidates in the journal, read through GET /_mock/requests: the
// two faulted calls in team 2, as faults with the fault's answer, then the call in team 1,
// answered ok.
func (tc teamFaultCase) wantJournal(t *testing.T, cc *controlClient) {
	t.Helper()
	var journal struct {
		Requests []mock.Call `json:"requests"`
	}
	cc.control(http.MethodGet, "/_mock/requests?method="+api.MethodInvalidate, "", 200, &journal)
	want := []struct {
		team   string
		fault  bool
		status int
		error  string
	}{
		{team2, true, tc.wantStatus, tc.wantError},
		{team2, true, tc.wantStatus, tc.wantError},
		{team1, false, 200, ""},
	}
	if len(journal.Requests) != len(want) {
		t.Fatalf("the journal holds %d invalidates, want %d: %+v", len(journal.Requests), len(want), journal.Requests)
	}
	for i, w := range want {
		if e := journal.Requests[i]; e.Args["team_id"] != w.team || e.Fault != w.fault || e.Status != w.status || e.Error != w.error {
			t.Errorf("journal entry %d: team %v fault %v status %d error %q, want %s %v %d %q",
				i, e.Args["team_id"], e.Fault, e.Status, e.Error, w.team, w.fault, w.status, w.error)
		}
	}
}

// liveSessionIDs reads the ids of the live sessions of team through GET /_mock/sessions.
func (cc *controlClient) liveSessionIDs(team string) []int64 {
	cc.t.Helper()
	var got struct {
		Sessions []org.Session `json:"sessions"`
	}
	cc.control(http.MethodGet, "/_mock/sessions?team_id="+team, "", 200, &got)
	var ids []int64
	for _, s := range got.Sessions {
		ids = append(ids, s.SessionID)
	}
	return ids
}

// TestControlSpecIsValid checks control.yaml as TestSpecIsValid checks openapi.yaml, with
// kin-openapi, and that the mock serves it at /_mock/openapi.yaml byte for byte.
func TestControlSpecIsValid(t *testing.T) {
	const file = "control.yaml"
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := openapi3.NewLoader().LoadFromFile(file)
	if err != nil {
		t.Fatalf("load %s: %v", file, err)
	}
	if err := doc.Validate(t.Context()); err != nil {
		t.Fatalf("%s is not a valid OpenAPI document: %v", file, err)
	}
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("openapi = %q, want 3.0.3", doc.OpenAPI)
	}
	if !bytes.Equal(mock.ControlSpec(), want) {
		t.Errorf("mock.ControlSpec() differs from %s", file)
	}

	m := mocktest.Start(t)
	newControlClient(t, m).control(http.MethodGet, "/_mock/openapi.yaml", "", 200, nil) // as control.yaml says
	status, got := (&client{m: m}).get(t, "/_mock/openapi.yaml")
	if status != http.StatusOK || !bytes.Equal(got, want) {
		t.Errorf("GET /_mock/openapi.yaml: HTTP %d, %d bytes that differ from %s (%d bytes)", status, len(got), file, len(want))
	}
}

func TestRateLimitAnswersHonestRetryAfter(t *testing.T) {
	m := mocktest.Start(t)
	cc := newControlClient(t, m)
	var mu sync.Mutex
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	mock.SetClock(m.Server, func() time.Time { mu.Lock(); defer mu.Unlock(); return now })
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }

	if _, _, code := cc.slack(api.MethodReset, admin, resetBob()); code != "" {
		t.Fatalf("before any limit: %q", code)
	}
	cc.control(http.MethodPut, "/_mock/ratelimit", `{"per_minute":20,"burst":2}`, 200, nil)
	for i := range 2 {
		if status, _, code := cc.slack(api.MethodReset, admin, resetBob()); status != 200 || code != "" {
			t.Fatalf("call %d of the burst: %d %q", i+1, status, code)
		}
	}
	status, retryAfter, code := cc.slack(api.MethodReset, admin, resetBob())
	if status != 429 || code != "ratelimited" || retryAfter != "3" { // 20 a minute: one every 3 s
		t.Fatalf("past the burst: %d Retry-After %q %q, want 429 \"3\" ratelimited", status, retryAfter, code)
	}
	wantOwnBudgets(t, cc)
	advance(2 * time.Second)
	if status, retryAfter, _ := cc.slack(api.MethodReset, admin, resetBob()); status != 429 || retryAfter != "1" {
		t.Errorf("2 s later: %d Retry-After %q, want 429 \"1\"", status, retryAfter)
	}
	advance(time.Second)
	if status, _, code := cc.slack(api.MethodReset, admin, resetBob()); status != 200 || code != "" {
		t.Errorf("after Retry-After: %d %q, want 200 ok", status, code)
	}

	cc.control(http.MethodDelete, "/_mock/ratelimit", "", 200, nil)
	for range 5 {
		if status, _, _ := cc.slack(api.MethodReset, admin, resetBob()); status != 200 {
			t.Fatalf("with the limit off: %d", status)
		}
	}
	cc.control(http.MethodPut, "/_mock/ratelimit", `{"per_minute":0,"burst":1}`, 400, nil)
}

// wantOwnBudgets checks that the rate limit counts each method and each token apart: once
// the admin's resets are past the burst, the admin's invalidate and the owner's reset are
// still answered.
func wantOwnBudgets(t *testing.T, cc *controlClient) {
	t.Helper()
	if status, _, _ := cc.slack(api.MethodInvalidate, admin, invalidateBobsPhone()); status != 200 {
		t.Errorf("another method has its own budget: %d", status)
	}
	if status, _, _ := cc.slack(api.MethodReset, "xoxp-demo-owner", resetBob()); status != 200 {
		t.Errorf("another token has its own budget: %d", status)
	}
}

func TestControlToken(t *testing.T) {
	m := mocktest.Start(t, mock.WithControlToken("ctl-secret"))
	cc := newControlClient(t, m)
	var refused struct {
		Error   string `json:"error"`
		Message string `json:"message"`
	}
	cc.control(http.MethodPost, "/_mock/restore", "", 401, &refused)
	if refused.Error != "not_authed" || strings.Contains(refused.Message, "ctl-secret") {
		t.Errorf("without the control token: %+v", refused)
	}
	cc.auth = "ctl-secreT"
	cc.control(http.MethodGet, "/_mock/sessions", "", 401, nil)
	cc.auth = "ctl-secret"
	cc.control(http.MethodGet, "/_mock/sessions", "", 200, nil)
	cc.control(http.MethodGet, "/_mock/openapi.yaml", "", 200, nil)
	if _, _, code := cc.slack(api.MethodReset, admin, resetBob()); code != "" {
		t.Errorf("the Slack methods do not need the control token: %q", code)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// TestJournalOfRefusedBodies checks that calls refused before their body was parsed are
// journaled with empty arguments, as control.yaml says (an object, never null), and that
// a token attribute of a JSON body is neither read nor judged.
func TestJournalOfRefusedBodies(t *testing.T) {
	m := mocktest.Start(t)
	cc := newControlClient(t, m)
	for _, body := range []string{`{`, `[1]`} {
		req, _ := http.NewRequest(http.MethodPost, m.APIURL+api.MethodReset, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+admin)
		cc.send(req, 0)
	}
	req, _ := http.NewRequest(http.MethodPost, m.APIURL+api.MethodReset, strings.NewReader(`{"user_id":"W0BOB0001","token":5}`))
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("Authorization", "Bearer "+admin)
	if _, _, answer := cc.send(req, 0); !answer.OK {
		t.Errorf("a JSON body with a token attribute of another type: %+v; want ok", answer)
	}

	var got struct {
		Requests []mock.Call `json:"requests"`
	}
	cc.control(http.MethodGet, "/_mock/requests", "", 200, &got) // validated against control.yaml
	if len(got.Requests) != 3 {
		t.Fatalf("%d entries, want 3", len(got.Requests))
	}
	for i, want := range []string{"invalid_json", "json_not_object"} {
		if e := got.Requests[i]; e.Error != want || e.Args == nil || len(e.Args) != 0 {
			t.Errorf("entry %d: error %q args %#v, want %s with {}", i, e.Error, e.Args, want)
		}
	}
	if args := got.Requests[2].Args; len(args) != 1 || args["user_id"] != "W0BOB0001" {
		t.Errorf("entry 2 args %v, want only user_id", args)
	}
}

// controlPaths are the paths of control.yaml, with what each takes.
func controlPaths(t *testing.T) map[string]*openapi3.PathItem {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(mock.ControlSpec())
	if err != nil {
		t.Fatal(err)
	}
	return doc.Paths.Map()
}

// TestControlWrongHTTPMethod checks that every path of control.yaml answers an HTTP method
// it does not take with 405, an Allow header naming the ones it takes, and a control error.
func TestControlWrongHTTPMethod(t *testing.T) {
	t.Parallel()
	m := mocktest.Start(t)
	for path, item := range controlPaths(t) {
		path = strings.ReplaceAll(path, "{id}", "1")
		req, err := http.NewRequest(http.MethodPatch, m.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		res, data := roundTrip(t, req)
		var e struct {
			OK      *bool  `json:"ok"`
			Error   string `json:"error"`
			Message string `json:"message"`
		}
		if res.StatusCode != http.StatusMethodNotAllowed || json.Unmarshal(data, &e) != nil || e.OK == nil || *e.OK || e.Error == "" {
			t.Errorf("PATCH %s: HTTP %d %s, want 405 and a control error", path, res.StatusCode, data)
		}
		allow := strings.Split(res.Header.Get("Allow"), ", ")
		for method := range item.Operations() {
			if !slices.Contains(allow, method) {
				t.Errorf("PATCH %s: Allow %q does not name %s", path, res.Header.Get("Allow"), method)
			}
		}
	}
}

// TestControlHead checks that every path of control.yaml that takes GET takes HEAD too,
// answering the GET's status, content type and Content-Length (where the GET's has one)
// without a body, as HTTP has it.
func TestControlHead(t *testing.T) {
	t.Parallel()
	m := mocktest.Start(t)
	for path, item := range controlPaths(t) {
		if item.Get == nil {
			continue
		}
		answers := map[string]*http.Response{}
		var getBody []byte
		for _, method := range []string{http.MethodGet, http.MethodHead} {
			req, err := http.NewRequest(method, m.URL+path, nil)
			if err != nil {
				t.Fatal(err)
			}
			res, data := roundTrip(t, req)
			answers[method] = res
			if method == http.MethodGet {
				getBody = data
			} else if len(data) > 0 {
				t.Errorf("HEAD %s: a body of %d bytes", path, len(data))
			}
		}
		get, head := answers[http.MethodGet], answers[http.MethodHead]
		if head.StatusCode != get.StatusCode || head.Header.Get("Content-Type") != get.Header.Get("Content-Type") ||
			head.ContentLength != get.ContentLength || len(getBody) == 0 {
			t.Errorf("HEAD %s: HTTP %d, %q, length %d; GET: HTTP %d, %q, length %d, %d bytes", path, head.StatusCode,
				head.Header.Get("Content-Type"), head.ContentLength, get.StatusCode, get.Header.Get("Content-Type"), get.ContentLength, len(getBody))
		}
	}
}

func TestControlRemoveUnknownFault(t *testing.T) {
	t.Parallel()
	cc := newControlClient(t, mocktest.Start(t))
	var added struct{ ID int }
	cc.control(http.MethodPost, "/_mock/faults", `{"status":503,"times":1}`, http.StatusOK, &added)
	cc.control(http.MethodDelete, "/_mock/faults/"+strconv.Itoa(added.ID), "", http.StatusOK, nil)
	cc.control(http.MethodDelete, "/_mock/faults/"+strconv.Itoa(added.ID), "", http.StatusNotFound, nil)
	cc.control(http.MethodDelete, "/_mock/faults/999", "", http.StatusNotFound, nil)
}

// TestControlJobs checks GET /_mock/jobs: with wait it answers once the jobs are done, and
// a wait that is not a duration, or over a minute, is refused.
func TestControlJobs(t *testing.T) {
	t.Parallel()
	m := mocktest.Start(t)
	cc := newControlClient(t, m)
	var jobs struct{ Jobs []mock.Job }
	cc.control(http.MethodGet, "/_mock/jobs", "", http.StatusOK, &jobs)
	if len(jobs.Jobs) != 0 {
		t.Errorf("jobs before any call: %+v", jobs.Jobs)
	}
	if status, _, code := cc.slack(api.MethodResetBulk, admin, url.Values{"user_ids": {`["W0BOB0001"]`}}); status != 200 || code != "" {
		t.Fatalf("resetBulk: %d %q", status, code)
	}
	cc.control(http.MethodGet, "/_mock/jobs?wait=5s", "", http.StatusOK, &jobs)
	if len(jobs.Jobs) != 1 || !jobs.Jobs[0].Done || jobs.Jobs[0].RequestID != m.Requests(api.MethodResetBulk)[0].RequestID {
		t.Errorf("jobs %+v, want one done, with the call's request id", jobs.Jobs)
	}
	if live := m.Org().Sessions("W0BOB0001", ""); len(live) != 0 {
		t.Errorf("Bob's sessions %v live after the job", live)
	}
	for _, wait := range []string{"soon", "2m", "60001ms", "1.5s", "1m0s", "-0s", "05s"} {
		cc.control(http.MethodGet, "/_mock/jobs?wait="+url.QueryEscape(wait), "", http.StatusBadRequest, nil)
	}
	cc.control(http.MethodGet, "/_mock/jobs?wait=60000ms", "", http.StatusOK, nil)
}

// TestControlRestore checks that POST /_mock/restore returns the state to the fixture the
// mock started with, and leaves the journal.
func TestControlRestore(t *testing.T) {
	t.Parallel()
	m := mocktest.Start(t)
	cc := newControlClient(t, m)
	before := m.Org().Fixture()
	cc.slack(api.MethodReset, admin, url.Values{"user_id": {"W0BOB0001"}})
	cc.slack(api.MethodSetSettings, admin, url.Values{"user_ids": {"W0ALICE01"}, "duration": {"28800"}})
	cc.control(http.MethodPost, "/_mock/restore", "", http.StatusOK, nil)
	if after := m.Org().Fixture(); mustJSON(t, after) != mustJSON(t, before) {
		t.Errorf("after POST /_mock/restore the state is %s, want %s", mustJSON(t, after), mustJSON(t, before))
	}
	if n := len(m.Requests("")); n != 2 {
		t.Errorf("the journal holds %d calls after the restore, want the 2 before it", n)
	}
}

// TestJournalHoldsEveryCall checks that the journal records every call under /api/, those
// the mock refuses before any method too, with its HTTP method and answer.
func TestJournalHoldsEveryCall(t *testing.T) {
	t.Parallel()
	m := mocktest.Start(t, mock.WithMaxBodyBytes(256))
	send := func(method, path, body string) {
		req, err := http.NewRequest(method, m.URL+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Authorization", "Bearer "+admin)
		roundTrip(t, req)
	}
	send(http.MethodPost, "/api/no.such.method", "a=1")
	send(http.MethodPut, "/api/"+api.MethodReset, "user_id=W0BOB0001")
	send(http.MethodPost, "/api/"+api.MethodReset, "user_id="+strings.Repeat("W", 300))
	send(http.MethodGet, "/api/"+api.MethodList+"?limit=1", "")
	send(http.MethodPost, "/api/xoxp-pasted-here", "")
	want := []struct {
		method, httpMethod string
		status             int
		error              string
	}{
		{"no.such.method", "POST", 200, "unknown_method"},
		{api.MethodReset, "PUT", 200, "invalid_post_type"},
		{api.MethodReset, "POST", 413, "invalid_form_data"},
		{api.MethodList, "GET", 200, ""},
		{"[redacted]", "POST", 200, "unknown_method"},
	}
	got := m.Requests("")
	if len(got) != len(want) {
		t.Fatalf("the journal holds %d calls, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		if e := got[i]; e.Method != w.method || e.HTTPMethod != w.httpMethod || e.Status != w.status || e.Error != w.error || e.RequestID == "" {
			t.Errorf("call %d: %s %s HTTP %d %q (request id %q), want %s %s %d %q", i, e.HTTPMethod, e.Method, e.Status, e.Error, e.RequestID, w.httpMethod, w.method, w.status, w.error)
		}
	}
	if got[3].Args["limit"] != "1" {
		t.Errorf("the GET's arguments %v, want limit 1 from the query string", got[3].Args)
	}
	if got[0].Args["a"] != "1" || got[0].TokenFrom != "header" || got[1].Args["user_id"] != "W0BOB0001" {
		t.Errorf("the refused calls' arguments %v and %v, want what they sent", got[0].Args, got[1].Args)
	}
}

// TestRateLimitTiers checks {"tiers":true}: each method is limited by its own Slack tier,
// read from the spec: reset (Tier 2) after a burst of 20, getSettings (Tier 4) after 100.
func TestRateLimitTiers(t *testing.T) {
	m := mocktest.Start(t)
	cc := newControlClient(t, m)
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	mock.SetClock(m.Server, func() time.Time { return now }) // time stands still
	cc.control(http.MethodPut, "/_mock/ratelimit", `{"tiers":true}`, 200, nil)
	for _, tc := range []struct {
		method string
		form   url.Values
		burst  int
	}{
		{api.MethodReset, resetBob(), 20},
		{api.MethodGetSettings, url.Values{"user_ids": {"W0BOB0001"}}, 100},
	} {
		for i := range tc.burst {
			if status, _, code := cc.slack(tc.method, admin, tc.form); status != 200 || code != "" {
				t.Fatalf("%s: call %d of %d: %d %q", tc.method, i+1, tc.burst, status, code)
			}
		}
		if status, retryAfter, _ := cc.slack(tc.method, admin, tc.form); status != 429 || retryAfter == "" {
			t.Errorf("%s: call %d: %d Retry-After %q, want 429", tc.method, tc.burst+1, status, retryAfter)
		}
	}
	cc.control(http.MethodPut, "/_mock/ratelimit", `{"tiers":true,"burst":5}`, 400, nil)
	for _, body := range []string{`{"tiers":true,"per_minute":0}`, `{"per_minute":1,"burst":1,"tiers":null}`, `{}`, `{"tiers":false}`, `{"per_minute":1}`} {
		cc.control(http.MethodPut, "/_mock/ratelimit", body, 400, nil)
	}
	cc.control(http.MethodPut, "/_mock/ratelimit", `{"per_minute":5,"burst":5,"tiers":false}`, 200, nil)
	cc.control(http.MethodPut, "/_mock/ratelimit", `{"tiers":true}`, 200, nil)
}

// TestMessagesNeverQuoteAToken checks that what the mock says of a client's mistake, in an
// answer or a control error, never quotes something shaped like a Slack token that the
// client put where a name or value goes: an argument's name, a fault's method or error code,
// a fixture's id, field name or value. It names the place instead.
func TestMessagesNeverQuoteAToken(t *testing.T) {
	t.Parallel()
	const secret = "xoxp-secret-42"
	m := mocktest.Start(t)
	cc := newControlClient(t, m)
	var e struct {
		Message string `json:"message"`
	}
	for _, body := range []string{
		`{"method":"` + secret + `"}`,
		`{"status":200,"error":"` + secret + `"}`,
		`{"job":true,"error":"` + secret + `"}`,
		`{"` + secret + `":1}`,
		`{"` + secret + `":1,"` + secret + `":2}`,
	} {
		cc.control(http.MethodPost, "/_mock/faults", body, http.StatusBadRequest, &e)
		if strings.Contains(e.Message, secret) || e.Message == "" {
			t.Errorf("fault %s: message %q", body, e.Message)
		}
	}
	for _, doc := range []string{
		`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"` + secret + `"}],"tokens":[],"sessions":[]}`,
		`{"teams":[{"id":"T1","` + secret + `":1}],"users":[],"tokens":[],"sessions":[]}`,
		`{"teams":[],"users":[],"tokens":[],"sessions":[{"session_id":"` + secret + `"}]}`,
		`{"teams":[],"users":[],"tokens":[],"sessions":[],"` + secret + `":[]}`,
		`{"teams":[{"id":"T1","` + secret + `":1,"` + secret + `":2}]}`,
		"teams:\n  - id: T1\n    name: [" + secret + "\n",
	} {
		cc.control(http.MethodPost, "/_mock/fixture", doc, http.StatusBadRequest, &e)
		if strings.Contains(e.Message, secret) || e.Message == "" {
			t.Errorf("fixture %s: message %q", doc, e.Message)
		}
	}
	// api.test takes any argument, typed as a string: a token sent as a name is named
	// [redacted] in the message of the refusal.
	req, err := http.NewRequest(http.MethodPost, m.APIURL+api.MethodAPITest, strings.NewReader(`{"`+secret+`":5}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	_, _, a := cc.send(req, 0)
	if a.Error != string(api.CodeInvalidArguments) || len(a.ResponseMetadata.Messages) == 0 ||
		strings.Contains(strings.Join(a.ResponseMetadata.Messages, " "), secret) {
		t.Errorf("api.test with a token as a name answered %+v", a)
	}
}

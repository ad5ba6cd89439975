package mock_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/slack-contracts/admin-users-session/api"
	"github.com/slack-contracts/admin-users-session/mock"
	"github.com/slack-contracts/admin-users-session/mock/org"
)

// fuzzMaxBody is the body cap of the mock under fuzzing: small, so that the fuzzer reaches
// the 413 answer with bodies of the sizes it makes.
const fuzzMaxBody = 2 << 10

// handlerSeed is one request of the seed corpus of FuzzHandler.
type handlerSeed struct {
	method, target, contentType, auth, body string
}

// handlerSeeds are requests as Slack's SDKs and curl send them, and the mistakes and tricks
// the mock must answer the Slack way.
func handlerSeeds() []handlerSeed {
	const (
		form     = "application/x-www-form-urlencoded"
		formUTF8 = "application/x-www-form-urlencoded; charset=UTF-8"
		jsonUTF8 = "application/json; charset=utf-8"
		bearer   = "Bearer " + tokAdmin
		reset    = "/api/" + api.MethodReset
		inval    = "/api/" + api.MethodInvalidate
	)
	return []handlerSeed{
		// Python (slack_sdk) and Java: forms with 1 and 0.
		{"POST", reset, form, bearer, "user_id=W0BOB0001&mobile_only=1"},
		{"POST", reset, formUTF8, bearer, "user_id=W0BOB0001&web_only=1&mobile_only=0"},
		{"POST", inval, formUTF8, bearer, "user_id=W0BOB0001&session_id=1112275520242"},
		// Node (@slack/web-api): true and false, the token in the body.
		{"POST", reset, form, "", "token=" + tokAdmin + "&user_id=W0BOB0001&web_only=true&mobile_only=false"},
		{"POST", inval, form, "", "token=" + tokAdmin + "&team_id=E0DEMO001&session_id=2220000000002&user_id=W0ALICE01"},
		// JSON, with and without its charset.
		{"POST", reset, jsonUTF8, bearer, `{"user_id":"W0ALICE01","mobile_only":true}`},
		{"POST", inval, "application/json", bearer, `{"team_id":"T0DEMO001","session_id":1112275520244,"user_id":"W0BOB0001"}`},
		{"POST", inval, jsonUTF8, bearer, `{"user_id":"W0BOB0001","session_id":null,"token":"` + tokAdmin + `"}`},
		// Numbers that are not int64s.
		{"POST", inval, form, bearer, "user_id=W0BOB0001&session_id=9223372036854775808"},
		{"POST", inval, form, bearer, "user_id=W0BOB0001&session_id=-1112275520242"},
		{"POST", inval, form, bearer, "user_id=W0BOB0001&session_id=1e3"},
		{"POST", inval, jsonUTF8, bearer, `{"user_id":"W0BOB0001","session_id":1e3}`},
		{"POST", inval, jsonUTF8, bearer, `{"user_id":"W0BOB0001","session_id":99999999999999999999999999}`},
		{"POST", inval, jsonUTF8, bearer, `{"user_id":"W0BOB0001","session_id":-0.5}`},
		// Bad UTF-8, odd charsets and types.
		{"POST", reset, form, bearer, "user_id=W0BOB\xff\xfe0001"},
		{"POST", reset, jsonUTF8, bearer, "{\"user_id\":\"\xc3\x28\"}"},
		{"POST", reset, "application/x-www-form-urlencoded; charset=iso-8859-1", bearer, "user_id=W0BOB0001"},
		{"POST", reset, "application/json; charset=utf8", bearer, `{"user_id":"W0BOB0001"}`},
		{"POST", reset, "text/plain", bearer, "user_id=W0BOB0001"},
		{"POST", reset, "multipart/form-data; boundary=x", bearer, "--x\r\nContent-Disposition: form-data; name=\"user_id\"\r\n\r\nW0BOB0001\r\n--x--\r\n"},
		{"POST", reset, "application/json; charset", bearer, `{}`},
		// Empty and odd bodies.
		{"POST", reset, "", bearer, ""},
		{"POST", reset, "", bearer, "user_id=W0BOB0001"},
		{"POST", reset, jsonUTF8, bearer, ""},
		{"POST", reset, jsonUTF8, bearer, "[]"},
		{"POST", reset, jsonUTF8, bearer, "null"},
		{"POST", reset, jsonUTF8, bearer, `{"user_id":["W0BOB0001"],"mobile_only":"true"}`},
		{"POST", reset, form, bearer, "user_id=W0BOB0001&user_id=W0ALICE01&mobile_only=true&web_only=true"},
		{"POST", reset, form, bearer, "user_id=%zz"},
		{"POST", reset, form, bearer, "user_id=" + strings.Repeat("W", fuzzMaxBody)},
		// Tokens: every auth case, odd Authorization headers, the token in the query.
		{"POST", reset, form, "Bearer " + tokOwner, "user_id=W0OWNER01"},
		{"POST", inval, form, "Bearer " + tokAdmin, "user_id=W0OWNER01&session_id=3330000000001"},
		{"POST", reset, form, "Bearer " + tokBot, "user_id=W0BOB0001"},
		{"POST", reset, form, "Bearer " + tokReadonly, "user_id=W0BOB0001"},
		{"POST", reset, form, "Bearer " + tokMember, "user_id=W0BOB0001"},
		{"POST", reset, form, "Bearer " + tokInactive, "user_id=W0BOT0001"},
		{"POST", reset, form, "bearer   " + tokAdmin + " ", "user_id=W0BOT0001"},
		{"POST", reset, form, "Basic eG94cDp4", "user_id=W0BOB0001"},
		{"POST", reset, form, "Bearer", "user_id=W0BOB0001"},
		{"POST", reset + "?token=" + tokAdmin + "&user_id=W0BOB0001", form, "", ""},
		// Other HTTP methods and paths.
		{"GET", reset + "?user_id=W0BOB0001", "", bearer, ""},
		{"OPTIONS", reset, "", "", ""},
		{"HEAD", inval, "", "", ""},
		{"PUT", inval, form, bearer, "user_id=W0BOB0001&session_id=1112275520242"},
		{"POST", "/api/chat.postMessage", form, bearer, "channel=C1"},
		{"POST", "/api/", form, bearer, ""},
		{"POST", "/api/" + api.MethodReset + "/", form, bearer, "user_id=W0BOB0001"},
		{"POST", "/api/%2e%2e/_mock/restore", form, bearer, ""},
		{"POST", "/api/admin.users.session%2Ereset", form, bearer, "user_id=W0BOB0001"},
		{"GET", "/api/auth.tes%74", "", bearer, ""},
		{"GET", "/openapi.yaml", "", "", ""},
		{"GET", "/_mock/fixture", "", "", ""},
		{"GET", "/_mock/requests?method=" + api.MethodReset, "", "", ""},
		{"POST", "/_mock/faults", "application/json", "", `{"status":503,"times":1}`},
		{"POST", "/_mock/fixture", "application/json", "", `{"teams":[{"id":"T1"}],"users":[],"tokens":[],"sessions":[]}`},
		{"POST", "/_mock/fixture", "application/yaml", "", "teams: &a [{id: T1}]\nusers: *a\n"},
		{"PUT", "/_mock/ratelimit", "application/json", "", `{"per_minute":1,"burst":1}`},
		{"DELETE", "/_mock/faults/x", "", "", ""},
		{"GET", "*", "", "", ""},
		// Orgs of their own: made, called, ended, and paths of orgs that are not.
		{"POST", "/_mock/orgs?ttl=1m", "", "", ""},
		{"POST", "/_mock/orgs", "application/json", "", `{"teams":[{"id":"T1"}],"users":[],"tokens":[],"sessions":[]}`},
		{"GET", "/_mock/orgs", "", "", ""},
		{"DELETE", "/_mock/orgs/o1", "", "", ""},
		{"POST", "/orgs/o1/api/" + api.MethodReset, form, bearer, "user_id=W0BOB0001"},
		{"GET", "/orgs/o1/_mock/sessions", "", "", ""},
		{"POST", "/orgs//api/auth.test", "", bearer, ""},
		{"GET", "/orgs/%2e%2e/_mock/fixture", "", "", ""},
		// The other methods, as the Node SDK (user_ids as a JSON array in a form) and the
		// Python SDK (comma-separated) send them.
		{"POST", "/api/" + api.MethodList, form, bearer, "limit=2&cursor=c2Vzc2lvbjoxMTEyMjc1NTIwMjQy"},
		{"POST", "/api/" + api.MethodList, form, bearer, "user_id=W0BOB0001&team_id=T0DEMO002"},
		{"GET", "/api/" + api.MethodList + "?limit=1001&cursor=%ff", "", bearer, ""},
		{"POST", "/api/" + api.MethodResetBulk, form, bearer, "user_ids=%5B%22W0ALICE01%22%2C%22W0BOB0001%22%5D&mobile_only=true"},
		{"POST", "/api/" + api.MethodResetBulk, form, bearer, "user_ids=W0ALICE01,W0BOB0001&web_only=1"},
		{"POST", "/api/" + api.MethodResetBulk, jsonUTF8, bearer, `{"user_ids":["W0BOB0001"],"mobile_only":null}`},
		{"POST", "/api/" + api.MethodSetSettings, form, bearer, "user_ids=W0ALICE01&duration=28800&desktop_app_browser_quit=1"},
		{"POST", "/api/" + api.MethodSetSettings, jsonUTF8, bearer, `{"user_ids":["W0BOB0001"],"duration":315569521}`},
		{"POST", "/api/" + api.MethodGetSettings, form, "Bearer " + tokReadonly, "user_ids=W0ALICE01,W0BOB0001"},
		{"POST", "/api/" + api.MethodClearSettings, form, bearer, `user_ids=["W0ALICE01",1]`},
		{"POST", "/api/" + api.MethodAuthTest, "", "Bearer " + tokBot, ""},
		{"GET", "/api/" + api.MethodAPITest + "?foo=bar&error=x", "", "", ""},
		// GET and the query string: odd and huge query strings, mixed with a body.
		{"GET", inval + "?user_id=W0BOB0001&session_id=1112275520242&session_id=1", "", bearer, ""},
		{"GET", reset + "?user_id=%zz", "", bearer, ""},
		{"GET", reset + "?" + strings.Repeat("a=b&", 2000) + "user_id=W0BOB0001", "", bearer, ""},
		{"POST", reset + "?user_id=W0NOPE&mobile_only=1", form, bearer, "user_id=W0BOB0001"},
		{"POST", reset + "?web_only=maybe", jsonUTF8, bearer, `{"user_id":"W0BOB0001"}`},
		// Multipart bodies with odd boundaries.
		{"POST", reset, `multipart/form-data; boundary="a b"`, bearer, "--a b\r\nContent-Disposition: form-data; name=\"user_id\"\r\n\r\nW0BOB0001\r\n--a b--\r\n"},
		{"POST", reset, "multipart/form-data; boundary=", bearer, "----\r\n"},
		{"POST", reset, "multipart/form-data; boundary=x", "", "--x\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\n" + tokAdmin + "\r\n--x\r\nContent-Disposition: form-data; name=\"user_id\"; filename=\"u.txt\"\r\n\r\nW0BOB0001\r\n--x--\r\n"},
		{"POST", reset, "multipart/form-data; boundary=x", bearer, "--x\r\nContent-Disposition: form-data; name=\"user_id\"\r\n\r\nW0BOB0001"},
	}
}

// FuzzHandler feeds the whole mock arbitrary requests, parsed as net/http's server parses
// them, and checks that it never panics nor answers 5xx; that every answer under /api/ is a
// Slack answer (JSON with "ok", an error code api knows when "ok" is false, HTTP 200 or 413);
// that a refused call changes nothing; and that a call answered ok:true ends exactly the
// sessions its arguments name. Every input starts from the demo fixture, with no fault or
// rate limit in force.
func FuzzHandler(f *testing.F) {
	for _, s := range handlerSeeds() {
		f.Add(s.method, s.target, s.contentType, s.auth, []byte(s.body))
	}
	s, err := mock.New(mock.WithMaxBodyBytes(fuzzMaxBody))
	if err != nil {
		f.Fatal(err)
	}
	initial := s.Org().Fixture()
	initialJSON, err := json.Marshal(initial)
	if err != nil {
		f.Fatal(err)
	}

	f.Fuzz(func(t *testing.T, method, target, contentType, auth string, body []byte) {
		req, ok := parseRequest(method, target, contentType, auth, body)
		if !ok {
			return // net/http's server answers 400 itself; no handler sees it
		}
		rec := serveFresh(t, s, req)
		where := fmt.Sprintf("%s %q (Content-Type %q, Authorization %q, body %q)", req.Method, req.RequestURI, contentType, auth, body)
		if rec.Code >= 500 {
			t.Fatalf("%s: HTTP %d: %s", where, rec.Code, rec.Body)
		}
		if !strings.HasPrefix(req.URL.Path, "/api/") {
			return // the control API and the spec: answered, and not 5xx
		}

		a := readFuzzAnswer(t, where, rec)
		after := mustJSON(t, s.Org().Fixture())
		switch {
		case *a.OK:
			a.checkSuccess(t, s.Requests(""), initial, after)
		case req.URL.Path == "/api/"+api.MethodAPITest:
			// api.test answers the error it is asked for
		default:
			a.checkRefusal(t, string(initialJSON), after)
		}
	})
}

// serveFresh serves req on s from the demo fixture, with no fault, rate limit or journal
// entry left by the input before (it may have set them through the control API), and waits
// for the jobs the call starts.
func serveFresh(t *testing.T, s *mock.Server, req *http.Request) *httptest.ResponseRecorder {
	t.Helper()
	s.Restore()
	s.ClearFaults()
	if err := s.SetRateLimit(nil); err != nil {
		t.Fatal(err)
	}
	s.ClearRequests()

	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if err := s.WaitJobs(t.Context()); err != nil {
		t.Fatal(err)
	}
	return rec
}

// fuzzAnswer is the mock's answer to one input of FuzzHandler under /api/, read as a Slack
// answer.
type fuzzAnswer struct {
	where string // the input, for messages
	rec   *httptest.ResponseRecorder
	OK    *bool   `json:"ok"`
	Error *string `json:"error"`
}

// readFuzzAnswer reads rec, the answer to the input where, and checks that it is a Slack
// answer: HTTP 200 or 413, a JSON Content-Type, and a JSON object with "ok".
func readFuzzAnswer(t *testing.T, where string, rec *httptest.ResponseRecorder) fuzzAnswer {
	t.Helper()
	if rec.Code != http.StatusOK && rec.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("%s: HTTP %d, want 200 or 413: %s", where, rec.Code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("%s: Content-Type %q: %s", where, ct, rec.Body)
	}
	a := fuzzAnswer{where: where, rec: rec}
	if err := json.Unmarshal(rec.Body.Bytes(), &a); err != nil || a.OK == nil {
		t.Fatalf("%s: not a Slack answer (%v): %s", where, err, rec.Body)
	}
	return a
}

// checkRefusal checks an answer ok:false: it carries an error code api knows, and the state
// after (as JSON) is the state before.
func (a fuzzAnswer) checkRefusal(t *testing.T, before, after string) {
	t.Helper()
	if a.Error == nil || !api.ErrorCode(*a.Error).Known() {
		t.Fatalf("%s: ok:false without an error code api knows: %s", a.where, a.rec.Body)
	}
	if after != before {
		t.Fatalf("%s: refused with %s but changed the state:\nbefore %s\nafter  %s", a.where, *a.Error, before, after)
	}
}

// checkSuccess checks an answer ok:true: HTTP 200 without an error, a journal of exactly
// this call answered 200 without an error, and the state after (as JSON) that afterSuccess
// derives from the state before and the call.
func (a fuzzAnswer) checkSuccess(t *testing.T, entries []mock.Call, before *org.Fixture, after string) {
	t.Helper()
	if a.Error != nil || a.rec.Code != http.StatusOK {
		t.Fatalf("%s: ok:true with HTTP %d: %s", a.where, a.rec.Code, a.rec.Body)
	}
	if len(entries) != 1 || entries[0].Status != http.StatusOK || entries[0].Error != "" {
		t.Fatalf("%s: ok:true, but the journal holds %s", a.where, mustJSON(t, entries))
	}
	if want := mustJSON(t, afterSuccess(t, before, entries[0])); after != want {
		t.Fatalf("%s: ok:true changed the state to\n%s\nwant\n%s", a.where, after, want)
	}
}

// parseRequest writes the request as a client would send it and reads it back with
// http.ReadRequest, as net/http's server does, answering false for one that the server
// refuses before any handler sees it. Line breaks in the fields make other headers, as a
// hostile client can.
func parseRequest(method, target, contentType, auth string, body []byte) (*http.Request, bool) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: slack.test\r\n", method, target)
	if contentType != "" {
		fmt.Fprintf(&b, "Content-Type: %s\r\n", contentType)
	}
	if auth != "" {
		fmt.Fprintf(&b, "Authorization: %s\r\n", auth)
	}
	fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n", len(body))
	b.Write(body)
	req, err := http.ReadRequest(bufio.NewReader(&b))
	if err != nil {
		return nil, false
	}
	req.RemoteAddr = "127.0.0.1:40000"
	return req, true
}

// afterSuccess is the state that a call e answered ok:true must leave, from the state before:
// invalidate ends the one session it names, in its team (or any team, given the org's id)
// and of its user if one is given; reset ends the user's sessions, or only the mobile or the
// web ones; setSettings and clearSettings change the settings of the users they name. The
// arguments are read from the journal, as sent.
func afterSuccess(t *testing.T, before *org.Fixture, e mock.Call) *org.Fixture {
	t.Helper()
	after := *before
	switch e.Method {
	case api.MethodInvalidate:
		after.Sessions = afterInvalidate(t, before, e)
	case api.MethodReset, api.MethodResetBulk:
		after.Sessions = afterReset(before.Sessions, e)
	case api.MethodList, api.MethodGetSettings, api.MethodAuthTest, api.MethodAPITest:
		// they change nothing
	case api.MethodSetSettings, api.MethodClearSettings:
		after.Users = afterSettings(before.Users, e)
	default:
		t.Fatalf("ok:true for method %q", e.Method)
	}
	if after.Sessions == nil {
		after.Sessions = []org.Session{}
	}
	return &after
}

// callArg is the argument name of the call e as sent, and whether it was sent with a value
// (a JSON null is not).
func callArg(e mock.Call, name string) (string, bool) {
	v, ok := e.Args[name]
	if !ok || v == nil {
		return "", false
	}
	return fmt.Sprint(v), true
}

// afterInvalidate is the sessions that an invalidate e answered ok:true leaves: all but the
// one it names, which must have been live, in the team it names (or any team, given the
// org's id) and of the user it names, if it names one.
func afterInvalidate(t *testing.T, before *org.Fixture, e mock.Call) []org.Session {
	t.Helper()
	raw, _ := callArg(e, "session_id")
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		t.Fatalf("invalidate answered ok:true for session_id %q: %v", raw, err)
	}
	team, _ := callArg(e, "team_id")
	user, byUser := callArg(e, "user_id")
	var left []org.Session
	for _, ss := range before.Sessions {
		if ss.SessionID != id {
			left = append(left, ss)
			continue
		}
		if (team != "" && ss.TeamID != team && (before.Org == nil || before.Org.ID != team)) || (byUser && ss.UserID != user) {
			t.Fatalf("invalidate answered ok:true for team %q and user %q, but the session is %+v", team, user, ss)
		}
	}
	if len(left) != len(before.Sessions)-1 {
		t.Fatalf("invalidate answered ok:true for session %d, which was not live", id)
	}
	return left
}

// afterReset is the sessions that a reset or resetBulk e answered ok:true leaves: all but
// those of the users it names (user_id for reset, user_ids for resetBulk), or all but their
// mobile or their web ones when it asks for mobile_only or web_only.
func afterReset(before []org.Session, e mock.Call) []org.Session {
	users := userList(e.Args["user_ids"])
	if u, ok := callArg(e, "user_id"); ok && e.Method == api.MethodReset {
		users = []string{u}
	}
	mobile, web := isTrue(e.Args["mobile_only"]), isTrue(e.Args["web_only"])
	var left []org.Session
	for _, ss := range before {
		if !slices.Contains(users, ss.UserID) || (mobile && ss.Client != org.ClientMobile) || (web && ss.Client != org.ClientWeb) {
			left = append(left, ss)
		}
	}
	return left
}

// afterSettings is the users after a setSettings or clearSettings e answered ok:true: the
// users it names have no settings after clearSettings, and after setSettings the ones they
// had with those it sends in their place.
func afterSettings(before []org.User, e mock.Call) []org.User {
	users := userList(e.Args["user_ids"])
	after := slices.Clone(before)
	for i, u := range after {
		if !slices.Contains(users, u.ID) {
			continue
		}
		if e.Method == api.MethodClearSettings {
			after[i].SessionSettings = nil
			continue
		}
		after[i].SessionSettings = settingsAfterSet(u.SessionSettings, e)
	}
	return after
}

// settingsAfterSet is a user's session settings after the setSettings e, from the ones had:
// the duration and desktop_app_browser_quit that e sends replace the ones had, the others
// stay.
func settingsAfterSet(had *org.SessionSettings, e mock.Call) *org.SessionSettings {
	set := org.SessionSettings{}
	if had != nil {
		set = *had
	}
	if d, ok := callArg(e, "duration"); ok {
		n, _ := strconv.Atoi(d)
		set.Duration = &n
	}
	if _, ok := callArg(e, "desktop_app_browser_quit"); ok {
		q := isTrue(e.Args["desktop_app_browser_quit"])
		set.DesktopAppBrowserQuit = &q
	}
	return &set
}

// userList reads user_ids as sent: a JSON array, or a form's JSON array or comma list.
func userList(v any) []string {
	var out []string
	switch v := v.(type) {
	case []any:
		for _, u := range v {
			out = append(out, fmt.Sprint(u))
		}
	case string:
		if json.Unmarshal([]byte(v), &out) == nil {
			return out
		}
		for _, u := range strings.Split(v, ",") {
			if u = strings.TrimSpace(u); u != "" {
				out = append(out, u)
			}
		}
	}
	return out
}

// isTrue reads a boolean argument as sent: a JSON true, or a form's true or 1.
func isTrue(v any) bool {
	switch v := v.(type) {
	case bool:
		return v
	case string:
		return v == "true" || v == "1"
	}
	return false
}

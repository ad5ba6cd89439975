package mock_test

// The behaviour suite of the mock: every test talks real HTTP to a mock of its own
// (mocktest.Start, 127.0.0.1, a free port) through one helper, (*client).do, which checks
// every answer of /api/* against openapi.yaml with kin-openapi (answerChecker.check, which
// the control and concurrency tests share), checks that every error code is one api knows,
// and checks that a call answered ok:false changed nothing.

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"maps"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/slack-contracts/admin-users-session/api"
	"github.com/slack-contracts/admin-users-session/gen/spec"
	"github.com/slack-contracts/admin-users-session/mock"
	"github.com/slack-contracts/admin-users-session/mock/mocktest"
	"github.com/slack-contracts/admin-users-session/mock/org"
)

// Tokens and ids of the demo fixture (mock/demo.json).
const (
	tokAdmin     = "xoxp-demo-admin"
	tokOwner     = "xoxp-demo-owner" // the primary owner's
	tokMember    = "xoxp-demo-member"
	tokReadonly  = "xoxp-demo-readonly"
	tokWriteonly = "xoxp-demo-writeonly"
	tokRevoked   = "xoxp-demo-revoked"
	tokExpired   = "xoxp-demo-expired"
	tokInactive  = "xoxp-demo-inactive"
	tokBot       = "xoxb-demo-bot"

	orgID  = "E0DEMO001"
	team1  = "T0DEMO001"
	team2  = "T0DEMO002"
	userA  = "W0ALICE01"
	userB  = "W0BOB0001"
	userPO = "W0OWNER01"
	botID  = "W0BOT0001"

	bobMobile  int64 = 1112275520242 // team2, mobile
	bobWeb     int64 = 1112275520243 // team2, web
	bobWeb1    int64 = 1112275520244 // team1, web
	aliceMob   int64 = 2220000000001
	aliceWeb   int64 = 2220000000002
	ownerWeb   int64 = 3330000000001
	adminWeb   int64 = 4440000000001
	maxSession int64 = 9223372036854775807
)

// demoSessions are the ids of the demo fixture's sessions.
var demoSessions = []int64{bobMobile, bobWeb, bobWeb1, aliceMob, aliceWeb, ownerWeb, adminWeb}

// encoding is one of the two bodies Slack reads.
type encoding struct {
	name        string
	contentType string // with its charset, so that no warning is due
}

var (
	formEnc   = encoding{"form", "application/x-www-form-urlencoded"}
	jsonEnc   = encoding{"json", "application/json; charset=utf-8"}
	encodings = []encoding{formEnc, jsonEnc}
)

// media is the media type of e, without its charset.
func (e encoding) media() string { return strings.TrimSuffix(e.contentType, "; charset=utf-8") }

// args are the arguments of a call. A value is a string, a bool, an int64, nil (left out of
// a form; JSON null) or a raw literal, written as is in both bodies (1e3, 1.5, 2^63).
type args map[string]any

type raw string

// encode writes a as the body of e.
func (e encoding) encode(t testing.TB, a args) string {
	t.Helper()
	keys := slices.Sorted(maps.Keys(a))
	if e.name == formEnc.name {
		var b strings.Builder
		for _, k := range keys {
			var s string
			switch v := a[k].(type) {
			case nil:
				continue
			case string:
				s = v
			case raw:
				s = string(v)
			case bool:
				s = strconv.FormatBool(v)
			case int64:
				s = strconv.FormatInt(v, 10)
			default:
				t.Fatalf("args: %s: no form spelling for %T", k, v)
			}
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(url.QueryEscape(k) + "=" + url.QueryEscape(s))
		}
		return b.String()
	}
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		if r, ok := a[k].(raw); ok {
			b.WriteString(string(r))
			continue
		}
		vb, err := json.Marshal(a[k])
		if err != nil {
			t.Fatalf("args: %s: %v", k, err)
		}
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.String()
}

// request is one HTTP request to the mock; slackCall builds the usual one.
type request struct {
	HTTPMethod  string // POST when empty
	Path        string // such as /api/admin.users.session.reset
	Query       string
	ContentType string // none when empty
	Auth        string // the Authorization header; none when empty
	Body        string
	// Fault5xx is the HTTP 5xx status of a fault injected for this call, which the answer
	// may then have; 0 when no fault asked for a 5xx.
	Fault5xx int
}

// slackCall is a POST of method with a body of e holding a, and token (if any) as a bearer.
func slackCall(t testing.TB, method string, e encoding, token string, a args) request {
	t.Helper()
	r := request{Path: "/api/" + method, ContentType: e.contentType, Body: e.encode(t, a)}
	if token != "" {
		r.Auth = "Bearer " + token
	}
	return r
}

// serveForm posts form to the Slack method on h, with token as a bearer, and returns the
// body of the answer.
func serveForm(h http.Handler, method, token string, form url.Values) []byte {
	req := httptest.NewRequest(http.MethodPost, "/api/"+method, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+token)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Body.Bytes()
}

// answer is what the mock answered.
type answer struct {
	Status int
	Header http.Header
	Body   []byte
	slackAnswer
}

// slackAnswer is the body of a Slack answer: the fields every answer may have. The
// answerChecker has checked the whole body against the spec before.
type slackAnswer struct {
	OK               bool   `json:"ok"`
	Error            string `json:"error"`
	Warning          string `json:"warning"`
	Needed           string `json:"needed"`
	Provided         string `json:"provided"`
	ResponseMetadata struct {
		Messages   []string `json:"messages"`
		Warnings   []string `json:"warnings"`
		NextCursor string   `json:"next_cursor"`
	} `json:"response_metadata"`
}

// client talks to one mock and checks every answer.
type client struct {
	m       *mocktest.Mock
	answers *answerChecker
}

// start starts a mock with opts and a client for it.
func start(t *testing.T, opts ...mock.Option) *client {
	t.Helper()
	m := mocktest.Start(t, opts...)
	return &client{m: m, answers: newAnswerChecker(t, m)}
}

// answerChecker checks answers of the Slack methods against openapi.yaml. Every test that
// receives a Slack answer sends it through check: (*client).do, (*controlClient).slack and
// raceCall. It is safe for concurrent use.
type answerChecker struct {
	router routers.Router
	slack  *openapi3.Schema // SlackResponse, for answers that have no route in the spec
}

// newAnswerChecker returns an answerChecker for the Slack methods served by m.
func newAnswerChecker(t testing.TB, m *mocktest.Mock) *answerChecker {
	t.Helper()
	return answerCheckerAt(t, m.URL+"/api")
}

// answerCheckerAt is an answerChecker of the Slack methods served at apiURL, such as an org's
// /orgs/<id>/api.
func answerCheckerAt(t testing.TB, apiURL string) *answerChecker {
	t.Helper()
	doc, err := spec.GetSpec()
	if err != nil {
		t.Fatal(err)
	}
	doc.Servers = openapi3.Servers{{URL: apiURL}}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	ref := doc.Components.Schemas["SlackResponse"]
	if ref == nil || ref.Value == nil {
		t.Fatal("the spec has no SlackResponse schema")
	}
	return &answerChecker{router: router, slack: ref.Value}
}

// check checks the answer (status, header, body data) that req got and decodes it: HTTP 200,
// 413 or 429, or fault5xx when the caller injected a fault of that 5xx status (0: none); a
// JSON body that the spec allows for this operation and status (or, where the spec has no
// route, such as an unknown method or a GET, a SlackResponse with HTTP 200) and that names
// no field the spec does not; ok and error agree; the error code is one api knows; and the
// warnings agree. It answers every way the answer breaks the contract as an error.
func (ac *answerChecker) check(req *http.Request, status int, header http.Header, data []byte, fault5xx int) (slackAnswer, error) {
	var a slackAnswer
	if err := answerStatusError(status, fault5xx, data); err != nil {
		return a, err
	}
	if ct := header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return a, fmt.Errorf("Content-Type %q, want application/json; body %s", ct, data)
	}
	route, err := ac.validate(req, status, header, data)
	if err != nil {
		return a, err
	}

	if err := json.Unmarshal(data, &a); err != nil {
		return a, fmt.Errorf("decoding the answer: %w; body %s", err, data)
	}
	errs := ac.unknownFieldErrors(route, status, data)
	errs = append(errs, a.disagreements(data)...)
	return a, errors.Join(errs...)
}

// answerStatusError says why an answer's HTTP status breaks the contract, or is nil: the
// status must be 200, 413 or 429, or fault5xx when the caller injected a fault of that 5xx
// status (0: none). data is the body, for the message.
func answerStatusError(status, fault5xx int, data []byte) error {
	switch {
	case status == http.StatusOK || status == http.StatusRequestEntityTooLarge || status == http.StatusTooManyRequests:
		return nil
	case fault5xx >= 500 && fault5xx <= 599 && status == fault5xx:
		return nil
	case fault5xx != 0:
		return fmt.Errorf("HTTP %d, want 200, 413, 429 or the fault's %d; body %s", status, fault5xx, data)
	default:
		return fmt.Errorf("HTTP %d, want 200, 413 or 429 (no fault asked for a 5xx); body %s", status, data)
	}
}

// validate checks the answer that req got against the spec: against the responses of the
// operation req calls, or, where the spec has no route for req (such as an unknown method),
// as a SlackResponse with HTTP 200. It returns the route, or nil where there is none.
func (ac *answerChecker) validate(req *http.Request, status int, header http.Header, data []byte) (*routers.Route, error) {
	find := req
	path := req.URL.Path
	if before, name, ok := strings.Cut(path, "/api/"); ok {
		path = before + "/api/" + strings.TrimLeft(name, "/")
	}
	if req.Method == http.MethodGet || req.URL.RawPath != "" || path != req.URL.Path {
		// The spec lists the POST of each method; a GET of one is the same call, and so is
		// one whose path is escaped or has more slashes before the method's name.
		find = req.Clone(req.Context())
		find.Method, find.URL.Path, find.URL.RawPath = http.MethodPost, path, ""
	}
	route, _, err := ac.router.FindRoute(find)
	switch {
	case err == nil:
		return route, validateOperationAnswer(req, route, status, header, data)
	case errors.Is(err, routers.ErrPathNotFound) || errors.Is(err, routers.ErrMethodNotAllowed):
		return nil, ac.validateSlackResponse(status, data)
	default:
		return nil, fmt.Errorf("finding the route: %w", err)
	}
}

// validateOperationAnswer checks the answer that req got against the responses that the
// spec gives route for status.
func validateOperationAnswer(req *http.Request, route *routers.Route, status int, header http.Header, data []byte) error {
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, Route: route},
		Status:                 status,
		Header:                 header,
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	in.SetBodyBytes(data)
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		return fmt.Errorf("the answer breaks the spec: %w\nHTTP %d %s", err, status, data)
	}
	return nil
}

// validateSlackResponse checks an answer to a call the spec has no route for: HTTP 200 and
// a JSON SlackResponse.
func (ac *answerChecker) validateSlackResponse(status int, data []byte) error {
	if status != http.StatusOK {
		return fmt.Errorf("HTTP %d, want 200; body %s", status, data)
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return fmt.Errorf("the answer is not JSON: %w; body %s", err, data)
	}
	if err := ac.slack.VisitJSON(v, openapi3.MultiErrors(), openapi3.VisitAsResponse()); err != nil {
		return fmt.Errorf("the answer is not a SlackResponse: %w; body %s", err, data)
	}
	return nil
}

// unknownFieldErrors is an error for each field of the answer data that the spec does not
// name: in the operation's response for status, or in SlackResponse where route is nil.
func (ac *answerChecker) unknownFieldErrors(route *routers.Route, status int, data []byte) []error {
	schema := ac.slack
	if route != nil {
		ref := route.Operation.Responses.Status(status)
		if ref == nil {
			ref = route.Operation.Responses.Default()
		}
		schema = ref.Value.Content.Get("application/json").Schema.Value
	}
	var v any
	_ = json.Unmarshal(data, &v)
	var errs []error
	for _, f := range unknownFields(schema, v, "") {
		errs = append(errs, fmt.Errorf("the answer has %s, which the spec does not name: %s", f, data))
	}
	return errs
}

// disagreements is an error for each way the fields of a (decoded from data) disagree: ok
// with an error, ok:false without one or with a code api does not know, and a warning that
// is not response_metadata.warnings joined.
func (a slackAnswer) disagreements(data []byte) []error {
	var errs []error
	switch {
	case a.OK && a.Error != "":
		errs = append(errs, fmt.Errorf("ok:true with error %q", a.Error))
	case !a.OK && a.Error == "":
		errs = append(errs, fmt.Errorf("ok:false without an error code: %s", data))
	case !a.OK && !api.ErrorCode(a.Error).Known():
		errs = append(errs, fmt.Errorf("error %q is not a code api knows", a.Error))
	}
	if got, want := a.Warning, strings.Join(a.ResponseMetadata.Warnings, ","); got != want {
		errs = append(errs, fmt.Errorf("warning %q but response_metadata.warnings %q", got, want))
	}
	return errs
}

// unknownFields lists the members of v, at any depth, that schema does not name (in its
// properties or those of its allOf parts), where it allows no others.
func unknownFields(schema *openapi3.Schema, v any, at string) []string {
	var out []string
	switch v := v.(type) {
	case map[string]any:
		props := map[string]*openapi3.Schema{}
		open := schema.AdditionalProperties.Has != nil && *schema.AdditionalProperties.Has || schema.AdditionalProperties.Schema != nil
		for _, s := range append([]*openapi3.SchemaRef{{Value: schema}}, schema.AllOf...) {
			for name, p := range s.Value.Properties {
				props[name] = p.Value
			}
		}
		for name, member := range v {
			p, ok := props[name]
			switch {
			case ok:
				out = append(out, unknownFields(p, member, at+"."+name)...)
			case !open:
				out = append(out, at+"."+name)
			}
		}
	case []any:
		if schema.Items != nil {
			for i, item := range v {
				out = append(out, unknownFields(schema.Items.Value, item, fmt.Sprintf("%s[%d]", at, i))...)
			}
		}
	}
	return out
}

// do sends r and checks the answer with answerChecker.check (HTTP 5xx only when r.Fault5xx
// asks for it), and checks that a call answered ok:false left the whole state as it was.
func (c *client) do(t testing.TB, r request) answer {
	t.Helper()
	before := c.fixture(t)

	method := cmp.Or(r.HTTPMethod, http.MethodPost)
	u := c.m.URL + r.Path
	if r.Query != "" {
		u += "?" + r.Query
	}
	var body io.Reader
	if r.Body != "" {
		body = strings.NewReader(r.Body)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	if r.ContentType != "" {
		req.Header.Set("Content-Type", r.ContentType)
	}
	if r.Auth != "" {
		req.Header.Set("Authorization", r.Auth)
	}
	resp, data := roundTrip(t, req)
	a := answer{Status: resp.StatusCode, Header: resp.Header, Body: data}
	where := fmt.Sprintf("%s %s (%s %q)", method, r.Path, r.ContentType, r.Body)

	a.slackAnswer, err = c.answers.check(req, resp.StatusCode, resp.Header, data, r.Fault5xx)
	if err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	if !a.OK {
		if after := c.fixture(t); !bytes.Equal(before, after) {
			t.Errorf("%s: failed with %s but changed the state:\nbefore %s\nafter  %s", where, a.Error, before, after)
		}
	}
	return a
}

// get fetches path of the control API (or the spec) and returns its status and body.
func (c *client) get(t testing.TB, path string) (int, []byte) {
	t.Helper()
	return c.send(t, http.MethodGet, path, "", "")
}

// post posts body to path of the control API and returns its status and body.
func (c *client) post(t testing.TB, path, contentType, body string) (int, []byte) {
	t.Helper()
	return c.send(t, http.MethodPost, path, contentType, body)
}

// send calls path of the control API with method and body, and returns its status and body.
func (c *client) send(t testing.TB, method, path, contentType, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, c.m.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, data := roundTrip(t, req)
	return resp.StatusCode, data
}

// roundTrip sends req and returns the answer with its whole body, failing t when either
// cannot be had.
func roundTrip(t testing.TB, req *http.Request) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the answer: %v", req.Method, req.URL.Path, err)
	}
	return resp, data
}

// fixture is the whole state, as GET /_mock/fixture answers it.
func (c *client) fixture(t testing.TB) []byte {
	t.Helper()
	status, data := c.get(t, "/_mock/fixture")
	if status != http.StatusOK {
		t.Fatalf("GET /_mock/fixture: HTTP %d: %s", status, data)
	}
	return data
}

// sessions lists the live sessions through GET /_mock/sessions with query.
// The ids decode as int64, never through a float.
func (c *client) sessions(t testing.TB, query string) []org.Session {
	t.Helper()
	status, data := c.get(t, "/_mock/sessions?"+query)
	if status != http.StatusOK {
		t.Fatalf("GET /_mock/sessions?%s: HTTP %d: %s", query, status, data)
	}
	var out struct {
		Sessions []org.Session `json:"sessions"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&out); err != nil {
		t.Fatalf("GET /_mock/sessions?%s: %v: %s", query, err, data)
	}
	if out.Sessions == nil {
		t.Fatalf("GET /_mock/sessions?%s: sessions is null or missing, want a list: %s", query, data)
	}
	return out.Sessions
}

// sessionIDs lists the ids of the live sessions through GET /_mock/sessions with query.
func (c *client) sessionIDs(t testing.TB, query string) []int64 {
	t.Helper()
	var ids []int64
	for _, s := range c.sessions(t, query) {
		ids = append(ids, s.SessionID)
	}
	return ids
}

// wantGone checks that exactly the sessions gone ended, of the demo fixture's.
func (c *client) wantGone(t testing.TB, gone ...int64) {
	t.Helper()
	var want []int64
	for _, id := range demoSessions {
		if !slices.Contains(gone, id) {
			want = append(want, id)
		}
	}
	slices.Sort(want)
	if got := c.sessionIDs(t, ""); !slices.Equal(got, want) {
		t.Errorf("live sessions %v, want %v (gone: %v)", got, want, gone)
	}
}

// wantError checks that a failed with code.
func wantError(t testing.TB, a answer, code api.ErrorCode) {
	t.Helper()
	if a.OK || a.Error != string(code) {
		t.Errorf("answer %s, want error %s", a.Body, code)
	}
}

// wantOK checks that a succeeded.
func wantOK(t testing.TB, a answer) {
	t.Helper()
	if !a.OK {
		t.Errorf("answer %s, want ok:true", a.Body)
	}
}

// wantMessageNaming checks that a is invalid_arguments with a message naming field.
func wantMessageNaming(t testing.TB, a answer, field string) {
	t.Helper()
	wantError(t, a, api.CodeInvalidArguments)
	for _, m := range a.ResponseMetadata.Messages {
		if strings.Contains(m, field) {
			return
		}
	}
	t.Errorf("response_metadata.messages %q name no %s", a.ResponseMetadata.Messages, field)
}

// Good and bad arguments of each admin method, for the auth tests.
var (
	goodArgs = map[string]args{
		api.MethodInvalidate:    {"user_id": userB, "session_id": bobMobile},
		api.MethodReset:         {"user_id": userB},
		api.MethodList:          {"limit": int64(2)},
		api.MethodResetBulk:     {"user_ids": raw(`["W0BOB0001"]`)},
		api.MethodSetSettings:   {"user_ids": raw(`["W0ALICE01"]`), "duration": int64(28800)},
		api.MethodGetSettings:   {"user_ids": raw(`["W0ALICE01"]`)},
		api.MethodClearSettings: {"user_ids": raw(`["W0ALICE01"]`)},
	}
	badArgs = map[string]args{
		api.MethodInvalidate:    {"session_id": "abc"},                         // not a number, and no user_id
		api.MethodReset:         {"mobile_only": "yes", "web_only": raw("[]")}, // not booleans, and no user_id
		api.MethodList:          {"limit": raw("0")},                           // under 1
		api.MethodResetBulk:     {"user_ids": raw("[]")},                       // no user
		api.MethodSetSettings:   {"user_ids": raw(`["W0ALICE01"]`), "duration": raw("5")},
		api.MethodGetSettings:   {},
		api.MethodClearSettings: {"user_ids": raw("[1]")},
	}
)

// adminMethods lists the methods of the spec that only org admins may call (x-slack-admin).
func adminMethods(t testing.TB) []string {
	t.Helper()
	doc, err := spec.GetSpec()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, item := range doc.Paths.Map() {
		if op := item.Post; op != nil && op.Extensions["x-slack-admin"] == true {
			out = append(out, op.OperationID)
		}
	}
	slices.Sort(out)
	return out
}

// scopeOf is the scope an admin method needs, as its security in the spec names it, and a
// demo token of an admin without it.
func scopeOf(method string) (scope, without string) {
	doc, err := spec.GetSpec()
	if err != nil {
		panic(err)
	}
	for _, req := range *doc.Paths.Find("/" + method).Post.Security {
		if s := req["slackOAuth"]; len(s) == 1 {
			scope = s[0]
		}
	}
	if scope == api.ScopeAdminUsersRead {
		return scope, tokWriteonly
	}
	return scope, tokReadonly
}

// ownTests names the test of each method's own behaviour, beyond the auth and transport
// tables, which cover the admin methods alike. TestEveryMethodHasRows checks that each is a
// test function of this package.
var ownTests = map[string]string{
	api.MethodInvalidate:    "TestInvalidate",
	api.MethodReset:         "TestReset",
	api.MethodList:          "TestList",
	api.MethodResetBulk:     "TestResetBulk",
	api.MethodSetSettings:   "TestSessionSettings",
	api.MethodGetSettings:   "TestSessionSettings",
	api.MethodClearSettings: "TestSessionSettings",
	api.MethodAuthTest:      "TestAuthTest",
	api.MethodAPITest:       "TestAPITest",
}

// TestEveryMethodHasRows fails when a method of the spec is missing from the tests that each
// method needs: for an admin method, the rows of the auth and transport tables; for every
// method, a test of its own (ownTests) and a request in FuzzHandler's seeds. With the
// mock's own refusal to start without a handler for every method, and the tests of package
// api (a client method and its example for each), it points at every step CONTRIBUTING.md
// lists for adding a method.
func TestEveryMethodHasRows(t *testing.T) {
	doc, err := spec.GetSpec()
	if err != nil {
		t.Fatal(err)
	}
	admin := adminMethods(t)
	tests := testFunctions(t)
	seeded := map[string]bool{}
	for _, s := range handlerSeeds() {
		path, _, _ := strings.Cut(s.target, "?")
		seeded[strings.TrimPrefix(path, "/api/")] = true
	}
	for _, item := range doc.Paths.Map() {
		m := item.Post.OperationID
		if slices.Contains(admin, m) && (goodArgs[m] == nil || badArgs[m] == nil) {
			t.Errorf("%s has no row in goodArgs and badArgs", m)
		}
		if name := ownTests[m]; !tests[name] {
			t.Errorf("%s names no test of its own in ownTests (it names %q)", m, name)
		}
		if !seeded[m] {
			t.Errorf("%s has no request among FuzzHandler's seeds (handlerSeeds)", m)
		}
	}
}

// testFunctions answers the names of the test functions of this package's files.
func testFunctions(t *testing.T) map[string]bool {
	t.Helper()
	files, err := filepath.Glob("*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, name := range files {
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && strings.HasPrefix(fn.Name.Name, "Test") {
				names[fn.Name.Name] = true
			}
		}
	}
	return names
}

func TestAuth(t *testing.T) {
	t.Parallel()
	type tc struct {
		name string
		// edit makes the request from a call of the method with good (or bad) arguments and
		// the admin's token as a bearer.
		edit func(t testing.TB, r *request, e encoding, method string)
		bad  bool // bad arguments
		want api.ErrorCode
		// wantJSON, when set, is the answer to a JSON body instead of want.
		wantJSON api.ErrorCode
	}
	bearer := func(tok string) func(testing.TB, *request, encoding, string) {
		return func(_ testing.TB, r *request, _ encoding, _ string) { r.Auth = "Bearer " + tok }
	}
	noAuth := func(_ testing.TB, r *request, _ encoding, _ string) { r.Auth = "" }
	cases := []tc{
		{name: "admin", edit: bearer(tokAdmin)},
		{name: "owner", edit: bearer(tokOwner)},
		{name: "no token", edit: noAuth, want: api.CodeNotAuthed},
		{name: "unknown token", edit: bearer("xoxp-not-a-token"), want: api.CodeInvalidAuth},
		{name: "a prefix of a token", edit: bearer("xoxp-demo-admi"), want: api.CodeInvalidAuth},
		{name: "revoked", edit: bearer(tokRevoked), want: api.CodeTokenRevoked},
		{name: "expired", edit: bearer(tokExpired), want: api.CodeTokenExpired},
		{name: "deleted user", edit: bearer(tokInactive), want: api.CodeAccountInactive},
		{name: "bot token", edit: bearer(tokBot), want: api.CodeNotAllowedTokenType},
		{name: "without the method's scope", edit: func(_ testing.TB, r *request, _ encoding, method string) {
			_, tok := scopeOf(method)
			r.Auth = "Bearer " + tok
		}, want: api.CodeMissingScope},
		{name: "member", edit: bearer(tokMember), want: api.CodeNotAnAdmin},
		{name: "scheme lower case", edit: func(_ testing.TB, r *request, _ encoding, _ string) { r.Auth = "bearer " + tokAdmin }},
		{name: "scheme upper case", edit: func(_ testing.TB, r *request, _ encoding, _ string) { r.Auth = "BEARER " + tokAdmin }},
		{name: "scheme not bearer", edit: func(_ testing.TB, r *request, _ encoding, _ string) { r.Auth = "Basic " + tokAdmin }, want: api.CodeNotAuthed},
		{name: "token in the query string", edit: func(_ testing.TB, r *request, _ encoding, _ string) {
			r.Auth, r.Query = "", "token="+tokAdmin
		}, want: api.CodeNotAuthed},
		{name: "token in the body", edit: func(t testing.TB, r *request, e encoding, method string) {
			a := maps.Clone(goodArgs[method])
			a["token"] = tokAdmin
			r.Auth, r.Body = "", e.encode(t, a)
		}, wantJSON: api.CodeNotAuthed}, // read from a form, never from JSON
		{name: "bearer wins over the body's token", edit: func(t testing.TB, r *request, e encoding, method string) {
			a := maps.Clone(goodArgs[method])
			a["token"] = tokMember
			r.Body = e.encode(t, a)
		}},

		// Slack's order: transport, token, scope, role, arguments, the method's own errors.
		{name: "no token, bad arguments", edit: noAuth, bad: true, want: api.CodeNotAuthed},
		{name: "unknown token, bad arguments", edit: bearer("xoxp-nope"), bad: true, want: api.CodeInvalidAuth},
		{name: "deleted user, bad arguments", edit: bearer(tokInactive), bad: true, want: api.CodeAccountInactive},
		{name: "revoked, bad arguments", edit: bearer(tokRevoked), bad: true, want: api.CodeTokenRevoked},
		{name: "expired, bad arguments", edit: bearer(tokExpired), bad: true, want: api.CodeTokenExpired},
		{name: "bot token, bad arguments", edit: bearer(tokBot), bad: true, want: api.CodeNotAllowedTokenType},
		{name: "no scope, bad arguments", edit: func(_ testing.TB, r *request, _ encoding, method string) {
			_, tok := scopeOf(method)
			r.Auth = "Bearer " + tok
		}, bad: true, want: api.CodeMissingScope},
		{name: "member, bad arguments", edit: bearer(tokMember), bad: true, want: api.CodeNotAnAdmin},
		{name: "admin, bad arguments", edit: bearer(tokAdmin), bad: true, want: api.CodeInvalidArguments},
		{name: "bad charset before the token", edit: func(_ testing.TB, r *request, e encoding, _ string) {
			r.Auth, r.ContentType = "", e.media()+"; charset=latin1"
		}, want: api.CodeInvalidCharset},
		{name: "bad content type before the token", edit: func(_ testing.TB, r *request, _ encoding, _ string) {
			r.Auth, r.ContentType = "Bearer xoxp-nope", "text/html"
		}, want: api.CodeInvalidPostType},
	}
	for _, method := range adminMethods(t) {
		for _, e := range encodings {
			for _, tc := range cases {
				t.Run(method+"/"+e.name+"/"+tc.name, func(t *testing.T) {
					t.Parallel()
					c := start(t)
					a := goodArgs[method]
					if tc.bad {
						a = badArgs[method]
					}
					r := slackCall(t, method, e, tokAdmin, a)
					tc.edit(t, &r, e, method)
					want := tc.want
					if tc.wantJSON != "" && e == jsonEnc {
						want = tc.wantJSON
					}
					got := c.do(t, r)
					if want == "" {
						wantOK(t, got)
					} else {
						wantError(t, got, want)
					}
					if want == api.CodeMissingScope {
						scope, tok := scopeOf(method)
						provided := map[string]string{tokWriteonly: api.ScopeAdminUsersWrite, tokReadonly: api.ScopeAdminUsersRead}[tok]
						if got.Needed != scope || got.Provided != provided {
							t.Errorf("needed %q provided %q, want %q and %q", got.Needed, got.Provided, scope, provided)
						}
					}
				})
			}
		}
	}
}

// methodCase is one call of a Slack method with the demo fixture, and what it must do.
type methodCase struct {
	name  string
	only  string // the encoding the case is for; both when empty
	token string // the admin's when empty
	args  args
	want  api.ErrorCode
	field string  // with invalid_arguments, the field the message must name
	gone  []int64 // on success, the sessions that must have ended (and no other)
}

// runMethodCases runs each case against method, for each encoding it is for, on a mock of
// its own.
func runMethodCases(t *testing.T, method string, cases []methodCase) {
	t.Helper()
	for _, e := range encodings {
		for _, tc := range cases {
			if tc.only != "" && tc.only != e.name {
				continue
			}
			t.Run(e.name+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				c := start(t)
				a := c.do(t, slackCall(t, method, e, cmp.Or(tc.token, tokAdmin), tc.args))
				if tc.want != "" {
					wantError(t, a, tc.want)
					if tc.field != "" {
						wantMessageNaming(t, a, tc.field)
					}
					return
				}
				wantOK(t, a)
				c.wantGone(t, tc.gone...)
			})
		}
	}
}

// encodingCase is a subtest to run in each encoding, on a mock of its own with the demo
// fixture.
type encodingCase struct {
	name string
	run  func(t *testing.T, c *client, e encoding)
}

// runEncodingCases runs each case in parallel, once in each encoding, as <encoding>/<name>.
func runEncodingCases(t *testing.T, cases []encodingCase) {
	t.Helper()
	for _, e := range encodings {
		for _, tc := range cases {
			t.Run(e.name+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				tc.run(t, start(t), e)
			})
		}
	}
}

func TestInvalidate(t *testing.T) {
	t.Parallel()
	runMethodCases(t, api.MethodInvalidate, []methodCase{
		{name: "ends exactly that session", args: args{"user_id": userB, "session_id": bobMobile}, gone: []int64{bobMobile}},
		{name: "in its team", args: args{"user_id": userB, "session_id": bobMobile, "team_id": team2}, gone: []int64{bobMobile}},
		{name: "org id as team", args: args{"user_id": userB, "session_id": bobWeb1, "team_id": orgID}, gone: []int64{bobWeb1}},
		{name: "team_id null", only: "json", args: args{"user_id": userB, "session_id": bobMobile, "team_id": nil}, gone: []int64{bobMobile}},
		{name: "unknown session", args: args{"user_id": userB, "session_id": int64(999)}, want: api.CodeSessionNotFound},
		{name: "another team's session", args: args{"user_id": userB, "session_id": bobMobile, "team_id": team1}, want: api.CodeSessionNotFound},
		{name: "unknown team", args: args{"user_id": userB, "session_id": bobMobile, "team_id": "T0NOPE"}, want: api.CodeSessionNotFound},
		{name: "another user's session", args: args{"user_id": userA, "session_id": bobMobile}, want: api.CodeSessionNotFound},
		{name: "unknown user", args: args{"user_id": "W0NOPE", "session_id": bobMobile}, want: api.CodeUserNotFound},
		{name: "primary owner's session by an admin", args: args{"user_id": userPO, "session_id": ownerWeb}, want: api.CodeCannotInvalidatePrimary},
		{name: "primary owner's session by the owner", token: tokOwner, args: args{"user_id": userPO, "session_id": ownerWeb}, gone: []int64{ownerWeb}},
		{name: "own session", args: args{"user_id": "W0ADMIN01", "session_id": adminWeb}, gone: []int64{adminWeb}},
		{name: "the 2020 shape: team_id without user_id", args: args{"team_id": team2, "session_id": bobMobile}, want: api.CodeInvalidArguments, field: "missing required field: user_id"},
		{name: "the 2020 shape is told what changed", args: args{"team_id": team2, "session_id": bobMobile}, want: api.CodeInvalidArguments, field: "team_id is deprecated: Slack deprecated team_id on 2025-01-15; user_id names the session's user."},
		{name: "team_id without session_id is told the same", args: args{"user_id": userB, "team_id": team2}, want: api.CodeInvalidArguments, field: "team_id is deprecated: Slack deprecated team_id on 2025-01-15; user_id names the session's user."},
		{name: "session_id not a number", args: args{"user_id": userB, "session_id": "abc"}, want: api.CodeInvalidArguments, field: "session_id"},
		{name: "session_id fractional", args: args{"user_id": userB, "session_id": raw("1.5")}, want: api.CodeInvalidArguments, field: "session_id"},
		{name: "session_id with an exponent", args: args{"user_id": userB, "session_id": raw("1e3")}, want: api.CodeInvalidArguments, field: "session_id"},
		{name: "session_id 2^63", args: args{"user_id": userB, "session_id": raw("9223372036854775808")}, want: api.CodeInvalidArguments, field: "session_id"},
		{name: "session_id 0", args: args{"user_id": userB, "session_id": raw("0")}, want: api.CodeInvalidArguments, field: "session_id"},
		{name: "session_id negative", args: args{"user_id": userB, "session_id": raw("-1112275520242")}, want: api.CodeInvalidArguments, field: "session_id"},
		{name: "session_id below -2^63", args: args{"user_id": userB, "session_id": raw("-9223372036854775809")}, want: api.CodeInvalidArguments, field: "session_id"},
		{name: "session_id empty", args: args{"user_id": userB, "session_id": ""}, want: api.CodeInvalidArguments, field: "session_id"},
		{name: "session_id missing", args: args{"user_id": userB}, want: api.CodeInvalidArguments, field: "session_id"},
		{name: "session_id null", args: args{"user_id": userB, "session_id": nil}, want: api.CodeInvalidArguments, field: "session_id"},
		{name: "user_id missing", args: args{"session_id": bobMobile}, want: api.CodeInvalidArguments, field: "user_id"},
		{name: "user_id empty", args: args{"user_id": "", "session_id": bobMobile}, want: api.CodeInvalidArguments, field: "user_id"},
		{name: "user_id null", args: args{"user_id": nil, "session_id": bobMobile}, want: api.CodeInvalidArguments, field: "user_id"},
		{name: "team_id empty", args: args{"user_id": userB, "session_id": bobMobile, "team_id": ""}, want: api.CodeInvalidArguments, field: "team_id"},
		{name: "arguments checked before the session", args: args{"user_id": "W0NOPE", "session_id": raw("1e3")}, want: api.CodeInvalidArguments, field: "session_id"},
	})
}

func TestInvalidateTwice(t *testing.T) {
	t.Parallel()
	for _, e := range encodings {
		t.Run(e.name, func(t *testing.T) {
			t.Parallel()
			c := start(t)
			call := slackCall(t, api.MethodInvalidate, e, tokAdmin, args{"user_id": userB, "session_id": bobWeb})
			wantOK(t, c.do(t, call))
			c.wantGone(t, bobWeb)
			wantError(t, c.do(t, call), api.CodeSessionNotFound)
			if _, ok := c.m.Org().Session(bobWeb); ok {
				t.Errorf("the store still holds session %d", bobWeb)
			}
		})
	}
}

func TestInvalidateMaxSessionID(t *testing.T) {
	t.Parallel()
	for _, e := range encodings {
		t.Run(e.name, func(t *testing.T) {
			t.Parallel()
			c := start(t)
			if err := c.m.Org().AddSession(org.Session{SessionID: maxSession, UserID: userA, TeamID: team1, Client: org.ClientWeb}); err != nil {
				t.Fatal(err)
			}
			if ids := c.sessionIDs(t, "user_id="+userA); !slices.Contains(ids, maxSession) {
				t.Fatalf("GET /_mock/sessions lists %v, without %d", ids, maxSession)
			}
			// One less names no session: the id is not rounded on the way.
			wantError(t, c.do(t, slackCall(t, api.MethodInvalidate, e, tokAdmin, args{"user_id": userA, "session_id": maxSession - 1})), api.CodeSessionNotFound)
			wantOK(t, c.do(t, slackCall(t, api.MethodInvalidate, e, tokAdmin, args{"user_id": userA, "session_id": maxSession})))
			c.wantGone(t) // the demo sessions are all there, and the new one is gone
		})
	}
}

func TestReset(t *testing.T) {
	t.Parallel()
	runMethodCases(t, api.MethodReset, []methodCase{
		{name: "all sessions", args: args{"user_id": userB}, gone: []int64{bobMobile, bobWeb, bobWeb1}},
		{name: "mobile only", args: args{"user_id": userB, "mobile_only": true}, gone: []int64{bobMobile}},
		{name: "web only", args: args{"user_id": userB, "web_only": true}, gone: []int64{bobWeb, bobWeb1}},
		{name: "both false", args: args{"user_id": userB, "mobile_only": false, "web_only": false}, gone: []int64{bobMobile, bobWeb, bobWeb1}},
		{name: "mobile_only false, web_only true", args: args{"user_id": userB, "mobile_only": false, "web_only": true}, gone: []int64{bobWeb, bobWeb1}},
		{name: "both true", args: args{"user_id": userB, "mobile_only": true, "web_only": true}, want: api.CodeInvalidArguments, field: "web_only"},
		{name: "form mobile_only=1", only: "form", args: args{"user_id": userB, "mobile_only": raw("1")}, gone: []int64{bobMobile}},
		{name: "form mobile_only=0", only: "form", args: args{"user_id": userB, "mobile_only": raw("0")}, gone: []int64{bobMobile, bobWeb, bobWeb1}},
		{name: "form web_only=1", only: "form", args: args{"user_id": userB, "web_only": raw("1")}, gone: []int64{bobWeb, bobWeb1}},
		{name: "form web_only=0 mobile_only=1", only: "form", args: args{"user_id": userB, "web_only": raw("0"), "mobile_only": raw("1")}, gone: []int64{bobMobile}},
		{name: "form both 1", only: "form", args: args{"user_id": userB, "web_only": raw("1"), "mobile_only": raw("1")}, want: api.CodeInvalidArguments, field: "mobile_only"},
		{name: "mobile_only yes", args: args{"user_id": userB, "mobile_only": "yes"}, want: api.CodeInvalidArguments, field: "mobile_only"},
		{name: "web_only yes", args: args{"user_id": userB, "web_only": "yes"}, want: api.CodeInvalidArguments, field: "web_only"},
		{name: "form mobile_only=TRUE", only: "form", args: args{"user_id": userB, "mobile_only": "TRUE"}, want: api.CodeInvalidArguments, field: "mobile_only"},
		{name: "form mobile_only empty", only: "form", args: args{"user_id": userB, "mobile_only": ""}, want: api.CodeInvalidArguments, field: "mobile_only"},
		{name: "json mobile_only 1", only: "json", args: args{"user_id": userB, "mobile_only": raw("1")}, want: api.CodeInvalidArguments, field: "mobile_only"},
		{name: "json mobile_only null", only: "json", args: args{"user_id": userB, "mobile_only": nil}, gone: []int64{bobMobile, bobWeb, bobWeb1}},
		{name: "json null and web_only", only: "json", args: args{"user_id": userB, "mobile_only": nil, "web_only": true}, gone: []int64{bobWeb, bobWeb1}},
		{name: "json both null", only: "json", args: args{"user_id": userB, "mobile_only": nil, "web_only": nil}, gone: []int64{bobMobile, bobWeb, bobWeb1}},
		{name: "unknown user", args: args{"user_id": "W0NOPE"}, want: api.CodeUserNotFound},
		{name: "bot", args: args{"user_id": botID}, want: api.CodeCannotResetBot},
		{name: "primary owner by an admin", args: args{"user_id": userPO}, want: api.CodeCannotResetPrimary},
		{name: "primary owner by the owner", token: tokOwner, args: args{"user_id": userPO}, gone: []int64{ownerWeb}},
		{name: "a user in another team", args: args{"user_id": userA, "web_only": true}, gone: []int64{aliceWeb}},
		{name: "user_id missing", args: args{"mobile_only": true}, want: api.CodeInvalidArguments, field: "user_id"},
		{name: "user_id empty", args: args{"user_id": ""}, want: api.CodeInvalidArguments, field: "user_id"},
		{name: "user_id null", args: args{"user_id": nil}, want: api.CodeInvalidArguments, field: "user_id"},
		{name: "arguments checked before the user", args: args{"user_id": "W0NOPE", "web_only": "yes"}, want: api.CodeInvalidArguments, field: "web_only"},
	})
}

func TestResetUserWithNoSessions(t *testing.T) {
	t.Parallel()
	for _, e := range encodings {
		t.Run(e.name, func(t *testing.T) {
			t.Parallel()
			c := start(t)
			call := slackCall(t, api.MethodReset, e, tokAdmin, args{"user_id": userB})
			wantOK(t, c.do(t, call))
			if ids := c.sessionIDs(t, "user_id="+userB); len(ids) != 0 {
				t.Fatalf("Bob still has sessions %v", ids)
			}
			before := c.fixture(t)
			wantOK(t, c.do(t, call)) // Bob has none left: still ok
			if after := c.fixture(t); !bytes.Equal(before, after) {
				t.Errorf("resetting a user with no sessions changed the state:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

// TestSuccessIsSeenNext checks that what one call ends, the very next one finds ended.
func TestSuccessIsSeenNext(t *testing.T) {
	t.Parallel()
	for _, e := range encodings {
		t.Run(e.name, func(t *testing.T) {
			t.Parallel()
			c := start(t)
			wantOK(t, c.do(t, slackCall(t, api.MethodReset, e, tokAdmin, args{"user_id": userA, "mobile_only": true})))
			wantError(t, c.do(t, slackCall(t, api.MethodInvalidate, e, tokAdmin, args{"user_id": userA, "session_id": aliceMob})), api.CodeSessionNotFound)
			wantOK(t, c.do(t, slackCall(t, api.MethodInvalidate, e, tokAdmin, args{"user_id": userA, "session_id": aliceWeb})))
			if ids := c.sessionIDs(t, "user_id="+userA); len(ids) != 0 {
				t.Errorf("Alice still has sessions %v", ids)
			}
			c.wantGone(t, aliceMob, aliceWeb)
		})
	}
}

func TestTransport(t *testing.T) {
	t.Parallel()
	type tc struct {
		name string
		only string // the encoding the case is for; both when empty
		edit func(t testing.TB, r *request, e encoding, method string)
		want api.ErrorCode
		// warning is the warning the answer must carry; otherwise it must carry none.
		warning string
	}
	base := encoding.media
	asForm := func(t testing.TB, method string) string { return formEnc.encode(t, goodArgs[method]) }
	cases := []tc{
		{name: "charset utf-8", only: "json", edit: func(_ testing.TB, r *request, e encoding, _ string) { r.ContentType = base(e) + "; charset=utf-8" }},
		{name: "charset UTF-8", only: "json", edit: func(_ testing.TB, r *request, e encoding, _ string) { r.ContentType = base(e) + "; charset=UTF-8" }},
		{name: "form with charset utf-8", only: "form", edit: func(_ testing.TB, r *request, e encoding, _ string) {
			r.ContentType = base(e) + "; charset=utf-8"
		}, warning: api.WarningSuperfluousCharset},
		{name: "form with charset UTF-8, bad arguments", only: "form", edit: func(t testing.TB, r *request, e encoding, method string) {
			r.ContentType, r.Body = base(e)+"; charset=UTF-8", e.encode(t, badArgs[method])
		}, warning: api.WarningSuperfluousCharset, want: api.CodeInvalidArguments},
		{name: "form without charset", only: "form", edit: func(_ testing.TB, r *request, e encoding, _ string) { r.ContentType = base(e) }},
		{name: "json without charset", only: "json", edit: func(_ testing.TB, r *request, e encoding, _ string) { r.ContentType = base(e) }, warning: api.WarningMissingCharset},
		{name: "json without charset, bad arguments", only: "json", edit: func(t testing.TB, r *request, e encoding, method string) {
			r.ContentType, r.Body = base(e), e.encode(t, badArgs[method])
		}, warning: api.WarningMissingCharset, want: api.CodeInvalidArguments},
		{name: "json without charset, no token", only: "json", edit: func(_ testing.TB, r *request, e encoding, _ string) {
			r.ContentType, r.Auth = base(e), ""
		}, warning: api.WarningMissingCharset, want: api.CodeNotAuthed},
		{name: "charset latin1", edit: func(_ testing.TB, r *request, e encoding, _ string) { r.ContentType = base(e) + "; charset=latin1" }, want: api.CodeInvalidCharset},
		{name: "charset iso-8859-1", edit: func(_ testing.TB, r *request, e encoding, _ string) { r.ContentType = base(e) + "; charset=iso-8859-1" }},
		{name: "charset iso-8859-1, bad arguments", edit: func(t testing.TB, r *request, e encoding, method string) {
			r.ContentType, r.Body = base(e)+"; charset=ISO-8859-1", e.encode(t, badArgs[method])
		}, want: api.CodeInvalidArguments},
		{name: "multipart/form-data with a charset", only: "form", edit: func(t testing.TB, r *request, _ encoding, method string) {
			r.ContentType, r.Body = multipartBody(t, goodArgs[method], "")
			r.ContentType += "; charset=utf-8"
		}, warning: api.WarningSuperfluousCharset},
		{name: "form not parsable", only: "form", edit: func(_ testing.TB, r *request, _ encoding, _ string) { r.Body = "user_id=%zz&team_id=T" }, want: api.CodeInvalidFormData},
		{name: "form field named as an array", only: "form", edit: func(_ testing.TB, r *request, _ encoding, _ string) {
			r.Body += "&user_ids%5B%5D=W0BOB0001"
		}, want: api.CodeInvalidArrayArg},
		{name: "form field named as an object's", only: "form", edit: func(_ testing.TB, r *request, _ encoding, _ string) {
			r.Body += "&profile[status_text]=away"
		}, want: api.CodeInvalidArrayArg},
		{name: "form field given twice, not an array", only: "form", edit: func(_ testing.TB, r *request, _ encoding, _ string) { r.Body += "&" + r.Body }},
		{name: "form field with a bracket, not an array", only: "form", edit: func(_ testing.TB, r *request, _ encoding, _ string) { r.Body += "&note=%5Bx%5D&a%5D%5B=1" }},
		{name: "query field named as an array", edit: func(_ testing.TB, r *request, _ encoding, _ string) { r.Query = "user_ids[]=W0BOB0001" }, want: api.CodeInvalidArrayArg},
		{name: "multipart field named as an array", only: "form", edit: func(t testing.TB, r *request, _ encoding, method string) {
			a := maps.Clone(goodArgs[method])
			a["user_ids[0]"] = "W0BOB0001"
			r.ContentType, r.Body = multipartBody(t, a, "")
		}, want: api.CodeInvalidArrayArg},
		{name: "json not parsable", only: "json", edit: func(_ testing.TB, r *request, _ encoding, _ string) { r.Body = `{"user_id":` }, want: api.CodeInvalidJSON},
		{name: "json as a form", only: "json", edit: func(_ testing.TB, r *request, _ encoding, _ string) { r.Body = "user_id=W0BOB0001" }, want: api.CodeInvalidJSON},
		{name: "json of spaces only", only: "json", edit: func(_ testing.TB, r *request, _ encoding, _ string) { r.Body = "  " }, want: api.CodeInvalidJSON},
		{name: "json array", only: "json", edit: func(_ testing.TB, r *request, _ encoding, _ string) { r.Body = `[{"user_id":"W0BOB0001"}]` }, want: api.CodeJSONNotObject},
		{name: "json string", only: "json", edit: func(_ testing.TB, r *request, _ encoding, _ string) { r.Body = ` "W0BOB0001"` }, want: api.CodeJSONNotObject},
		{name: "json number", only: "json", edit: func(_ testing.TB, r *request, _ encoding, _ string) { r.Body = `42` }, want: api.CodeJSONNotObject},
		{name: "text/plain, read as a form", only: "form", edit: func(_ testing.TB, r *request, _ encoding, _ string) { r.ContentType = "text/plain" }},
		{name: "text/plain with its charset, as a browser sends it", only: "form", edit: func(_ testing.TB, r *request, _ encoding, _ string) {
			r.ContentType = "text/plain;charset=UTF-8"
		}},
		{name: "text/html", edit: func(_ testing.TB, r *request, _ encoding, _ string) { r.ContentType = "text/html" }, want: api.CodeInvalidPostType},
		{name: "multipart/form-data", only: "form", edit: func(t testing.TB, r *request, _ encoding, method string) {
			r.ContentType, r.Body = multipartBody(t, goodArgs[method], "")
		}},
		{name: "multipart/form-data, bad arguments", only: "form", edit: func(t testing.TB, r *request, _ encoding, method string) {
			r.ContentType, r.Body = multipartBody(t, badArgs[method], "")
		}, want: api.CodeInvalidArguments},
		{name: "multipart/form-data, token in a field", only: "form", edit: func(t testing.TB, r *request, _ encoding, method string) {
			r.Auth, r.ContentType, r.Body = "", "", ""
			r.ContentType, r.Body = multipartBody(t, goodArgs[method], tokAdmin)
		}},
		{name: "multipart/form-data without a boundary", only: "form", edit: func(_ testing.TB, r *request, _ encoding, _ string) {
			r.ContentType = "multipart/form-data"
		}, want: api.CodeInvalidFormData},
		{name: "multipart/form-data cut short", only: "form", edit: func(t testing.TB, r *request, _ encoding, method string) {
			r.ContentType, r.Body = multipartBody(t, goodArgs[method], "")
			r.Body = r.Body[:len(r.Body)/2]
		}, want: api.CodeInvalidFormData},
		{name: "content type not parsable", edit: func(_ testing.TB, r *request, _ encoding, _ string) { r.ContentType = "application/json; charset" }, want: api.CodeInvalidPostType},
		{name: "no content type", edit: func(_ testing.TB, r *request, _ encoding, _ string) { r.ContentType = "" }, want: api.CodeMissingPostType},
		{name: "GET with the arguments in the query string", only: "form", edit: func(t testing.TB, r *request, _ encoding, method string) {
			r.HTTPMethod, r.Query, r.ContentType, r.Body = http.MethodGet, asForm(t, method), "", ""
		}},
		{name: "GET with bad arguments", only: "form", edit: func(t testing.TB, r *request, _ encoding, method string) {
			r.HTTPMethod, r.Query, r.ContentType, r.Body = http.MethodGet, formEnc.encode(t, badArgs[method]), "", ""
		}, want: api.CodeInvalidArguments},
		{name: "GET without a token", only: "form", edit: func(t testing.TB, r *request, _ encoding, method string) {
			r.HTTPMethod, r.Query, r.ContentType, r.Body, r.Auth = http.MethodGet, asForm(t, method), "", "", ""
		}, want: api.CodeNotAuthed},
		{name: "POST with the arguments in the query string", edit: func(t testing.TB, r *request, e encoding, method string) {
			r.Query = asForm(t, method)
			r.Body = map[string]string{"form": "", "json": "{}"}[e.name]
		}},
		{name: "PUT", edit: func(_ testing.TB, r *request, _ encoding, _ string) { r.HTTPMethod = http.MethodPut }, want: api.CodeInvalidPostType},
		{name: "DELETE", edit: func(_ testing.TB, r *request, _ encoding, _ string) { r.HTTPMethod = http.MethodDelete }, want: api.CodeInvalidPostType},
		{name: "OPTIONS", edit: func(_ testing.TB, r *request, _ encoding, _ string) { r.HTTPMethod = http.MethodOptions }, want: api.CodeInvalidPostType},
		{name: "OPTIONS of an unknown method", edit: func(_ testing.TB, r *request, _ encoding, _ string) {
			r.Path, r.HTTPMethod = "/api/foo.bar", http.MethodOptions
		}, want: api.CodeUnknownMethod},
		{name: "unknown method", edit: func(_ testing.TB, r *request, _ encoding, _ string) { r.Path = "/api/foo.bar" }, want: api.CodeUnknownMethod},
		{name: "GET of an unknown method", edit: func(_ testing.TB, r *request, _ encoding, _ string) {
			r.Path, r.HTTPMethod = "/api/foo.bar", http.MethodGet
		}, want: api.CodeUnknownMethod},
		{name: "a method's name with a trailing slash", edit: func(_ testing.TB, r *request, _ encoding, _ string) { r.Path += "/" }, want: api.CodeUnknownMethod},
	}
	for _, method := range adminMethods(t) {
		for _, e := range encodings {
			for _, tc := range cases {
				if tc.only != "" && tc.only != e.name {
					continue
				}
				t.Run(method+"/"+e.name+"/"+tc.name, func(t *testing.T) {
					t.Parallel()
					c := start(t)
					r := slackCall(t, method, e, tokAdmin, goodArgs[method])
					tc.edit(t, &r, e, method)
					a := c.do(t, r)
					if tc.want == "" {
						wantOK(t, a)
					} else {
						wantError(t, a, tc.want)
					}
					if tc.warning != "" {
						if a.Warning != tc.warning || !slices.Equal(a.ResponseMetadata.Warnings, []string{tc.warning}) {
							t.Errorf("answer %s, want warning %s in warning and response_metadata.warnings", a.Body, tc.warning)
						}
					} else if a.Warning != "" || len(a.ResponseMetadata.Warnings) > 0 {
						t.Errorf("answer %s, want no warning", a.Body)
					}
					if id := a.Header.Get("X-Slack-Req-Id"); id == "" {
						t.Errorf("the answer has no X-Slack-Req-Id")
					}
				})
			}
		}
	}
}

// multipartBody writes a as a multipart/form-data body, as curl -F sends it, with a token
// field unless token is empty, and answers its Content-Type and the body.
func multipartBody(t testing.TB, a args, token string) (contentType, body string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	form, err := url.ParseQuery(formEnc.encode(t, a))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		form.Set("token", token)
	}
	for _, k := range slices.Sorted(maps.Keys(form)) {
		if err := w.WriteField(k, form.Get(k)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return w.FormDataContentType(), b.String()
}

// TestQueryAndBody checks how the arguments of the query string and the body mix: the
// body's win, the query's are checked like any, and a token there is never read.
func TestQueryAndBody(t *testing.T) {
	t.Parallel()
	for _, e := range encodings {
		t.Run(e.name+"/the body wins", func(t *testing.T) {
			t.Parallel()
			c := start(t)
			r := slackCall(t, api.MethodReset, e, tokAdmin, args{"user_id": userB})
			r.Query = "user_id=W0NOPE&mobile_only=1"
			wantOK(t, c.do(t, r))
			c.wantGone(t, bobMobile) // Bob's, and only his mobile one: mobile_only came from the query
		})
		t.Run(e.name+"/a bad value in the query string", func(t *testing.T) {
			t.Parallel()
			c := start(t)
			r := slackCall(t, api.MethodReset, e, tokAdmin, args{"user_id": userB})
			r.Query = "web_only=maybe"
			wantMessageNaming(t, c.do(t, r), "web_only")
		})
		t.Run(e.name+"/a token in the query string", func(t *testing.T) {
			t.Parallel()
			c := start(t)
			r := slackCall(t, api.MethodReset, e, "", args{"user_id": userB})
			r.Query = "token=" + tokAdmin
			a := c.do(t, r)
			wantError(t, a, api.CodeNotAuthed)
			if len(a.ResponseMetadata.Messages) == 0 || !strings.Contains(a.ResponseMetadata.Messages[0], "query string") {
				t.Errorf("messages %q, want one saying the query string's token is not read", a.ResponseMetadata.Messages)
			}
		})
	}
}

// TestSlackHeaders checks the headers Slack sets: X-Slack-Req-Id on every answer, unique,
// and the token's and the method's scopes once the token is known to be good.
func TestSlackHeaders(t *testing.T) {
	t.Parallel()
	c := start(t)
	cases := []struct {
		name             string
		r                request
		scopes, accepted string
	}{
		{"ok", slackCall(t, api.MethodReset, formEnc, tokAdmin, args{"user_id": userA}), "admin.users:read,admin.users:write", api.ScopeAdminUsersWrite},
		{"read method", slackCall(t, api.MethodList, formEnc, tokAdmin, args{}), "admin.users:read,admin.users:write", api.ScopeAdminUsersRead},
		{"missing_scope", slackCall(t, api.MethodReset, formEnc, tokReadonly, args{"user_id": userA}), api.ScopeAdminUsersRead, api.ScopeAdminUsersWrite},
		{"not_an_admin", slackCall(t, api.MethodReset, formEnc, tokMember, args{"user_id": userA}), "admin.users:read,admin.users:write", api.ScopeAdminUsersWrite},
		{"bad arguments", slackCall(t, api.MethodReset, formEnc, tokAdmin, args{}), "admin.users:read,admin.users:write", api.ScopeAdminUsersWrite},
		{"auth.test", slackCall(t, api.MethodAuthTest, formEnc, tokWriteonly, args{}), api.ScopeAdminUsersWrite, ""},
		{"unknown token", slackCall(t, api.MethodReset, formEnc, "xoxp-nope", args{"user_id": userA}), "", ""},
		{"revoked token", slackCall(t, api.MethodReset, formEnc, tokRevoked, args{"user_id": userA}), "", ""},
		{"no token", slackCall(t, api.MethodReset, formEnc, "", args{"user_id": userA}), "", ""},
		{"unknown method", request{Path: "/api/foo.bar", Auth: "Bearer " + tokAdmin}, "", ""},
		{"a 429 fault", slackCall(t, api.MethodList, formEnc, tokAdmin, args{"user_id": "fault"}), "admin.users:read,admin.users:write", api.ScopeAdminUsersRead},
	}
	c.m.Fault(t, mock.Fault{Method: api.MethodList, UserID: "fault", Status: http.StatusTooManyRequests, RetryAfter: 1})
	seen := map[string]bool{}
	for _, tc := range cases {
		a := c.do(t, tc.r)
		id := a.Header.Get("X-Slack-Req-Id")
		if id == "" || seen[id] {
			t.Errorf("%s: X-Slack-Req-Id %q, want a new one", tc.name, id)
		}
		seen[id] = true
		_, hasScopes := a.Header["X-Oauth-Scopes"]
		if got := a.Header.Get("X-OAuth-Scopes"); got != tc.scopes || hasScopes != (tc.scopes != "") {
			t.Errorf("%s: X-OAuth-Scopes %q, want %q", tc.name, got, tc.scopes)
		}
		if got := a.Header.Get("X-Accepted-OAuth-Scopes"); got != tc.accepted {
			t.Errorf("%s: X-Accepted-OAuth-Scopes %q, want %q", tc.name, got, tc.accepted)
		}
	}
}

// TestEmptyPost checks that a POST with no body and no Content-Type is an empty form, as
// curl -X POST sends: the token is checked, then the arguments are missing.
// TestEmptyPost checks that an empty body is a call without arguments, whatever its
// Content-Type: Python's slack_sdk sends every call without arguments as an empty body typed
// application/json;charset=utf-8, and Slack answers it.
func TestEmptyPost(t *testing.T) {
	t.Parallel()
	types := []string{"", "application/json;charset=utf-8", "application/x-www-form-urlencoded", "multipart/form-data", "text/plain", "image/png"}
	for _, method := range adminMethods(t) {
		t.Run(method, func(t *testing.T) {
			t.Parallel()
			c := start(t)
			wantError(t, c.do(t, request{Path: "/api/" + method}), api.CodeNotAuthed)
			// JSON's null is no arguments too, as openapi-generator's Go client sends a call
			// whose optional body is unset.
			bodies := map[string]string{"application/json; charset=utf-8": " null\n"}
			for _, ct := range append(types, "application/json; charset=utf-8") {
				a := c.do(t, request{Path: "/api/" + method, Auth: "Bearer " + tokAdmin, ContentType: ct, Body: bodies[ct]})
				if method == api.MethodList { // the one admin method with no required argument
					wantOK(t, a)
					continue
				}
				wantError(t, a, api.CodeInvalidArguments)
			}
		})
	}
	t.Run("auth.test and api.test as Python's SDK sends them", func(t *testing.T) {
		t.Parallel()
		c := start(t)
		for _, method := range []string{api.MethodAuthTest, api.MethodAPITest} {
			a := c.do(t, request{Path: "/api/" + method, Auth: "Bearer " + tokAdmin, ContentType: "application/json;charset=utf-8"})
			wantOK(t, a)
			if a.Warning != "" {
				t.Errorf("%s: warning %q for a JSON type with its charset", method, a.Warning)
			}
		}
	})
	t.Run("the type's warnings still hold", func(t *testing.T) {
		t.Parallel()
		c := start(t)
		a := c.do(t, request{Path: "/api/" + api.MethodAuthTest, Auth: "Bearer " + tokAdmin, ContentType: "application/json"})
		if !a.OK || a.Warning != api.WarningMissingCharset {
			t.Errorf("empty JSON without a charset answered %s, want ok with missing_charset", a.Body)
		}
	})
}

func TestBodyOverTheCap(t *testing.T) {
	t.Parallel()
	const limit = 512
	for _, method := range adminMethods(t) {
		for _, e := range encodings {
			t.Run(method+"/"+e.name, func(t *testing.T) {
				t.Parallel()
				c := start(t, mock.WithMaxBodyBytes(limit))
				a := maps.Clone(goodArgs[method])
				// Just under the cap: served.
				small := slackCall(t, method, e, tokAdmin, a)
				a["pad"] = strings.Repeat("x", limit-len(small.Body)-len(`,"pad":""`))
				under := slackCall(t, method, e, tokAdmin, a)
				if len(under.Body) > limit {
					t.Fatalf("the body under the cap is %d bytes", len(under.Body))
				}
				if got := c.do(t, under); !got.OK {
					t.Fatalf("a body of %d bytes, under the cap of %d: %s", len(under.Body), limit, got.Body)
				}
				c.m.Restore()

				a["pad"] = strings.Repeat("x", 4*limit)
				got := c.do(t, slackCall(t, method, e, tokAdmin, a))
				if got.Status != http.StatusRequestEntityTooLarge {
					t.Errorf("HTTP %d, want 413", got.Status)
				}
				if got.OK || got.Error == "" {
					t.Errorf("answer %s, want a Slack error", got.Body)
				}
				if len(got.ResponseMetadata.Messages) == 0 {
					t.Errorf("answer %s, want a message saying why", got.Body)
				}
			})
		}
	}
}

// TestBodyLongerThanItsLength checks that a request built by hand, whose body holds more
// than its Content-Length says and more than the cap, is refused as a body over the cap,
// and changes nothing.
func TestBodyLongerThanItsLength(t *testing.T) {
	t.Parallel()
	m, err := mock.New(mock.WithMaxBodyBytes(64))
	if err != nil {
		t.Fatal(err)
	}
	before := len(m.Org().Sessions(userB, ""))
	req := httptest.NewRequest(http.MethodPost, "/api/"+api.MethodReset,
		strings.NewReader("user_id="+userB+"&pad="+strings.Repeat("x", 256)))
	req.ContentLength = 16
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+tokAdmin)
	w := httptest.NewRecorder()
	m.ServeHTTP(w, req)
	if w.Code != http.StatusRequestEntityTooLarge || !strings.Contains(w.Body.String(), `"ok":false`) {
		t.Errorf("HTTP %d %s, want 413 and a Slack error", w.Code, w.Body)
	}
	if after := len(m.Org().Sessions(userB, "")); after != before {
		t.Errorf("%d sessions of %s after, %d before", after, userB, before)
	}
}

func TestControlSessions(t *testing.T) {
	t.Parallel()
	c := start(t)
	cases := []struct {
		query string
		want  []int64
	}{
		{"", demoSessions},
		{"user_id=" + userB, []int64{bobMobile, bobWeb, bobWeb1}},
		{"team_id=" + team2, []int64{bobMobile, bobWeb}},
		{"user_id=" + userB + "&team_id=" + team1, []int64{bobWeb1}},
		{"user_id=" + userA + "&team_id=" + team2, nil},
		{"user_id=W0NOPE", nil},
		{"team_id=" + team1, []int64{bobWeb1, aliceMob, aliceWeb, ownerWeb, adminWeb}},
	}
	for _, tc := range cases {
		t.Run(cmp.Or(tc.query, "all"), func(t *testing.T) {
			t.Parallel()
			want := slices.Sorted(slices.Values(tc.want))
			got := c.sessions(t, tc.query)
			var ids []int64
			q, _ := url.ParseQuery(tc.query)
			for _, s := range got {
				ids = append(ids, s.SessionID)
				if u := q.Get("user_id"); u != "" && s.UserID != u {
					t.Errorf("session %d is %s's, asked for %s's", s.SessionID, s.UserID, u)
				}
				if tm := q.Get("team_id"); tm != "" && s.TeamID != tm {
					t.Errorf("session %d is in %s, asked for %s", s.SessionID, s.TeamID, tm)
				}
			}
			if !slices.Equal(ids, want) {
				t.Errorf("sessions %v, want %v (in id order)", ids, want)
			}
		})
	}
}

func TestServesTheSpec(t *testing.T) {
	t.Parallel()
	c := start(t)
	status, body := c.get(t, "/openapi.yaml")
	if status != http.StatusOK {
		t.Fatalf("GET /openapi.yaml: HTTP %d", status)
	}
	if want := string(spec.YAML()); string(body) != want {
		t.Errorf("GET /openapi.yaml answered %d bytes that differ from openapi.yaml (%d bytes)", len(body), len(want))
	}
}

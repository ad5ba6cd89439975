package adminuserssession_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/oapi-codegen/runtime"

	"github.com/slack-contracts/admin-users-session/api"
	"github.com/slack-contracts/admin-users-session/gen"
	"github.com/slack-contracts/admin-users-session/gen/spec"
)

// specFile is the hand-maintained contract, the source of gen/.
const specFile = "openapi.yaml"

// loadSpec loads and validates openapi.yaml. Each call returns a fresh document, which the
// caller may change (its servers, for example).
func loadSpec(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromFile(specFile)
	if err != nil {
		t.Fatalf("load %s: %v", specFile, err)
	}
	if err := doc.Validate(t.Context()); err != nil {
		t.Fatalf("%s is not a valid OpenAPI document: %v", specFile, err)
	}
	return doc
}

func TestSpecIsValid(t *testing.T) {
	doc := loadSpec(t)
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("openapi = %q, want 3.0.3", doc.OpenAPI)
	}
	for _, m := range []string{api.MethodInvalidate, api.MethodReset, api.MethodList, api.MethodResetBulk,
		api.MethodGetSettings, api.MethodSetSettings, api.MethodClearSettings, api.MethodAuthTest, api.MethodAPITest} {
		if item := doc.Paths.Find("/" + m); item == nil || item.Post == nil || item.Post.OperationID != m {
			t.Errorf("%s has no POST /%s with operationId %s", specFile, m, m)
		}
	}
}

// TestEveryOperationSaysWhatTheMockReads checks the facts that the mock and the tools read
// from each operation: a rate tier, its own error codes, and an explicit security with the
// token form field's empty alternative; an admin method names its one scope.
func TestEveryOperationSaysWhatTheMockReads(t *testing.T) {
	for path, item := range loadSpec(t).Paths.Map() {
		op := item.Post
		if op == nil || len(item.Operations()) != 1 {
			t.Errorf("%s: want exactly one operation, a POST", path)
			continue
		}
		if _, ok := op.Extensions["x-slack-rate-tier"]; !ok {
			t.Errorf("%s: no x-slack-rate-tier", op.OperationID)
		}
		if _, ok := op.Extensions["x-slack-errors"].([]any); !ok {
			t.Errorf("%s: no x-slack-errors list", op.OperationID)
		}
		if op.Security == nil || !slices.ContainsFunc(*op.Security, func(r openapi3.SecurityRequirement) bool { return len(r) == 0 }) {
			t.Errorf("%s: its security has no empty alternative for the token form field", op.OperationID)
		}
		if op.Extensions["x-slack-admin"] == true {
			scopes := 0
			for _, r := range *op.Security {
				scopes += len(r["slackOAuth"])
			}
			if scopes != 1 {
				t.Errorf("%s: an admin method names %d slackOAuth scopes, want 1", op.OperationID, scopes)
			}
		}
	}
}

// TestFormAndJSONSchemasAgree checks that each operation's form schema (shared by the
// urlencoded and multipart bodies) and JSON schema name the same arguments, require the
// same ones, and that only the form has the older token field.
func TestFormAndJSONSchemasAgree(t *testing.T) {
	for _, item := range loadSpec(t).Paths.Map() {
		op := item.Post
		if op == nil || op.RequestBody == nil {
			continue
		}
		content := op.RequestBody.Value.Content
		form, multi, js := content.Get("application/x-www-form-urlencoded"), content.Get("multipart/form-data"), content.Get("application/json")
		if form == nil || multi == nil || js == nil {
			t.Errorf("%s: want form, multipart and JSON bodies", op.OperationID)
			continue
		}
		if form.Schema.Ref != multi.Schema.Ref {
			t.Errorf("%s: the form and multipart bodies have different schemas: %s, %s", op.OperationID, form.Schema.Ref, multi.Schema.Ref)
		}
		names := func(s *openapi3.Schema) []string {
			var out []string
			for n := range s.Properties {
				if n != "token" {
					out = append(out, n)
				}
			}
			slices.Sort(out)
			return out
		}
		f, j := form.Schema.Value, js.Schema.Value
		if !slices.Equal(names(f), names(j)) {
			t.Errorf("%s: form arguments %v, JSON arguments %v", op.OperationID, names(f), names(j))
		}
		if !slices.Equal(slices.Sorted(slices.Values(f.Required)), slices.Sorted(slices.Values(j.Required))) {
			t.Errorf("%s: form requires %v, JSON %v", op.OperationID, f.Required, j.Required)
		}
		if f.Properties["token"] == nil || j.Properties["token"] != nil {
			t.Errorf("%s: want token in the form schema only", op.OperationID)
		}
	}
}

// TestEmbeddedSpecMatchesFile fails when gen/spec was not regenerated after openapi.yaml
// changed: the spec it embeds as JSON, and the copy it serves as written.
func TestEmbeddedSpecMatchesFile(t *testing.T) {
	file, err := os.ReadFile(specFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(spec.YAML(), file) {
		t.Errorf("gen/spec/openapi.yaml differs from %s; run `make generate`", specFile)
	}
	embedded, err := spec.GetSpec()
	if err != nil {
		t.Fatalf("spec.GetSpec: %v", err)
	}
	want, err := json.Marshal(loadSpec(t))
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.Marshal(embedded)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the spec embedded in gen/spec differs from %s; run `make generate`", specFile)
	}
}

// reply is the answer the fake server is told to give to the next call.
type reply struct {
	status     int // 200 or 429
	body       gen.SlackResponse
	retryAfter int32 // the Retry-After header of a 429
}

// reqID is the X-Slack-Req-Id of every answer of the fake server.
const reqID = "req-1"

// fakeSlack plays Slack for invalidate and reset: it decodes every request's body into the
// generated type of its content type, as a server generated from the spec would (JSON into the
// method's Args, a form into its Form, with the runtime's form binder), records it, and
// answers with the reply it was last told to give.
type fakeSlack struct {
	mu    sync.Mutex
	next  reply
	calls []fakeCall
}

// fakeCall is one request fakeSlack received: its method and its decoded body, a pointer to
// the method's Args (JSON) or Form.
type fakeCall struct {
	method string
	body   any
}

func (f *fakeSlack) answerWith(r reply) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.next = r
}

// received returns the requests recorded since the last call and forgets them.
func (f *fakeSlack) received() []fakeCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	calls := f.calls
	f.calls = nil
	return calls
}

func (f *fakeSlack) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	method := strings.TrimPrefix(r.URL.Path, "/api/")
	var (
		body any
		err  error
	)
	switch method {
	case api.MethodInvalidate:
		body, err = decodeBody[gen.InvalidateSessionArgs, gen.InvalidateSessionForm](r)
	case api.MethodReset:
		body, err = decodeBody[gen.ResetSessionsArgs, gen.ResetSessionsForm](r)
	default:
		err = fmt.Errorf("the fake serves no method %q", method)
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, fakeCall{method: method, body: body})
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Slack-Req-Id", reqID)
	if f.next.status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", fmt.Sprint(f.next.retryAfter))
	}
	w.WriteHeader(f.next.status)
	_ = json.NewEncoder(w).Encode(f.next.body)
}

// decodeBody decodes the body of r into a *J when it is JSON and into an *F when it is a form.
func decodeBody[J, F any](r *http.Request) (any, error) {
	switch r.Header.Get("Content-Type") {
	case "application/json":
		var j J
		return &j, json.NewDecoder(r.Body).Decode(&j)
	case "application/x-www-form-urlencoded":
		if err := r.ParseForm(); err != nil {
			return nil, err
		}
		var f F
		return &f, runtime.BindForm(&f, r.PostForm, nil, nil)
	}
	return nil, fmt.Errorf("content type %q", r.Header.Get("Content-Type"))
}

// receivedOne answers the decoded body of the one request of method received since the last
// call, as JSON or as a form.
func receivedOne[J, F any](t *testing.T, fake *fakeSlack, method string) (*J, *F) {
	t.Helper()
	calls := fake.received()
	if len(calls) != 1 || calls[0].method != method {
		t.Fatalf("server received %+v, want one call of %s", calls, method)
	}
	j, _ := calls[0].body.(*J)
	f, _ := calls[0].body.(*F)
	return j, f
}

// serve starts an HTTP server on a loopback port that serves h, stopped when the test ends,
// and returns its root URL.
func serve(t *testing.T, h http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(h)
	_ = srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	return srv.URL
}

// startFake serves a new fakeSlack under /api, and returns it with a generated client whose
// every request and answer is checked against the spec.
func startFake(t *testing.T) (*fakeSlack, *gen.ClientWithResponses) {
	t.Helper()
	fake := &fakeSlack{next: reply{status: http.StatusOK, body: gen.SlackResponse{Ok: true}}}
	baseURL := serve(t, fake) + "/api"

	client, err := gen.NewClientWithResponses(baseURL,
		gen.WithHTTPClient(newSpecChecker(t, baseURL, http.DefaultClient)),
		gen.WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
			req.Header.Set("Authorization", "Bearer xoxp-test")
			return nil
		}))
	if err != nil {
		t.Fatal(err)
	}
	return fake, client
}

// specChecker is a gen.HttpRequestDoer that checks every request it sends and every answer it
// gets against openapi.yaml (served at its base URL), and fails the call when one does not match.
type specChecker struct {
	router routers.Router
	next   gen.HttpRequestDoer
}

// newSpecChecker returns a specChecker for the API served at baseURL, sending through next.
func newSpecChecker(t *testing.T, baseURL string, next gen.HttpRequestDoer) *specChecker {
	t.Helper()
	doc := loadSpec(t)
	doc.Servers = openapi3.Servers{{URL: baseURL}}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatalf("router over %s: %v", specFile, err)
	}
	return &specChecker{router: router, next: next}
}

// Do sends req and returns the answer, with its body still readable.
func (c *specChecker) Do(req *http.Request) (*http.Response, error) {
	route, pathParams, err := c.router.FindRoute(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s is not in the spec: %w", req.Method, req.URL, err)
	}
	reqBody, err := readAll(&req.Body)
	if err != nil {
		return nil, err
	}
	in := &openapi3filter.RequestValidationInput{
		Request:    req,
		PathParams: pathParams,
		Route:      route,
		Options: &openapi3filter.Options{
			// Slack's auth (bearer header or token field) is the server's business, not the spec's.
			AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
			// Send the request as the client wrote it, without the spec's defaults filled in.
			SkipSettingDefaults: true,
		},
	}
	if err := openapi3filter.ValidateRequest(req.Context(), in); err != nil {
		return nil, fmt.Errorf("request does not match the spec: %w", err)
	}
	if req.Body != nil {
		req.Body = io.NopCloser(bytes.NewReader(reqBody)) // the validator has read it
	}

	resp, err := c.next.Do(req)
	if err != nil {
		return nil, err
	}
	respBody, err := readAll(&resp.Body)
	if err != nil {
		return nil, err
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 resp.StatusCode,
		Header:                 resp.Header,
		Body:                   io.NopCloser(bytes.NewReader(respBody)),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true},
	}
	if err := openapi3filter.ValidateResponse(req.Context(), out); err != nil {
		return nil, fmt.Errorf("answer %d %s does not match the spec: %w", resp.StatusCode, respBody, err)
	}
	return resp, nil
}

// readAll reads and closes *body, leaves a fresh reader of the same bytes in its place, and
// returns the bytes.
func readAll(body *io.ReadCloser) ([]byte, error) {
	if *body == nil {
		return nil, nil
	}
	data, err := io.ReadAll(*body)
	_ = (*body).Close()
	if err != nil {
		return nil, err
	}
	*body = io.NopCloser(bytes.NewReader(data))
	return data, nil
}

// TestSpecCheckerRejectsOffSpecAnswers proves that the round-trip tests would notice a server
// that answers outside the contract.
func TestSpecCheckerRejectsOffSpecAnswers(t *testing.T) {
	tests := []struct {
		name   string
		status int
		header map[string]string
		body   string
	}{
		{name: "another status, not JSON", status: http.StatusBadGateway, header: map[string]string{"Content-Type": "text/html"}, body: `<html>bad gateway</html>`},
		{name: "another status, not a SlackResponse", status: http.StatusInternalServerError, body: `{"error":"fatal_error"}`},
		{name: "ok missing", status: http.StatusOK, body: `{"error":"invalid_auth"}`},
		{name: "ok not a boolean", status: http.StatusOK, body: `{"ok":"true"}`},
		{name: "429 without Retry-After", status: http.StatusTooManyRequests, header: map[string]string{"Retry-After": ""}, body: `{"ok":false,"error":"ratelimited"}`},
		{name: "Retry-After not an integer", status: http.StatusTooManyRequests, header: map[string]string{"Retry-After": "soon"}, body: `{"ok":false,"error":"ratelimited"}`},
		{name: "no X-Slack-Req-Id", status: http.StatusOK, header: map[string]string{"X-Slack-Req-Id": ""}, body: `{"ok":true}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			baseURL := serve(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.Header().Set("X-Slack-Req-Id", reqID)
				w.Header().Set("Retry-After", "1")
				for k, v := range tc.header {
					if v == "" {
						w.Header().Del(k)
						continue
					}
					w.Header().Set(k, v)
				}
				w.WriteHeader(tc.status)
				_, _ = io.WriteString(w, tc.body)
			})) + "/api"
			client, err := gen.NewClientWithResponses(baseURL, gen.WithHTTPClient(newSpecChecker(t, baseURL, http.DefaultClient)))
			if err != nil {
				t.Fatal(err)
			}
			_, err = client.AdminUsersSessionResetWithResponse(t.Context(), gen.ResetSessionsArgs{UserID: "W0BOB0001"})
			if err == nil || !strings.Contains(err.Error(), "does not match the spec") {
				t.Errorf("err = %v, want an answer that does not match the spec", err)
			}
		})
	}
}

// Replies shared by both methods' round trips.
var (
	okReply          = reply{status: http.StatusOK, body: gen.SlackResponse{Ok: true}}
	rateLimitedReply = reply{status: http.StatusTooManyRequests, body: gen.SlackResponse{Ok: false, Error: ptr("ratelimited")}, retryAfter: 7}
)

// roundTrip is one call of a round-trip test: the arguments as JSON and as a form, and the
// reply the server gives.
type roundTrip[J, F any] struct {
	name  string
	json  J
	form  F
	reply reply
}

// answerOf is what a generated client parsed of an answer.
type answerOf struct {
	status      int
	json200, rl *gen.SlackResponse
	retryAfter  *int32
}

// runRoundTrips sends each case through the generated client in both bodies, and checks
// that the server decoded exactly what was sent, in the body it was sent in, and that the
// client parsed the reply.
func runRoundTrips[J, F any](t *testing.T, fake *fakeSlack, cases []roundTrip[J, F],
	sendJSON func(context.Context, J) (answerOf, error), sendForm func(context.Context, F) (answerOf, error),
	received func() (jsonBody *J, formBody *F)) {
	t.Helper()
	for _, tc := range cases {
		for _, enc := range []string{"json", "form"} {
			t.Run(enc+"/"+tc.name, func(t *testing.T) {
				fake.answerWith(tc.reply)
				var (
					a   answerOf
					err error
				)
				if enc == "json" {
					a, err = sendJSON(t.Context(), tc.json)
				} else {
					a, err = sendForm(t.Context(), tc.form)
				}
				if err != nil {
					t.Fatal(err)
				}
				j, f := received()
				switch {
				case enc == "json" && (j == nil || f != nil):
					t.Fatalf("server decoded JSON %v and form %v, want only JSON", j != nil, f != nil)
				case enc == "form" && (f == nil || j != nil):
					t.Fatalf("server decoded JSON %v and form %v, want only the form", j != nil, f != nil)
				case enc == "json" && !reflect.DeepEqual(*j, tc.json):
					t.Errorf("server received %s, want %s", show(*j), show(tc.json))
				case enc == "form" && !reflect.DeepEqual(*f, tc.form):
					t.Errorf("server received %s, want %s", show(*f), show(tc.form))
				}
				checkAnswer(t, a.status, a.json200, a.rl, a.retryAfter, tc.reply)
			})
		}
	}
}

func TestInvalidateRoundTrip(t *testing.T) {
	fake, client := startFake(t)
	missingScope := reply{status: http.StatusOK, body: gen.SlackResponse{
		Ok:       false,
		Error:    ptr("missing_scope"),
		Needed:   ptr("admin.users:write"),
		Provided: ptr("admin.users:read,users:read"),
		Warning:  ptr("missing_charset"),
		ResponseMetadata: &gen.ResponseMetadata{
			Warnings: &[]string{"missing_charset"},
		},
	}}
	cases := []roundTrip[gen.InvalidateSessionArgs, gen.InvalidateSessionForm]{
		{"largest int64 session id, no team",
			gen.InvalidateSessionArgs{UserID: "W0BOB0001", SessionID: math.MaxInt64},
			gen.InvalidateSessionForm{UserID: "W0BOB0001", SessionID: "9223372036854775807"}, okReply},
		{"docs sample session id, with the org as team",
			gen.InvalidateSessionArgs{UserID: "W0BOB0001", SessionID: 1112275520242, TeamID: ptr("E0ORG0001")},
			gen.InvalidateSessionForm{UserID: "W0BOB0001", SessionID: "1112275520242", TeamID: ptr("E0ORG0001")}, okReply},
		{"missing scope answered with 200",
			gen.InvalidateSessionArgs{UserID: "W0BOB0001", SessionID: 1112275520242},
			gen.InvalidateSessionForm{UserID: "W0BOB0001", SessionID: "1112275520242"}, missingScope},
		{"rate limited",
			gen.InvalidateSessionArgs{UserID: "W0BOB0001", SessionID: 1},
			gen.InvalidateSessionForm{UserID: "W0BOB0001", SessionID: "1"}, rateLimitedReply},
	}
	read := func(r *gen.AdminUsersSessionInvalidateResponse, err error) (answerOf, error) {
		if err != nil {
			return answerOf{}, err
		}
		a := answerOf{status: r.StatusCode(), json200: r.JSON200, rl: r.JSON429}
		if r.Headers429 != nil {
			a.retryAfter = &r.Headers429.RetryAfter
		}
		return a, nil
	}
	runRoundTrips(t, fake, cases,
		func(ctx context.Context, a gen.InvalidateSessionArgs) (answerOf, error) {
			return read(client.AdminUsersSessionInvalidateWithResponse(ctx, a))
		},
		func(ctx context.Context, f gen.InvalidateSessionForm) (answerOf, error) {
			return read(client.AdminUsersSessionInvalidateWithFormdataBodyWithResponse(ctx, f))
		},
		func() (*gen.InvalidateSessionArgs, *gen.InvalidateSessionForm) {
			return receivedOne[gen.InvalidateSessionArgs, gen.InvalidateSessionForm](t, fake, api.MethodInvalidate)
		})
}

func TestResetRoundTrip(t *testing.T) {
	fake, client := startFake(t)
	yes, no := gen.FormBoolean("true"), gen.FormBoolean("0")
	cases := []roundTrip[gen.ResetSessionsArgs, gen.ResetSessionsForm]{
		{"flags absent", gen.ResetSessionsArgs{UserID: "W0BOB0001"}, gen.ResetSessionsForm{UserID: "W0BOB0001"}, okReply},
		{"both flags false",
			gen.ResetSessionsArgs{UserID: "W0BOB0001", MobileOnly: ptr(false), WebOnly: ptr(false)},
			gen.ResetSessionsForm{UserID: "W0BOB0001", MobileOnly: &no, WebOnly: &no}, okReply},
		{"mobile only",
			gen.ResetSessionsArgs{UserID: "W0BOB0001", MobileOnly: ptr(true)},
			gen.ResetSessionsForm{UserID: "W0BOB0001", MobileOnly: &yes}, okReply},
		{"invalid arguments answered with 200",
			gen.ResetSessionsArgs{UserID: "W0BOB0001", MobileOnly: ptr(true), WebOnly: ptr(true)},
			gen.ResetSessionsForm{UserID: "W0BOB0001", MobileOnly: &yes, WebOnly: &yes},
			reply{status: http.StatusOK, body: gen.SlackResponse{Ok: false, Error: ptr("invalid_arguments"),
				ResponseMetadata: &gen.ResponseMetadata{Messages: &[]string{"[ERROR] mobile_only and web_only exclude each other"}}}}},
		{"rate limited", gen.ResetSessionsArgs{UserID: "W0BOB0001", WebOnly: ptr(false)},
			gen.ResetSessionsForm{UserID: "W0BOB0001", WebOnly: &no}, rateLimitedReply},
	}
	read := func(r *gen.AdminUsersSessionResetResponse, err error) (answerOf, error) {
		if err != nil {
			return answerOf{}, err
		}
		a := answerOf{status: r.StatusCode(), json200: r.JSON200, rl: r.JSON429}
		if r.Headers429 != nil {
			a.retryAfter = &r.Headers429.RetryAfter
		}
		return a, nil
	}
	runRoundTrips(t, fake, cases,
		func(ctx context.Context, a gen.ResetSessionsArgs) (answerOf, error) {
			return read(client.AdminUsersSessionResetWithResponse(ctx, a))
		},
		func(ctx context.Context, f gen.ResetSessionsForm) (answerOf, error) {
			return read(client.AdminUsersSessionResetWithFormdataBodyWithResponse(ctx, f))
		},
		func() (*gen.ResetSessionsArgs, *gen.ResetSessionsForm) {
			return receivedOne[gen.ResetSessionsArgs, gen.ResetSessionsForm](t, fake, api.MethodReset)
		})
}

// checkAnswer checks that the client parsed the server's reply into the typed field of its
// status, and the Retry-After header of a 429.
func checkAnswer(t *testing.T, status int, json200, json429 *gen.SlackResponse, retryAfter *int32, want reply) {
	t.Helper()
	if status != want.status {
		t.Fatalf("status = %d, want %d", status, want.status)
	}
	got, unset := json200, json429
	if status == http.StatusTooManyRequests {
		got, unset = json429, json200
		if retryAfter == nil || *retryAfter != want.retryAfter {
			t.Errorf("Headers429 Retry-After = %v, want %d", show(retryAfter), want.retryAfter)
		}
	}
	if unset != nil {
		t.Errorf("answer parsed for the wrong status too: %s", show(unset))
	}
	if got == nil {
		t.Fatalf("answer not parsed for status %d", status)
	}
	if !reflect.DeepEqual(*got, want.body) {
		t.Errorf("answer = %s, want %s", show(*got), show(want.body))
	}
}

// show renders v as JSON, so that failures show what the pointers hold.
func show(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%#v", v)
	}
	return string(b)
}

func ptr[T any](v T) *T { return &v }

// TestEverySuiteCallsEveryMethod checks that the suites in other languages, which judge the
// mock with Slack's own SDKs, call every method of the spec, each as its SDK names it: Node's
// by the method's name, Python's in snake case (admin_users_session_reset), Java's in camel
// case (adminUsersSessionReset).
func TestEverySuiteCallsEveryMethod(t *testing.T) {
	suites := map[string]func(method string) string{
		"contract/node/*.test.mjs": func(m string) string { return m },
		"contract/python/test_sdk.py": func(m string) string {
			return strings.ReplaceAll(m, ".", "_")
		},
		"contract/java/src/test/java/contract/SdkContractTest.java": func(m string) string {
			parts := strings.Split(m, ".")
			for i := 1; i < len(parts); i++ {
				parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
			}
			return strings.Join(parts, "")
		},
	}
	doc := loadSpec(t)
	for pattern, spell := range suites {
		files, err := filepath.Glob(pattern)
		if err != nil || len(files) == 0 {
			t.Fatalf("no suite at %s (%v)", pattern, err)
		}
		var src []byte
		for _, file := range files {
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			src = append(src, b...)
		}
		for _, item := range doc.Paths.Map() {
			if name := spell(item.Post.OperationID); !bytes.Contains(src, []byte(name)) {
				t.Errorf("%s never calls %s (%s)", pattern, item.Post.OperationID, name)
			}
		}
	}
}

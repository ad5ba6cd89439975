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
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/labstack/echo/v4"

	"github.com/slack-contracts/admin-users-session/gen"
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
	for _, path := range []string{"/admin.users.session.invalidate", "/admin.users.session.reset"} {
		if doc.Paths.Find(path) == nil {
			t.Errorf("%s has no path %s", specFile, path)
		}
	}
}

// TestEmbeddedSpecMatchesFile fails when gen/ was not regenerated after openapi.yaml changed.
func TestEmbeddedSpecMatchesFile(t *testing.T) {
	embedded, err := gen.GetSpec()
	if err != nil {
		t.Fatalf("gen.GetSpec: %v", err)
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
		t.Errorf("the spec embedded in gen differs from %s; run `make generate`", specFile)
	}
}

// reply is the answer the fake server is told to give to the next call.
type reply struct {
	status     int // 200 or 429
	body       gen.SlackResponse
	retryAfter int // the Retry-After header of a 429
}

// fakeSlack implements gen.StrictServerInterface: it records every request it receives and
// answers each with the reply it was last told to give.
type fakeSlack struct {
	mu         sync.Mutex
	next       reply
	invalidate []gen.AdminUsersSessionInvalidateRequestObject
	reset      []gen.AdminUsersSessionResetRequestObject
}

func (f *fakeSlack) answerWith(r reply) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.next = r
}

// received returns the requests recorded since the last call and forgets them.
func (f *fakeSlack) received() ([]gen.AdminUsersSessionInvalidateRequestObject, []gen.AdminUsersSessionResetRequestObject) {
	f.mu.Lock()
	defer f.mu.Unlock()
	inv, res := f.invalidate, f.reset
	f.invalidate, f.reset = nil, nil
	return inv, res
}

func (f *fakeSlack) AdminUsersSessionInvalidate(_ context.Context, req gen.AdminUsersSessionInvalidateRequestObject) (gen.AdminUsersSessionInvalidateResponseObject, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.invalidate = append(f.invalidate, req)
	if f.next.status == http.StatusTooManyRequests {
		return gen.AdminUsersSessionInvalidate429JSONResponse{RateLimitedJSONResponse: gen.RateLimitedJSONResponse{
			Body:    f.next.body,
			Headers: gen.RateLimitedResponseHeaders{RetryAfter: f.next.retryAfter},
		}}, nil
	}
	return gen.AdminUsersSessionInvalidate200JSONResponse{AnswerJSONResponse: gen.AnswerJSONResponse(f.next.body)}, nil
}

func (f *fakeSlack) AdminUsersSessionReset(_ context.Context, req gen.AdminUsersSessionResetRequestObject) (gen.AdminUsersSessionResetResponseObject, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reset = append(f.reset, req)
	if f.next.status == http.StatusTooManyRequests {
		return gen.AdminUsersSessionReset429JSONResponse{RateLimitedJSONResponse: gen.RateLimitedJSONResponse{
			Body:    f.next.body,
			Headers: gen.RateLimitedResponseHeaders{RetryAfter: f.next.retryAfter},
		}}, nil
	}
	return gen.AdminUsersSessionReset200JSONResponse{AnswerJSONResponse: gen.AnswerJSONResponse(f.next.body)}, nil
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

// startFake serves a new fakeSlack through the generated strict echo server under /api, and
// returns it with a generated client whose every request and answer is checked against the spec.
func startFake(t *testing.T) (*fakeSlack, *gen.ClientWithResponses) {
	t.Helper()
	fake := &fakeSlack{next: reply{status: http.StatusOK, body: gen.SlackResponse{Ok: true}}}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	gen.RegisterHandlersWithBaseURL(e, gen.NewStrictHandler(fake, nil), "/api")
	baseURL := serve(t, e) + "/api"

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
		{name: "429 without Retry-After", status: http.StatusTooManyRequests, body: `{"ok":false,"error":"ratelimited"}`},
		{name: "Retry-After not an integer", status: http.StatusTooManyRequests, header: map[string]string{"Retry-After": "soon"}, body: `{"ok":false,"error":"ratelimited"}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			baseURL := serve(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				for k, v := range tc.header {
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

func TestInvalidateRoundTrip(t *testing.T) {
	fake, client := startFake(t)
	callers := []struct {
		contentType string
		call        func(context.Context, gen.InvalidateSessionArgs, ...gen.RequestEditorFn) (*gen.AdminUsersSessionInvalidateResponse, error)
	}{
		{"json", client.AdminUsersSessionInvalidateWithResponse},
		{"form", client.AdminUsersSessionInvalidateWithFormdataBodyWithResponse},
	}
	tests := []struct {
		name  string
		args  gen.InvalidateSessionArgs
		reply reply
	}{
		{
			name:  "largest int64 session id, no user",
			args:  gen.InvalidateSessionArgs{TeamID: "T0AAA0001", SessionID: math.MaxInt64},
			reply: okReply,
		},
		{
			name:  "docs sample session id, with user",
			args:  gen.InvalidateSessionArgs{TeamID: "E0ORG0001", SessionID: 1112275520242, UserID: ptr("W0BOB0001")},
			reply: okReply,
		},
		{
			name: "missing scope answered with 200",
			args: gen.InvalidateSessionArgs{TeamID: "T0AAA0001", SessionID: 1112275520242},
			reply: reply{status: http.StatusOK, body: gen.SlackResponse{
				Ok:       false,
				Error:    ptr("missing_scope"),
				Needed:   ptr("admin.users:write"),
				Provided: ptr("admin.users:read,users:read"),
				Warning:  ptr("missing_charset"),
				ResponseMetadata: &gen.ResponseMetadata{
					Warnings: &[]string{"missing_charset"},
				},
			}},
		},
		{
			name:  "rate limited",
			args:  gen.InvalidateSessionArgs{TeamID: "T0AAA0001", SessionID: 1, UserID: ptr("W0BOB0001")},
			reply: rateLimitedReply,
		},
	}
	for _, c := range callers {
		for _, tc := range tests {
			t.Run(c.contentType+"/"+tc.name, func(t *testing.T) {
				fake.answerWith(tc.reply)
				resp, err := c.call(t.Context(), tc.args)
				if err != nil {
					t.Fatal(err)
				}

				invalidate, reset := fake.received()
				if len(invalidate) != 1 || len(reset) != 0 {
					t.Fatalf("server received %d invalidate and %d reset calls, want 1 and 0", len(invalidate), len(reset))
				}
				got := bodyOf(t, c.contentType, invalidate[0].JSONBody, invalidate[0].FormdataBody)
				if !reflect.DeepEqual(got, tc.args) {
					t.Errorf("server received %s, want %s", show(got), show(tc.args))
				}

				var retryAfter *int
				if resp.Headers429 != nil {
					retryAfter = &resp.Headers429.RetryAfter
				}
				checkAnswer(t, resp.StatusCode(), resp.JSON200, resp.JSON429, retryAfter, tc.reply)
			})
		}
	}
}

func TestResetRoundTrip(t *testing.T) {
	fake, client := startFake(t)
	callers := []struct {
		contentType string
		call        func(context.Context, gen.ResetSessionsArgs, ...gen.RequestEditorFn) (*gen.AdminUsersSessionResetResponse, error)
	}{
		{"json", client.AdminUsersSessionResetWithResponse},
		{"form", client.AdminUsersSessionResetWithFormdataBodyWithResponse},
	}
	tests := []struct {
		name  string
		args  gen.ResetSessionsArgs
		reply reply
	}{
		{
			name:  "flags absent",
			args:  gen.ResetSessionsArgs{UserID: "W0BOB0001"},
			reply: okReply,
		},
		{
			name:  "both flags false",
			args:  gen.ResetSessionsArgs{UserID: "W0BOB0001", MobileOnly: ptr(false), WebOnly: ptr(false)},
			reply: okReply,
		},
		{
			name:  "mobile only",
			args:  gen.ResetSessionsArgs{UserID: "W0BOB0001", MobileOnly: ptr(true)},
			reply: okReply,
		},
		{
			name:  "web only, mobile false",
			args:  gen.ResetSessionsArgs{UserID: "U0CAROL01", MobileOnly: ptr(false), WebOnly: ptr(true)},
			reply: okReply,
		},
		{
			name: "invalid arguments answered with 200",
			args: gen.ResetSessionsArgs{UserID: "W0BOB0001", MobileOnly: ptr(true), WebOnly: ptr(true)},
			reply: reply{status: http.StatusOK, body: gen.SlackResponse{
				Ok:    false,
				Error: ptr("invalid_arguments"),
				ResponseMetadata: &gen.ResponseMetadata{
					Messages: &[]string{"[ERROR] mobile_only and web_only exclude each other"},
				},
			}},
		},
		{
			name:  "rate limited",
			args:  gen.ResetSessionsArgs{UserID: "W0BOB0001", WebOnly: ptr(false)},
			reply: rateLimitedReply,
		},
	}
	for _, c := range callers {
		for _, tc := range tests {
			t.Run(c.contentType+"/"+tc.name, func(t *testing.T) {
				fake.answerWith(tc.reply)
				resp, err := c.call(t.Context(), tc.args)
				if err != nil {
					t.Fatal(err)
				}

				invalidate, reset := fake.received()
				if len(invalidate) != 0 || len(reset) != 1 {
					t.Fatalf("server received %d invalidate and %d reset calls, want 0 and 1", len(invalidate), len(reset))
				}
				got := bodyOf(t, c.contentType, reset[0].JSONBody, reset[0].FormdataBody)
				if !reflect.DeepEqual(got, tc.args) {
					t.Errorf("server received %s, want %s", show(got), show(tc.args))
				}

				var retryAfter *int
				if resp.Headers429 != nil {
					retryAfter = &resp.Headers429.RetryAfter
				}
				checkAnswer(t, resp.StatusCode(), resp.JSON200, resp.JSON429, retryAfter, tc.reply)
			})
		}
	}
}

// bodyOf returns the one body the strict server decoded, checking that it came in the content
// type it was sent in.
func bodyOf[T any](t *testing.T, contentType string, jsonBody, formBody *T) T {
	t.Helper()
	want, other := jsonBody, formBody
	if contentType == "form" {
		want, other = formBody, jsonBody
	}
	if want == nil || other != nil {
		t.Fatalf("server decoded JSON body %v and form body %v, want only the %s one", jsonBody != nil, formBody != nil, contentType)
	}
	return *want
}

// checkAnswer checks that the client parsed the server's reply into the typed field of its
// status, and the Retry-After header of a 429.
func checkAnswer(t *testing.T, status int, json200, json429 *gen.SlackResponse, retryAfter *int, want reply) {
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

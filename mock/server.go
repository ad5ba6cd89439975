// Package mock is a fake Slack for contract tests: a stateful Enterprise Grid org that
// serves the methods of openapi.yaml (the admin.users.session family, auth.test and
// api.test) as Slack does, at /api/<method>, so that any Slack client works against it by
// changing only its base URL. Package mocktest starts one for a Go test; the binary
// mock/cmd/slackmock serves one to tests in any language.
//
// Every call passes Slack's checks in Slack's order (transport, token, scope, role, then the
// arguments against openapi.yaml) before it reaches its method; every failure answers HTTP
// 200 with {"ok":false,"error":"<code>"}. What each method needs (its scope, its rate tier,
// whether only admins may call it) is read from the spec once per process. A control API
// under /_mock/ lets tests read and replace the state, read the journal of calls, inject
// faults and set rate limits.
package mock

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/slack-contracts/admin-users-session/api"
	"github.com/slack-contracts/admin-users-session/gen"
)

// DefaultMaxBodyBytes caps the body of a call to a Slack method. Real calls are a few
// hundred bytes; a larger body answers HTTP 413 without being read further.
const DefaultMaxBodyBytes = 64 << 10

// DefaultMaxFixtureBytes caps the body of POST /_mock/fixture: room for a million sessions.
const DefaultMaxFixtureBytes = 512 << 20

// Server is the fake Slack: an http.Handler serving the Slack methods under /api/, the
// control API under /_mock/ and the spec at /openapi.yaml. It implements the generated
// strict server interface over a Store. Make one with New.
type Server struct {
	store   *Store
	initial *Fixture // what Restore and POST /_mock/restore return to
	ops     operations
	echo    *echo.Echo
	// routes are the generated handlers of the Slack methods, by name, as registered with
	// echo's router: ServeHTTP calls them without it.
	routes map[string]echo.HandlerFunc

	journal *journal
	jobs    *jobs
	faults  faults
	limiter limiter
	now     func() time.Time // the clock of the journal and the rate limit

	reqPrefix string        // starts every X-Slack-Req-Id of this mock
	reqSeq    atomic.Uint64 // numbers them

	maxBody      int64
	maxFixture   int64
	controlToken string // required by the control API when set
}

var _ gen.ServerInterface = (*Server)(nil)

// Option configures a Server.
type Option func(*Server) error

// WithFixture starts the mock with f instead of the demo fixture; Restore and
// POST /_mock/restore return to it. f must come from ParseFixture, and the mock keeps it
// (its sessions are the mock's, not copies, so that a million are held once): do not
// change it afterwards.
func WithFixture(f *Fixture) Option {
	return func(s *Server) error {
		if f == nil {
			return errors.New("mock: WithFixture(nil)")
		}
		s.initial = f
		return nil
	}
}

// WithMaxBodyBytes sets the cap on the body of a call to a Slack method (default
// DefaultMaxBodyBytes).
func WithMaxBodyBytes(n int64) Option {
	return func(s *Server) error {
		if n <= 0 {
			return fmt.Errorf("mock: max body bytes %d is not positive", n)
		}
		s.maxBody = n
		return nil
	}
}

// WithJournalSize sets how many calls the journal keeps before it drops the oldest
// (default DefaultJournalSize). It drops the oldest sooner when the calls' bodies come to
// more than JournalBytes.
func WithJournalSize(n int) Option {
	return func(s *Server) error {
		if n <= 0 {
			return fmt.Errorf("mock: journal size %d is not positive", n)
		}
		s.journal = newJournal(n)
		return nil
	}
}

// WithRateLimit enforces rl per method and token from the start, as Slack does; without
// it the mock never rate limits on its own, so that ordinary tests stay deterministic.
func WithRateLimit(rl RateLimit) Option {
	return func(s *Server) error { return s.SetRateLimit(&rl) }
}

// WithControlToken makes the control API under /_mock/ require token as
// Authorization: Bearer <token>. Without it the control API is open, which is safe only on
// loopback.
func WithControlToken(token string) Option {
	return func(s *Server) error {
		if token == "" {
			return errors.New("mock: the control token is empty")
		}
		s.controlToken = token
		return nil
	}
}

// New returns a mock serving the demo fixture, or the fixture of WithFixture.
func New(opts ...Option) (*Server, error) {
	ops, err := specOperations()
	if err != nil {
		return nil, err
	}
	var prefix [6]byte
	_, _ = rand.Read(prefix[:])
	s := &Server{
		ops:        ops,
		maxBody:    DefaultMaxBodyBytes,
		maxFixture: DefaultMaxFixtureBytes,
		journal:    newJournal(DefaultJournalSize),
		jobs:       newJobs(),
		now:        time.Now,
		reqPrefix:  hex.EncodeToString(prefix[:]),
	}
	for _, o := range opts {
		if err := o(s); err != nil {
			return nil, err
		}
	}
	if s.initial == nil {
		s.initial = demoFixture()
	}
	s.store = newSharedStore(s.initial) // the mock keeps it unchanged: see WithFixture

	s.routes = make(map[string]echo.HandlerFunc, len(ops))
	gen.RegisterHandlersWithBaseURL(apiRouter{byName: s.routes}, s, "/api")
	s.echo = sharedEcho()
	return s, nil
}

// sharedEcho is the echo that serves the control API and the spec for every mock of the
// process, built once: an echo and its routes cost a mock more than all the rest of New.
// Its handlers find the mock a request came to in the request's context (serverOf), as
// ServeHTTP puts it there.
var sharedEcho = sync.OnceValue(func() *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.Logger.SetOutput(os.Stderr) // only handleError logs, for what should never happen
	e.HTTPErrorHandler = func(err error, c echo.Context) { serverOf(c).handleError(err, c) }
	e.Use(requireControlToken)
	routeControl(e)
	return e
})

// serverKey is where ServeHTTP puts the mock in a request's context.
type serverKey struct{}

// serverOf is the mock a request to the shared echo came to.
func serverOf(c echo.Context) *Server { return c.Request().Context().Value(serverKey{}).(*Server) }

// withServer is h for the shared echo: h serves the mock the request came to.
func withServer(h func(s *Server, c echo.Context) error) echo.HandlerFunc {
	return func(c echo.Context) error { return h(serverOf(c), c) }
}

// apiRouter takes the routes of the generated server, which names each Slack method's
// path and handler, and keeps each handler by the name of its method, for ServeHTTP. The
// generated server registers POST routes only.
type apiRouter struct {
	gen.EchoRouter
	byName map[string]echo.HandlerFunc
}

// POST keeps h as the handler of the method path names.
func (r apiRouter) POST(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	if len(m) > 0 {
		panic("mock: the generated server has middleware for " + path)
	}
	r.byName[strings.TrimPrefix(path, "/api/")] = h
	return &echo.Route{Method: http.MethodPost, Path: path}
}

// ServeHTTP serves the Slack methods, the control API and the spec.
//
// A call under /api/ goes to the gate (serveAPI) with the generated handler of the method
// its path names, once unescaped (/api/auth%2Etest is auth.test), for GET and POST alike,
// in an echo context of the shared echo's. Every other path goes to the shared echo, with
// the mock in the request's context.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if name, ok := strings.CutPrefix(r.URL.Path, "/api/"); ok {
		c := s.echo.AcquireContext()
		c.Reset(r, w)
		s.serveAPI(c, name, s.routes[name]) // nil for a name that is no method: the gate refuses it
		s.echo.ReleaseContext(c)
		return
	}
	s.echo.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), serverKey{}, s)))
}

// Store returns the state of the fake org, for tests to seed and inspect directly.
func (s *Server) Store() *Store { return s.store }

// Restore returns the state to the fixture the mock started with. The journal, faults,
// rate limit and jobs stay as they are.
func (s *Server) Restore() { s.store.load(s.initial, true) }

// requestID is a new X-Slack-Req-Id: unique within the process, and across mocks.
func (s *Server) requestID() string {
	var b [32]byte // the prefix's 12 hex digits and at most 16 of the number
	return string(strconv.AppendUint(append(b[:0], s.reqPrefix...), s.reqSeq.Add(1), 16))
}

// record puts call c in the journal, with its answer's HTTP status and error code, unless it
// is there already. The handlers record their calls from inside the store's lock (their
// answers are HTTP 200), so that the journal lists the calls that reached the state in the
// order they took effect, and replaying it gives every call the answer it got; the gate
// records every other call once answered.
func (s *Server) record(c *call, status int, code api.ErrorCode) {
	if c.recorded {
		return
	}
	c.recorded = true
	c.entry.Status, c.entry.Error = status, string(code)
	s.journal.add(&c.entry)
}

func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}

// handleError answers what echo itself rejects, the Slack way under /api/ and in the
// control API's shape elsewhere, so that no client mistake meets an echo error page or a 500.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status := http.StatusInternalServerError
	var he *echo.HTTPError
	if errors.As(err, &he) {
		status = he.Code
	}
	if strings.HasPrefix(c.Request().URL.Path, "/api/") {
		c.Logger().Errorf("mock: %s %s: %v", c.Request().Method, c.Request().URL.Path, err)
		_ = writeSlack(c, http.StatusInternalServerError, slackError(api.CodeInternalError, nil))
		return
	}
	msg := http.StatusText(status)
	if he != nil {
		msg = fmt.Sprint(he.Message)
	}
	_ = writeControlError(c, status, statusCode(status), msg)
}

// slackError is Slack's answer for a failure with code, and messages if any.
func slackError(code api.ErrorCode, messages []string) gen.SlackResponse {
	r := gen.SlackResponse{Ok: false, Error: ptr(string(code))}
	if len(messages) > 0 {
		r.ResponseMetadata = &gen.ResponseMetadata{Messages: &messages}
	}
	return r
}

func ptr[T any](v T) *T { return &v }

// answerType is the Content-Type of Slack's answers.
const answerType = "application/json; charset=utf-8"

// writeSlack writes a Slack answer as Slack does: JSON, with the status given.
func writeSlack(c echo.Context, status int, answer any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // messages such as "Bearer <token>" read as written
	if err := enc.Encode(answer); err != nil {
		return err
	}
	return c.Blob(status, answerType, b.Bytes())
}

// okBody is the plain {"ok":true}, the answer of most calls, encoded once.
var okBody = []byte(`{"ok":true}` + "\n")

// Package mock is a fake Slack for contract tests: a stateful Enterprise Grid org that
// serves admin.users.session.invalidate and admin.users.session.reset as Slack does, at
// /api/<method>, so that any Slack client works against it by changing only its base URL.
//
// Every call passes Slack's checks in Slack's order (transport, token, scope, role, then the
// arguments against openapi.yaml) before the generated strict server hands it to the
// method; every failure answers HTTP 200 with {"ok":false,"error":"<code>"}. A control API
// under /_mock/ lets tests read and replace the state.
package mock

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/slack-contracts/admin-users-session/api"
	"github.com/slack-contracts/admin-users-session/gen"
)

// The Slack methods the mock serves, by their names (the operationIds of openapi.yaml).
const (
	MethodInvalidate = "admin.users.session.invalidate"
	MethodReset      = "admin.users.session.reset"
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
	initial *Fixture // what POST /_mock/reset returns to
	args    map[string]*argSchema
	echo    *echo.Echo

	journal *journal
	faults  faults
	limiter limiter
	now     func() time.Time // the clock of the journal and the rate limit

	maxBody      int64
	maxFixture   int64
	controlToken string // required by the control API when set
}

var _ gen.StrictServerInterface = (*Server)(nil)

// Option configures a Server.
type Option func(*Server) error

// WithFixture starts the mock with f instead of the demo fixture; POST /_mock/reset returns
// to it. f must come from ParseFixture, and the mock keeps it: do not change it afterwards.
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
	s := &Server{
		maxBody:    DefaultMaxBodyBytes,
		maxFixture: DefaultMaxFixtureBytes,
		journal:    newJournal(DefaultJournalSize),
		now:        time.Now,
	}
	for _, o := range opts {
		if err := o(s); err != nil {
			return nil, err
		}
	}
	if s.initial == nil {
		s.initial = DemoFixture()
	}
	s.store = NewStore(s.initial)

	doc, err := gen.GetSpec()
	if err != nil {
		return nil, fmt.Errorf("mock: loading the embedded spec: %w", err)
	}
	s.args = make(map[string]*argSchema)
	for _, m := range []string{MethodInvalidate, MethodReset} {
		if s.args[m], err = newArgSchema(doc, m); err != nil {
			return nil, err
		}
	}

	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.Logger.SetOutput(os.Stderr) // only handleError logs, for what should never happen
	e.HTTPErrorHandler = s.handleError
	gen.RegisterHandlersWithOptions(e, gen.NewStrictHandler(s, nil), gen.RegisterHandlersOptions{
		BaseURL: "/api",
		OperationMiddlewares: map[string][]echo.MiddlewareFunc{
			MethodInvalidate: {s.gate(MethodInvalidate)},
			MethodReset:      {s.gate(MethodReset)},
		},
	})
	// echo answers OPTIONS itself, 204 without a body; the Slack methods answer it as they
	// answer every HTTP method but POST.
	for m := range s.args {
		e.OPTIONS("/api/"+m, func(echo.Context) error { return echo.ErrMethodNotAllowed })
	}
	s.routeControl(e)
	s.echo = e
	return s, nil
}

// ServeHTTP serves the Slack methods, the control API and the spec.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.echo.ServeHTTP(w, r) }

// Store returns the state of the fake org, for tests to seed and inspect directly.
func (s *Server) Store() *Store { return s.store }

// Reset returns the state to the fixture the mock started with.
func (s *Server) Reset() { s.store.Load(s.initial) }

// AdminUsersSessionInvalidate serves admin.users.session.invalidate, once the gate has
// checked the call: it ends one session.
func (s *Server) AdminUsersSessionInvalidate(ctx context.Context, req gen.AdminUsersSessionInvalidateRequestObject) (gen.AdminUsersSessionInvalidateResponseObject, error) {
	c := callFrom(ctx)
	args := cmp.Or(req.JSONBody, req.FormdataBody)
	code := s.store.invalidate(c.caller, args.TeamID, args.SessionID, deref(args.UserID),
		func(code api.ErrorCode) { s.record(c, http.StatusOK, code) })
	if code == "" && len(c.warnings) == 0 {
		return okInvalidate, nil
	}
	return gen.AdminUsersSessionInvalidate200JSONResponse{AnswerJSONResponse: c.answer(code, nil)}, nil
}

// AdminUsersSessionReset serves admin.users.session.reset, once the gate has checked the
// call: it ends all of a user's sessions, or only the mobile or only the web ones.
func (s *Server) AdminUsersSessionReset(ctx context.Context, req gen.AdminUsersSessionResetRequestObject) (gen.AdminUsersSessionResetResponseObject, error) {
	c := callFrom(ctx)
	args := cmp.Or(req.JSONBody, req.FormdataBody)
	mobile, web := deref(args.MobileOnly), deref(args.WebOnly)
	if mobile && web {
		return gen.AdminUsersSessionReset200JSONResponse{AnswerJSONResponse: c.answer(api.CodeInvalidArguments,
			[]string{"[ERROR] mobile_only and web_only exclude each other: set one, or neither to end every session"})}, nil
	}
	var only ClientKind
	switch {
	case mobile:
		only = ClientMobile
	case web:
		only = ClientWeb
	}
	_, code := s.store.reset(c.caller, args.UserID, only, func(code api.ErrorCode) { s.record(c, http.StatusOK, code) })
	if code == "" && len(c.warnings) == 0 {
		return okReset, nil
	}
	return gen.AdminUsersSessionReset200JSONResponse{AnswerJSONResponse: c.answer(code, nil)}, nil
}

// record puts call c in the journal, with its answer's HTTP status and error code, unless it
// is there already. The methods record their calls from inside the store's lock (their
// answers are HTTP 200), so that the journal lists the calls that reached the state in the
// order they took effect, and replaying it gives every call the answer it got; the gate
// records every other call once answered.
func (s *Server) record(c *call, status int, code api.ErrorCode) {
	if c.recorded {
		return
	}
	c.recorded = true
	c.entry.Status, c.entry.Error = status, string(code)
	s.journal.add(c.entry)
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
		switch status {
		case http.StatusNotFound:
			_ = writeSlack(c, http.StatusOK, slackError(api.CodeUnknownMethod, nil))
		case http.StatusMethodNotAllowed:
			_ = writeSlack(c, http.StatusOK, slackError(api.CodeInvalidPostType, []string{"[ERROR] Slack methods are called with POST"}))
		default:
			c.Logger().Errorf("mock: %s %s: %v", c.Request().Method, c.Request().URL.Path, err)
			_ = writeSlack(c, http.StatusInternalServerError, slackError(api.CodeInternalError, nil))
		}
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

// writeSlack writes a Slack answer as Slack does: JSON, with the status given.
func writeSlack(c echo.Context, status int, r gen.SlackResponse) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return c.Blob(status, "application/json", append(b, '\n'))
}

// Package mock is a fake Slack for contract tests: stateful Enterprise Grid orgs that serve
// the methods of openapi.yaml (the admin.users.session family, auth.test and api.test) as
// Slack does, at /api/<method>, so that any Slack client works against it by changing only
// its base URL. Package mocktest starts one for a Go test; the binary mock/cmd/slackmock
// serves one to tests in any language.
//
// Every call passes Slack's checks in Slack's order (transport, token, scope, role, then the
// arguments against openapi.yaml) before it reaches its method (pipeline.go); every failure
// answers HTTP 200 with {"ok":false,"error":"<code>"}. What each method needs (its scope, its
// rate tier, whether only admins may call it) is read from the spec once per process. What a
// method does to an org is package mock/org's, which knows nothing of HTTP. A control API
// under /_mock/ lets tests read and replace an org's state, read the journal of its calls,
// inject faults and set rate limits.
package mock

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/slack-contracts/admin-users-session/mock/org"
)

// DefaultMaxBodyBytes caps the body of a call to a Slack method. Real calls are a few
// hundred bytes; a larger body answers HTTP 413 without being read further.
const DefaultMaxBodyBytes = 64 << 10

// DefaultMaxFixtureBytes caps the body of POST /_mock/fixture: room for a million sessions.
const DefaultMaxFixtureBytes = 512 << 20

// Server is the fake Slack: an http.Handler serving the Slack methods under /api/, the
// control API under /_mock/ and the spec at /openapi.yaml, for the org it started with (its
// embedded Tenant, whose methods it has). Make one with New.
type Server struct {
	*Tenant

	ops     operations
	fixture *org.Fixture     // what the org it started with holds (nil: the demo)
	now     func() time.Time // the clock of the journal and the rate limit

	maxBody      int64
	maxFixture   int64
	journalSize  int
	rateLimit    *RateLimit // in force in every org from its start; nil for none
	controlToken string     // required by the control API when set
	orgs         orgs       // the orgs served beside the one it started with
}

// Option configures a Server.
type Option func(*Server) error

// WithFixture starts the mock with f instead of the demo fixture; Restore and
// POST /_mock/restore return to it. f must come from org.ParseFixture, and the mock keeps it
// (its sessions are the org's, not copies, so that a million are held once): do not change
// it afterwards.
func WithFixture(f *org.Fixture) Option {
	return func(s *Server) error {
		if f == nil {
			return errors.New("mock: WithFixture(nil)")
		}
		s.fixture = f
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

// WithJournalSize sets how many calls each org's journal keeps before it drops the oldest
// (default DefaultJournalSize). It drops the oldest sooner when the calls' bodies come to more
// than JournalBytes.
func WithJournalSize(n int) Option {
	return func(s *Server) error {
		if n <= 0 {
			return fmt.Errorf("mock: journal size %d is not positive", n)
		}
		s.journalSize = n
		return nil
	}
}

// WithRateLimit enforces rl per method and token from the start, in every org, as Slack does;
// without it the mock never rate limits on its own, so that ordinary tests stay
// deterministic.
func WithRateLimit(rl RateLimit) Option {
	return func(s *Server) error {
		if err := rl.check(); err != nil {
			return fmt.Errorf("mock: rate limit: %w", err)
		}
		s.rateLimit = &rl
		return nil
	}
}

// WithControlToken makes the control API under /_mock/ (of every org) require token as
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
	s := &Server{
		ops:         ops,
		now:         time.Now,
		maxBody:     DefaultMaxBodyBytes,
		maxFixture:  DefaultMaxFixtureBytes,
		journalSize: DefaultJournalSize,
		orgs:        orgs{max: DefaultMaxOrgs},
	}
	for _, o := range opts {
		if err := o(s); err != nil {
			return nil, err
		}
	}
	if s.Tenant, err = s.newTenant("", s.fixture); err != nil {
		return nil, err
	}
	return s, nil
}

// ServeHTTP serves the Slack methods, the control API and the spec, of the org the mock
// started with at their own paths, and of each org NewOrg made under /orgs/<id>. A call under
// /api/ goes to the pipeline of the method its path names, once unescaped (/api/auth%2Etest
// is auth.test), for GET and POST alike; every other path to the control API. Slashes after
// /api/ are one slash, as most web servers merge them: a generated client given the base URL
// the mock prints, which ends in a slash for Slack's SDKs, appends "/auth.test" to it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	t, path, id, ok := s.route(r)
	if !ok {
		s.orgNotFound(w, r, id, path)
		return
	}
	if name, ok := strings.CutPrefix(path, "/api/"); ok {
		t.serveCall(w, r, strings.TrimLeft(name, "/"))
		return
	}
	if t != s.Tenant {
		r = withPath(r, path)
	}
	s.serveControl(w, r, t)
}

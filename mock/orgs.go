package mock

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-contracts/admin-users-session/mock/org"
)

// This file holds the orgs a mock serves beside the one it started with: each a Tenant of its
// own, at /orgs/<id>/api/ and /orgs/<id>/_mock/, so that the tests of a suite that runs in
// parallel each have an org of their own on one mock. A call's path shares nothing between
// orgs but the lookup of its org, in a sync.Map.

// DefaultMaxOrgs caps the orgs a mock serves at once beside the one it started with.
const DefaultMaxOrgs = 10000

// maxOrgTTL bounds an org's time to live.
const maxOrgTTL = 7 * 24 * time.Hour

// ErrTooManyOrgs is NewOrg's error when the mock serves as many orgs as its cap allows.
var ErrTooManyOrgs = errors.New("mock: the mock serves as many orgs as its cap allows (WithMaxOrgs): end one first")

// orgs are the orgs a Server serves beside the one it started with.
type orgs struct {
	byID sync.Map      // id → *Tenant: the one lookup a call of any org makes
	next atomic.Uint64 // numbers the ids, which never repeat within a process's mock
	mu   sync.Mutex    // guards live and the count against the cap
	live int
	max  int
}

// WithMaxOrgs caps the orgs the mock serves at once beside the one it started with (default
// DefaultMaxOrgs): past it, NewOrg and POST /_mock/orgs are refused.
func WithMaxOrgs(n int) Option {
	return func(s *Server) error {
		if n < 0 {
			return fmt.Errorf("mock: max orgs %d is negative", n)
		}
		s.orgs.max = n
		return nil
	}
}

// NewOrg makes an org of its own from f (nil: the fixture the mock started with, as it was
// then), with its own journal, faults, rate limit (the mock's, if WithRateLimit set one) and
// jobs, and serves it at /orgs/<id>/api/ and /orgs/<id>/_mock/ until EndOrg ends it or, when
// ttl is positive, ttl passes. f must come from org.ParseFixture, and the org keeps it: do not
// change it afterwards. The same fixture may be given to any number of orgs, which share its
// sessions (an org never changes a session in place).
func (s *Server) NewOrg(f *org.Fixture, ttl time.Duration) (*Tenant, error) {
	if ttl < 0 || ttl > maxOrgTTL {
		return nil, fmt.Errorf("mock: an org's time to live must be from 0 (none) to %s", maxOrgTTL)
	}
	if f == nil {
		f = s.fixture
	}
	s.orgs.mu.Lock()
	defer s.orgs.mu.Unlock()
	if s.orgs.live >= s.orgs.max {
		return nil, ErrTooManyOrgs
	}
	t, err := s.newTenant("o"+strconv.FormatUint(s.orgs.next.Add(1), 10), f)
	if err != nil {
		return nil, err
	}
	t.created = s.now()
	if ttl > 0 {
		t.expires = t.created.Add(ttl)
		t.expiry = time.AfterFunc(ttl, func() { s.EndOrg(t.id) })
	}
	s.orgs.live++
	s.orgs.byID.Store(t.id, t)
	return t, nil
}

// EndOrg ends the org id: it is no longer served, and the jobs it has pending are dropped
// (each says so: Error "org_ended"). It answers how many it dropped, and false when the mock
// serves no org id. Calls in flight on the org finish against its state as it was.
func (s *Server) EndOrg(id string) (droppedJobs int, ended bool) {
	v, ok := s.orgs.byID.LoadAndDelete(id)
	if !ok {
		return 0, false
	}
	t := v.(*Tenant)
	if t.expiry != nil {
		t.expiry.Stop()
	}
	s.orgs.mu.Lock()
	s.orgs.live--
	s.orgs.mu.Unlock()
	return t.jobs.drop(), true
}

// Lookup answers the org id the mock serves: one NewOrg made, or the one it started with for
// "". An org whose time to live has passed by the mock's clock is ended then, if its timer
// has not ended it yet.
func (s *Server) Lookup(id string) (*Tenant, bool) {
	if id == "" {
		return s.Tenant, true
	}
	v, ok := s.orgs.byID.Load(id)
	if !ok {
		return nil, false
	}
	t := v.(*Tenant)
	if !t.expires.IsZero() && !s.now().Before(t.expires) {
		s.EndOrg(id)
		return nil, false
	}
	return t, true
}

// Orgs answers the orgs NewOrg made that the mock still serves, oldest first.
func (s *Server) Orgs() []*Tenant {
	var out []*Tenant
	s.orgs.byID.Range(func(_, v any) bool {
		out = append(out, v.(*Tenant))
		return true
	})
	slices.SortFunc(out, func(a, b *Tenant) int { return compareIDs(a.id, b.id) })
	return out
}

// compareIDs orders org ids by their number: o2 before o10.
func compareIDs(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}

// route finds the org a request is for and the path it asks of that org: the request's own
// for the org the mock started with, and for /orgs/<id>/rest, org id and /rest. It answers
// false, with the id asked for, when the mock serves no such org.
func (s *Server) route(r *http.Request) (t *Tenant, path, id string, ok bool) {
	rest, under := strings.CutPrefix(r.URL.Path, "/orgs/")
	if !under {
		return s.Tenant, r.URL.Path, "", true
	}
	id, sub, _ := strings.Cut(rest, "/")
	t, ok = s.Lookup(id)
	if id == "" {
		ok = false
	}
	return t, "/" + sub, id, ok
}

// withPath is r for path: the request an org's own handlers see, its org's prefix taken off.
func withPath(r *http.Request, path string) *http.Request {
	r2 := new(http.Request)
	*r2 = *r
	u := *r.URL
	u.Path, u.RawPath = path, ""
	r2.URL = &u
	return r2
}

// orgNotFound answers a request for an org the mock does not serve: 404 in the control API's
// shape, for its Slack methods as for its control API, as no org answers it. The control
// token, when the mock has one, is asked for first, so that without it nobody learns which
// orgs exist.
func (s *Server) orgNotFound(w http.ResponseWriter, r *http.Request, id, path string) {
	if !strings.HasPrefix(path, "/api/") && !s.controlAllowed(r) {
		writeControlJSON(w, http.StatusUnauthorized, controlError{Error: "not_authed", Message: notAuthedMessage})
		return
	}
	writeControlJSON(w, http.StatusNotFound, controlError{Error: "org_not_found",
		Message: fmt.Sprintf("this mock serves no org %s: it ended, or never was (GET /_mock/orgs lists those it serves)", quoteID(id))})
}

// quoteID is an org id as messages show it, never more than a name's worth of what a
// client sent.
func quoteID(id string) string {
	if len(id) > 40 {
		id = id[:40] + "…"
	}
	return strconv.Quote(id)
}

// orgInfo is an org as POST and GET /_mock/orgs answer it.
type orgInfo struct {
	OK         bool       `json:"ok,omitempty"` // on POST, as every change the control API answers
	ID         string     `json:"id"`
	APIURL     string     `json:"api_url"`     // for Slack clients: the base URL of its Slack methods
	ControlURL string     `json:"control_url"` // its control API
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  *time.Time `json:"expires_at,omitempty"` // when it ends by itself, if it has a time to live
}

// infoOf describes t for a client that reached the mock at base (scheme and host).
func infoOf(t *Tenant, base string) orgInfo {
	i := orgInfo{ID: t.id, APIURL: base + t.Path() + "/api/", ControlURL: base + t.Path() + "/_mock/", CreatedAt: t.created}
	if !t.expires.IsZero() {
		e := t.expires
		i.ExpiresAt = &e
	}
	return i
}

// baseOf is the scheme and host a client reached the mock at, for the URLs it is given.
func baseOf(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

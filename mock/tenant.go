package mock

import (
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/slack-contracts/admin-users-session/mock/org"
)

// Tenant is one org the mock serves, isolated from any other it serves: its state (an
// *org.Org), the fixture it restores to, and its own journal, faults, rate limit and jobs.
// The org a Server starts with is its embedded Tenant, at /api/ and /_mock/; each org made
// with Server.NewOrg is another, at /orgs/<id>/api/ and /orgs/<id>/_mock/. Its methods are
// safe for concurrent use.
type Tenant struct {
	srv     *Server
	id      string       // "" for the org the Server started with
	org     *org.Org     // the state
	initial *org.Fixture // what Restore returns to; shared with the org's state, never changed
	journal *journal
	faults  faults
	limiter limiter
	jobs    *jobs

	reqPrefix string        // starts every X-Slack-Req-Id of this org
	reqSeq    atomic.Uint64 // numbers them

	created, expires time.Time   // when NewOrg made it, and when it ends by itself (zero: never)
	expiry           *time.Timer // ends it at expires
}

// newTenant makes the tenant id of s, holding f, with s's journal size and rate limit.
func (s *Server) newTenant(id string, f *org.Fixture) (*Tenant, error) {
	t := &Tenant{srv: s, id: id, org: org.New(f), initial: f, journal: newJournal(s.journalSize), jobs: newJobs()}
	var prefix [6]byte
	_, _ = rand.Read(prefix[:])
	t.reqPrefix = hex.EncodeToString(prefix[:])
	if s.rateLimit != nil {
		if err := t.SetRateLimit(s.rateLimit); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// ID returns the org's id: "" for the org the Server started with, the id NewOrg gave
// otherwise.
func (t *Tenant) ID() string { return t.id }

// Org returns the state of the org, for tests to seed and inspect directly.
func (t *Tenant) Org() *org.Org { return t.org }

// Restore returns the org to the fixture it started with. Its journal, faults, rate limit and
// jobs stay as they are.
func (t *Tenant) Restore() { t.org.Load(t.initial) }

// requestID is a new X-Slack-Req-Id: unique within the org, and across orgs and mocks.
func (t *Tenant) requestID() string {
	var b [32]byte // the prefix's 12 hex digits and at most 16 of the number
	return string(strconv.AppendUint(append(b[:0], t.reqPrefix...), t.reqSeq.Add(1), 16))
}

package mock

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
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

// AddFault puts f in force and returns its id, for RemoveFault.
func (t *Tenant) AddFault(f Fault) (int, error) {
	id, err := t.faults.add(f)
	if err != nil {
		return 0, fmt.Errorf("mock: fault: %w", err)
	}
	return id, nil
}

// RemoveFault takes the fault id out of force, and reports whether it was in force.
func (t *Tenant) RemoveFault(id int) bool { return t.faults.remove(id) }

// ClearFaults takes every fault out of force.
func (t *Tenant) ClearFaults() { t.faults.clear() }

// Faults lists the faults in force, in the order they match, with their tokens redacted.
func (t *Tenant) Faults() []FaultInForce { return t.faults.list() }

// Requests returns the journal of calls to method (to every Slack method when empty),
// oldest first. Calls that reached the state are in the order their changes took effect, so
// that replaying them in order gives each the answer it got.
func (t *Tenant) Requests(method string) []Call {
	e, _ := t.journal.list(method)
	return e
}

// Dropped returns how many calls the journal dropped, oldest first, to stay within its size.
func (t *Tenant) Dropped() int { return t.journal.droppedCalls() }

// ClearRequests empties the journal.
func (t *Tenant) ClearRequests() { t.journal.clear() }

// SetRateLimit enforces rl on every method and token from now on, with fresh budgets;
// nil turns rate limiting off, as it is by default.
func (t *Tenant) SetRateLimit(rl *RateLimit) error {
	if err := t.limiter.set(rl); err != nil {
		return fmt.Errorf("mock: rate limit: %w", err)
	}
	return nil
}

// Path answers where the org is served under the mock's URL: "" for the org the mock started
// with (its Slack methods at /api/), "/orgs/<id>" for the others (at /orgs/<id>/api/).
func (t *Tenant) Path() string {
	if t.id == "" {
		return ""
	}
	return "/orgs/" + t.id
}

// Created answers when NewOrg made the org (zero for the one the mock started with).
func (t *Tenant) Created() time.Time { return t.created }

// Expires answers when the org ends by itself: zero when it has no time to live.
func (t *Tenant) Expires() time.Time { return t.expires }

// Jobs returns the jobs queued since the mock started (the latest thousand), oldest first.
func (t *Tenant) Jobs() []Job { return t.jobs.snapshot() }

// WaitJobs waits until every job queued so far has finished, or ctx ends. Tests call it
// after an asynchronous method, such as admin.users.session.resetBulk, instead of sleeping.
func (t *Tenant) WaitJobs(ctx context.Context) error { return t.jobs.wait(ctx) }

// releaseJob lets j run, once its call was answered, starting a worker for the queue if
// none is running.
func (t *Tenant) releaseJob(j *Job) {
	if t.jobs.release(j) {
		go t.workJobs()
	}
}

// workJobs runs the released jobs at the head of the queue, one after another.
func (t *Tenant) workJobs() {
	for j := t.jobs.next(); j != nil; j = t.jobs.next() {
		t.runJob(j)
	}
}

// runJob ends the sessions of a resetBulk job, in one change of the org. A fault in
// force for the job (Fault.Job) fails it for the users it matches.
func (t *Tenant) runJob(j *Job) {
	results := make([]JobResult, 0, len(j.UserIDs))
	failed := false
	var afterSeq int
	t.org.Change(func(tx *org.Tx) {
		for _, u := range j.UserIDs {
			r := JobResult{UserID: u}
			if ft, ok := t.faults.take(j.Method, subjectOf(tx, map[string]any{"user_id": u}), j.token, true); ok {
				r.Error = ft.Error
			} else if n, refused := tx.Reset(j.caller, u, j.Only); refused != nil {
				r.Error = string(refused.Code)
			} else {
				r.Ended = n
			}
			failed = failed || r.Error != ""
			results = append(results, r)
		}
		afterSeq = t.journal.lastSeq()
	})
	t.jobs.finish(j, results, afterSeq, failed)
}

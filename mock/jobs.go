package mock

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/slack-contracts/admin-users-session/api/vocab"
	"github.com/slack-contracts/admin-users-session/mock/org"
)

// Job is the work that an asynchronous method, admin.users.session.resetBulk, queues. As
// Slack does, the mock answers the call as soon as the job is queued, and the job ends the
// sessions after the answer. Jobs run one at a time, in the order they were queued.
// Tenant.WaitJobs and GET /_mock/jobs?wait=… wait for the jobs to finish, so that tests need
// not sleep.
type Job struct {
	ID     int    `json:"id"`     // from 1, in the order the jobs were queued
	Method string `json:"method"` // the Slack method that queued it
	// RequestID is the X-Slack-Req-Id of the call that queued it.
	RequestID string         `json:"request_id"`
	UserIDs   []string       `json:"user_ids"`       // whose sessions it ends
	Only      org.ClientKind `json:"only,omitempty"` // mobile or web; empty for every session
	Done      bool           `json:"done"`           // it ran; Results say what it did
	// Error is failed_for_some_users when the job failed for some of its users (see
	// Results), org_ended when its org ended before it ran; empty otherwise.
	Error string `json:"error,omitempty"`
	// Results say what the job did for each user, once it is done.
	Results []JobResult `json:"results"`
	// AfterSeq is the Seq of the last call in the journal when the job ran, so that a
	// replay of the journal can apply the job where it took effect.
	AfterSeq int `json:"after_seq"`

	caller org.Caller // who queued it
	token  string     // the token it was queued with, for faults that pick a token
	ready  bool       // its call was answered, so it may run
}

// JobResult is what a job did for one user.
type JobResult struct {
	UserID string `json:"user_id"`         // the user
	Ended  int    `json:"ended"`           // how many sessions ended
	Error  string `json:"error,omitempty"` // why none did, such as user_session_reset_failed
}

// maxJobs bounds the jobs kept: the oldest finished ones are dropped past it.
const maxJobs = 1000

// jobs are the jobs queued since the mock started, oldest first, and the queue of those
// pending, which one worker at a time runs in order.
type jobs struct {
	mu      sync.Mutex
	nextID  int
	list    []*Job
	pending []*Job        // in the order they were queued
	working bool          // a worker is running the queue
	running *Job          // the job the worker is running, if any
	ended   bool          // the org ended: its jobs are dropped, new ones too
	idle    chan struct{} // closed while no job is pending
}

// errOrgEnded is the Error of a job dropped because its org ended first.
const errOrgEnded = "org_ended"

func newJobs() *jobs {
	idle := make(chan struct{})
	close(idle)
	return &jobs{idle: idle}
}

// queue adds j as pending and gives it its id. It runs once released; in an org that ended,
// it is dropped at once.
func (js *jobs) queue(j *Job) {
	js.mu.Lock()
	defer js.mu.Unlock()
	js.nextID++
	j.ID = js.nextID
	switch {
	case js.ended:
		j.Done, j.Error = true, errOrgEnded
	case len(js.pending) == 0:
		js.idle = make(chan struct{})
		fallthrough
	default:
		js.pending = append(js.pending, j)
	}
	js.list = append(js.list, j)
	if len(js.list) > maxJobs {
		if i := slices.IndexFunc(js.list, func(j *Job) bool { return j.Done }); i >= 0 {
			js.list = slices.Delete(js.list, i, i+1)
		}
	}
}

// finish marks j, the job the worker ran, done with its results.
func (js *jobs) finish(j *Job, results []JobResult, afterSeq int, failed bool) {
	js.mu.Lock()
	defer js.mu.Unlock()
	j.Done, j.Results, j.AfterSeq = true, results, afterSeq
	if failed {
		j.Error = string(vocab.CodeFailedForSomeUsers)
	}
	js.running = nil
	js.unqueue(j)
}

// unqueue takes j, which is pending, out of the queue.
func (js *jobs) unqueue(j *Job) {
	if i := slices.Index(js.pending, j); i >= 0 {
		js.pending = slices.Delete(js.pending, i, i+1)
	}
	if len(js.pending) == 0 {
		close(js.idle)
	}
}

// next answers the job a worker should run now, the head of the queue once released, or
// nil, in which case the worker stops: a release starts another.
func (js *jobs) next() *Job {
	js.mu.Lock()
	defer js.mu.Unlock()
	if len(js.pending) == 0 || !js.pending[0].ready {
		js.working = false
		return nil
	}
	js.running = js.pending[0]
	return js.running
}

// release lets j run, now that its call was answered, and answers whether a worker must be
// started for the queue.
func (js *jobs) release(j *Job) bool {
	js.mu.Lock()
	defer js.mu.Unlock()
	j.ready = true
	if js.working || len(js.pending) == 0 || !js.pending[0].ready {
		return false
	}
	js.working = true
	return true
}

// drop ends the queue of an org that ended: every pending job but the one running is done,
// with the error org_ended, and so is every job queued after. It answers how many it dropped.
func (js *jobs) drop() int {
	js.mu.Lock()
	defer js.mu.Unlock()
	js.ended = true
	n := 0
	for _, j := range slices.Clone(js.pending) {
		if j != js.running {
			j.Done, j.Error = true, errOrgEnded
			js.unqueue(j)
			n++
		}
	}
	return n
}

// snapshot copies the jobs, oldest first.
func (js *jobs) snapshot() []Job {
	js.mu.Lock()
	defer js.mu.Unlock()
	out := make([]Job, len(js.list))
	for i, j := range js.list {
		out[i] = *j
		out[i].UserIDs = slices.Clone(j.UserIDs)
		out[i].Results = slices.Clone(j.Results)
		if out[i].Results == nil {
			out[i].Results = []JobResult{}
		}
	}
	return out
}

// wait returns once no job is pending, or with ctx's error when ctx ends first.
func (js *jobs) wait(ctx context.Context) error {
	for {
		js.mu.Lock()
		idle, pending := js.idle, len(js.pending)
		js.mu.Unlock()
		if pending == 0 {
			return nil
		}
		select {
		case <-idle:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// jobWait bounds GET /_mock/jobs?wait=…: a test waits for jobs that take milliseconds.
const jobWait = time.Minute

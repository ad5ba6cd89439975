package mock

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-contracts/admin-users-session/api/vocab"
	"github.com/slack-contracts/admin-users-session/mock/internal/redact"
	"github.com/slack-contracts/admin-users-session/mock/org"
)

// Fault makes calls answer something other than what Slack would: a Slack error, a 429
// with a Retry-After, an HTTP 5xx, or the normal answer after a delay. A faulted call
// changes nothing. The zero values of the filters match every call.
type Fault struct {
	// Method limits the fault to one Slack method, such as admin.users.session.reset.
	Method string `json:"method,omitempty"`
	// UserID limits the fault to calls about one user: one named by user_id or user_ids,
	// or the user of the session that session_id names.
	UserID string `json:"user_id,omitempty"`
	// TeamID limits the fault to calls about one team: the one team_id names or, without
	// team_id, the home team of a user the call names.
	TeamID string `json:"team_id,omitempty"`
	// Token limits the fault to calls made with one token.
	Token string `json:"token,omitempty"`
	// Status is the HTTP status to answer: 200 (with Error), 429, or 500 to 599. Zero
	// means 200 when Error is set, and otherwise the normal answer after DelayMS.
	Status int `json:"status,omitempty"`
	// Error is the Slack error code to answer; it defaults to ratelimited for 429 and to
	// internal_error for 5xx.
	Error string `json:"error,omitempty"`
	// RetryAfter is the Retry-After of a 429, in seconds; 0 means 1, as Slack never
	// answers less.
	RetryAfter int `json:"retry_after,omitempty"`
	// DelayMS delays the answer, faulted or normal, by this many milliseconds (at most
	// a minute).
	DelayMS int `json:"delay_ms,omitempty"`
	// Times is how many calls the fault answers before it goes away; 0 means every call.
	Times int `json:"times,omitempty"`
	// Job makes the fault act in the job that an asynchronous method queues
	// (admin.users.session.resetBulk) instead of on the call: the call is answered ok, and
	// the job fails with Error (user_session_reset_failed by default) for each user the
	// fault matches, so that it ends failed_for_some_users. Times then counts users.
	Job bool `json:"job,omitempty"`
}

// maxFaultDelay bounds DelayMS, so that a fault cannot hang a test suite for long.
const maxFaultDelay = time.Minute

var errorCodePattern = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// checkGiven holds a fault posted to the control API to what control.yaml says of its members:
// the filters, error and status, given, are not empty or 0 (which the Go type reads as left out),
// and a job's fault is given no status, retry_after or delay_ms at all. normalize checks the rest.
func checkGiven(f Fault, given map[string]bool) error {
	for _, m := range []struct {
		name, value, leftOut string
	}{
		{"method", f.Method, "every method"},
		{"user_id", f.UserID, "every user"},
		{"team_id", f.TeamID, "every team"},
		{"token", f.Token, "every token"},
		{"error", f.Error, "the status's own error"},
	} {
		if given[m.name] && m.value == "" {
			return fmt.Errorf("fault: %s is empty: leave it out for %s", m.name, m.leftOut)
		}
	}
	switch {
	case given["status"] && f.Status == 0:
		return errors.New("fault: status 0 is not 200, 429 or 5xx: leave it out for 200 with an error, or a delay alone")
	case f.Job && (given["status"] || given["retry_after"] || given["delay_ms"]):
		return errors.New("fault: a job fault takes an error, not a status, retry_after or delay_ms")
	}
	return nil
}

// normalize checks f and fills its defaults.
func (f *Fault) normalize() error {
	ops := mustOperations()
	if f.Method != "" {
		if err := ops.knownMethod(f.Method); err != nil {
			return err
		}
	}
	if f.Error != "" && !errorCodePattern.MatchString(f.Error) {
		return fmt.Errorf("error %s is not a Slack error code (lower case, digits and _)", redact.Quote(f.Error))
	}
	if f.Job {
		return f.normalizeJob(ops)
	}
	switch {
	case f.Times < 0:
		return errors.New("times must not be negative (0 means every call)")
	case f.DelayMS < 0 || time.Duration(f.DelayMS)*time.Millisecond > maxFaultDelay:
		return fmt.Errorf("delay_ms must be between 0 and %d", maxFaultDelay.Milliseconds())
	case f.RetryAfter < 0:
		return errors.New("retry_after must not be negative")
	case f.RetryAfter > 0 && f.Status != http.StatusTooManyRequests:
		return errors.New("retry_after goes with status 429")
	}
	return f.normalizeStatus()
}

// normalizeJob checks a fault meant for a job (Job) and fills its error.
func (f *Fault) normalizeJob(ops operations) error {
	switch {
	case f.Method != "" && !ops[f.Method].async:
		return fmt.Errorf("method %s queues no job (only the methods marked x-slack-async do)", f.Method)
	case f.Times < 0:
		return errors.New("times must not be negative (0 means every user)")
	case f.Status != 0 || f.DelayMS != 0 || f.RetryAfter != 0:
		return errors.New("a job fault takes an error, not a status, retry_after or delay_ms")
	case f.Error == "":
		f.Error = string(vocab.CodeUserSessionResetFailed)
	}
	return nil
}

// normalizeStatus checks the status of a fault meant for a call, and fills its error and
// Retry-After.
func (f *Fault) normalizeStatus() error {
	switch {
	case f.Status == 0 && f.Error == "":
		if f.DelayMS == 0 {
			return errors.New("a fault needs a status, an error or a delay_ms")
		}
	case f.Status == 0 || f.Status == http.StatusOK:
		if f.Error == "" {
			return errors.New("status 200 needs an error code")
		}
		f.Status = http.StatusOK
	case f.Status == http.StatusTooManyRequests:
		if f.Error == "" {
			f.Error = string(vocab.CodeRatelimited)
		}
		f.RetryAfter = max(f.RetryAfter, 1)
	case f.Status >= 500 && f.Status <= 599:
		if f.Error == "" {
			f.Error = string(vocab.CodeInternalError)
		}
	default:
		return fmt.Errorf("status %d is not 200, 429 or 5xx", f.Status)
	}
	return nil
}

// faultRule is a Fault in force, with its id and the calls it has left.
type faultRule struct {
	id   int
	left int // 0: every call
	Fault
}

// faults holds the rules in force, in the order they were added: the first that matches a
// call answers it.
type faults struct {
	mu     sync.Mutex
	nextID int
	rules  []*faultRule
	// n is len(rules), kept with it, for any to read without the lock.
	n atomic.Int32
}

func (fs *faults) add(f Fault) (int, error) {
	if err := f.normalize(); err != nil {
		return 0, err
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.nextID++
	fs.rules = append(fs.rules, &faultRule{id: fs.nextID, left: f.Times, Fault: f})
	fs.n.Store(int32(len(fs.rules)))
	return fs.nextID, nil
}

func (fs *faults) remove(id int) bool {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for i, r := range fs.rules {
		if r.id == id {
			fs.rules = append(fs.rules[:i], fs.rules[i+1:]...)
			fs.n.Store(int32(len(fs.rules)))
			return true
		}
	}
	return false
}

// clear takes every fault out of force.
func (fs *faults) clear() {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.rules = nil
	fs.n.Store(0)
}

func (fs *faults) any() bool { return fs.n.Load() > 0 }

// take finds the first rule that matches the call (or, with job, the user of a job), counts
// it against the rule, and answers its fault.
func (fs *faults) take(method string, sub subject, token string, job bool) (Fault, bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for i, r := range fs.rules {
		if r.Job != job || (r.Method != "" && r.Method != method) ||
			(r.UserID != "" && !slices.Contains(sub.users, r.UserID)) ||
			(r.TeamID != "" && !slices.Contains(sub.teams, r.TeamID)) || (r.Token != "" && r.Token != token) {
			continue
		}
		if r.left > 0 {
			r.left--
			if r.left == 0 {
				fs.rules = append(fs.rules[:i], fs.rules[i+1:]...)
				fs.n.Store(int32(len(fs.rules)))
			}
		}
		return r.Fault, true
	}
	return Fault{}, false
}

// subject is whom a call is about, for faults that pick calls by user or team.
type subject struct {
	users []string // user_id, user_ids, or the user of the session that session_id names
	teams []string // team_id, or the home teams of the users
}

// subjectOf reads whom a call is about from its arguments, the same way for every method.
func subjectOf(tx *org.Tx, args map[string]any) subject {
	var sub subject
	if u, ok := args["user_id"].(string); ok {
		sub.users = append(sub.users, u)
	}
	if list, ok := args["user_ids"].([]any); ok {
		for _, v := range list {
			if u, ok := v.(string); ok {
				sub.users = append(sub.users, u)
			}
		}
	}
	if id, ok := args["session_id"].(int64); ok && len(sub.users) == 0 {
		if owner, ok := tx.SessionOwner(id); ok {
			sub.users = append(sub.users, owner)
		}
	}
	if t, ok := args["team_id"].(string); ok {
		sub.teams = append(sub.teams, t)
		return sub
	}
	for _, u := range sub.users {
		if team, ok := tx.HomeTeam(u); ok {
			sub.teams = append(sub.teams, team)
		}
	}
	return sub
}

// FaultInForce is a fault as GET /_mock/faults and Faults show it.
type FaultInForce struct {
	ID int `json:"id"` // what RemoveFault and DELETE /_mock/faults/{id} take
	// Left is how many calls it still answers; 0 means every call.
	Left int `json:"left"`
	Fault
}

func (fs *faults) list() []FaultInForce {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	out := make([]FaultInForce, 0, len(fs.rules))
	for _, r := range fs.rules {
		f := r.Fault
		if f.Token != "" {
			f.Token = redact.Mark
		}
		out = append(out, FaultInForce{ID: r.id, Left: r.left, Fault: f})
	}
	return out
}

// sleep waits d, or until ctx ends.
func sleep(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

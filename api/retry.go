package api

import (
	"context"
	"errors"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// The defaults of RetryPolicy.
const (
	DefaultMaxAttempts = 3                      // calls at most, the first included
	DefaultMaxWait     = 60 * time.Second       // the longest wait before one retry
	DefaultBackoff     = 500 * time.Millisecond // the first wait before retrying a 5xx or network error
)

// What the client makes of a Retry-After header that is missing or says nothing sensible.
const (
	defaultRetryAfter = time.Second // missing, negative or not a whole number of seconds
	maxRetryAfter     = time.Hour   // anything longer is taken as this
)

// RetryPolicy says when the client calls again after a call failed. Its zero value is the
// default: up to 3 attempts, retrying only HTTP 429, waiting as Slack's Retry-After says
// but never more than a minute at a time.
//
// A 429 answer is retried after the wait its Retry-After header asks for. The client stops
// and returns a *RateLimitError when the attempts are used up, when the wait is longer
// than MaxWait, or when the context's deadline would pass before the wait ends (the
// error then wraps context.DeadlineExceeded; it is returned at once, without waiting).
//
// Every other failure is returned at once, unless RetryServerErrors is set.
type RetryPolicy struct {
	// MaxAttempts is how many calls the client makes at most, the first included; 1
	// turns retries off. Zero means DefaultMaxAttempts.
	MaxAttempts int
	// MaxWait is the longest the client waits before one retry. A Retry-After longer
	// than this fails the call at once with a *RateLimitError. Zero means DefaultMaxWait.
	MaxWait time.Duration
	// RetryServerErrors also retries answers with an HTTP 5xx status and calls that got
	// no answer (network errors, not the context's), waiting Backoff, then twice as long
	// each time (capped at MaxWait), each wait shortened by a random part of up to half.
	//
	// It is off by default because these methods are not idempotent: when the answer to
	// a call that succeeded is lost, its retry fails, invalidate with session_not_found.
	RetryServerErrors bool
	// Backoff is the wait before the first retry of a 5xx or network error. Zero means
	// DefaultBackoff.
	Backoff time.Duration
}

// withDefaults fills the zero fields with the defaults, or says which field is negative.
func (p RetryPolicy) withDefaults() (RetryPolicy, error) {
	switch {
	case p.MaxAttempts < 0:
		return p, errors.New("api: RetryPolicy.MaxAttempts is negative")
	case p.MaxWait < 0:
		return p, errors.New("api: RetryPolicy.MaxWait is negative")
	case p.Backoff < 0:
		return p, errors.New("api: RetryPolicy.Backoff is negative")
	}
	if p.MaxAttempts == 0 {
		p.MaxAttempts = DefaultMaxAttempts
	}
	if p.MaxWait == 0 {
		p.MaxWait = DefaultMaxWait
	}
	if p.Backoff == 0 {
		p.Backoff = DefaultBackoff
	}
	return p, nil
}

// backoff is the wait before the retry that follows attempt (1 for the first call) when
// it met a 5xx or a network error: Backoff doubled attempt-1 times, capped at MaxWait,
// less a random part of up to half of it.
func (p RetryPolicy) backoff(attempt int) time.Duration {
	d := p.MaxWait
	if shift := attempt - 1; shift < 62 && p.Backoff <= p.MaxWait>>shift {
		d = p.Backoff << shift
	}
	half := d / 2
	return d - half + rand.N(half+1)
}

// parseRetryAfter reads a Retry-After header: whole seconds, as Slack sends. Missing,
// negative or other values (such as an HTTP date, which Slack does not send) give
// defaultRetryAfter; more than maxRetryAfter gives maxRetryAfter.
func parseRetryAfter(h string) time.Duration {
	n, err := strconv.ParseInt(strings.TrimSpace(h), 10, 64)
	switch {
	case errors.Is(err, strconv.ErrRange) && n > 0, err == nil && n > int64(maxRetryAfter/time.Second):
		return maxRetryAfter
	case err != nil || n < 0:
		return defaultRetryAfter
	}
	return time.Duration(n) * time.Second
}

// wait waits d before a retry, unless the context's deadline would pass first (it then
// returns context.DeadlineExceeded at once) or the context ends during the wait (it then
// returns the context's error).
func (c *Client) wait(ctx context.Context, d time.Duration) error {
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
		return context.DeadlineExceeded
	}
	return c.sleep(ctx, d)
}

// sleep waits d, or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

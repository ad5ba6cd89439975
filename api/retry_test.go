package api_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slack-contracts/admin-users-session/api"
)

// sleeper records the waits of a client instead of waiting.
type sleeper struct {
	mu    sync.Mutex
	waits []time.Duration
	// then runs after a wait is recorded; its error is the wait's. Nil means the wait ends.
	then func(ctx context.Context) error
}

func (s *sleeper) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.waits = append(s.waits, d)
	s.mu.Unlock()
	if s.then != nil {
		return s.then(ctx)
	}
	return nil
}

func (s *sleeper) got() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.waits)
}

// noSleep fails t if the client waits at all.
func noSleep(t *testing.T) func(context.Context, time.Duration) error {
	return func(_ context.Context, d time.Duration) error {
		t.Errorf("the client waited %v", d)
		return nil
	}
}

// failingThenOK answers the first n calls with status (and Retry-After retryAfter, unless
// it is "-" for none), then {"ok":true}; it counts the calls.
func failingThenOK(n int32, status int, retryAfter string) (http.HandlerFunc, *atomic.Int32) {
	var calls atomic.Int32
	return func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= n || n < 0 {
			if retryAfter != "-" {
				w.Header().Set("Retry-After", retryAfter)
			}
			code := "ratelimited"
			if status != http.StatusTooManyRequests {
				code = "internal_error"
			}
			answer(status, `{"ok":false,"error":"`+code+`"}`)(w, r)
			return
		}
		answer(200, `{"ok":true}`)(w, r)
	}, &calls
}

const always = -1 // for failingThenOK: fail every call

func TestParseRetryAfter(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"":                              time.Second,
		"abc":                           time.Second,
		"-5":                            time.Second,
		"1.5":                           time.Second,
		"Wed, 21 Oct 2015 07:28:00 GMT": time.Second,
		"0":                             0,
		"1":                             time.Second,
		" 7 ":                           7 * time.Second,
		"3600":                          time.Hour,
		"3601":                          time.Hour,
		"99999999999":                   time.Hour,
		"99999999999999999999999":       time.Hour,
		"-99999999999999999999999":      time.Second,
	} {
		if got := api.ParseRetryAfter(in); got != want {
			t.Errorf("ParseRetryAfter(%q) = %v, want %v", in, got, want)
		}
	}
}

// TestHostileRetryAfter checks what the client makes of Retry-After headers that are
// missing or make no sense, against a server that rate limits the first call only.
func TestHostileRetryAfter(t *testing.T) {
	for _, tc := range []struct {
		header string
		waits  []time.Duration // the waits the client makes
		calls  int32
		after  time.Duration // RetryAfter of the error, when the call fails
	}{
		{"-", []time.Duration{time.Second}, 2, 0},
		{"", []time.Duration{time.Second}, 2, 0},
		{"abc", []time.Duration{time.Second}, 2, 0},
		{"-5", []time.Duration{time.Second}, 2, 0},
		{"0", []time.Duration{0}, 2, 0},
		{"2", []time.Duration{2 * time.Second}, 2, 0},
		{"99999999999", nil, 1, time.Hour}, // over MaxWait: fails at once
	} {
		t.Run(tc.header, func(t *testing.T) {
			h, calls := failingThenOK(1, http.StatusTooManyRequests, tc.header)
			s := &sleeper{}
			c := newClient(t, fakeSlack(t, h), api.WithSleep(s.sleep))
			err := c.InvalidateSession(context.Background(), "W1", 1)
			if got := s.got(); !slices.Equal(got, tc.waits) {
				t.Errorf("waits = %v, want %v", got, tc.waits)
			}
			if n := calls.Load(); n != tc.calls {
				t.Errorf("%d calls, want %d", n, tc.calls)
			}
			var rl *api.RateLimitError
			switch {
			case tc.after == 0 && err != nil:
				t.Errorf("err = %v, want success", err)
			case tc.after != 0 && (!errors.As(err, &rl) || rl.RetryAfter != tc.after || rl.Attempts != 1 || rl.Err != nil):
				t.Errorf("err = %#v, want a RateLimitError after 1 attempt, RetryAfter %v", err, tc.after)
			}
		})
	}
}

func TestRateLimitRetriesUsedUp(t *testing.T) {
	for _, tc := range []struct {
		name  string
		p     api.RetryPolicy
		calls int32
		text  string
	}{
		{"default", api.RetryPolicy{}, 3, "slack: admin.users.session.reset: ratelimited: retry after 2s (3 attempts)"},
		{"5 attempts", api.RetryPolicy{MaxAttempts: 5}, 5, "slack: admin.users.session.reset: ratelimited: retry after 2s (5 attempts)"},
		{"retries off", api.RetryPolicy{MaxAttempts: 1}, 1, "slack: admin.users.session.reset: ratelimited: retry after 2s (1 attempt)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, calls := failingThenOK(always, http.StatusTooManyRequests, "2")
			s := &sleeper{}
			c := newClient(t, fakeSlack(t, h), api.WithRetry(tc.p), api.WithSleep(s.sleep))
			err := c.ResetSessions(context.Background(), "W1", api.AllSessions)
			var rl *api.RateLimitError
			if !errors.As(err, &rl) || !errors.Is(err, api.CodeRatelimited) {
				t.Fatalf("err = %v, want a RateLimitError", err)
			}
			if rl.RetryAfter != 2*time.Second || int32(rl.Attempts) != tc.calls || rl.Err != nil || err.Error() != tc.text {
				t.Errorf("err = %q %+v", err, rl)
			}
			if n := calls.Load(); n != tc.calls {
				t.Errorf("%d calls, want %d", n, tc.calls)
			}
			if got := s.got(); len(got) != int(tc.calls-1) {
				t.Errorf("waits = %v, want %d of 2s", got, tc.calls-1)
			}
		})
	}
}

func TestRateLimitWaitTooLong(t *testing.T) {
	h, calls := failingThenOK(always, http.StatusTooManyRequests, "11")
	c := newClient(t, fakeSlack(t, h), api.WithRetry(api.RetryPolicy{MaxWait: 10 * time.Second}), api.WithSleep(noSleep(t)))
	err := c.InvalidateSession(context.Background(), "W1", 1)
	var rl *api.RateLimitError
	if !errors.As(err, &rl) || rl.RetryAfter != 11*time.Second || rl.Attempts != 1 || calls.Load() != 1 {
		t.Errorf("err = %v after %d calls, want a RateLimitError after 1", err, calls.Load())
	}
}

func TestRateLimitContext(t *testing.T) {
	t.Run("deadline before the wait ends", func(t *testing.T) {
		h, calls := failingThenOK(always, http.StatusTooManyRequests, "30")
		c := newClient(t, fakeSlack(t, h), api.WithSleep(noSleep(t)))
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		err := c.InvalidateSession(ctx, "W1", 1)
		var rl *api.RateLimitError
		if !errors.As(err, &rl) || !errors.Is(err, context.DeadlineExceeded) || rl.RetryAfter != 30*time.Second || calls.Load() != 1 {
			t.Errorf("err = %v after %d calls, want a RateLimitError wrapping DeadlineExceeded after 1", err, calls.Load())
		}
		if ctx.Err() != nil {
			t.Error("the client waited for the deadline")
		}
		const want = "slack: admin.users.session.invalidate: ratelimited: retry after 30s (1 attempt): stopped waiting: context deadline exceeded"
		if err.Error() != want {
			t.Errorf("Error() = %q\nwant      %q", err, want)
		}
	})
	t.Run("cancelled during the wait", func(t *testing.T) {
		h, calls := failingThenOK(always, http.StatusTooManyRequests, "1")
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		s := &sleeper{then: func(ctx context.Context) error {
			cancel()
			return ctx.Err()
		}}
		c := newClient(t, fakeSlack(t, h), api.WithSleep(s.sleep))
		err := c.InvalidateSession(ctx, "W1", 1)
		var rl *api.RateLimitError
		if !errors.As(err, &rl) || !errors.Is(err, context.Canceled) || calls.Load() != 1 {
			t.Errorf("err = %v after %d calls, want a RateLimitError wrapping Canceled after 1", err, calls.Load())
		}
	})
}

func TestServerErrors(t *testing.T) {
	t.Run("not retried by default", serverErrorNotRetried)
	t.Run("retried when asked", serverErrorRetried)
	t.Run("retries used up", serverErrorRetriesUsedUp)
	t.Run("not a Slack answer is retried only for a 5xx", serverErrorNotSlackAnswer)
	t.Run("a backoff past the deadline is not waited", serverErrorBackoffPastDeadline)
}

// serverErrorNotRetried checks that an HTTP 500 is not retried by default: the call fails with
// internal_error and HTTP 500 after one call.
func serverErrorNotRetried(t *testing.T) {
	h, calls := failingThenOK(1, http.StatusInternalServerError, "-")
	c := newClient(t, fakeSlack(t, h), api.WithSleep(noSleep(t)))
	err := c.InvalidateSession(context.Background(), "W1", 1)
	var e *api.Error
	if !errors.As(err, &e) || e.Code != api.CodeInternalError || e.StatusCode != 500 || calls.Load() != 1 {
		t.Errorf("err = %v after %d calls, want internal_error HTTP 500 after 1", err, calls.Load())
	}
}

// serverErrorRetried checks that 5xx answers are retried when the policy asks: the call
// succeeds at the third, after waits of the 1s backoff with its jitter, one in [0.5s, 1s] and
// one in [1s, 2s].
func serverErrorRetried(t *testing.T) {
	h, calls := failingThenOK(2, http.StatusServiceUnavailable, "-")
	s := &sleeper{}
	c := newClient(t, fakeSlack(t, h), api.WithSleep(s.sleep), api.WithRetry(api.RetryPolicy{RetryServerErrors: true, Backoff: time.Second}))
	if err := c.InvalidateSession(context.Background(), "W1", 1); err != nil || calls.Load() != 3 {
		t.Fatalf("err = %v after %d calls, want success after 3", err, calls.Load())
	}
	w := s.got()
	if len(w) != 2 || w[0] < 500*time.Millisecond || w[0] > time.Second || w[1] < time.Second || w[1] > 2*time.Second {
		t.Errorf("waits = %v, want one in [0.5s, 1s] and one in [1s, 2s]", w)
	}
}

// serverErrorRetriesUsedUp checks that a 5xx answered to every call fails the call with that
// status once the default three attempts are used up.
func serverErrorRetriesUsedUp(t *testing.T) {
	h, calls := failingThenOK(always, http.StatusBadGateway, "-")
	c := newClient(t, fakeSlack(t, h), api.WithSleep((&sleeper{}).sleep), api.WithRetry(api.RetryPolicy{RetryServerErrors: true}))
	err := c.InvalidateSession(context.Background(), "W1", 1)
	var e *api.Error
	if !errors.As(err, &e) || e.StatusCode != 502 || calls.Load() != 3 {
		t.Errorf("err = %v after %d calls, want the HTTP 502 after 3", err, calls.Load())
	}
}

// serverErrorNotSlackAnswer checks that an answer that is not Slack's is retried for a 5xx and
// not for a 200: the call fails with a *ResponseError of the HTTP 200 page after two calls.
func serverErrorNotSlackAnswer(t *testing.T) {
	var calls atomic.Int32
	c := newClient(t, fakeSlack(t, func(w http.ResponseWriter, r *http.Request) {
		status := 200
		if calls.Add(1) == 1 {
			status = 504
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte("<html>"))
	}), api.WithSleep((&sleeper{}).sleep), api.WithRetry(api.RetryPolicy{RetryServerErrors: true}))
	err := c.InvalidateSession(context.Background(), "W1", 1)
	var re *api.ResponseError
	if !errors.As(err, &re) || re.StatusCode != 200 || calls.Load() != 2 {
		t.Errorf("err = %v after %d calls, want the HTTP 200 page after 2", err, calls.Load())
	}
}

// serverErrorBackoffPastDeadline checks that a backoff that would end past the context's
// deadline is not waited: the call fails at once with internal_error and DeadlineExceeded.
func serverErrorBackoffPastDeadline(t *testing.T) {
	h, calls := failingThenOK(always, http.StatusInternalServerError, "-")
	c := newClient(t, fakeSlack(t, h), api.WithSleep(noSleep(t)), api.WithRetry(api.RetryPolicy{RetryServerErrors: true, Backoff: 30 * time.Second}))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := c.InvalidateSession(ctx, "W1", 1)
	if !errors.Is(err, api.CodeInternalError) || !errors.Is(err, context.DeadlineExceeded) || calls.Load() != 1 {
		t.Errorf("err = %v after %d calls, want internal_error and DeadlineExceeded after 1", err, calls.Load())
	}
}

func TestNetworkErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		p     api.RetryPolicy
		calls int32
	}{
		{"not retried by default", api.RetryPolicy{}, 1},
		{"retried when asked", api.RetryPolicy{RetryServerErrors: true}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var calls atomic.Int32
			refused := errors.New("connection refused")
			c := newClient(t, "http://127.0.0.1:1/api/", api.WithSleep((&sleeper{}).sleep), api.WithRetry(tc.p),
				api.WithDoer(doerFunc(func(*http.Request) (*http.Response, error) {
					calls.Add(1)
					return nil, refused
				})))
			err := c.ResetSessions(context.Background(), "W1", api.AllSessions)
			if !errors.Is(err, refused) || calls.Load() != tc.calls {
				t.Errorf("err = %v after %d calls, want the network error after %d", err, calls.Load(), tc.calls)
			}
			if want := "slack: admin.users.session.reset: connection refused"; err.Error() != want {
				t.Errorf("Error() = %q, want %q", err, want)
			}
		})
	}
}

func TestBackoff(t *testing.T) {
	p := api.RetryPolicy{Backoff: time.Second, MaxWait: 10 * time.Second}
	for attempt, full := range map[int]time.Duration{
		1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 4: 8 * time.Second,
		5: 10 * time.Second, 63: 10 * time.Second, 1000: 10 * time.Second,
	} {
		for range 100 {
			if got := api.Backoff(p, attempt); got < full/2 || got > full {
				t.Fatalf("Backoff(attempt %d) = %v, want in [%v, %v]", attempt, got, full/2, full)
			}
		}
	}
	if got := api.Backoff(api.RetryPolicy{}, 1); got < api.DefaultBackoff/2 || got > api.DefaultBackoff {
		t.Errorf("default Backoff(1) = %v", got)
	}
}

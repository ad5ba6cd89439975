package api_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/slack-contracts/admin-users-session/api"
	"github.com/slack-contracts/admin-users-session/mock"
	"github.com/slack-contracts/admin-users-session/mock/mocktest"
)

// statuses returns the HTTP statuses of the journal's calls of method, oldest first.
func statuses(m *mocktest.Mock, method string) []int {
	var out []int
	for _, e := range m.Requests(method) {
		out = append(out, e.Status)
	}
	return out
}

func TestMockRateLimitOnceIsRetried(t *testing.T) {
	m := mocktest.Start(t)
	m.Fault(t, mock.Fault{Method: api.MethodReset, Status: http.StatusTooManyRequests, RetryAfter: 1, Times: 1})
	s := &sleeper{}
	c := m.Client(t, adminToken, api.WithSleep(s.sleep))
	if err := c.ResetSessions(context.Background(), bob, api.AllSessions); err != nil {
		t.Fatalf("ResetSessions: %v", err)
	}
	if got := s.got(); !slices.Equal(got, []time.Duration{time.Second}) {
		t.Errorf("waits = %v, want [1s]", got)
	}
	if got := statuses(m, api.MethodReset); !slices.Equal(got, []int{429, 200}) {
		t.Errorf("journal statuses = %v, want [429 200]", got)
	}
	if ids := sessionIDs(m, bob); len(ids) != 0 {
		t.Errorf("Bob still has sessions %v", ids)
	}
}

func TestMockRateLimitAlways(t *testing.T) {
	m := mocktest.Start(t)
	m.Fault(t, mock.Fault{Method: api.MethodInvalidate, Status: http.StatusTooManyRequests, RetryAfter: 1})
	s := &sleeper{}
	c := m.Client(t, adminToken, api.WithSleep(s.sleep))
	err := c.InvalidateSession(context.Background(), bob, bobMobile)
	var rl *api.RateLimitError
	if !errors.As(err, &rl) || rl.RetryAfter != time.Second || rl.Attempts != api.DefaultMaxAttempts || rl.Err != nil {
		t.Fatalf("err = %v, want a RateLimitError of 1s after %d attempts", err, api.DefaultMaxAttempts)
	}
	if got := statuses(m, api.MethodInvalidate); !slices.Equal(got, []int{429, 429, 429}) {
		t.Errorf("journal statuses = %v, want 3 × 429", got)
	}
	if got := s.got(); !slices.Equal(got, []time.Duration{time.Second, time.Second}) {
		t.Errorf("waits = %v, want [1s 1s]", got)
	}
	if _, ok := m.Org().Session(bobMobile); !ok {
		t.Error("a rate-limited call ended the session")
	}
}

func TestMockRateLimitNotWaited(t *testing.T) {
	for _, tc := range []struct {
		name       string
		retryAfter int
		timeout    time.Duration // of the context; 0 for none
		deadline   bool          // whether the error wraps context.DeadlineExceeded
	}{
		{"deadline before the wait ends", 30, 10 * time.Second, true},
		{"Retry-After over MaxWait", 61, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := mocktest.Start(t)
			m.Fault(t, mock.Fault{Status: http.StatusTooManyRequests, RetryAfter: tc.retryAfter})
			c := m.Client(t, adminToken, api.WithSleep(noSleep(t)))
			ctx := context.Background()
			if tc.timeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tc.timeout)
				defer cancel()
			}
			err := c.ResetSessions(ctx, bob, api.MobileOnly)
			var rl *api.RateLimitError
			if !errors.As(err, &rl) || rl.RetryAfter != time.Duration(tc.retryAfter)*time.Second || rl.Attempts != 1 ||
				errors.Is(err, context.DeadlineExceeded) != tc.deadline {
				t.Errorf("err = %v, want a RateLimitError after 1 attempt (deadline %v)", err, tc.deadline)
			}
			if n := len(m.Requests(api.MethodReset)); n != 1 {
				t.Errorf("%d calls in the journal, want 1", n)
			}
		})
	}
}

func TestMockServerError(t *testing.T) {
	for _, tc := range []struct {
		name     string
		times    int
		retry    bool
		statuses []int
		ok       bool
	}{
		{"not retried by default", 1, false, []int{500}, false},
		{"retried when asked", 1, true, []int{500, 200}, true},
		{"retries used up", 0, true, []int{500, 500, 500}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := mocktest.Start(t)
			m.Fault(t, mock.Fault{Method: api.MethodInvalidate, Status: http.StatusInternalServerError, Times: tc.times})
			c := m.Client(t, adminToken, api.WithSleep((&sleeper{}).sleep), api.WithRetry(api.RetryPolicy{RetryServerErrors: tc.retry}))
			err := c.InvalidateSession(context.Background(), bob, bobMobile)
			var e *api.Error
			switch {
			case tc.ok && err != nil:
				t.Errorf("err = %v, want success", err)
			case !tc.ok && (!errors.As(err, &e) || e.Code != api.CodeInternalError || e.StatusCode != 500):
				t.Errorf("err = %v, want internal_error HTTP 500", err)
			}
			if got := statuses(m, api.MethodInvalidate); !slices.Equal(got, tc.statuses) {
				t.Errorf("journal statuses = %v, want %v", got, tc.statuses)
			}
			if _, live := m.Org().Session(bobMobile); live == tc.ok {
				t.Errorf("session live = %v after a call that succeeded = %v", live, tc.ok)
			}
		})
	}
}

package mocktest_test

import (
	"context"
	"testing"
	"time"

	"github.com/slack-contracts/admin-users-session/api"
	"github.com/slack-contracts/admin-users-session/mock"
	"github.com/slack-contracts/admin-users-session/mock/mocktest"
)

// TestClientRetriesAtOnce checks that the helper's client retries a 429 without the wait
// its Retry-After asks for, so that a test of rate limiting does not sleep, and that
// api.WithSleep given to it still sees the wait.
func TestClientRetriesAtOnce(t *testing.T) {
	const retryAfter = 59 * time.Second // within the default MaxWait, so it is retried
	m := mocktest.Start(t)
	fault := mock.Fault{Method: api.MethodReset, Status: 429, RetryAfter: int(retryAfter / time.Second), Times: 1}

	m.Fault(t, fault)
	start := time.Now()
	if err := m.Client(t, "xoxp-demo-admin").ResetSessions(context.Background(), "W0BOB0001", api.AllSessions); err != nil {
		t.Fatal(err)
	}
	// Not a timing goal: with a real wait the call takes the whole 59 s.
	if took := time.Since(start); took >= retryAfter {
		t.Errorf("the call took %v: the client waited", took)
	}
	var statuses []int
	for _, e := range m.Requests(api.MethodReset) {
		statuses = append(statuses, e.Status)
	}
	if len(statuses) != 2 || statuses[0] != 429 || statuses[1] != 200 {
		t.Errorf("the journal's statuses are %v, want a 429 and its retry", statuses)
	}

	m.Fault(t, fault)
	var waits []time.Duration
	record := api.WithSleep(func(ctx context.Context, d time.Duration) error {
		waits = append(waits, d)
		return ctx.Err()
	})
	if err := m.Client(t, "xoxp-demo-admin", record).ResetSessions(context.Background(), "W0ALICE01", api.AllSessions); err != nil {
		t.Fatal(err)
	}
	if len(waits) != 1 || waits[0] != retryAfter {
		t.Errorf("api.WithSleep saw the waits %v, want [%v]", waits, retryAfter)
	}
}

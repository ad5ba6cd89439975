// Package mocktest starts the fake Slack of package mock for Go tests: one call gives a
// running server on 127.0.0.1, closed when the test ends, with its base URL, its state, its
// journal and its faults, and a client of package api that calls it. Suites in other
// languages run the same mock as the binary mock/cmd/slackmock.
//
//	func TestOffboarding(t *testing.T) {
//		m := mocktest.Start(t)
//		c := m.Client(t, "xoxp-demo-admin")
//		if err := c.ResetSessions(t.Context(), "W0BOB0001", api.AllSessions); err != nil {
//			t.Fatal(err)
//		}
//		if left := m.Org().Sessions("W0BOB0001", ""); len(left) != 0 {
//			t.Errorf("Bob still has %d sessions", len(left))
//		}
//	}
package mocktest

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/slack-contracts/admin-users-session/api"
	"github.com/slack-contracts/admin-users-session/mock"
)

// Mock is a running fake Slack for one test.
type Mock struct {
	// Server is the mock itself: its state, its journal and its faults.
	*mock.Server
	// URL is the root of the server, such as http://127.0.0.1:40123. The control API is
	// under URL+"/_mock/".
	URL string
	// APIURL is the base URL of the Slack Web API on the mock, URL+"/api/": give it to
	// any Slack client in place of https://slack.com/api/.
	APIURL string
}

// Start starts a mock with opts (the demo fixture when none is given) on 127.0.0.1 and a
// free port, and closes it when t ends.
func Start(t testing.TB, opts ...mock.Option) *Mock {
	t.Helper()
	s, err := mock.New(opts...)
	if err != nil {
		t.Fatalf("mocktest: %v", err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("mocktest: %v", err)
	}
	srv := &httptest.Server{Listener: l, Config: &http.Server{Handler: s}}
	srv.Start()
	t.Cleanup(srv.Close)
	return &Mock{Server: s, URL: srv.URL, APIURL: srv.URL + "/api/"}
}

// Fault puts f in force until t ends, and fails t if f is not a valid fault.
func (m *Mock) Fault(t testing.TB, f mock.Fault) {
	t.Helper()
	id, err := m.AddFault(f)
	if err != nil {
		t.Fatalf("mocktest: %v", err)
	}
	t.Cleanup(func() { m.RemoveFault(id) })
}

// Client returns an api.Client that calls the mock with token, such as the demo fixture's
// "xoxp-demo-admin", and opts; it fails t if the options are refused. It retries without
// waiting: a 429 with Retry-After: 30 is retried at once, when the client's retry policy
// and the context's deadline allow that wait. Pass api.WithSleep to wait, or to record the
// waits.
func (m *Mock) Client(t testing.TB, token string, opts ...api.Option) *api.Client {
	t.Helper()
	c, err := api.New(token, append([]api.Option{api.WithBaseURL(m.APIURL), api.WithSleep(noWait)}, opts...)...)
	if err != nil {
		t.Fatalf("mocktest: %v", err)
	}
	return c
}

// noWait is the sleep of Client's api.Client: it returns at once.
func noWait(ctx context.Context, _ time.Duration) error { return ctx.Err() }

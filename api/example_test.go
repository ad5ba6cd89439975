package api_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/slack-contracts/admin-users-session/api"
	"github.com/slack-contracts/admin-users-session/mock"
)

// startMock starts the fake Slack of package mock, with its demo org, on 127.0.0.1. Its
// API URL stands in for https://slack.com/api/.
func startMock() (apiURL string, m *mock.Server, stop func()) {
	m, err := mock.New()
	if err != nil {
		log.Fatal(err)
	}
	srv := httptest.NewServer(m)
	return srv.URL + "/api/", m, srv.Close
}

func ExampleClient_InvalidateSession() {
	apiURL, m, stop := startMock()
	defer stop()

	c, err := api.New("xoxp-demo-admin", api.WithBaseURL(apiURL))
	if err != nil {
		log.Fatal(err)
	}
	if err := c.InvalidateSession(context.Background(), "W0BOB0001", 1112275520242); err != nil {
		log.Fatal(err)
	}
	_, live := m.Store().Session(1112275520242)
	fmt.Println("session 1112275520242 live:", live)
	// Output:
	// session 1112275520242 live: false
}

func ExampleClient_ResetSessions() {
	apiURL, m, stop := startMock()
	defer stop()

	c, err := api.New("xoxp-demo-admin", api.WithBaseURL(apiURL))
	if err != nil {
		log.Fatal(err)
	}
	// Sign Bob out on his phones and tablets only.
	if err := c.ResetSessions(context.Background(), "W0BOB0001", api.MobileOnly); err != nil {
		log.Fatal(err)
	}
	for _, s := range m.Store().Sessions("W0BOB0001", "") {
		fmt.Println(s.SessionID, s.Client)
	}
	// Output:
	// 1112275520243 web
	// 1112275520244 web
}

// This example tells apart the errors a call may end with.
func Example_errors() {
	apiURL, m, stop := startMock()
	defer stop()
	ctx := context.Background()

	describe := func(err error) string {
		var (
			rl *api.RateLimitError
			e  *api.Error
		)
		switch {
		case err == nil:
			return "done"
		case errors.As(err, &rl):
			return fmt.Sprintf("rate limited: try again in %v", rl.RetryAfter)
		case errors.As(err, &e) && e.Code == api.CodeMissingScope:
			return "the token lacks the scope " + strings.Join(e.Needed, ", ")
		case errors.Is(err, api.CodeUserNotFound):
			return "no such user"
		default:
			return "failed: " + err.Error()
		}
	}

	admin, err := api.New("xoxp-demo-admin", api.WithBaseURL(apiURL),
		api.WithRetry(api.RetryPolicy{MaxAttempts: 1})) // no retries, to show the 429
	if err != nil {
		log.Fatal(err)
	}
	readonly, err := api.New("xoxp-demo-readonly", api.WithBaseURL(apiURL))
	if err != nil {
		log.Fatal(err)
	}

	fmt.Println(describe(admin.ResetSessions(ctx, "W0NOBODY1", api.AllSessions)))
	fmt.Println(describe(readonly.ResetSessions(ctx, "W0BOB0001", api.AllSessions)))
	if _, err := m.AddFault(mock.Fault{Status: http.StatusTooManyRequests, RetryAfter: 30, Times: 1}); err != nil {
		log.Fatal(err)
	}
	fmt.Println(describe(admin.ResetSessions(ctx, "W0BOB0001", api.AllSessions)))
	fmt.Println(describe(admin.ResetSessions(ctx, "W0BOB0001", api.AllSessions)))
	// Output:
	// no such user
	// the token lacks the scope admin.users:write
	// rate limited: try again in 30s
	// done
}

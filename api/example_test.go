package api_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/slack-contracts/admin-users-session/api"
	"github.com/slack-contracts/admin-users-session/gen"
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

// This example makes a client with its options: the base URL (here the mock's, in place of
// https://slack.com/api/), a retry policy and a user agent.
func ExampleNew() {
	apiURL, _, stop := startMock()
	defer stop()

	c, err := api.New("xoxp-demo-admin", // a user token of an org admin, scopes admin.users:read and :write
		api.WithBaseURL(apiURL),
		api.WithRetry(api.RetryPolicy{MaxAttempts: 5, MaxWait: 30 * time.Second}), // wait out up to 4 rate limits
		api.WithUserAgent("session-janitor/1.0"),
	)
	if err != nil {
		log.Fatal(err)
	}
	id, err := c.AuthTest(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("signed in as", id.User, "of", id.Team)
	// Output:
	// signed in as Ada Admin of Acme Corp
}

func ExampleClient_AuthTest() {
	apiURL, _, stop := startMock()
	defer stop()

	c, err := api.New("xoxp-demo-admin", api.WithBaseURL(apiURL))
	if err != nil {
		log.Fatal(err)
	}
	id, err := c.AuthTest(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(id.UserID, id.TeamID, id.EnterpriseID, id.URL, id.IsEnterpriseInstall)
	fmt.Println("scopes:", id.Scopes)
	// Output:
	// W0ADMIN01 E0DEMO001 E0DEMO001 https://acme.enterprise.slack.com/ true
	// scopes: [admin.users:read admin.users:write]
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
	_, live := m.Org().Session(1112275520242)
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
	for _, s := range m.Org().Sessions("W0BOB0001", "") {
		fmt.Println(s.SessionID, s.Client)
	}
	// Output:
	// 1112275520243 web
	// 1112275520244 web
}

func ExampleClient_ListSessions() {
	apiURL, _, stop := startMock()
	defer stop()
	ctx := context.Background()

	c, err := api.New("xoxp-demo-readonly", api.WithBaseURL(apiURL)) // admin.users:read is enough
	if err != nil {
		log.Fatal(err)
	}
	// The iterator follows the cursors: two sessions a page here, but one loop.
	n := 0
	for _, err := range c.ListSessions(ctx, api.ListOptions{Limit: 2}) {
		if err != nil {
			log.Fatal(err)
		}
		n++
	}
	fmt.Println(n, "live sessions in the org")

	// One user's sessions in one workspace, with the devices they began on.
	for s, err := range c.ListSessions(ctx, api.ListOptions{UserID: "W0BOB0001", TeamID: "T0DEMO002"}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(s.SessionID, s.Created.Hardware, s.Created.OS, s.Created.OSVersion)
	}
	// Output:
	// 7 live sessions in the org
	// 1112275520242 iPhone iOS 18.1
	// 1112275520243 Mac macOS 15.1
}

func ExampleClient_ResetSessionsBulk() {
	apiURL, m, stop := startMock()
	defer stop()
	ctx := context.Background()

	c, err := api.New("xoxp-demo-admin", api.WithBaseURL(apiURL))
	if err != nil {
		log.Fatal(err)
	}
	// Sign Bob and Alice out of the web; lists over 1000 users are split over several calls.
	if err := c.ResetSessionsBulk(ctx, []string{"W0BOB0001", "W0ALICE01"}, api.WebOnly); err != nil {
		log.Fatal(err)
	}
	// Slack answers once it has queued the job; the mock lets a test wait for the job.
	if err := m.WaitJobs(ctx); err != nil {
		log.Fatal(err)
	}
	for _, user := range []string{"W0BOB0001", "W0ALICE01"} {
		for _, s := range m.Org().Sessions(user, "") {
			fmt.Println(user, s.SessionID, s.Client)
		}
	}
	// Output:
	// W0BOB0001 1112275520242 mobile
	// W0ALICE01 2220000000001 mobile
}

func ExampleClient_SetSessionSettings() {
	apiURL, _, stop := startMock()
	defer stop()
	ctx := context.Background()

	c, err := api.New("xoxp-demo-admin", api.WithBaseURL(apiURL))
	if err != nil {
		log.Fatal(err)
	}
	// Bob's sessions last 12 hours; a nil field (DesktopAppBrowserQuit) stays as it was.
	halfDay := 12 * time.Hour
	if err := c.SetSessionSettings(ctx, []string{"W0BOB0001"}, api.SessionSettings{Duration: &halfDay}); err != nil {
		log.Fatal(err)
	}
	settings, none, err := c.SessionSettings(ctx, []string{"W0BOB0001", "W0ALICE01"})
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range settings {
		fmt.Println(s.UserID, "sessions last", *s.Duration)
	}
	fmt.Println("no settings of their own:", none)
	// Output:
	// W0BOB0001 sessions last 12h0m0s
	// no settings of their own: [W0ALICE01]
}

// This example tells apart the errors a call may end with.
func Example_errors() {
	apiURL, m, stop := startMock()
	defer stop()
	ctx := context.Background()

	describe := func(err error) string {
		var (
			ae *api.ArgumentError
			rl *api.RateLimitError
			e  *api.Error
		)
		switch {
		case err == nil:
			return "done"
		case errors.As(err, &ae):
			return "not sent: " + ae.Arg + " " + ae.Problem
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

	fmt.Println(describe(admin.InvalidateSession(ctx, "", 1112275520242)))
	fmt.Println(describe(admin.ResetSessions(ctx, "W0NOBODY1", api.AllSessions)))
	fmt.Println(describe(readonly.ResetSessions(ctx, "W0BOB0001", api.AllSessions)))
	if _, err := m.AddFault(mock.Fault{Status: http.StatusTooManyRequests, RetryAfter: 30, Times: 1}); err != nil {
		log.Fatal(err)
	}
	fmt.Println(describe(admin.ResetSessions(ctx, "W0BOB0001", api.AllSessions)))
	fmt.Println(describe(admin.ResetSessions(ctx, "W0BOB0001", api.AllSessions)))
	// Output:
	// not sent: user_id is empty
	// no such user
	// the token lacks the scope admin.users:write
	// rate limited: try again in 30s
	// done
}

// ClearSessionSettings removes users' own settings, so that the org's apply to them again.
func ExampleClient_ClearSessionSettings() {
	apiURL, _, stop := startMock()
	defer stop()
	ctx := context.Background()

	c, err := api.New("xoxp-demo-admin", api.WithBaseURL(apiURL))
	if err != nil {
		log.Fatal(err)
	}
	quit := true
	if err := c.SetSessionSettings(ctx, []string{"W0BOB0001"}, api.SessionSettings{DesktopAppBrowserQuit: &quit}); err != nil {
		log.Fatal(err)
	}
	if err := c.ClearSessionSettings(ctx, []string{"W0BOB0001"}); err != nil {
		log.Fatal(err)
	}
	_, none, err := c.SessionSettings(ctx, []string{"W0BOB0001"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("no settings of their own:", none)
	// Output:
	// no settings of their own: [W0BOB0001]
}

func ExampleClient_SessionSettings() {
	apiURL, _, stop := startMock()
	defer stop()
	ctx := context.Background()

	c, err := api.New("xoxp-demo-admin", api.WithBaseURL(apiURL))
	if err != nil {
		log.Fatal(err)
	}
	if err := c.SetSessionSettings(ctx, []string{"W0BOB0001"}, api.SessionSettings{Duration: ptr(12 * time.Hour)}); err != nil {
		log.Fatal(err)
	}
	set, none, err := c.SessionSettings(ctx, []string{"W0BOB0001", "W0ALICE01"})
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range set {
		fmt.Println(s.UserID, "sessions last", *s.Duration, "; quitting ends them:", s.DesktopAppBrowserQuit != nil && *s.DesktopAppBrowserQuit)
	}
	fmt.Println("no settings of their own:", none)
	// Output:
	// W0BOB0001 sessions last 12h0m0s ; quitting ends them: false
	// no settings of their own: [W0ALICE01]
}

// Raw reaches what the package does not wrap, such as api.test, through the generated client:
// the same token, base URL and HTTP client, without retries or typed errors.
func ExampleClient_Raw() {
	apiURL, _, stop := startMock()
	defer stop()

	c, err := api.New("xoxp-demo-admin", api.WithBaseURL(apiURL))
	if err != nil {
		log.Fatal(err)
	}
	args := gen.APITestArgs{}
	args.Set("foo", "bar")
	res, err := c.Raw().APITestWithResponse(context.Background(), args)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.StatusCode(), res.JSON200.Ok, (*res.JSON200.Args)["foo"])
	// Output:
	// 200 true bar
}

// ListSessionsPage lists one page at a time, for callers that keep the cursor themselves,
// such as a job that resumes where it stopped.
func ExampleClient_ListSessionsPage() {
	apiURL, _, stop := startMock()
	defer stop()
	ctx := context.Background()

	c, err := api.New("xoxp-demo-admin", api.WithBaseURL(apiURL))
	if err != nil {
		log.Fatal(err)
	}
	page, err := c.ListSessionsPage(ctx, api.ListOptions{UserID: "W0BOB0001", TeamID: "T0DEMO002", Limit: 1}, "")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(page.Sessions[0].SessionID, page.NextCursor != "")
	page, err = c.ListSessionsPage(ctx, api.ListOptions{UserID: "W0BOB0001", TeamID: "T0DEMO002", Limit: 1}, page.NextCursor)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(page.Sessions[0].SessionID, page.NextCursor == "") // the last page
	// Output:
	// 1112275520242 true
	// 1112275520243 true
}

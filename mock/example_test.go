package mock_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http/httptest"
	"strings"

	"github.com/slack-contracts/admin-users-session/api"
	"github.com/slack-contracts/admin-users-session/mock"
	"github.com/slack-contracts/admin-users-session/mock/org"
)

// A mock serves Slack's Web API under /api/: any Slack client calls it by changing only its
// base URL. Here the kit's own client ends Bob's mobile session, and the mock's state shows
// what changed.
func ExampleNew() {
	m, err := mock.New() // the demo fixture
	if err != nil {
		log.Fatal(err)
	}
	srv := httptest.NewServer(m)
	defer srv.Close()

	c, err := api.New("xoxp-demo-admin", api.WithBaseURL(srv.URL+"/api/"))
	if err != nil {
		log.Fatal(err)
	}
	if err := c.ResetSessions(context.Background(), "W0BOB0001", api.MobileOnly); err != nil {
		log.Fatal(err)
	}
	for _, s := range m.Org().Sessions("W0BOB0001", "") {
		fmt.Println(s.SessionID, s.Client)
	}
	fmt.Println(m.Requests(api.MethodReset)[0].Args)
	// Output:
	// 1112275520243 web
	// 1112275520244 web
	// map[mobile_only:true user_id:W0BOB0001]
}

// A fixture is the whole org in JSON or YAML; org.ParseFixture checks it, and names the entry
// at fault when it is wrong; WithFixture starts a mock with it.
func ExampleWithFixture() {
	f, err := org.ParseFixture(strings.NewReader(`
org: {id: E1}
teams: [{id: T1, name: Acme, domain: acme}]
users:
  - {id: W1, team_id: T1, role: admin}
  - {id: W2, team_id: T1}
tokens:
  - {token: xoxp-1, user_id: W1, scopes: [admin.users:read, admin.users:write]}
sessions:
  - {session_id: 1112275520242, user_id: W2, team_id: T1, client: mobile}
`))
	if err != nil {
		log.Fatal(err)
	}
	m, err := mock.New(mock.WithFixture(f))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(m.Org().Sessions("", "")), "session")

	_, err = org.ParseFixture(strings.NewReader(`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T9"}]}`))
	fmt.Println(err)
	// Output:
	// 1 session
	// fixture: users[0]: team_id "T9" names no team
}

// A Go suite that shares one mock gives each test an org of its own, served under its own
// path: what one test does is not seen by another.
func ExampleServer_NewOrg() {
	m, err := mock.New()
	if err != nil {
		log.Fatal(err)
	}
	srv := httptest.NewServer(m)
	defer srv.Close()

	mine, err := m.NewOrg(nil, 0) // the fixture the mock started with: here the demo's
	if err != nil {
		log.Fatal(err)
	}
	defer m.EndOrg(mine.ID())
	c, err := api.New("xoxp-demo-admin", api.WithBaseURL(srv.URL+mine.Path()+"/api/"))
	if err != nil {
		log.Fatal(err)
	}
	if err := c.ResetSessions(context.Background(), "W0BOB0001", api.AllSessions); err != nil {
		log.Fatal(err)
	}
	fmt.Println(mine.Path(), "Bob's sessions:", len(mine.Org().Sessions("W0BOB0001", "")))
	fmt.Println("the mock's own org, Bob's sessions:", len(m.Org().Sessions("W0BOB0001", "")))
	// Output:
	// /orgs/o1 Bob's sessions: 0
	// the mock's own org, Bob's sessions: 3
}

// A fault makes chosen calls answer something else than Slack would: here the next reset
// of Bob is rate limited, and the client's error says so.
func ExampleServer_AddFault() {
	m, err := mock.New()
	if err != nil {
		log.Fatal(err)
	}
	srv := httptest.NewServer(m)
	defer srv.Close()
	if _, err := m.AddFault(mock.Fault{Method: api.MethodReset, UserID: "W0BOB0001", Status: 429, RetryAfter: 30, Times: 1}); err != nil {
		log.Fatal(err)
	}

	c, err := api.New("xoxp-demo-admin", api.WithBaseURL(srv.URL+"/api/"), api.WithRetry(api.RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		log.Fatal(err)
	}
	err = c.ResetSessions(context.Background(), "W0BOB0001", api.AllSessions)
	var rl *api.RateLimitError
	fmt.Println(errors.As(err, &rl), rl.RetryAfter)
	fmt.Println(c.ResetSessions(context.Background(), "W0BOB0001", api.AllSessions)) // the fault is used up
	// Output:
	// true 30s
	// <nil>
}

// admin.users.session.resetBulk answers once its job is queued, as Slack does; the job ends
// the sessions after. WaitJobs waits for it, so that a test need not sleep.
func ExampleServer_WaitJobs() {
	m, err := mock.New()
	if err != nil {
		log.Fatal(err)
	}
	srv := httptest.NewServer(m)
	defer srv.Close()
	c, err := api.New("xoxp-demo-admin", api.WithBaseURL(srv.URL+"/api/"))
	if err != nil {
		log.Fatal(err)
	}

	ctx := context.Background()
	if err := c.ResetSessionsBulk(ctx, []string{"W0ALICE01", "W0BOB0001"}, api.AllSessions); err != nil {
		log.Fatal(err)
	}
	if err := m.WaitJobs(ctx); err != nil {
		log.Fatal(err)
	}
	for _, r := range m.Jobs()[0].Results {
		fmt.Println(r.UserID, "ended", r.Ended)
	}
	// Output:
	// W0ALICE01 ended 2
	// W0BOB0001 ended 3
}

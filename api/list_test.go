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
	"github.com/slack-contracts/admin-users-session/mock/org"
)

// listed ranges over seq to its end and returns the sessions and the errors it yielded.
func listed(seq func(func(api.Session, error) bool)) (sessions []api.Session, errs []error) {
	for s, err := range seq {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		sessions = append(sessions, s)
	}
	return sessions, errs
}

// idsOf returns the ids of sessions, in order.
func idsOf(sessions []api.Session) []int64 {
	ids := make([]int64, len(sessions))
	for i, s := range sessions {
		ids[i] = s.SessionID
	}
	return ids
}

// storeIDs returns the ids of the mock's live sessions of userID and teamID ("" for any),
// ordered by id as the mock lists them.
func storeIDs(m *mocktest.Mock, userID, teamID string) []int64 {
	var ids []int64
	for _, s := range m.Org().Sessions(userID, teamID) {
		ids = append(ids, s.SessionID)
	}
	return ids
}

// TestListSessionsWalksEveryPage lists the demo org two sessions a page: the iterator follows
// the cursors to the last page, and lists every live session once, in the mock's order.
func TestListSessionsWalksEveryPage(t *testing.T) {
	m := mocktest.Start(t)
	c := m.Client(t, readonlyToken) // admin.users:read is enough
	sessions, errs := listed(c.ListSessions(context.Background(), api.ListOptions{Limit: 2}))
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	want := storeIDs(m, "", "")
	if got := idsOf(sessions); !slices.Equal(got, want) {
		t.Errorf("listed %v, want %v", got, want)
	}
	for _, s := range sessions {
		st, _ := m.Org().Session(s.SessionID)
		if s.UserID != st.UserID || s.TeamID != st.TeamID {
			t.Errorf("session %d: user %s team %s, want %s %s", s.SessionID, s.UserID, s.TeamID, st.UserID, st.TeamID)
		}
	}
	reqs := m.Requests(api.MethodList)
	if pages := (len(want) + 1) / 2; len(reqs) != pages {
		t.Fatalf("%d calls of list, want %d", len(reqs), pages)
	}
	for i, r := range reqs {
		if r.Args["limit"] != "2" || r.Status != http.StatusOK || r.Error != "" {
			t.Errorf("call %d: args %v, HTTP %d %q", i+1, r.Args, r.Status, r.Error)
		}
		if _, has := r.Args["cursor"]; has != (i > 0) {
			t.Errorf("call %d: args %v; only the calls after the first send a cursor", i+1, r.Args)
		}
	}
}

func TestListSessionsOfUserInTeam(t *testing.T) {
	for _, tc := range []struct {
		name         string
		user, team   string
		limit, calls int
	}{
		{"one page", bob, bobTeam, 0, 1},
		{"a page each", bob, bobTeam, 1, 2},
		{"other team", bob, "T0DEMO001", 0, 1},
		{"no sessions there", alice, bobTeam, 0, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := mocktest.Start(t)
			c := m.Client(t, adminToken)
			sessions, errs := listed(c.ListSessions(context.Background(), api.ListOptions{UserID: tc.user, TeamID: tc.team, Limit: tc.limit}))
			if len(errs) > 0 {
				t.Fatalf("errors: %v", errs)
			}
			if got, want := idsOf(sessions), storeIDs(m, tc.user, tc.team); !slices.Equal(got, want) {
				t.Errorf("listed %v, want %v", got, want)
			}
			reqs := m.Requests(api.MethodList)
			if len(reqs) != tc.calls {
				t.Fatalf("%d calls, want %d", len(reqs), tc.calls)
			}
			if a := reqs[0].Args; a["user_id"] != tc.user || a["team_id"] != tc.team {
				t.Errorf("args sent = %v", a)
			}
			if _, has := reqs[0].Args["limit"]; has != (tc.limit > 0) {
				t.Errorf("args sent = %v: limit only when set", reqs[0].Args)
			}
		})
	}
}

// TestListOptionsRefused checks that options Slack would refuse are refused before anything
// is sent, by the page method and by the iterator, which yields the error once.
func TestListOptionsRefused(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts api.ListOptions
		arg  string
	}{
		{"user without team", api.ListOptions{UserID: bob}, "user_id"},
		{"team without user", api.ListOptions{TeamID: bobTeam}, "user_id"},
		{"limit 1001", api.ListOptions{Limit: 1001}, "limit"},
		{"negative limit", api.ListOptions{Limit: -1}, "limit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := mocktest.Start(t)
			c := m.Client(t, adminToken)
			ctx := context.Background()
			var ae *api.ArgumentError
			page, err := c.ListSessionsPage(ctx, tc.opts, "")
			if !errors.As(err, &ae) || ae.Arg != tc.arg || ae.Method != api.MethodList || page.Sessions != nil {
				t.Errorf("ListSessionsPage: %v, %v; want an ArgumentError for %s", page, err, tc.arg)
			}
			sessions, errs := listed(c.ListSessions(ctx, tc.opts))
			if len(sessions) != 0 || len(errs) != 1 || !errors.As(errs[0], &ae) || ae.Arg != tc.arg {
				t.Errorf("ListSessions: %d sessions, errors %v; want one ArgumentError", len(sessions), errs)
			}
			if n := len(m.Requests("")); n != 0 {
				t.Errorf("%d calls were sent, want none", n)
			}
		})
	}
}

// TestListSessionsWaitsOutRateLimit makes the second page's first call answer 429: the walk
// waits Retry-After, calls again and goes on to the end.
func TestListSessionsWaitsOutRateLimit(t *testing.T) {
	m := mocktest.Start(t)
	s := &sleeper{}
	c := m.Client(t, adminToken, api.WithSleep(s.sleep))
	var got []int64
	for sess, err := range c.ListSessions(context.Background(), api.ListOptions{Limit: 2}) {
		if err != nil {
			t.Fatalf("after %d sessions: %v", len(got), err)
		}
		if len(got) == 0 { // the first page is in: rate limit the next call
			m.Fault(t, mock.Fault{Method: api.MethodList, Status: http.StatusTooManyRequests, RetryAfter: 2, Times: 1})
		}
		got = append(got, sess.SessionID)
	}
	if want := storeIDs(m, "", ""); !slices.Equal(got, want) {
		t.Errorf("listed %v, want %v", got, want)
	}
	if w := s.got(); !slices.Equal(w, []time.Duration{2 * time.Second}) {
		t.Errorf("waits = %v, want [2s]", w)
	}
	if st := statuses(m, api.MethodList); !slices.Equal(st, []int{200, 429, 200, 200, 200}) {
		t.Errorf("journal statuses = %v, want 200 429 200 200 200", st)
	}
	reqs := m.Requests(api.MethodList)
	if reqs[1].Args["cursor"] == nil || reqs[1].Args["cursor"] != reqs[2].Args["cursor"] {
		t.Errorf("the retry sent cursor %v, the call it retries %v", reqs[2].Args["cursor"], reqs[1].Args["cursor"])
	}
}

// TestListSessionsStopsAtSlackError makes every call after the first page fail: the
// iterator yields the error once, after the first page's sessions, and calls no more.
func TestListSessionsStopsAtSlackError(t *testing.T) {
	m := mocktest.Start(t)
	c := m.Client(t, adminToken)
	var (
		got  []int64
		errs []error
	)
	for sess, err := range c.ListSessions(context.Background(), api.ListOptions{Limit: 2}) {
		if err != nil {
			errs = append(errs, err)
			continue // a loop that goes on after an error still gets no more
		}
		if len(got) == 0 {
			m.Fault(t, mock.Fault{Method: api.MethodList, Error: string(api.CodeInvalidCursor)})
		}
		got = append(got, sess.SessionID)
	}
	if want := storeIDs(m, "", "")[:2]; !slices.Equal(got, want) {
		t.Errorf("listed %v, want the first page %v", got, want)
	}
	var e *api.Error
	if len(errs) != 1 || !errors.As(errs[0], &e) || e.Code != api.CodeInvalidCursor || e.Method != api.MethodList {
		t.Errorf("errors = %v, want one invalid_cursor", errs)
	}
	if n := len(m.Requests(api.MethodList)); n != 2 {
		t.Errorf("%d calls of list, want 2", n)
	}
}

// TestListSessionsBreak checks that leaving the loop early calls no more pages.
func TestListSessionsBreak(t *testing.T) {
	for _, tc := range []struct {
		take, calls int
	}{{1, 1}, {2, 1}, {3, 2}} {
		m := mocktest.Start(t)
		c := m.Client(t, adminToken)
		n := 0
		for _, err := range c.ListSessions(context.Background(), api.ListOptions{Limit: 2}) {
			if err != nil {
				t.Fatal(err)
			}
			if n++; n == tc.take {
				break
			}
		}
		if got := len(m.Requests(api.MethodList)); got != tc.calls {
			t.Errorf("break after %d sessions: %d calls, want %d", tc.take, got, tc.calls)
		}
	}
}

// TestListSessionsPageCursors walks the pages by hand: each page but the last has a
// NextCursor, the last has "".
func TestListSessionsPageCursors(t *testing.T) {
	m := mocktest.Start(t)
	c := m.Client(t, adminToken)
	ctx := context.Background()
	want := storeIDs(m, "", "")
	var got []int64
	cursor := ""
	for page := 1; ; page++ {
		p, err := c.ListSessionsPage(ctx, api.ListOptions{Limit: 3}, cursor)
		if err != nil {
			t.Fatalf("page %d: %v", page, err)
		}
		got = append(got, idsOf(p.Sessions)...)
		last := len(got) == len(want)
		if (p.NextCursor == "") != last {
			t.Fatalf("page %d: NextCursor %q after %d of %d sessions", page, p.NextCursor, len(got), len(want))
		}
		if last {
			break
		}
		cursor = p.NextCursor
	}
	if !slices.Equal(got, want) {
		t.Errorf("listed %v, want %v", got, want)
	}

	// One page holds them all with Slack's default limit; an empty team gives an empty page.
	p, err := c.ListSessionsPage(ctx, api.ListOptions{}, "")
	if err != nil || p.NextCursor != "" || len(p.Sessions) != len(want) {
		t.Errorf("default limit: %d sessions, NextCursor %q, err %v", len(p.Sessions), p.NextCursor, err)
	}
	p, err = c.ListSessionsPage(ctx, api.ListOptions{UserID: alice, TeamID: bobTeam}, "")
	if err != nil || p.NextCursor != "" || len(p.Sessions) != 0 {
		t.Errorf("no sessions: %+v, %v", p, err)
	}
	// A cursor Slack did not give is Slack's invalid_cursor.
	if _, err := c.ListSessionsPage(ctx, api.ListOptions{}, "not-a-cursor"); !errors.Is(err, api.CodeInvalidCursor) {
		t.Errorf("made-up cursor: err = %v, want invalid_cursor", err)
	}
}

// TestListSessionsDevices checks that the device facts arrive: the demo's created facts,
// and recent ones on a session added with them. Ids over 2^53 arrive exactly.
func TestListSessionsDevices(t *testing.T) {
	m := mocktest.Start(t)
	const big = int64(1)<<53 + 1 // a float64 would read it as 2^53
	err := m.Org().AddSession(org.Session{SessionID: big, UserID: alice, TeamID: "T0DEMO001", Client: org.ClientMobile,
		Created: &org.Device{DeviceHardware: "Pixel 9", OS: "Android", OSVersion: "15", SlackClientVersion: "24.11.20", IP: "198.51.100.1"},
		Recent:  &org.Device{DeviceHardware: "Pixel 9", OS: "Android", OSVersion: "16", SlackClientVersion: "25.01.10", IP: "198.51.100.2"}})
	if err != nil {
		t.Fatal(err)
	}
	sessions, errs := listed(m.Client(t, adminToken).ListSessions(context.Background(), api.ListOptions{}))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	byID := map[int64]api.Session{}
	for _, s := range sessions {
		byID[s.SessionID] = s
	}
	for _, tc := range []struct {
		id      int64
		created api.Device
		recent  *api.Device
	}{
		{bobMobile, api.Device{Hardware: "iPhone", OS: "iOS", OSVersion: "18.1", ClientVersion: "24.10.10", IP: "203.0.113.7"}, nil},
		{bobWeb, api.Device{Hardware: "Mac", OS: "macOS", OSVersion: "15.1", ClientVersion: "4.41.97", IP: "203.0.113.8"}, nil},
		{1112275520244, api.Device{}, nil}, // the demo has no facts for it
		{big, api.Device{Hardware: "Pixel 9", OS: "Android", OSVersion: "15", ClientVersion: "24.11.20", IP: "198.51.100.1"},
			&api.Device{Hardware: "Pixel 9", OS: "Android", OSVersion: "16", ClientVersion: "25.01.10", IP: "198.51.100.2"}},
	} {
		s, ok := byID[tc.id]
		if !ok {
			t.Errorf("session %d not listed (listed %v)", tc.id, idsOf(sessions))
			continue
		}
		if s.Created != tc.created {
			t.Errorf("session %d: Created %+v, want %+v", tc.id, s.Created, tc.created)
		}
		if (s.Recent == nil) != (tc.recent == nil) || (s.Recent != nil && *s.Recent != *tc.recent) {
			t.Errorf("session %d: Recent %+v, want %+v", tc.id, s.Recent, tc.recent)
		}
	}
}

// TestListSessionsRefusals checks Slack's refusals of list: the scope it needs, and a bot.
func TestListSessionsRefusals(t *testing.T) {
	for _, tc := range []struct {
		name  string
		token string
		opts  api.ListOptions
		code  api.ErrorCode
	}{
		{"write scope only", "xoxp-demo-writeonly", api.ListOptions{}, api.CodeMissingScope},
		{"a bot", adminToken, api.ListOptions{UserID: "W0BOT0001", TeamID: "T0DEMO001"}, api.CodeBotsNotAllowed},
		{"unknown user", adminToken, api.ListOptions{UserID: "W0NOBODY1", TeamID: "T0DEMO001"}, api.CodeUserNotFound},
		{"unknown team", adminToken, api.ListOptions{UserID: bob, TeamID: "T0NOPE001"}, api.CodeTeamNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := mocktest.Start(t)
			sessions, errs := listed(m.Client(t, tc.token).ListSessions(context.Background(), tc.opts))
			if len(sessions) != 0 || len(errs) != 1 || !errors.Is(errs[0], tc.code) {
				t.Errorf("%d sessions, errors %v; want one %s", len(sessions), errs, tc.code)
			}
		})
	}
	m := mocktest.Start(t)
	var e *api.Error
	_, err := m.Client(t, "xoxp-demo-writeonly").ListSessionsPage(context.Background(), api.ListOptions{}, "")
	if !errors.As(err, &e) || !slices.Equal(e.Needed, []string{api.ScopeAdminUsersRead}) {
		t.Errorf("err = %v, want missing_scope needing %s", err, api.ScopeAdminUsersRead)
	}
}

// TestListSessionsWhileSessionsChange ends and adds sessions between pages: every session
// live from the first page to the last is listed, once.
func TestListSessionsWhileSessionsChange(t *testing.T) {
	m := mocktest.Start(t)
	c := m.Client(t, adminToken)
	ctx := context.Background()
	before := storeIDs(m, "", "")
	first, last := before[0], before[len(before)-1]
	seen := map[int64]int{}
	for s, err := range c.ListSessions(ctx, api.ListOptions{Limit: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		if seen[s.SessionID]++; len(seen) == 1 {
			// After the first session: end the first two (listed already, or about to be) and
			// the last, and add one before and one after every other.
			for _, id := range []int64{first, before[1], last} {
				ss, _ := m.Org().Session(id)
				if err := c.InvalidateSession(ctx, ss.UserID, id); err != nil {
					t.Fatal(err)
				}
			}
			for _, id := range []int64{1, last + 1} {
				if err := m.Org().AddSession(org.Session{SessionID: id, UserID: alice, TeamID: "T0DEMO001", Client: org.ClientWeb}); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	for _, id := range before[2 : len(before)-1] { // live throughout
		if seen[id] != 1 {
			t.Errorf("session %d listed %d times, want once", id, seen[id])
		}
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("session %d listed %d times", id, n)
		}
	}
	if seen[last] != 0 || seen[1] != 0 || seen[last+1] != 1 {
		t.Errorf("seen %v: the last session ended before its page, 1 began behind the walk, %d ahead of it", seen, last+1)
	}
}

package mock_test

// Behaviour of the methods beyond invalidate and reset: list, resetBulk, the settings
// methods, auth.test and api.test. Every call goes through (*client).do, which checks the
// answer against openapi.yaml and that a failed call changed nothing.

import (
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/slack-contracts/admin-users-session/api"
	"github.com/slack-contracts/admin-users-session/mock"
	"github.com/slack-contracts/admin-users-session/mock/org"
)

// decode decodes the body of a into v, failing t if it does not decode.
func decode(t testing.TB, a answer, v any) {
	t.Helper()
	if err := json.Unmarshal(a.Body, v); err != nil {
		t.Fatalf("decoding %s: %v", a.Body, err)
	}
}

func TestAuthTest(t *testing.T) {
	t.Parallel()
	type identity struct {
		URL                 string `json:"url"`
		Team                string `json:"team"`
		User                string `json:"user"`
		TeamID              string `json:"team_id"`
		UserID              string `json:"user_id"`
		EnterpriseID        string `json:"enterprise_id"`
		BotID               string `json:"bot_id"`
		IsEnterpriseInstall *bool  `json:"is_enterprise_install"`
	}
	cases := []struct {
		name  string
		r     func(e encoding) request
		want  api.ErrorCode
		ident identity
	}{
		{"admin", func(e encoding) request { return slackCall(t, api.MethodAuthTest, e, tokAdmin, args{}) }, "",
			identity{URL: "https://acme.enterprise.slack.com/", Team: "Acme Corp", User: "Ada Admin", TeamID: orgID, UserID: "W0ADMIN01", EnterpriseID: orgID}},
		{"member: any user may", func(e encoding) request { return slackCall(t, api.MethodAuthTest, e, tokMember, args{}) }, "",
			identity{URL: "https://acme.slack.com/", Team: "Acme", User: "Alice", TeamID: team1, UserID: userA, EnterpriseID: orgID}},
		{"read-only token: no scope needed", func(e encoding) request { return slackCall(t, api.MethodAuthTest, e, tokReadonly, args{}) }, "",
			identity{URL: "https://acme.enterprise.slack.com/", Team: "Acme Corp", User: "Ada Admin", TeamID: orgID, UserID: "W0ADMIN01", EnterpriseID: orgID}},
		{"bot token", func(e encoding) request { return slackCall(t, api.MethodAuthTest, e, tokBot, args{}) }, "",
			identity{URL: "https://acme.slack.com/", Team: "Acme", User: "deploybot", TeamID: team1, UserID: botID, EnterpriseID: orgID, BotID: "B0BOT0001"}},
		{"token in a form", func(e encoding) request {
			r := slackCall(t, api.MethodAuthTest, formEnc, "", args{"token": tokOwner})
			return r
		}, "", identity{URL: "https://acme.enterprise.slack.com/", Team: "Acme Corp", User: "Pat Primary", TeamID: orgID, UserID: userPO, EnterpriseID: orgID}},
		{"GET", func(e encoding) request {
			return request{HTTPMethod: http.MethodGet, Path: "/api/" + api.MethodAuthTest, Auth: "Bearer " + tokAdmin}
		}, "", identity{URL: "https://acme.enterprise.slack.com/", Team: "Acme Corp", User: "Ada Admin", TeamID: orgID, UserID: "W0ADMIN01", EnterpriseID: orgID}},
		{"empty POST", func(e encoding) request {
			return request{Path: "/api/" + api.MethodAuthTest, Auth: "Bearer " + tokAdmin}
		}, "",
			identity{URL: "https://acme.enterprise.slack.com/", Team: "Acme Corp", User: "Ada Admin", TeamID: orgID, UserID: "W0ADMIN01", EnterpriseID: orgID}},
		{"no token", func(e encoding) request { return slackCall(t, api.MethodAuthTest, e, "", args{}) }, api.CodeNotAuthed, identity{}},
		{"token in JSON is not read", func(e encoding) request {
			return slackCall(t, api.MethodAuthTest, jsonEnc, "", args{"token": tokAdmin})
		}, api.CodeNotAuthed, identity{}},
		{"unknown token", func(e encoding) request { return slackCall(t, api.MethodAuthTest, e, "xoxp-nope", args{}) }, api.CodeInvalidAuth, identity{}},
		{"revoked", func(e encoding) request { return slackCall(t, api.MethodAuthTest, e, tokRevoked, args{}) }, api.CodeTokenRevoked, identity{}},
		{"expired", func(e encoding) request { return slackCall(t, api.MethodAuthTest, e, tokExpired, args{}) }, api.CodeTokenExpired, identity{}},
		{"deleted user", func(e encoding) request { return slackCall(t, api.MethodAuthTest, e, tokInactive, args{}) }, api.CodeAccountInactive, identity{}},
	}
	for _, e := range encodings {
		for _, tc := range cases {
			t.Run(e.name+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				c := start(t)
				a := c.do(t, tc.r(e))
				if tc.want != "" {
					wantError(t, a, tc.want)
					return
				}
				wantOK(t, a)
				var got identity
				decode(t, a, &got)
				// The demo's admin tokens are org-wide installs, which name the org.
				if orgWide := tc.ident.TeamID == orgID; got.IsEnterpriseInstall == nil || *got.IsEnterpriseInstall != orgWide {
					t.Errorf("is_enterprise_install %v, want %v", got.IsEnterpriseInstall, orgWide)
				}
				got.IsEnterpriseInstall = nil
				if got != tc.ident {
					t.Errorf("auth.test answered %+v, want %+v", got, tc.ident)
				}
			})
		}
	}
}

func TestAPITest(t *testing.T) {
	t.Parallel()
	c := start(t)
	var echoed struct {
		Args map[string]string `json:"args"`
	}
	a := c.do(t, request{Path: "/api/" + api.MethodAPITest, ContentType: formEnc.contentType, Body: "foo=bar&n=1"})
	wantOK(t, a)
	decode(t, a, &echoed)
	if want := map[string]string{"foo": "bar", "n": "1"}; !maps.Equal(echoed.Args, want) {
		t.Errorf("api.test echoed %v, want %v", echoed.Args, want)
	}
	a = c.do(t, request{HTTPMethod: http.MethodGet, Path: "/api/" + api.MethodAPITest, Query: "error=fatal_error&foo=x"})
	if a.OK || a.Error != "fatal_error" {
		t.Errorf("api.test with error=fatal_error answered %s", a.Body)
	}
}

// listAnswer is the body of admin.users.session.list's answer.
type listAnswer struct {
	ActiveSessions []struct {
		SessionID int64          `json:"session_id"`
		UserID    string         `json:"user_id"`
		TeamID    string         `json:"team_id"`
		Created   map[string]any `json:"created"`
		Recent    map[string]any `json:"recent"`
	} `json:"active_sessions"`
	ResponseMetadata struct {
		NextCursor *string `json:"next_cursor"`
	} `json:"response_metadata"`
}

// listAll walks every page of admin.users.session.list with a, and answers the session ids
// in the order listed.
func (c *client) listAll(t testing.TB, e encoding, a args) []int64 {
	t.Helper()
	var ids []int64
	for pages := 0; ; pages++ {
		if pages > 100 {
			t.Fatal("more than 100 pages")
		}
		ans := c.do(t, slackCall(t, api.MethodList, e, tokAdmin, a))
		wantOK(t, ans)
		var l listAnswer
		decode(t, ans, &l)
		if l.ActiveSessions == nil || l.ResponseMetadata.NextCursor == nil {
			t.Fatalf("list answered %s, want active_sessions and response_metadata.next_cursor", ans.Body)
		}
		for _, s := range l.ActiveSessions {
			ids = append(ids, s.SessionID)
		}
		if *l.ResponseMetadata.NextCursor == "" {
			return ids
		}
		a["cursor"] = *l.ResponseMetadata.NextCursor
	}
}

func TestList(t *testing.T) {
	t.Parallel()
	runEncodingCases(t, []encodingCase{
		{"the org, page by page, bots left out", listTheOrgPageByPage},
		{"one user in one team", listOneUserInOneTeam},
		{"a session in the org, as Slack's examples show", listASessionInTheOrg},
		{"device facts", listDeviceFacts},
	})
	runMethodCases(t, api.MethodList, []methodCase{
		{name: "user without team", args: args{"user_id": userB}, want: api.CodeMissingTeam},
		{name: "team without user", args: args{"team_id": team2}, want: api.CodeMissingUser},
		{name: "unknown user", args: args{"user_id": "W0NOPE", "team_id": team2}, want: api.CodeUserNotFound},
		{name: "unknown team", args: args{"user_id": userB, "team_id": "T0NOPE"}, want: api.CodeTeamNotFound},
		{name: "a bot", args: args{"user_id": botID, "team_id": team1}, want: api.CodeBotsNotAllowed},
		{name: "a cursor not given", args: args{"cursor": "dGhpcyBpcyBub3Qgb25l"}, want: api.CodeInvalidCursor},
		{name: "a cursor not base64", args: args{"cursor": "%%%"}, want: api.CodeInvalidCursor},
		{name: "a cursor past the largest id", args: args{"cursor": "c2Vzc2lvbjo5MjIzMzcyMDM2ODU0Nzc1ODA3"}, want: api.CodeInvalidCursor},
		{name: "limit 0", args: args{"limit": raw("0")}, want: api.CodeInvalidArguments, field: "limit"},
		{name: "limit 1001", args: args{"limit": raw("1001")}, want: api.CodeInvalidArguments, field: "limit"},
		{name: "limit not a number", args: args{"limit": "ten"}, want: api.CodeInvalidArguments, field: "limit"},
		{name: "the read scope is enough", token: tokReadonly, args: args{}},
	})
}

// listTheOrgPageByPage lists the whole org, with a bot's session in it, page by page at
// several page sizes: every page size lists the demo's sessions, and not the bot's.
func listTheOrgPageByPage(t *testing.T, c *client, e encoding) {
	if err := c.m.Org().AddSession(org.Session{SessionID: 5550000000001, UserID: botID, TeamID: team1, Client: org.ClientWeb}); err != nil {
		t.Fatal(err)
	}
	for _, limit := range []int64{1, 2, 3, 7, 1000} {
		if got := c.listAll(t, e, args{"limit": limit}); !slices.Equal(got, demoSessions) {
			t.Errorf("limit %d: listed %v, want %v", limit, got, demoSessions)
		}
	}
}

// listOneUserInOneTeam lists one user's sessions in one team: only those of that team, none
// where the user has none there, and all of them given the org's id as the team.
func listOneUserInOneTeam(t *testing.T, c *client, e encoding) {
	if got := c.listAll(t, e, args{"user_id": userB, "team_id": team2, "limit": int64(1)}); !slices.Equal(got, []int64{bobMobile, bobWeb}) {
		t.Errorf("Bob in team 2: %v", got)
	}
	if got := c.listAll(t, e, args{"user_id": userA, "team_id": team2}); len(got) != 0 {
		t.Errorf("Alice in team 2: %v, want none", got)
	}
	if got := c.listAll(t, e, args{"user_id": userB, "team_id": orgID}); !slices.Equal(got, []int64{bobMobile, bobWeb, bobWeb1}) {
		t.Errorf("Bob in the org: %v, want all his sessions", got)
	}
}

// listASessionInTheOrg adds a session whose team is the org, as Slack's examples show: it is
// listed, with the org's id, among the user's sessions in the org, not among those in a
// team, and invalidate given the org's id ends it.
func listASessionInTheOrg(t *testing.T, c *client, e encoding) {
	if err := c.m.Org().AddSession(org.Session{SessionID: 7, UserID: userA, TeamID: orgID, Client: org.ClientWeb}); err != nil {
		t.Fatal(err)
	}
	a := c.do(t, slackCall(t, api.MethodList, e, tokAdmin, args{"user_id": userA, "team_id": orgID}))
	var l listAnswer
	decode(t, a, &l)
	if len(l.ActiveSessions) != 3 || l.ActiveSessions[0].SessionID != 7 || l.ActiveSessions[0].TeamID != orgID {
		t.Errorf("Alice in the org: %s", a.Body)
	}
	if got := c.listAll(t, e, args{"user_id": userA, "team_id": team1}); !slices.Equal(got, []int64{aliceMob, aliceWeb}) {
		t.Errorf("Alice in team 1: %v, want her sessions of team 1 only", got)
	}
	wantOK(t, c.do(t, slackCall(t, api.MethodInvalidate, e, tokAdmin, args{"user_id": userA, "session_id": int64(7), "team_id": orgID})))
	c.wantGone(t, 7)
}

// listDeviceFacts lists a session with the devices it was created on and recently used, and
// one of the demo's with no recent device: each is listed with its facts, and no recent for
// the one without.
func listDeviceFacts(t *testing.T, c *client, e encoding) {
	recent := &org.Device{IP: "198.51.100.4", OS: "iOS"}
	if err := c.m.Org().AddSession(org.Session{SessionID: 9, UserID: userA, TeamID: team1, Client: org.ClientMobile,
		Created: &org.Device{IP: "198.51.100.3"}, Recent: recent}); err != nil {
		t.Fatal(err)
	}
	a := c.do(t, slackCall(t, api.MethodList, e, tokAdmin, args{"limit": int64(2)}))
	var l listAnswer
	decode(t, a, &l)
	if len(l.ActiveSessions) != 2 {
		t.Fatalf("answer %s", a.Body)
	}
	first, second := l.ActiveSessions[0], l.ActiveSessions[1]
	if first.SessionID != 9 || first.Created["ip"] != "198.51.100.3" || first.Recent["ip"] != "198.51.100.4" || first.Recent["os"] != "iOS" {
		t.Errorf("session 9 listed as %+v", first)
	}
	if second.SessionID != bobMobile || second.Created["device_hardware"] != "iPhone" || second.Recent != nil {
		t.Errorf("Bob's mobile session listed as %+v, want its created facts and no recent", second)
	}
}

// TestListPagination is a property test of the cursor: over random orgs, page sizes and
// sessions ended and begun between pages, every session live from the first page to the
// last is listed exactly once, and no session twice.
func TestListPagination(t *testing.T) {
	t.Parallel()
	for seed := range uint64(40) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			t.Parallel()
			p := newPaginationOrg(t, rand.New(rand.NewPCG(seed, 7)))
			throughout := map[int64]bool{} // live from the first page to the last, by the end
			for _, s := range p.m.Org().Sessions("W1", "") {
				throughout[s.SessionID] = true
			}
			seen := map[int64]int{}
			limit := 1 + p.rng.IntN(20)
			form := url.Values{"limit": {strconv.Itoa(limit)}}
			for page := 0; ; page++ {
				cursor := p.listPage(t, page, form, limit, seen)
				if cursor == "" {
					break
				}
				form.Set("cursor", cursor)
				for _, id := range p.churn(t) {
					delete(throughout, id)
				}
			}
			for id, k := range seen {
				if k > 1 {
					t.Errorf("session %d listed %d times", id, k)
				}
			}
			for id := range throughout {
				if seen[id] != 1 {
					t.Errorf("session %d, live throughout, listed %d times", id, seen[id])
				}
			}
		})
	}
}

// paginationOrg is a random org of TestListPagination on a mock: in team T1, an admin
// (token xoxp-a), the member W1 and the bot WBOT, and up to 300 web sessions of W1 and the
// bot, with gaps between their ids for sessions begun later.
type paginationOrg struct {
	m    *mock.Server
	rng  *rand.Rand
	n    int   // how many sessions the org began with
	next int64 // the id of the latest session begun past all the others
}

// newPaginationOrg makes a paginationOrg drawn from rng, and the mock that serves it.
func newPaginationOrg(t *testing.T, rng *rand.Rand) *paginationOrg {
	t.Helper()
	var b strings.Builder
	b.WriteString(`{"teams":[{"id":"T1"}],"users":[{"id":"WADMIN","team_id":"T1","role":"admin"},{"id":"W1","team_id":"T1"},{"id":"WBOT","team_id":"T1","role":"bot"}],`)
	b.WriteString(`"tokens":[{"token":"xoxp-a","user_id":"WADMIN","scopes":["admin.users:read","admin.users:write"]}],"sessions":[`)
	n := rng.IntN(300)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		user := "W1"
		if rng.IntN(10) == 0 {
			user = "WBOT"
		}
		fmt.Fprintf(&b, `{"session_id":%d,"user_id":%q,"team_id":"T1","client":"web"}`, 1+int64(i)*3+rng.Int64N(3), user)
	}
	b.WriteString(`]}`)
	fx, err := org.ParseFixture(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	m, err := mock.New(mock.WithFixture(fx))
	if err != nil {
		t.Fatal(err)
	}
	return &paginationOrg{m: m, rng: rng, n: n, next: 1_000_000}
}

// listPage lists the page that form asks for, which must hold at most limit sessions and no
// bot's, counts each of its sessions in seen, and returns the next cursor ("" after the last
// page). page numbers the page, for messages.
func (p *paginationOrg) listPage(t *testing.T, page int, form url.Values, limit int, seen map[int64]int) string {
	t.Helper()
	var l listAnswer
	if err := json.Unmarshal(serveForm(p.m, api.MethodList, "xoxp-a", form), &l); err != nil || l.ResponseMetadata.NextCursor == nil {
		t.Fatalf("page %d: %v", page, err)
	}
	if len(l.ActiveSessions) > limit {
		t.Fatalf("page %d holds %d sessions, over the limit %d", page, len(l.ActiveSessions), limit)
	}
	for _, s := range l.ActiveSessions {
		seen[s.SessionID]++
		if s.UserID == "WBOT" {
			t.Errorf("a bot's session %d is listed", s.SessionID)
		}
	}
	return *l.ResponseMetadata.NextCursor
}

// churn ends and begins sessions of W1 anywhere in the order, as between two pages: it
// invalidates up to two of them, and begins one half the time. It returns the ids it
// invalidated.
func (p *paginationOrg) churn(t *testing.T) []int64 {
	t.Helper()
	var ended []int64
	live := p.m.Org().Sessions("W1", "")
	for range p.rng.IntN(3) {
		if len(live) == 0 {
			break
		}
		s := live[p.rng.IntN(len(live))]
		serveForm(p.m, api.MethodInvalidate, "xoxp-a", url.Values{"user_id": {"W1"}, "session_id": {strconv.FormatInt(s.SessionID, 10)}})
		ended = append(ended, s.SessionID)
	}
	if p.rng.IntN(2) == 0 {
		p.next++
		if err := p.m.Org().AddSession(org.Session{SessionID: p.rng.Int64N(int64(p.n)*3 + 2), UserID: "W1", TeamID: "T1", Client: org.ClientMobile}); err != nil {
			// The id may be taken: a new id past the others, then.
			if err := p.m.Org().AddSession(org.Session{SessionID: p.next, UserID: "W1", TeamID: "T1", Client: org.ClientMobile}); err != nil {
				t.Fatal(err)
			}
		}
	}
	return ended
}

// jobsOf reads the jobs through GET /_mock/jobs?wait=…, which answers once none is pending.
func (c *client) jobsOf(t testing.TB) []mock.Job {
	t.Helper()
	status, data := c.get(t, "/_mock/jobs?wait=10s")
	if status != http.StatusOK {
		t.Fatalf("GET /_mock/jobs?wait=10s: HTTP %d: %s", status, data)
	}
	var out struct {
		Jobs []mock.Job `json:"jobs"`
	}
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	return out.Jobs
}

func TestResetBulk(t *testing.T) {
	t.Parallel()
	for _, e := range encodings {
		t.Run(e.name+"/ends the sessions once the job ran", func(t *testing.T) {
			t.Parallel()
			c := start(t)
			wantOK(t, c.do(t, slackCall(t, api.MethodResetBulk, e, tokAdmin, args{"user_ids": raw(`["W0ALICE01","W0BOB0001"]`)})))
			jobs := c.jobsOf(t)
			if len(jobs) != 1 || !jobs[0].Done || jobs[0].Error != "" || len(jobs[0].Results) != 2 ||
				jobs[0].Results[0] != (mock.JobResult{UserID: userA, Ended: 2}) || jobs[0].Results[1] != (mock.JobResult{UserID: userB, Ended: 3}) {
				t.Errorf("jobs %+v, want one done, Alice 2 ended and Bob 3", jobs)
			}
			c.wantGone(t, aliceMob, aliceWeb, bobMobile, bobWeb, bobWeb1)
		})
		t.Run(e.name+"/mobile only", func(t *testing.T) {
			t.Parallel()
			c := start(t)
			wantOK(t, c.do(t, slackCall(t, api.MethodResetBulk, e, tokAdmin, args{"user_ids": raw(`["W0ALICE01","W0BOB0001"]`), "mobile_only": true})))
			c.jobsOf(t)
			c.wantGone(t, aliceMob, bobMobile)
		})
		t.Run(e.name+"/a job fault fails it for some users", func(t *testing.T) {
			t.Parallel()
			c := start(t)
			c.m.Fault(t, mock.Fault{Method: api.MethodResetBulk, UserID: userB, Job: true})
			wantOK(t, c.do(t, slackCall(t, api.MethodResetBulk, e, tokAdmin, args{"user_ids": raw(`["W0ALICE01","W0BOB0001"]`)})))
			jobs := c.jobsOf(t)
			if len(jobs) != 1 || jobs[0].Error != string(api.CodeFailedForSomeUsers) ||
				jobs[0].Results[1] != (mock.JobResult{UserID: userB, Error: string(api.CodeUserSessionResetFailed)}) {
				t.Errorf("jobs %+v, want failed_for_some_users, Bob's failed", jobs)
			}
			c.wantGone(t, aliceMob, aliceWeb)
		})
	}
	thousand := make([]string, 1001)
	for i := range thousand {
		thousand[i] = userA
	}
	over, _ := json.Marshal(thousand)
	runMethodCases(t, api.MethodResetBulk, []methodCase{
		{name: "a bot among them", args: args{"user_ids": raw(`["W0ALICE01","W0BOT0001"]`)}, want: api.CodeCannotResetBot},
		{name: "the primary owner by an admin", args: args{"user_ids": raw(`["W0OWNER01"]`)}, want: api.CodeCannotResetPrimary},
		{name: "an unknown user among them", args: args{"user_ids": raw(`["W0ALICE01","W0NOPE"]`)}, want: api.CodeUserNotFound},
		{name: "no user", args: args{"user_ids": raw(`[]`)}, want: api.CodeInvalidArguments, field: "user_ids"},
		{name: "over 1000 users", args: args{"user_ids": raw(string(over))}, want: api.CodeInvalidArguments, field: "user_ids"},
		{name: "both scopes", args: args{"user_ids": raw(`["W0ALICE01"]`), "mobile_only": true, "web_only": true}, want: api.CodeInvalidArguments, field: "mobile_only"},
		{name: "user_ids missing", args: args{}, want: api.CodeInvalidArguments, field: "user_ids"},
	})
	t.Run("user_ids as Python sends them", func(t *testing.T) {
		t.Parallel()
		c := start(t)
		wantOK(t, c.do(t, request{Path: "/api/" + api.MethodResetBulk, ContentType: formEnc.contentType,
			Auth: "Bearer " + tokAdmin, Body: "user_ids=W0ALICE01%2C+W0BOB0001&web_only=1"}))
		if err := c.m.WaitJobs(t.Context()); err != nil {
			t.Fatal(err)
		}
		c.wantGone(t, aliceWeb, bobWeb, bobWeb1)
	})
}

// settingsAnswer is the body of admin.users.session.getSettings's answer.
type settingsAnswer struct {
	SessionSettings []struct {
		UserID                string `json:"user_id"`
		Duration              *int   `json:"duration"`
		DesktopAppBrowserQuit *bool  `json:"desktop_app_browser_quit"`
	} `json:"session_settings"`
	NoSettingsApplied []string `json:"no_settings_applied"`
}

func TestSessionSettings(t *testing.T) {
	t.Parallel()
	runEncodingCases(t, []encodingCase{
		{"set, read back, clear", settingsSetReadBackClear},
	})
	runMethodCases(t, api.MethodSetSettings, []methodCase{
		{name: "neither setting", args: args{"user_ids": raw(`["W0ALICE01"]`)}, want: api.CodeAtLeastOneSetting},
		{name: "duration under 8 hours", args: args{"user_ids": raw(`["W0ALICE01"]`), "duration": raw("28799")}, want: api.CodeInvalidArguments, field: "duration: must be at least 28800"},
		{name: "duration over ten years", args: args{"user_ids": raw(`["W0ALICE01"]`), "duration": raw("315569521")}, want: api.CodeInvalidArguments, field: "duration: must be at most 315569520"},
		{name: "an unknown user among them", args: args{"user_ids": raw(`["W0ALICE01","W0NOPE"]`), "duration": int64(28800)}, want: api.CodeUserNotFound},
		{name: "a bot among them", args: args{"user_ids": raw(`["W0ALICE01","W0BOT0001"]`), "duration": int64(28800)}, want: api.CodeBotsNotAllowed},
		{name: "the bounds", args: args{"user_ids": raw(`["W0ALICE01"]`), "duration": raw("315569520")}},
		{name: "quit false alone", args: args{"user_ids": raw(`["W0ALICE01"]`), "desktop_app_browser_quit": false}},
	})
	runMethodCases(t, api.MethodGetSettings, []methodCase{
		{name: "an unknown user", args: args{"user_ids": raw(`["W0NOPE"]`)}, want: api.CodeUserNotFound},
		{name: "a bot", args: args{"user_ids": raw(`["W0BOT0001"]`)}, want: api.CodeBotsNotAllowed},
		{name: "no user", args: args{"user_ids": raw(`[]`)}, want: api.CodeInvalidArguments, field: "user_ids"},
	})
	runMethodCases(t, api.MethodClearSettings, []methodCase{
		{name: "an unknown user", args: args{"user_ids": raw(`["W0ALICE01","W0NOPE"]`)}, want: api.CodeUserNotFound},
		{name: "a bot", args: args{"user_ids": raw(`["W0BOT0001"]`)}, want: api.CodeBotsNotAllowed},
	})
}

// settingsSetReadBackClear sets a day's duration for Alice and Bob, then Bob's
// desktop_app_browser_quit, and reads them back through getSettings and the store; then
// clears Bob's, after which getSettings answers Alice's alone and Bob among the users
// without settings.
func settingsSetReadBackClear(t *testing.T, c *client, e encoding) {
	wantOK(t, c.do(t, slackCall(t, api.MethodSetSettings, e, tokAdmin, args{"user_ids": raw(`["W0ALICE01","W0BOB0001"]`), "duration": int64(86400)})))
	wantOK(t, c.do(t, slackCall(t, api.MethodSetSettings, e, tokAdmin, args{"user_ids": raw(`["W0BOB0001"]`), "desktop_app_browser_quit": true})))
	a := c.do(t, slackCall(t, api.MethodGetSettings, e, tokReadonly, args{"user_ids": raw(`["W0ALICE01","W0BOB0001","W0ADMIN01"]`)}))
	wantOK(t, a)
	wantSettingsAsSet(t, a)
	if set, ok := c.m.Org().SessionSettings(userB); !ok || *set.Duration != 86400 || !*set.DesktopAppBrowserQuit {
		t.Errorf("the store holds %+v, %v for Bob", set, ok)
	}
	wantOK(t, c.do(t, slackCall(t, api.MethodClearSettings, e, tokAdmin, args{"user_ids": raw(`["W0BOB0001"]`)})))
	a = c.do(t, slackCall(t, api.MethodGetSettings, e, tokAdmin, args{"user_ids": raw(`["W0ALICE01","W0BOB0001"]`)}))
	var got settingsAnswer
	decode(t, a, &got)
	if len(got.SessionSettings) != 1 || got.SessionSettings[0].UserID != userA || !slices.Equal(got.NoSettingsApplied, []string{userB}) {
		t.Errorf("after clearSettings, getSettings answered %s", a.Body)
	}
}

// wantSettingsAsSet checks the answer a of getSettings for Alice, Bob and the admin once
// settingsSetReadBackClear set theirs: Alice's duration alone, Bob's duration and
// desktop_app_browser_quit, and the admin among the users without settings.
func wantSettingsAsSet(t *testing.T, a answer) {
	t.Helper()
	var got settingsAnswer
	decode(t, a, &got)
	if len(got.SessionSettings) != 2 || got.SessionSettings[0].UserID != userA || *got.SessionSettings[0].Duration != 86400 ||
		got.SessionSettings[0].DesktopAppBrowserQuit != nil || got.SessionSettings[1].UserID != userB ||
		*got.SessionSettings[1].Duration != 86400 || !*got.SessionSettings[1].DesktopAppBrowserQuit ||
		!slices.Equal(got.NoSettingsApplied, []string{"W0ADMIN01"}) {
		t.Errorf("getSettings answered %s", a.Body)
	}
	// Every item has all three keys, as Slack's reference has it: a Python caller's
	// item["desktop_app_browser_quit"] must not raise for Alice, who has none set.
	var items struct {
		SessionSettings []map[string]any `json:"session_settings"`
	}
	decode(t, a, &items)
	if quit, ok := items.SessionSettings[0]["desktop_app_browser_quit"]; !ok || quit != nil || len(items.SessionSettings[0]) != 3 {
		t.Errorf("Alice's item is %v, want desktop_app_browser_quit null beside user_id and duration", items.SessionSettings[0])
	}
}

// TestJobFaultsRefused checks that a job fault names a method that queues jobs, and counts.
func TestJobFaultsRefused(t *testing.T) {
	t.Parallel()
	m, err := mock.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []mock.Fault{
		{Method: api.MethodReset, Job: true},
		{Method: api.MethodAuthTest, Job: true},
		{Method: api.MethodResetBulk, Job: true, Times: -3},
		{Method: api.MethodResetBulk, Job: true, Status: 429},
	} {
		if _, err := m.AddFault(f); err == nil {
			t.Errorf("AddFault(%+v) was taken", f)
		}
	}
	if _, err := m.AddFault(mock.Fault{Job: true, UserID: userB}); err != nil {
		t.Errorf("a job fault for every async method: %v", err)
	}
}

// TestEscapedMethodNames checks that a method's name is read from the path once unescaped,
// as HTTP servers read paths: /api/auth%2Etest is auth.test.
func TestEscapedMethodNames(t *testing.T) {
	t.Parallel()
	c := start(t)
	for _, path := range []string{"/api/auth%2Etest", "/api/auth.tes%74"} {
		a := c.do(t, request{Path: path, Auth: "Bearer " + tokAdmin})
		wantOK(t, a)
	}
	wantOK(t, c.do(t, request{Path: "/api/admin.users.session%2Ereset", Auth: "Bearer " + tokAdmin,
		ContentType: formEnc.contentType, Body: "user_id=W0ALICE01"}))
	c.wantGone(t, aliceMob, aliceWeb)
	wantError(t, c.do(t, request{Path: "/api/no%2Esuch", Auth: "Bearer " + tokAdmin}), api.CodeUnknownMethod)
}

// TestSlashesBeforeTheMethodAreOne checks that /api//auth.test is auth.test: a generated
// client given the base URL the mock prints (.../api/, as Slack's SDKs want it) appends
// "/auth.test", and the call must reach the method, of the first org and of any other.
func TestSlashesBeforeTheMethodAreOne(t *testing.T) {
	t.Parallel()
	c := start(t)
	wantOK(t, c.do(t, request{Path: "/api//auth.test", Auth: "Bearer " + tokAdmin}))
	wantOK(t, c.do(t, request{Path: "/api///admin.users.session.reset", Auth: "Bearer " + tokAdmin,
		ContentType: formEnc.contentType, Body: "user_id=W0ALICE01"}))
	c.wantGone(t, aliceMob, aliceWeb)
	if got := c.m.Requests("admin.users.session.reset"); len(got) != 1 {
		t.Errorf("the journal records %d resets, want 1 under the method's own name", len(got))
	}
	wantError(t, c.do(t, request{Path: "/api//no.such", Auth: "Bearer " + tokAdmin}), api.CodeUnknownMethod)
}

// TestUnknownMethodEchoesItsName checks that unknown_method names the method asked for in
// req_method, as Slack does, but never a name that is not shaped like a method's, such as a
// token pasted into the path.
func TestUnknownMethodEchoesItsName(t *testing.T) {
	t.Parallel()
	c := start(t)
	for path, want := range map[string]string{
		"/api/admin.users.session.frobnicate": "admin.users.session.frobnicate",
		"/api/xoxp-secret-123":                "[redacted]",
		"/api/":                               "[redacted]",
	} {
		a := c.do(t, request{Path: path, Auth: "Bearer " + tokAdmin})
		wantError(t, a, api.CodeUnknownMethod)
		var got struct {
			ReqMethod *string `json:"req_method"`
		}
		decode(t, a, &got)
		if got.ReqMethod == nil || *got.ReqMethod != want {
			t.Errorf("%s: answer %s, want req_method %q", path, a.Body, want)
		}
	}
}

// TestLatin1 checks that a body sent in ISO-8859-1, a charset Slack takes, is read as such.
func TestLatin1(t *testing.T) {
	t.Parallel()
	c := start(t)
	for _, r := range []request{
		{Path: "/api/" + api.MethodAPITest, ContentType: "application/x-www-form-urlencoded; charset=iso-8859-1", Body: "caf%E9=cr%E8me"},
		{Path: "/api/" + api.MethodAPITest, ContentType: "application/json; charset=iso-8859-1", Body: "{\"caf\xe9\":\"cr\xe8me\"}"},
	} {
		a := c.do(t, r)
		var echoed struct{ Args map[string]string }
		decode(t, a, &echoed)
		if echoed.Args["café"] != "crème" || a.Warning != "" {
			t.Errorf("%s: api.test echoed %s, want café: crème and no warning", r.ContentType, a.Body)
		}
	}
}

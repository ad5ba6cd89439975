package mock_test

import (
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-contracts/admin-users-session/api"
	"github.com/slack-contracts/admin-users-session/mock"
	"github.com/slack-contracts/admin-users-session/mock/mocktest"
	"github.com/slack-contracts/admin-users-session/mock/org"
)

// servedOrg is an org as POST and GET /_mock/orgs answer it.
type servedOrg struct {
	ID         string     `json:"id"`
	APIURL     string     `json:"api_url"`
	ControlURL string     `json:"control_url"`
	ExpiresAt  *time.Time `json:"expires_at"`
}

// newOrg makes an org through the control API from body (empty: the mock's own fixture).
func newOrg(cc *controlClient, query, body string) servedOrg {
	cc.t.Helper()
	var o servedOrg
	cc.control(http.MethodPost, "/_mock/orgs"+query, body, http.StatusCreated, &o)
	return o
}

// orgIDs lists the ids GET /_mock/orgs answers.
func orgIDs(cc *controlClient) []string {
	cc.t.Helper()
	var list struct {
		Orgs []servedOrg `json:"orgs"`
	}
	cc.control(http.MethodGet, "/_mock/orgs", "", http.StatusOK, &list)
	var ids []string
	for _, o := range list.Orgs {
		ids = append(ids, o.ID)
	}
	return ids
}

// TestOrgsAreIsolated makes orgs through the control API, from the mock's own fixture and
// from a posted one, and checks that each is served at its URLs alone: a reset in one leaves
// the others' sessions, journals and faults as they were, and the org the mock started with
// stays at /api/ and /_mock/.
func TestOrgsAreIsolated(t *testing.T) {
	t.Parallel()
	m := mocktest.Start(t)
	root := newControlClient(t, m)
	a, b := newOrg(root, "", ""), newOrg(root, "", "")
	acmeDoc, err := os.ReadFile("../examples/org.json")
	if err != nil {
		t.Fatal(err)
	}
	acme := newOrg(root, "", string(acmeDoc))
	if a.ID == b.ID || a.APIURL != m.URL+"/orgs/"+a.ID+"/api/" || a.ControlURL != m.URL+"/orgs/"+a.ID+"/_mock/" {
		t.Fatalf("orgs %+v and %+v", a, b)
	}
	ca, cb := newOrgControlClient(t, m, "/orgs/"+a.ID), newOrgControlClient(t, m, "/orgs/"+b.ID)

	// A fault in a, and a reset of Bob there: b and the mock's own org see neither.
	ca.control(http.MethodPost, "/_mock/faults", `{"method":"auth.test","status":503,"times":1}`, http.StatusOK, nil)
	if status, _, code := ca.slack(api.MethodReset, tokAdmin, resetBob()); status != http.StatusOK || code != "" {
		t.Fatalf("reset in org a: %d %s", status, code)
	}
	for name, cc := range map[string]*controlClient{"a": ca, "b": cb, "the mock's own": root} {
		var got struct {
			Sessions []org.Session `json:"sessions"`
		}
		cc.control(http.MethodGet, "/_mock/sessions?user_id=W0BOB0001", "", http.StatusOK, &got)
		if want := map[bool]int{true: 0, false: 3}[cc == ca]; len(got.Sessions) != want {
			t.Errorf("org %s: Bob has %d sessions, want %d", name, len(got.Sessions), want)
		}
		var journal struct {
			Requests []mock.Call `json:"requests"`
		}
		cc.control(http.MethodGet, "/_mock/requests", "", http.StatusOK, &journal)
		if want := map[bool]int{true: 1, false: 0}[cc == ca]; len(journal.Requests) != want {
			t.Errorf("org %s: the journal holds %d calls, want %d", name, len(journal.Requests), want)
		}
	}
	if status, _, _ := cb.slack(api.MethodAuthTest, tokAdmin, nil); status != http.StatusOK {
		t.Errorf("org b answered auth.test %d: a's fault reached it", status)
	}
	if status, _, _ := ca.slackFault(http.StatusServiceUnavailable, api.MethodAuthTest, tokAdmin, nil); status != http.StatusServiceUnavailable {
		t.Errorf("org a answered auth.test %d, want its fault's 503", status)
	}
	// The posted fixture's tokens work in its org only.
	cacme := newOrgControlClient(t, m, "/orgs/"+acme.ID)
	if _, _, code := cacme.slack(api.MethodAuthTest, "xoxp-acme-admin", nil); code != "" {
		t.Errorf("the acme org refused its own token: %s", code)
	}
	if _, _, code := cacme.slack(api.MethodAuthTest, tokAdmin, nil); code != string(api.CodeInvalidAuth) {
		t.Errorf("the acme org took the demo's token: %q", code)
	}
	if got := orgIDs(root); strings.Join(got, ",") != strings.Join([]string{a.ID, b.ID, acme.ID}, ",") {
		t.Errorf("GET /_mock/orgs lists %v", got)
	}
}

// TestOrgLifecycle ends orgs by DELETE and by their time to live (on the mock's clock, moved
// by the test), and checks that an ended org answers 404 at every path, that its ids never
// come back, and that the mock's own org is untouched.
func TestOrgLifecycle(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	m := mocktest.Start(t)
	mock.SetClock(m.Server, clock)
	root := newControlClient(t, m)
	short := newOrg(root, "?ttl=1m", "")
	long := newOrg(root, "", "")
	if short.ExpiresAt == nil || !short.ExpiresAt.Equal(now.Add(time.Minute)) || long.ExpiresAt != nil {
		t.Errorf("expires_at %v and %v", short.ExpiresAt, long.ExpiresAt)
	}
	var ended struct {
		OK          bool `json:"ok"`
		DroppedJobs int  `json:"dropped_jobs"`
	}
	root.control(http.MethodDelete, "/_mock/orgs/"+long.ID, "", http.StatusOK, &ended)
	mu.Lock()
	now = now.Add(time.Minute)
	mu.Unlock()
	for _, o := range []servedOrg{short, long} {
		for _, path := range []string{"/api/auth.test", "/_mock/sessions", "/_mock/requests", "/_mock/faults", "/_mock/fixture", "/_mock/openapi.yaml", "/"} {
			assertOrgNotFound(t, m, "/orgs/"+o.ID+path)
		}
	}
	root.control(http.MethodDelete, "/_mock/orgs/"+long.ID, "", http.StatusNotFound, nil)
	if got := orgIDs(root); len(got) != 0 {
		t.Errorf("GET /_mock/orgs lists %v after both ended", got)
	}
	if again := newOrg(root, "", ""); again.ID == short.ID || again.ID == long.ID {
		t.Errorf("a new org took the id %s of one that ended", again.ID)
	}
	if status, _, code := root.slack(api.MethodAuthTest, tokAdmin, nil); status != http.StatusOK || code != "" {
		t.Errorf("the mock's own org answered %d %s", status, code)
	}
}

// assertOrgNotFound checks that path answers 404 org_not_found, in the control API's shape.
func assertOrgNotFound(t *testing.T, m *mocktest.Mock, path string) {
	t.Helper()
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		req, err := http.NewRequest(method, m.URL+path, strings.NewReader("user_id=W0BOB0001"))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Authorization", "Bearer "+tokAdmin)
		res, data := roundTrip(t, req)
		if res.StatusCode != http.StatusNotFound || !strings.Contains(string(data), `"error":"org_not_found"`) {
			t.Errorf("%s %s: %d %s, want 404 org_not_found", method, path, res.StatusCode, data)
		}
	}
}

// TestOrgsRefuseBadRequests checks what creating and ending orgs refuses, each with a clear
// error and nothing made: a fixture that does not load, a bad time to live, the cap, the
// orgs' management under an org's own control URL, and unknown ids.
func TestOrgsRefuseBadRequests(t *testing.T) {
	t.Parallel()
	m := mocktest.Start(t, mock.WithMaxOrgs(2))
	root := newControlClient(t, m)
	var e struct {
		Error, Message string
	}
	root.control(http.MethodPost, "/_mock/orgs", `{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T9"}]}`, http.StatusBadRequest, &e)
	if e.Error != "invalid_fixture" || !strings.Contains(e.Message, `users[0]: team_id "T9" names no team`) {
		t.Errorf("a bad fixture: %+v", e)
	}
	for _, ttl := range []string{"soon", "-1m", "0s", "1000h", "1h30m", "0.5s", "05m"} {
		root.control(http.MethodPost, "/_mock/orgs?ttl="+url.QueryEscape(ttl), "", http.StatusBadRequest, &e)
		if e.Error != "invalid_ttl" {
			t.Errorf("ttl %s: %+v", ttl, e)
		}
	}
	if got := orgIDs(root); len(got) != 0 {
		t.Fatalf("refused creations made orgs %v", got)
	}
	first, second := newOrg(root, "", ""), newOrg(root, "", "")
	root.control(http.MethodPost, "/_mock/orgs", "", http.StatusConflict, &e)
	if e.Error != "too_many_orgs" || !strings.Contains(e.Message, "2") {
		t.Errorf("past the cap: %+v", e)
	}
	if got := orgIDs(root); len(got) != 2 {
		t.Errorf("past the cap, the mock serves %v", got)
	}
	inOrg := newOrgControlClient(t, m, "/orgs/"+first.ID)
	inOrg.control(http.MethodPost, "/_mock/orgs", "", http.StatusNotFound, &e)
	inOrg.control(http.MethodGet, "/_mock/orgs", "", http.StatusNotFound, &e)
	inOrg.control(http.MethodDelete, "/_mock/orgs/"+second.ID, "", http.StatusNotFound, &e)
	root.control(http.MethodDelete, "/_mock/orgs/o999", "", http.StatusNotFound, &e)
	for _, path := range []string{"/orgs/o999/api/auth.test", "/orgs//api/auth.test", "/orgs/", "/orgs/" + strings.Repeat("x", 100) + "/_mock/sessions"} {
		assertOrgNotFound(t, m, path)
	}
	root.control(http.MethodDelete, "/_mock/orgs/"+first.ID, "", http.StatusOK, nil)
	newOrg(root, "", "") // room again
}

// TestControlTokenGuardsEveryOrg checks that the control token, when the mock has one, guards
// the control API of every org and the management of orgs, and that an unknown org's control
// path asks for the token before it says the org does not exist. The Slack methods need
// their own tokens only.
func TestControlTokenGuardsEveryOrg(t *testing.T) {
	t.Parallel()
	m := mocktest.Start(t, mock.WithControlToken("ctl-secret"))
	root := newControlClient(t, m)
	root.control(http.MethodPost, "/_mock/orgs", "", http.StatusUnauthorized, nil)
	root.auth = "ctl-secret"
	o := newOrg(root, "", "")
	inOrg := newOrgControlClient(t, m, "/orgs/"+o.ID)
	inOrg.control(http.MethodGet, "/_mock/sessions", "", http.StatusUnauthorized, nil)
	inOrg.auth = "ctl-secret"
	inOrg.control(http.MethodGet, "/_mock/sessions", "", http.StatusOK, nil)
	if status, _, code := inOrg.slack(api.MethodAuthTest, tokAdmin, nil); status != http.StatusOK || code != "" {
		t.Errorf("the org's auth.test without the control token: %d %s", status, code)
	}
	res, data := roundTrip(t, mustRequest(t, http.MethodGet, m.URL+"/orgs/o999/_mock/sessions"))
	if res.StatusCode != http.StatusUnauthorized {
		t.Errorf("an unknown org's control path without the token: %d %s, want 401", res.StatusCode, data)
	}
}

func mustRequest(t *testing.T, method, url string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// TestEndOrgWhileBusy ends orgs while goroutines call them and queue resetBulk jobs: every
// answer is the org's own or 404 org_not_found, never a 5xx or a panic; the jobs an ended
// org had pending end with it, each saying org_ended, and none is left pending.
func TestEndOrgWhileBusy(t *testing.T) {
	t.Parallel()
	m := mocktest.Start(t)
	for range 8 {
		o, err := m.NewOrg(nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		// A delay on auth.test keeps calls in flight while the org ends.
		if _, err := o.AddFault(mock.Fault{Method: api.MethodAuthTest, DelayMS: 1}); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for w := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				callWhileEnding(t, m.URL+o.Path(), w)
			}()
		}
		dropped, ok := m.EndOrg(o.ID())
		wg.Wait()
		if !ok {
			t.Fatalf("EndOrg(%s) found no org", o.ID())
		}
		if err := o.WaitJobs(t.Context()); err != nil {
			t.Fatalf("jobs still pending after their org ended: %v", err)
		}
		n := 0
		for _, j := range o.Jobs() {
			if !j.Done {
				t.Errorf("job %d not done after its org ended", j.ID)
			}
			if j.Error == "org_ended" {
				n++
			}
		}
		if n < dropped {
			t.Errorf("EndOrg dropped %d jobs, but %d say org_ended", dropped, n)
		}
	}
}

// callWhileEnding is worker w of TestEndOrgWhileBusy: it makes 20 calls, resetBulks and
// auth.tests in turns of its own, to the org at orgURL as it ends, and wants each answered
// by the org or, once it has ended, 404.
func callWhileEnding(t *testing.T, orgURL string, w int) {
	for i := range 20 {
		method, body := api.MethodResetBulk, "user_ids=W0BOB0001,W0ALICE01"
		if (w+i)%3 == 0 {
			method, body = api.MethodAuthTest, ""
		}
		req, err := http.NewRequest(http.MethodPost, orgURL+"/api/"+method, strings.NewReader(body))
		if err != nil {
			t.Error(err)
			return
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Authorization", "Bearer "+tokAdmin)
		res, data := roundTrip(t, req)
		if res.StatusCode != http.StatusOK && res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d %s", method, res.StatusCode, data)
		}
	}
}

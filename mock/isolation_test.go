package mock_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/slack-contracts/admin-users-session/api"
	"github.com/slack-contracts/admin-users-session/mock"
	"github.com/slack-contracts/admin-users-session/mock/mocktest"
)

// isoOp is one step of a worker of TestOrgsIsolationProperty: a call of a Slack method, a
// fault put in force, or a wait for the org's jobs.
type isoOp struct {
	method string
	form   url.Values
	fault  *mock.Fault
	wait   bool
}

// isoResult is what a call was answered, and the journal's record of it, less what differs
// from run to run (time, seq, request id).
type isoResult struct {
	Status int
	Error  string
	Fault  bool
	Args   map[string]any
}

// isoUsers and isoSessions are the demo fixture's users and sessions, with ids it does not
// have, for calls that must fail.
var (
	isoUsers    = []string{userA, userB, userPO, "W0ADMIN01", botID, "W0NOPE"}
	isoSessions = []int64{bobMobile, bobWeb, bobWeb1, aliceMob, aliceWeb, ownerWeb, adminWeb, 42}
	isoTeams    = []string{team1, team2, orgID, "T0NOPE"}
)

// isoOps draws n steps for one worker from r: calls of every method, with good and bad
// arguments, faults now and then, and a wait for jobs after each resetBulk, so that the
// order of every change is the worker's own.
func isoOps(r *rand.Rand, n int) []isoOp {
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	var ops []isoOp
	for range n {
		form := url.Values{}
		var method string
		switch r.IntN(10) {
		case 0:
			method = api.MethodInvalidate
			form.Set("user_id", pick(isoUsers))
			form.Set("session_id", fmt.Sprint(isoSessions[r.IntN(len(isoSessions))]))
		case 1:
			method = api.MethodReset
			form.Set("user_id", pick(isoUsers))
			form.Set([]string{"mobile_only", "web_only"}[r.IntN(2)], "1")
		case 2:
			method = api.MethodList
			form.Set("limit", fmt.Sprint(1+r.IntN(4)))
		case 3:
			method = api.MethodList
			form.Set("user_id", pick(isoUsers))
			form.Set("team_id", pick(isoTeams))
		case 4:
			method = api.MethodResetBulk
			form.Set("user_ids", pick(isoUsers)+","+pick(isoUsers))
		case 5:
			method = api.MethodSetSettings
			form.Set("user_ids", pick(isoUsers))
			form.Set("duration", fmt.Sprint(28800+r.IntN(3)*3600))
		case 6:
			method = api.MethodGetSettings
			form.Set("user_ids", pick(isoUsers)+","+pick(isoUsers))
		case 7:
			method = api.MethodClearSettings
			form.Set("user_ids", pick(isoUsers))
		case 8:
			method = []string{api.MethodAuthTest, api.MethodAPITest}[r.IntN(2)]
		case 9:
			f := mock.Fault{Method: api.MethodReset, Status: 200, Error: "user_session_reset_failed", Times: 1}
			if r.IntN(2) == 0 {
				f = mock.Fault{Method: api.MethodResetBulk, Job: true, UserID: pick(isoUsers), Times: 1}
			}
			ops = append(ops, isoOp{fault: &f})
			continue
		}
		ops = append(ops, isoOp{method: method, form: form})
		if method == api.MethodResetBulk {
			ops = append(ops, isoOp{wait: true})
		}
	}
	return ops
}

// runIsoOps runs ops on the org o of the mock h, and answers what each call
// was answered, with the org's journal and state at the end.
func runIsoOps(t *testing.T, h http.Handler, o *mock.Tenant, ops []isoOp) (answers []isoResult, journal []isoResult, state string) {
	for _, op := range ops {
		switch {
		case op.fault != nil:
			if _, err := o.AddFault(*op.fault); err != nil {
				t.Error(err)
				return
			}
		case op.wait:
			if err := o.WaitJobs(t.Context()); err != nil {
				t.Error(err)
				return
			}
		default:
			req := httptest.NewRequest(http.MethodPost, o.Path()+"/api/"+op.method, strings.NewReader(op.form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Authorization", "Bearer "+tokAdmin)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			var a struct{ Error string }
			if err := json.Unmarshal(rec.Body.Bytes(), &a); err != nil {
				t.Errorf("%s: %v: %s", op.method, err, rec.Body)
				return
			}
			answers = append(answers, isoResult{Status: rec.Code, Error: a.Error})
		}
	}
	for _, c := range o.Requests("") {
		journal = append(journal, isoResult{Status: c.Status, Error: c.Error, Fault: c.Fault, Args: c.Args})
	}
	b, err := json.Marshal(o.Org().Fixture())
	if err != nil {
		t.Fatal(err)
	}
	return answers, journal, string(b)
}

// TestOrgsIsolationProperty is the isolation of orgs as a property: workers, each on an org of
// its own made from the same fixture on one mock, make random calls of every method at once,
// with faults and resetBulk jobs; each org's answers, journal and end state are exactly what
// replaying its worker's steps alone, on a fresh mock, gives.
func TestOrgsIsolationProperty(t *testing.T) {
	t.Parallel()
	const workers, steps = 8, 120
	m := mocktest.Start(t)
	type outcome struct {
		answers, journal []isoResult
		state            string
	}
	live := make([]outcome, workers)
	plans := make([][]isoOp, workers)
	var wg sync.WaitGroup
	for w := range workers {
		plans[w] = isoOps(rand.New(rand.NewPCG(uint64(w), 21)), steps)
		o, err := m.NewOrg(nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			a, j, s := runIsoOps(t, m.Server, o, plans[w])
			live[w] = outcome{a, j, s}
		}()
	}
	wg.Wait()
	for w := range workers {
		alone, err := mock.New()
		if err != nil {
			t.Fatal(err)
		}
		a, j, s := runIsoOps(t, alone, alone.Tenant, plans[w])
		if !reflect.DeepEqual(live[w].answers, a) {
			t.Errorf("worker %d: its org answered\n%v\nlive, and alone\n%v", w, live[w].answers, a)
		}
		if !reflect.DeepEqual(live[w].journal, j) {
			t.Errorf("worker %d: its org's journal differs from the journal alone", w)
		}
		if live[w].state != s {
			t.Errorf("worker %d: its org ends in\n%s\nand alone in\n%s", w, live[w].state, s)
		}
	}
	if got := m.Org().Fixture(); !reflect.DeepEqual(got, mustDemo(t).Org().Fixture()) {
		t.Errorf("the mock's own org changed")
	}
}

// mustDemo is a mock of the demo fixture, untouched.
func mustDemo(t *testing.T) *mock.Server {
	t.Helper()
	m, err := mock.New()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

package mock_test

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/slack-contracts/admin-users-session/api"
	"github.com/slack-contracts/admin-users-session/mock"
	"github.com/slack-contracts/admin-users-session/mock/mocktest"
	"github.com/slack-contracts/admin-users-session/mock/org"
)

// The org of the concurrency test: users with sessions in two teams, and an admin.
const (
	raceUsers           = 32
	raceSessionsPerUser = 30
	raceWorkers         = 16
	raceCallsPerWorker  = 200
	raceAdmin           = "xoxp-race-admin"
	raceOrg             = "E0RACE001"
)

// raceFixture is an org of raceUsers members with raceSessionsPerUser sessions each, half
// mobile and half web, spread over two teams.
func raceFixture(t *testing.T) *org.Fixture {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, `{"org":{"id":%q},"teams":[{"id":"T0RACE001"},{"id":"T0RACE002"}],`, raceOrg)
	b.WriteString(`"users":[{"id":"W0RACEADM","team_id":"T0RACE001","role":"admin"}`)
	for u := range raceUsers {
		fmt.Fprintf(&b, `,{"id":"%s","team_id":"T0RACE00%d"}`, raceUser(u), 1+u%2)
	}
	fmt.Fprintf(&b, `],"tokens":[{"token":%q,"user_id":"W0RACEADM","scopes":["admin.users:write"]}],"sessions":[`, raceAdmin)
	for u := range raceUsers {
		for i := range raceSessionsPerUser {
			if u+i > 0 {
				b.WriteByte(',')
			}
			client := [2]string{"mobile", "web"}[i%2]
			fmt.Fprintf(&b, `{"session_id":%d,"user_id":"%s","team_id":"T0RACE00%d","client":%q}`,
				raceSession(u, i), raceUser(u), 1+i%2, client)
		}
	}
	b.WriteString(`]}`)
	f, err := org.ParseFixture(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func raceUser(u int) string { return fmt.Sprintf("W0RACE%03d", u) }

func raceSession(u, i int) int64 { return 1_000_000_000_000 + int64(u)*1000 + int64(i) }

// raceAnswer is what one call of the concurrency test sent and what it got.
type raceAnswer struct {
	method  string
	session int64 // invalidate's session_id
	code    api.ErrorCode
}

// TestConcurrentCallsAreLinearizable sends raceWorkers×raceCallsPerWorker calls at once over
// HTTP, invalidating and resetting overlapping sessions and users, and checks that every
// session ended exactly once across the ok:true answers, and that the journal is a
// linearization: replaying it in its order on a fresh store gives every call the answer it got
// and ends in the same state.
func TestConcurrentCallsAreLinearizable(t *testing.T) {
	fx := raceFixture(t)
	m := mocktest.Start(t, mock.WithFixture(fx))
	got := raceWorkersCall(t, m)
	if t.Failed() {
		return
	}

	tally := tallyRaceAnswers(t, got)
	if err := m.WaitJobs(t.Context()); err != nil {
		t.Fatal(err)
	}
	endedByReset, journaledOKs := replay(t, fx, m.Requests(""), m.Jobs(), tally.calls, m.Org().Fixture())
	if journaledOKs != tally.oks {
		t.Errorf("the journal holds %d ok calls, the clients got %d", journaledOKs, tally.oks)
	}
	live := map[int64]bool{}
	for _, ss := range m.Org().Sessions("", "") {
		live[ss.SessionID] = true
	}
	checkEndedOnce(t, fx.Sessions, live, tally.okInvalidates, endedByReset)
	t.Logf("%d calls (%d ok: %d invalidates, %d resets); %d of %d sessions ended, %d by invalidate",
		tally.calls, tally.oks, tally.oks-tally.resets, tally.resets, len(fx.Sessions)-len(live), len(fx.Sessions), len(tally.okInvalidates))
}

// raceWorkersCall has raceWorkers workers make raceCallsPerWorker calls each on m at once,
// and returns the answers each worker got, in its order. A worker stops at its first error,
// failing the test.
func raceWorkersCall(t *testing.T, m *mocktest.Mock) [][]raceAnswer {
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: raceWorkers}}
	t.Cleanup(hc.CloseIdleConnections)
	answers := newAnswerChecker(t, m)

	got := make([][]raceAnswer, raceWorkers)
	var wg sync.WaitGroup
	for w := range raceWorkers {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 1))
			for j := range raceCallsPerWorker {
				a, err := raceCall(hc, answers, m.APIURL, rng, j)
				if err != nil {
					t.Error(err)
					return
				}
				got[w] = append(got[w], a)
			}
		})
	}
	wg.Wait()
	return got
}

// raceTally counts the answers of the concurrency test.
type raceTally struct {
	calls, oks    int
	resets        int           // ok:true resets and resetBulks
	okInvalidates map[int64]int // ok:true invalidates of each session
}

// tallyRaceAnswers counts the answers the workers got, failing the test on every error other
// than session_not_found.
func tallyRaceAnswers(t *testing.T, got [][]raceAnswer) raceTally {
	t.Helper()
	tally := raceTally{okInvalidates: map[int64]int{}}
	for _, as := range got {
		for _, a := range as {
			tally.calls++
			switch {
			case a.code != "" && a.code != api.CodeSessionNotFound:
				t.Errorf("%s answered %s", a.method, a.code)
			case a.code == "":
				tally.oks++
				if a.method == api.MethodInvalidate {
					tally.okInvalidates[a.session]++
				} else {
					tally.resets++ // a reset, or a resetBulk, whose job the replay counts
				}
			}
		}
	}
	return tally
}

// checkEndedOnce checks that every session ended exactly once: one still live (in live) by
// no ok:true invalidate nor reset, any other by exactly one of them.
func checkEndedOnce(t *testing.T, sessions []org.Session, live map[int64]bool, okInvalidates, endedByReset map[int64]int) {
	t.Helper()
	for _, ss := range sessions {
		id := ss.SessionID
		n := okInvalidates[id] + endedByReset[id]
		switch {
		case live[id] && n != 0:
			t.Errorf("session %d is live, but %d ok:true invalidates and %d resets ended it", id, okInvalidates[id], endedByReset[id])
		case !live[id] && n != 1:
			t.Errorf("session %d ended %d times: %d ok:true invalidates, %d resets", id, n, okInvalidates[id], endedByReset[id])
		}
	}
}

// raceCall makes call j of a worker. Every worker sweeps the sessions in the same order, so
// that calls in flight at once meet on the same sessions and users: mostly it invalidates one
// of the few sessions at the sweep's position (in its team, or the org's, sometimes naming its
// user), else it resets the sessions of their user, all or only the mobile or web ones. It
// checks the answer against openapi.yaml with answers, and wants HTTP 200.
func raceCall(hc *http.Client, answers *answerChecker, apiURL string, rng *rand.Rand, j int) (raceAnswer, error) {
	n := min(j*raceUsers*raceSessionsPerUser/raceCallsPerWorker+rng.IntN(3), raceUsers*raceSessionsPerUser-1)
	u, i := n/raceSessionsPerUser, n%raceSessionsPerUser
	form := url.Values{}
	a := raceAnswer{method: api.MethodInvalidate}
	scope := func() {
		switch rng.IntN(3) {
		case 1:
			form.Set("mobile_only", "true")
		case 2:
			form.Set("web_only", "1")
		}
	}
	switch rng.IntN(50) {
	case 0:
		a.method = api.MethodReset
		form.Set("user_id", raceUser(u))
		scope()
	case 1:
		a.method = api.MethodResetBulk
		form.Set("user_ids", raceUser(u)+","+raceUser((u+1)%raceUsers))
		scope()
	default:
		a.session = raceSession(u, i)
		form.Set("session_id", strconv.FormatInt(a.session, 10))
		form.Set("user_id", raceUser(u))
		if team := rng.IntN(4); team < 3 {
			form.Set("team_id", []string{"T0RACE001", "T0RACE002", raceOrg}[[]int{i % 2, i % 2, 2}[team]])
		}
	}
	req, err := http.NewRequest(http.MethodPost, apiURL+a.method, strings.NewReader(form.Encode()))
	if err != nil {
		return a, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+raceAdmin)
	resp, err := hc.Do(req)
	if err != nil {
		return a, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return a, fmt.Errorf("%s %v: reading the answer: %w", a.method, form, err)
	}
	body, err := answers.check(req, resp.StatusCode, resp.Header, data, 0)
	if err != nil {
		return a, fmt.Errorf("%s %v: %w", a.method, form, err)
	}
	if resp.StatusCode != http.StatusOK {
		return a, fmt.Errorf("%s %v: HTTP %d, want 200: %s", a.method, form, resp.StatusCode, data)
	}
	a.code = api.ErrorCode(body.Error)
	return a, nil
}

// replay sends the journal's calls in its order to a fresh mock of fx, and applies each
// resetBulk job where the journal says it ran (as resets of its users); it checks that each
// call gets the answer it got live, that each job ends what it ended live, and that the end
// state is live's, and answers how many resets (and jobs) ended each session in the replay
// and how many entries are ok.
func replay(t *testing.T, fx *org.Fixture, journal []mock.Call, jobs []mock.Job, calls int, live *org.Fixture) (endedByReset map[int64]int, oks int) {
	t.Helper()
	if len(journal) != calls {
		t.Fatalf("the journal holds %d calls, want %d", len(journal), calls)
	}
	r := newReplayer(t, fx)
	misordered := 0
	for i, e := range journal {
		code := r.call(e.Method, e.Args)
		if e.Error == "" {
			oks++
		}
		if e.Status != http.StatusOK || string(code) != e.Error {
			misordered++
			if misordered <= 5 {
				t.Errorf("journal entry %d, %s %v: answered HTTP %d %q live, %q in the replay", i, e.Method, e.Args, e.Status, e.Error, code)
			}
		}
		r.applyJobsAfter(e.Seq, jobs)
	}
	if misordered > 0 {
		t.Errorf("%d of %d journal entries answer otherwise in the replay: the journal is not in the order the calls took effect", misordered, len(journal))
	}
	if got, want := mustJSON(t, r.m.Org().Fixture()), mustJSON(t, live); got != want {
		t.Errorf("the replay of the journal ends in another state than the mock's:\nreplay %s\nmock   %s", got, want)
	}
	return r.endedByReset, oks
}

// replayer is the fresh mock that replay sends the journal to, and how many resets (and
// jobs) ended each session there.
type replayer struct {
	t            *testing.T
	m            *mock.Server
	endedByReset map[int64]int
}

// newReplayer is a replayer on a fresh mock of fx, whose own resetBulk jobs change nothing:
// the replay applies the live jobs where they ran.
func newReplayer(t *testing.T, fx *org.Fixture) *replayer {
	t.Helper()
	m, err := mock.New(mock.WithFixture(fx))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.AddFault(mock.Fault{Method: api.MethodResetBulk, Job: true}); err != nil {
		t.Fatal(err)
	}
	return &replayer{t: t, m: m, endedByReset: map[int64]int{}}
}

// call sends method with args as the admin and returns the error code of the answer,
// counting the sessions that a reset ends.
func (r *replayer) call(method string, args map[string]any) api.ErrorCode {
	if method != api.MethodReset {
		return r.send(method, args)
	}
	before := r.m.Org().Sessions(args["user_id"].(string), "")
	code := r.send(method, args)
	for _, ss := range before {
		if _, live := r.m.Org().Session(ss.SessionID); !live {
			r.endedByReset[ss.SessionID]++
		}
	}
	return code
}

// send posts method with args as a form, as the admin, and returns the error code of the
// answer.
func (r *replayer) send(method string, args map[string]any) api.ErrorCode {
	form := url.Values{}
	for k, v := range args {
		form.Set(k, fmt.Sprint(v))
	}
	body := serveForm(r.m, method, raceAdmin, form)
	var a struct{ Error string }
	if err := json.Unmarshal(body, &a); err != nil {
		r.t.Fatalf("replaying %s %v: %v: %s", method, form, err, body)
	}
	return api.ErrorCode(a.Error)
}

// applyJobsAfter applies the live jobs that ran after the journal entry seq, as resets of
// each of their users, and checks that each reset answers and ends what the job did live.
func (r *replayer) applyJobsAfter(seq int, jobs []mock.Job) {
	r.t.Helper()
	for _, j := range jobs {
		if j.AfterSeq != seq {
			continue
		}
		for _, res := range j.Results {
			args := map[string]any{"user_id": res.UserID}
			if j.Only != "" {
				args[string(j.Only)+"_only"] = "true"
			}
			before := len(r.m.Org().Sessions(res.UserID, ""))
			if code := r.call(api.MethodReset, args); code != api.ErrorCode(res.Error) ||
				before-len(r.m.Org().Sessions(res.UserID, "")) != res.Ended {
				r.t.Errorf("job %d, user %s: ended %d (%q) live; the replay answers %q", j.ID, res.UserID, res.Ended, res.Error, code)
			}
		}
	}
}

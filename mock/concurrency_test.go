package mock_test

import (
	"bytes"
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
func raceFixture(t *testing.T) *mock.Fixture {
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
	f, err := mock.ParseFixture(strings.NewReader(b.String()))
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
	if t.Failed() {
		return
	}

	// Every session ended exactly once: by one ok:true invalidate, or by a reset.
	okInvalidates := map[int64]int{}
	var calls, oks, resets int
	for _, as := range got {
		for _, a := range as {
			calls++
			switch {
			case a.code != "" && a.code != api.CodeSessionNotFound:
				t.Errorf("%s answered %s", a.method, a.code)
			case a.code == "":
				oks++
				if a.method == mock.MethodInvalidate {
					okInvalidates[a.session]++
				} else {
					resets++
				}
			}
		}
	}
	endedByReset, journaledOKs := replay(t, fx, m.Requests(""), calls, m.Store().Fixture())
	if journaledOKs != oks {
		t.Errorf("the journal holds %d ok calls, the clients got %d", journaledOKs, oks)
	}
	live := map[int64]bool{}
	for _, ss := range m.Store().Sessions("", "") {
		live[ss.SessionID] = true
	}
	for _, ss := range fx.Sessions {
		id := ss.SessionID
		n := okInvalidates[id] + endedByReset[id]
		switch {
		case live[id] && n != 0:
			t.Errorf("session %d is live, but %d ok:true invalidates and %d resets ended it", id, okInvalidates[id], endedByReset[id])
		case !live[id] && n != 1:
			t.Errorf("session %d ended %d times: %d ok:true invalidates, %d resets", id, n, okInvalidates[id], endedByReset[id])
		}
	}
	t.Logf("%d calls (%d ok: %d invalidates, %d resets); %d of %d sessions ended, %d by invalidate",
		calls, oks, oks-resets, resets, len(fx.Sessions)-len(live), len(fx.Sessions), len(okInvalidates))
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
	a := raceAnswer{method: mock.MethodInvalidate}
	if rng.IntN(50) == 0 {
		a.method = mock.MethodReset
		form.Set("user_id", raceUser(u))
		switch rng.IntN(3) {
		case 1:
			form.Set("mobile_only", "true")
		case 2:
			form.Set("web_only", "1")
		}
	} else {
		a.session = raceSession(u, i)
		form.Set("session_id", strconv.FormatInt(a.session, 10))
		form.Set("team_id", []string{"T0RACE001", "T0RACE002", raceOrg}[[]int{i % 2, i % 2, 2}[rng.IntN(3)]])
		if rng.IntN(2) == 0 {
			form.Set("user_id", raceUser(u))
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

// replay applies the journal's entries in its order to a fresh store of fx, checks that each
// gets the answer it got live and that the end state is live's, and answers how many resets
// ended each session in the replay and how many entries are ok.
func replay(t *testing.T, fx *mock.Fixture, journal []mock.Entry, calls int, live *mock.Fixture) (endedByReset map[int64]int, oks int) {
	t.Helper()
	if len(journal) != calls {
		t.Fatalf("the journal holds %d calls, want %d", len(journal), calls)
	}
	st := mock.NewStore(fx)
	admin := mock.Caller{UserID: "W0RACEADM", Role: mock.RoleAdmin}
	endedByReset = map[int64]int{}
	misordered := 0
	for i, e := range journal {
		arg := func(name string) string { s, _ := e.Args[name].(string); return s }
		var code api.ErrorCode
		switch e.Method {
		case mock.MethodInvalidate:
			id, err := strconv.ParseInt(arg("session_id"), 10, 64)
			if err != nil {
				t.Fatalf("journal entry %d: %v", i, err)
			}
			code = st.Invalidate(admin, arg("team_id"), id, arg("user_id"))
		case mock.MethodReset:
			only := mock.ClientKind("")
			switch {
			case arg("mobile_only") == "true":
				only = mock.ClientMobile
			case arg("web_only") == "1":
				only = mock.ClientWeb
			}
			before := st.Sessions(arg("user_id"), "")
			_, code = st.Reset(admin, arg("user_id"), only)
			for _, ss := range before {
				if _, live := st.Session(ss.SessionID); !live {
					endedByReset[ss.SessionID]++
				}
			}
		}
		if e.Error == "" {
			oks++
		}
		if e.Status != http.StatusOK || string(code) != e.Error {
			misordered++
			if misordered <= 5 {
				t.Errorf("journal entry %d, %s %v: answered HTTP %d %q live, %q in the replay", i, e.Method, e.Args, e.Status, e.Error, code)
			}
		}
	}
	if misordered > 0 {
		t.Errorf("%d of %d journal entries answer otherwise in the replay: the journal is not in the order the calls took effect", misordered, len(journal))
	}
	got, err := json.Marshal(st.Fixture())
	if err != nil {
		t.Fatal(err)
	}
	want, err := json.Marshal(live)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the replay of the journal ends in another state than the mock's:\nreplay %s\nmock   %s", got, want)
	}
	return endedByReset, oks
}

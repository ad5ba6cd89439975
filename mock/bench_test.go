package mock_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slack-contracts/admin-users-session/api"
	"github.com/slack-contracts/admin-users-session/mock"
)

// The org of the store-size benchmarks: an admin who calls, a target user whose sessions
// the calls end, and sessionsPerUser sessions for each of the other users.
const (
	benchToken      = "xoxp-bench-admin"
	benchAdmin      = "W0BADMIN01"
	benchTarget     = "W0BTARGET1"
	benchTeam       = "T0BENCH001"
	sessionsPerUser = 100
)

// benchSizes are the numbers of sessions the store holds in the store-size benchmarks.
var benchSizes = []struct {
	name     string
	sessions int
}{
	{"1k", 1_000},
	{"100k", 100_000},
	{"1M", 1_000_000},
}

// benchFixture builds an org of n sessions, sessionsPerUser per user (so 1M sessions
// belong to 10k users), with unique ids from 1 to n, alternately mobile and web and in one
// of two teams, each with its creation time. The admin and the target have none.
func benchFixture(n int) *mock.Fixture {
	users := max(1, n/sessionsPerUser)
	f := &mock.Fixture{
		Org:   &mock.Org{ID: "E0BENCH001"},
		Teams: []mock.Team{{ID: benchTeam}, {ID: "T0BENCH002"}},
		Users: make([]mock.User, 0, users+2),
		Tokens: []mock.Token{{Token: benchToken, UserID: benchAdmin, Type: mock.TokenUser,
			Scopes: []string{"admin.users:read", "admin.users:write"}}},
		Sessions: make([]mock.Session, n),
	}
	f.Users = append(f.Users,
		mock.User{ID: benchAdmin, TeamID: benchTeam, Role: mock.RoleAdmin},
		mock.User{ID: benchTarget, TeamID: benchTeam, Role: mock.RoleMember})
	for i := range users {
		f.Users = append(f.Users, mock.User{ID: fmt.Sprintf("W%09d", i), TeamID: f.Teams[i%2].ID, Role: mock.RoleMember})
	}
	created := time.Date(2026, 11, 2, 9, 15, 0, 0, time.UTC)
	for i := range f.Sessions {
		u := f.Users[2+i%users]
		client := mock.ClientMobile
		if i%2 == 1 {
			client = mock.ClientWeb
		}
		at := created.Add(time.Duration(i) * time.Second)
		f.Sessions[i] = mock.Session{SessionID: int64(i + 1), UserID: u.ID, TeamID: f.Teams[(i/users)%2].ID, Client: client, CreatedAt: &at}
	}
	return f
}

// BenchmarkStoreSize measures one call of each method through the whole handler (gate,
// generated strict server, store, journal) with 1k, 100k and 1M sessions in the store: the
// cost of a call must not grow with the org.
//
// So that every call does real work, each iteration first signs the target user in again
// with Store().AddSession (a new session id each time, in a store already holding all the
// others), then makes the call that ends that session: reset of the target with
// mobile_only=true, or invalidate of the new session id. The timed loop therefore includes
// one AddSession, a map insert under the store's lock; the call itself answers ok:true,
// which every iteration checks.
func BenchmarkStoreSize(b *testing.B) {
	for _, method := range []string{api.MethodReset, api.MethodInvalidate} {
		for _, size := range benchSizes {
			b.Run(fmt.Sprintf("%s/sessions=%s", strings.TrimPrefix(method, "admin.users.session."), size.name), func(b *testing.B) {
				benchCall(b, method, size.sessions)
			})
		}
	}
}

func benchCall(b *testing.B, method string, sessions int) {
	s, err := mock.New()
	if err != nil {
		b.Fatal(err)
	}
	s.Store().Load(benchFixture(sessions))
	runtime.GC() // leave the fixture's garbage out of the timed loop
	want := []byte(`{"ok":true}` + "\n")
	resetBody := "user_id=" + benchTarget + "&mobile_only=true"
	id := int64(sessions)
	var body []byte
	b.ReportAllocs()
	for b.Loop() {
		id++
		if err := s.Store().AddSession(mock.Session{SessionID: id, UserID: benchTarget, TeamID: benchTeam, Client: mock.ClientMobile}); err != nil {
			b.Fatal(err)
		}
		if method == api.MethodReset {
			body = append(body[:0], resetBody...)
		} else {
			body = append(body[:0], "user_id="+benchTarget+"&session_id="...)
			body = strconv.AppendInt(body, id, 10)
		}
		req, err := http.NewRequest(http.MethodPost, "/api/"+method, bytes.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Authorization", "Bearer "+benchToken)
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
		if w.Code != http.StatusOK || !bytes.Equal(w.Body.Bytes(), want) {
			b.Fatalf("%s answered %d %s", method, w.Code, w.Body)
		}
	}
	b.StopTimer()
	if _, ok := s.Store().Session(id); ok {
		b.Fatalf("session %d outlived the %s", id, method)
	}
}

// BenchmarkFixtureLoad measures loading a fixture of 1M sessions, as a test suite does with
// -fixture or POST /_mock/fixture: ParseFixture of its JSON, then NewStore. It reports the
// seconds a load takes (load-s, which must stay under 3; parse-s of them in ParseFixture)
// and the heap that the loaded store holds once the fixture and all garbage are collected
// (store-MB, which must stay under 400, and fails the benchmark otherwise; time is only
// reported, as it depends on the machine).
func BenchmarkFixtureLoad(b *testing.B) {
	data, err := json.Marshal(benchFixture(1_000_000))
	if err != nil {
		b.Fatal(err)
	}
	var store *mock.Store // the latest, kept until the heap is measured
	var before uint64
	var parse time.Duration
	for b.Loop() {
		b.StopTimer()
		store = nil
		before = heapInUse()
		b.StartTimer()
		start := time.Now()
		f, err := mock.ParseFixture(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		parse += time.Since(start)
		store = mock.NewStore(f)
	}
	b.StopTimer()
	after := heapInUse()
	if _, ok := store.Session(1_000_000); !ok {
		b.Fatal("the store lost session 1000000")
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "load-s")
	b.ReportMetric(parse.Seconds()/float64(b.N), "parse-s")
	storeMB := float64(after-before) / 1e6
	b.ReportMetric(storeMB, "store-MB")
	b.ReportMetric(float64(len(data))/1e6, "json-MB")
	if storeMB >= 400 {
		b.Errorf("the store of 1M sessions holds %.0f MB, over the 400 MB budget", storeMB)
	}
	runtime.KeepAlive(data)
}

// heapInUse answers the bytes of live heap objects. It collects twice first: the second
// collection frees what the first only moved out of sync.Pools (such as encoding/json's
// buffers).
func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

package mock_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/slack-contracts/admin-users-session/api"
	"github.com/slack-contracts/admin-users-session/mock"
)

// BenchmarkResetBulkJob measures a resetBulk of 1000 users with 100 sessions each, the
// 100k sessions of the org: the call, and its job to its end (WaitJobs). The org is
// restored between iterations, outside the timer.
func BenchmarkResetBulkJob(b *testing.B) {
	f := benchFixture(100_000)
	users := make([]string, 0, 1000)
	for _, u := range f.Users[2:1002] {
		users = append(users, u.ID)
	}
	ids, err := json.Marshal(users)
	if err != nil {
		b.Fatal(err)
	}
	body := "user_ids=" + string(ids)
	s, err := mock.New(mock.WithFixture(f))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		s.Restore()
		s.ClearRequests()
		b.StartTimer()
		req := httptest.NewRequest(http.MethodPost, "/api/"+api.MethodResetBulk, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Authorization", "Bearer "+benchToken)
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
		if w.Body.String() != `{"ok":true}`+"\n" {
			b.Fatalf("answer %s", w.Body)
		}
		if err := s.WaitJobs(b.Context()); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if j := s.Jobs(); len(j) == 0 || j[len(j)-1].Results[999].Ended != 100 {
		b.Fatalf("the last job: %+v", j[len(j)-1].Results[999])
	}
}

package mock_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/slack-contracts/admin-users-session/mock"
)

// TestJournalKeepsAtMostJournalBytesOfBodies fills the journal with calls whose bodies are
// near the default 64 KiB cap, and checks that it keeps the latest of them, no more than
// mock.JournalBytes of bodies in all, and counts the others as dropped: a long run of big
// calls cannot exhaust memory, however many calls the journal may hold.
func TestJournalKeepsAtMostJournalBytesOfBodies(t *testing.T) {
	s, err := mock.New()
	if err != nil {
		t.Fatal(err)
	}
	pad := strings.Repeat("x", 60<<10)
	const calls = 2 * mock.JournalBytes / (60 << 10)
	bodyLen := 0
	for i := range calls {
		body := fmt.Sprintf("user_id=W%08d&note=%s", i, pad)
		bodyLen = len(body)
		req := httptest.NewRequest(http.MethodPost, "/api/"+mock.MethodReset, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Authorization", "Bearer "+tokAdmin)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("call %d: HTTP %d: %s", i, rec.Code, rec.Body)
		}
	}

	got := s.Requests("")
	if kept := len(got) * bodyLen; kept > mock.JournalBytes || kept <= mock.JournalBytes-bodyLen {
		t.Errorf("the journal keeps %d calls, %d bytes of bodies; want as many as fit in %d", len(got), kept, mock.JournalBytes)
	}
	if s.Dropped()+len(got) != calls {
		t.Errorf("%d kept and %d dropped, of %d calls", len(got), s.Dropped(), calls)
	}
	for i, e := range got {
		if want := fmt.Sprintf("W%08d", calls-len(got)+i); e.Args["user_id"] != want {
			t.Fatalf("entry %d is of user %v, want %s: the latest calls, oldest first", i, e.Args["user_id"], want)
		}
	}

	// Clearing the journal frees its budget.
	s.ClearRequests()
	req := httptest.NewRequest(http.MethodPost, "/api/"+mock.MethodReset, strings.NewReader("user_id=W0BOB0001"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+tokAdmin)
	s.ServeHTTP(httptest.NewRecorder(), req)
	if got := s.Requests(""); len(got) != 1 || s.Dropped() != 0 {
		t.Errorf("after clearing, one call: %d entries, %d dropped", len(got), s.Dropped())
	}
}

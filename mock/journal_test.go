package mock_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/slack-contracts/admin-users-session/api"
	"github.com/slack-contracts/admin-users-session/mock"
)

// resetWithPad calls reset for user as the admin, with a form body padded to pad bytes
// more, in process, and fails t unless the mock answers HTTP 200. It returns the body's
// length.
func resetWithPad(t *testing.T, s *mock.Server, user string, pad int) int {
	t.Helper()
	body := "user_id=" + user + "&note=" + strings.Repeat("x", pad)
	req := httptest.NewRequest(http.MethodPost, "/api/"+api.MethodReset, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+tokAdmin)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("reset of %s: HTTP %d: %s", user, rec.Code, rec.Body)
	}
	return len(body)
}

// wantLatest checks that the journal holds, oldest first, the calls of users W<first> to
// W<last> (numbered as resetWithPad was given them), and has dropped every other of calls.
func wantLatest(t *testing.T, s *mock.Server, first, last, calls int) {
	t.Helper()
	got := s.Requests("")
	if len(got) != last-first+1 || s.Dropped() != calls-len(got) {
		t.Fatalf("%d entries and %d dropped, want the calls %d to %d kept and %d dropped", len(got), s.Dropped(), first, last, calls-(last-first+1))
	}
	for i, e := range got {
		if want := fmt.Sprintf("W%08d", first+i); e.Args["user_id"] != want {
			t.Fatalf("entry %d is of user %v, want %s: the latest calls, oldest first", i, e.Args["user_id"], want)
		}
	}
}

// TestJournalKeepsAtMostJournalBytesOfBodies fills the journal with calls whose bodies are
// near the default 64 KiB cap, and checks that it keeps the latest of them, no more than
// mock.JournalBytes of bodies in all, and counts the others as dropped, both before its
// ring is full and once it is: a long run of big calls cannot exhaust memory, however many
// calls the journal may hold. A call whose body alone is over the budget is kept alone.
func TestJournalKeepsAtMostJournalBytesOfBodies(t *testing.T) {
	const pad = 60 << 10
	t.Run("before the ring is full", func(t *testing.T) {
		s, err := mock.New()
		if err != nil {
			t.Fatal(err)
		}
		const calls = 2 * mock.JournalBytes / pad
		var size int
		for i := range calls {
			size = resetWithPad(t, s, fmt.Sprintf("W%08d", i), pad)
		}
		fit := mock.JournalBytes / size
		wantLatest(t, s, calls-fit, calls-1, calls)

		// Clearing the journal frees its budget.
		s.ClearRequests()
		resetWithPad(t, s, "W00000000", 0)
		wantLatest(t, s, 0, 0, 1)
	})
	t.Run("once the ring is full", func(t *testing.T) {
		const ring = 300 // more than JournalBytes holds of the big calls
		s, err := mock.New(mock.WithJournalSize(ring))
		if err != nil {
			t.Fatal(err)
		}
		for i := range ring {
			resetWithPad(t, s, fmt.Sprintf("W%08d", i), 0)
		}
		var size int
		for i := ring; i < 3*ring; i++ {
			size = resetWithPad(t, s, fmt.Sprintf("W%08d", i), pad)
		}
		fit := mock.JournalBytes / size
		wantLatest(t, s, 3*ring-fit, 3*ring-1, 3*ring)
	})
	t.Run("a body over the budget", func(t *testing.T) {
		s, err := mock.New(mock.WithMaxBodyBytes(2 * mock.JournalBytes))
		if err != nil {
			t.Fatal(err)
		}
		resetWithPad(t, s, "W00000000", 0)
		resetWithPad(t, s, "W00000001", mock.JournalBytes)
		wantLatest(t, s, 1, 1, 2)
		resetWithPad(t, s, "W00000002", 0)
		resetWithPad(t, s, "W00000003", 0)
		wantLatest(t, s, 2, 3, 4)
	})
}

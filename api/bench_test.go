package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/slack-contracts/admin-users-session/api"
	"github.com/slack-contracts/admin-users-session/gen"
	"github.com/slack-contracts/admin-users-session/mock"
)

// BenchmarkInvalidate compares a successful InvalidateSession with the same call made
// through the generated client alone, against the mock on loopback. Each iteration seeds
// the session it ends, so both pay the same for the mock.
func BenchmarkInvalidate(b *testing.B) {
	m, err := mock.New()
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(m)
	defer srv.Close()
	apiURL := srv.URL + "/api/"
	ctx := context.Background()

	next := int64(9_000_000_000_000)
	seed := func(b *testing.B) int64 {
		next++
		if err := m.Store().AddSession(mock.Session{SessionID: next, UserID: bob, TeamID: bobTeam, Client: mock.ClientWeb}); err != nil {
			b.Fatal(err)
		}
		return next
	}

	b.Run("api", func(b *testing.B) {
		c, err := api.New(adminToken, api.WithBaseURL(apiURL))
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if err := c.InvalidateSession(ctx, bobTeam, seed(b)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("raw-gen", func(b *testing.B) {
		auth := "Bearer " + adminToken
		raw, err := gen.NewClientWithResponses(apiURL, gen.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
			r.Header.Set("Authorization", auth)
			return nil
		}))
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			resp, err := raw.AdminUsersSessionInvalidateWithFormdataBodyWithResponse(ctx, gen.InvalidateSessionArgs{TeamID: bobTeam, SessionID: seed(b)})
			if err != nil {
				b.Fatal(err)
			}
			if resp.JSON200 == nil || !resp.JSON200.Ok {
				b.Fatalf("answer %s", resp.Body)
			}
		}
	})
}

package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/slack-contracts/admin-users-session/api"
	"github.com/slack-contracts/admin-users-session/gen"
	"github.com/slack-contracts/admin-users-session/mock"
)

// benchMock serves the demo mock on loopback until b ends. Its seed adds a web session
// of bob, so that every call of a benchmark ends one session and pays the same for the
// mock, whichever client makes it.
func benchMock(b *testing.B) (apiURL string, seed func() int64) {
	m, err := mock.New()
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(m)
	b.Cleanup(srv.Close)
	next := int64(9_000_000_000_000)
	return srv.URL + "/api/", func() int64 {
		next++
		if err := m.Store().AddSession(mock.Session{SessionID: next, UserID: bob, TeamID: bobTeam, Client: mock.ClientWeb}); err != nil {
			b.Fatal(err)
		}
		return next
	}
}

// benchClients returns the api client and the bare generated client, both calling apiURL
// as the admin.
func benchClients(b *testing.B, apiURL string) (*api.Client, *gen.ClientWithResponses) {
	c, err := api.New(adminToken, api.WithBaseURL(apiURL))
	if err != nil {
		b.Fatal(err)
	}
	auth := "Bearer " + adminToken
	raw, err := gen.NewClientWithResponses(apiURL, gen.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
		r.Header.Set("Authorization", auth)
		return nil
	}))
	if err != nil {
		b.Fatal(err)
	}
	return c, raw
}

// okAnswer fails b unless the generated client's call succeeded with ok:true. It takes the
// call's error first, as a failed call has no answer to look at.
func okAnswer(b *testing.B, err error, answer func() (*gen.SlackResponse, []byte)) {
	if err != nil {
		b.Fatal(err)
	}
	if a, body := answer(); a == nil || !a.Ok {
		b.Fatalf("answer %s", body)
	}
}

// BenchmarkInvalidate compares a successful InvalidateSession with the same call made
// through the generated client alone, against the mock on loopback.
func BenchmarkInvalidate(b *testing.B) {
	apiURL, seed := benchMock(b)
	c, raw := benchClients(b, apiURL)
	ctx := context.Background()
	b.Run("api", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := c.InvalidateSession(ctx, bob, seed()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("raw-gen", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			resp, err := raw.AdminUsersSessionInvalidateWithFormdataBodyWithResponse(ctx,
				gen.InvalidateSessionForm{UserID: bob, SessionID: strconv.FormatInt(seed(), 10)})
			okAnswer(b, err, func() (*gen.SlackResponse, []byte) { return resp.JSON200, resp.Body })
		}
	})
}

// BenchmarkReset compares a successful ResetSessions with the same call made through the
// generated client alone, against the mock on loopback.
func BenchmarkReset(b *testing.B) {
	apiURL, seed := benchMock(b)
	c, raw := benchClients(b, apiURL)
	ctx := context.Background()
	b.Run("api", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			seed()
			if err := c.ResetSessions(ctx, bob, api.AllSessions); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("raw-gen", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			seed()
			resp, err := raw.AdminUsersSessionResetWithFormdataBodyWithResponse(ctx, gen.ResetSessionsForm{UserID: bob})
			okAnswer(b, err, func() (*gen.SlackResponse, []byte) { return resp.JSON200, resp.Body })
		}
	})
}

// BenchmarkList compares a ListSessionsPage of the demo org's sessions, whose answer is
// bound into a result, with the same call made through the generated client alone.
func BenchmarkList(b *testing.B) {
	apiURL, _ := benchMock(b)
	c, raw := benchClients(b, apiURL)
	ctx := context.Background()
	b.Run("api", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if p, err := c.ListSessionsPage(ctx, api.ListOptions{}, ""); err != nil || len(p.Sessions) == 0 {
				b.Fatal(p, err)
			}
		}
	})
	b.Run("raw-gen", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			resp, err := raw.AdminUsersSessionListWithFormdataBodyWithResponse(ctx, gen.ListSessionsForm{})
			if err != nil {
				b.Fatal(err)
			}
			if a := resp.JSON200; a == nil || !a.Ok || a.ActiveSessions == nil || len(*a.ActiveSessions) == 0 {
				b.Fatalf("answer %s", resp.Body)
			}
		}
	})
}

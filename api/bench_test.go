package api_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/slack-contracts/admin-users-session/api"
	"github.com/slack-contracts/admin-users-session/gen"
	"github.com/slack-contracts/admin-users-session/mock"
	"github.com/slack-contracts/admin-users-session/mock/org"
)

// benchMock serves the demo mock on loopback until b ends. Its seed adds a web session
// of bob, so that every call of a benchmark ends one session and pays the same for the
// mock, whichever client makes it. Its journal is small, so that warm (see warmUp) fills it
// and neither client pays for it growing.
func benchMock(b *testing.B) (apiURL string, seed func() int64) {
	m, err := mock.New(mock.WithJournalSize(benchJournal))
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(m)
	b.Cleanup(srv.Close)
	next := int64(9_000_000_000_000)
	return srv.URL + "/api/", func() int64 {
		next++
		if err := m.Org().AddSession(org.Session{SessionID: next, UserID: bob, TeamID: bobTeam, Client: org.ClientWeb}); err != nil {
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

// benchJournal is the journal size of benchMock's mock.
const benchJournal = 100

// warmUp makes call, once for each client, until the mock's journal is full and both
// clients have their connections, so that the sub-benchmark that runs first does not pay
// for what the mock and the transport set up on the first calls.
func warmUp(b *testing.B, call func(useAPI bool) error) {
	for i := range 2 * benchJournal {
		if err := call(i%2 == 0); err != nil {
			b.Fatal(err)
		}
	}
}

// okAnswer fails a call of the generated client whose answer is not ok:true.
func okAnswer(answer *gen.SlackResponse, body []byte) error {
	if answer == nil || !answer.Ok {
		return fmt.Errorf("answer %s", body)
	}
	return nil
}

// comparePair warms up the mock with both calls (see warmUp), then benchmarks the call
// through api and the same call through the generated client alone.
func comparePair(b *testing.B, viaAPI, raw func() error) {
	warmUp(b, func(useAPI bool) error {
		if useAPI {
			return viaAPI()
		}
		return raw()
	})
	for _, sub := range []struct {
		name string
		call func() error
	}{{"api", viaAPI}, {"raw-gen", raw}} {
		b.Run(sub.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := sub.call(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkInvalidate compares a successful InvalidateSession with the same call made
// through the generated client alone, against the mock on loopback.
func BenchmarkInvalidate(b *testing.B) {
	apiURL, seed := benchMock(b)
	c, raw := benchClients(b, apiURL)
	ctx := context.Background()
	comparePair(b, func() error { return c.InvalidateSession(ctx, bob, seed()) }, func() error {
		resp, err := raw.AdminUsersSessionInvalidateWithFormdataBodyWithResponse(ctx,
			gen.InvalidateSessionForm{UserID: bob, SessionID: strconv.FormatInt(seed(), 10)})
		if err != nil {
			return err
		}
		return okAnswer(resp.JSON200, resp.Body)
	})
}

// BenchmarkReset compares a successful ResetSessions with the same call made through the
// generated client alone, against the mock on loopback.
func BenchmarkReset(b *testing.B) {
	apiURL, seed := benchMock(b)
	c, raw := benchClients(b, apiURL)
	ctx := context.Background()
	comparePair(b, func() error { seed(); return c.ResetSessions(ctx, bob, api.AllSessions) }, func() error {
		seed()
		resp, err := raw.AdminUsersSessionResetWithFormdataBodyWithResponse(ctx, gen.ResetSessionsForm{UserID: bob})
		if err != nil {
			return err
		}
		return okAnswer(resp.JSON200, resp.Body)
	})
}

// BenchmarkList compares a ListSessionsPage of the demo org's sessions, whose answer is
// bound into a result, with the same call made through the generated client alone.
func BenchmarkList(b *testing.B) {
	apiURL, _ := benchMock(b)
	c, raw := benchClients(b, apiURL)
	ctx := context.Background()
	comparePair(b, func() error {
		p, err := c.ListSessionsPage(ctx, api.ListOptions{}, "")
		if err == nil && len(p.Sessions) == 0 {
			err = errors.New("an empty page")
		}
		return err
	}, func() error {
		resp, err := raw.AdminUsersSessionListWithFormdataBodyWithResponse(ctx, gen.ListSessionsForm{})
		if err != nil {
			return err
		}
		if a := resp.JSON200; a == nil || !a.Ok || a.ActiveSessions == nil || len(*a.ActiveSessions) == 0 {
			return fmt.Errorf("answer %s", resp.Body)
		}
		return nil
	})
}

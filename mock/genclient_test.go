package mock_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/slack-contracts/admin-users-session/api"
	"github.com/slack-contracts/admin-users-session/gen"
	"github.com/slack-contracts/admin-users-session/mock"
	"github.com/slack-contracts/admin-users-session/mock/mocktest"
)

// TestGeneratedClientSeesFaultedRateLimit shows that a 429 fault reaches the raw generated
// client as the spec types it: status 429, Retry-After parsed into Headers429, and the
// ratelimited body, for both methods and both content types; the next call succeeds.
func TestGeneratedClientSeesFaultedRateLimit(t *testing.T) {
	calls := []struct {
		name   string
		method string
		call   func(context.Context, *gen.ClientWithResponses) (genAnswer, error)
	}{
		{"invalidate/form", api.MethodInvalidate, func(ctx context.Context, c *gen.ClientWithResponses) (genAnswer, error) {
			return genAnswerOf(c.AdminUsersSessionInvalidateWithFormdataBodyWithResponse(ctx, gen.InvalidateSessionForm{UserID: "W0BOB0001", SessionID: "1112275520242"}))
		}},
		{"invalidate/json", api.MethodInvalidate, func(ctx context.Context, c *gen.ClientWithResponses) (genAnswer, error) {
			return genAnswerOf(c.AdminUsersSessionInvalidateWithResponse(ctx, gen.InvalidateSessionArgs{UserID: "W0BOB0001", SessionID: 1112275520242}))
		}},
		{"reset/form", api.MethodReset, func(ctx context.Context, c *gen.ClientWithResponses) (genAnswer, error) {
			return genAnswerOf(c.AdminUsersSessionResetWithFormdataBodyWithResponse(ctx, gen.ResetSessionsForm{UserID: "W0BOB0001"}))
		}},
		{"reset/json", api.MethodReset, func(ctx context.Context, c *gen.ClientWithResponses) (genAnswer, error) {
			return genAnswerOf(c.AdminUsersSessionResetWithResponse(ctx, gen.ResetSessionsArgs{UserID: "W0BOB0001"}))
		}},
	}
	for _, tc := range calls {
		t.Run(tc.name, func(t *testing.T) {
			m := mocktest.Start(t)
			m.Fault(t, mock.Fault{Method: tc.method, Status: http.StatusTooManyRequests, RetryAfter: 3, Times: 1})
			c := adminGenClient(t, m.APIURL)

			got, err := tc.call(t.Context(), c)
			if err != nil {
				t.Fatal(err)
			}
			if got.status != http.StatusTooManyRequests || got.retryAfter == nil || *got.retryAfter != 3 ||
				got.body == nil || got.body.Ok || deref(got.body.Error) != "ratelimited" {
				t.Fatalf("faulted call: status %d, Retry-After %v, body %+v; want 429, 3, ratelimited", got.status, got.retryAfter, got.body)
			}

			got, err = tc.call(t.Context(), c)
			if err != nil {
				t.Fatal(err)
			}
			if got.status != http.StatusOK || got.retryAfter != nil || got.body == nil || !got.body.Ok {
				t.Fatalf("next call: status %d, Retry-After %v, body %+v; want 200 ok", got.status, got.retryAfter, got.body)
			}
		})
	}
}

// adminGenClient is a generated client of the Slack methods at apiURL that calls them with
// the demo admin's token.
func adminGenClient(t *testing.T, apiURL string) *gen.ClientWithResponses {
	t.Helper()
	c, err := gen.NewClientWithResponses(apiURL, gen.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
		r.Header.Set("Authorization", "Bearer xoxp-demo-admin")
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// genAnswer is what the generated client answered a call of invalidate or reset: the HTTP
// status, the typed Retry-After of a 429, and the body it decoded.
type genAnswer struct {
	status     int
	retryAfter *int32
	body       *gen.SlackResponse
}

// genAnswerOf reads r, the generated client's answer to a call of invalidate or reset, or
// returns err, the call's error.
func genAnswerOf(r any, err error) (genAnswer, error) {
	if err != nil {
		return genAnswer{}, err
	}
	switch r := r.(type) {
	case *gen.AdminUsersSessionInvalidateResponse:
		return genAnswer{r.StatusCode(), retryAfterOf(r.Headers429), pick(r.JSON200, r.JSON429)}, nil
	case *gen.AdminUsersSessionResetResponse:
		return genAnswer{r.StatusCode(), retryAfterOf(r.Headers429), pick(r.JSON200, r.JSON429)}, nil
	}
	return genAnswer{}, fmt.Errorf("an answer of type %T, not of invalidate or reset", r)
}

// retryAfterOf reads the typed Retry-After of a generated 429 answer, if there is one. The
// generated header types of the two methods have the same shape.
func retryAfterOf[H gen.AdminUsersSessionInvalidateResponse429Headers | gen.AdminUsersSessionResetResponse429Headers](h *H) *int32 {
	if h == nil {
		return nil
	}
	n := gen.AdminUsersSessionInvalidateResponse429Headers(*h).RetryAfter
	return &n
}

// pick answers whichever of the 200 and 429 bodies the generated client decoded.
func pick(ok, limited *gen.SlackResponse) *gen.SlackResponse {
	if ok != nil {
		return ok
	}
	return limited
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

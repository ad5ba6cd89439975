package mock_test

import (
	"context"
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
	type answer struct {
		status     int
		retryAfter *int32
		body       *gen.SlackResponse
	}
	calls := []struct {
		name   string
		method string
		call   func(context.Context, *gen.ClientWithResponses) (answer, error)
	}{
		{"invalidate/form", api.MethodInvalidate, func(ctx context.Context, c *gen.ClientWithResponses) (answer, error) {
			r, err := c.AdminUsersSessionInvalidateWithFormdataBodyWithResponse(ctx, gen.InvalidateSessionForm{UserID: "W0BOB0001", SessionID: "1112275520242"})
			if err != nil {
				return answer{}, err
			}
			return answer{r.StatusCode(), retryAfterOf(r.Headers429), pick(r.JSON200, r.JSON429)}, nil
		}},
		{"invalidate/json", api.MethodInvalidate, func(ctx context.Context, c *gen.ClientWithResponses) (answer, error) {
			r, err := c.AdminUsersSessionInvalidateWithResponse(ctx, gen.InvalidateSessionArgs{UserID: "W0BOB0001", SessionID: 1112275520242})
			if err != nil {
				return answer{}, err
			}
			return answer{r.StatusCode(), retryAfterOf(r.Headers429), pick(r.JSON200, r.JSON429)}, nil
		}},
		{"reset/form", api.MethodReset, func(ctx context.Context, c *gen.ClientWithResponses) (answer, error) {
			r, err := c.AdminUsersSessionResetWithFormdataBodyWithResponse(ctx, gen.ResetSessionsForm{UserID: "W0BOB0001"})
			if err != nil {
				return answer{}, err
			}
			return answer{r.StatusCode(), retryAfterOf(r.Headers429), pick(r.JSON200, r.JSON429)}, nil
		}},
		{"reset/json", api.MethodReset, func(ctx context.Context, c *gen.ClientWithResponses) (answer, error) {
			r, err := c.AdminUsersSessionResetWithResponse(ctx, gen.ResetSessionsArgs{UserID: "W0BOB0001"})
			if err != nil {
				return answer{}, err
			}
			return answer{r.StatusCode(), retryAfterOf(r.Headers429), pick(r.JSON200, r.JSON429)}, nil
		}},
	}
	for _, tc := range calls {
		t.Run(tc.name, func(t *testing.T) {
			m := mocktest.Start(t)
			m.Fault(t, mock.Fault{Method: tc.method, Status: http.StatusTooManyRequests, RetryAfter: 3, Times: 1})
			c, err := gen.NewClientWithResponses(m.APIURL, gen.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
				r.Header.Set("Authorization", "Bearer xoxp-demo-admin")
				return nil
			}))
			if err != nil {
				t.Fatal(err)
			}

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

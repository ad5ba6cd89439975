package main

import (
	"context"
	"net/http"
	"testing"

	"github.com/slack-contracts/admin-users-session/gen"
)

// TestGeneratedClient points the client generated from openapi.yaml at the binary by its
// base URL alone, as the README says ("server URL http://127.0.0.1:8080/api"), with the demo
// fixture: invalidate with a form body and reset with a JSON body answer ok and end the
// sessions, as the control API then shows, and a failure reaches the client as the spec types
// it, a 200 with ok false.
func TestGeneratedClient(t *testing.T) {
	p := startRun(t, "-addr", "127.0.0.1:0")
	base := p.baseURL(t)
	c, err := gen.NewClientWithResponses(base+"/api", gen.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
		r.Header.Set("Authorization", "Bearer xoxp-demo-admin")
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()

	// invalidate, form body: Bob's mobile session ends, and only it.
	bobMobile := gen.InvalidateSessionForm{UserID: "W0BOB0001", SessionID: "1112275520242"}
	inv, err := c.AdminUsersSessionInvalidateWithFormdataBodyWithResponse(ctx, bobMobile)
	if err != nil {
		t.Fatal(err)
	}
	wantGenAnswer(t, "invalidate (form)", inv.StatusCode(), inv.JSON200, inv.Body, "")
	if ids := sessionIDsOf(t, base, "W0BOB0001"); ids[1112275520242] || !ids[1112275520243] || !ids[1112275520244] || len(ids) != 2 {
		t.Errorf("Bob's sessions after invalidate: %v, want 1112275520243 and 1112275520244", ids)
	}

	// reset, JSON body: all of Alice's sessions end.
	rst, err := c.AdminUsersSessionResetWithResponse(ctx, gen.ResetSessionsArgs{UserID: "W0ALICE01"})
	if err != nil {
		t.Fatal(err)
	}
	wantGenAnswer(t, "reset (JSON)", rst.StatusCode(), rst.JSON200, rst.Body, "")
	if ids := sessionIDsOf(t, base, "W0ALICE01"); len(ids) != 0 {
		t.Errorf("Alice's sessions after reset: %v, want none", ids)
	}

	// The session invalidated above is gone: invalidating it again fails, typed as JSON200.
	inv, err = c.AdminUsersSessionInvalidateWithFormdataBodyWithResponse(ctx, bobMobile)
	if err != nil {
		t.Fatal(err)
	}
	wantGenAnswer(t, "invalidate of an ended session", inv.StatusCode(), inv.JSON200, inv.Body, "session_not_found")

	if err := p.stop(); err != nil {
		t.Fatalf("run = %v", err)
	}
}

// sessionIDsOf reads the ids of user's live sessions through the control API at base.
func sessionIDsOf(t *testing.T, base, user string) map[int64]bool {
	t.Helper()
	ids := map[int64]bool{}
	for _, s := range get(t, base+"/_mock/sessions?user_id="+user, "", http.StatusOK)["sessions"].([]any) {
		ids[int64(s.(map[string]any)["session_id"].(float64))] = true // the demo's ids are exact as float64
	}
	return ids
}

// wantGenAnswer checks an answer of the generated client to the call what: HTTP 200, decoded
// as JSON200 into body, and ok when wantError is empty, else ok false with wantError. raw is
// the body as the mock sent it, for the message.
func wantGenAnswer(t *testing.T, what string, status int, body *gen.SlackResponse, raw []byte, wantError string) {
	t.Helper()
	if wantError == "" {
		if status != http.StatusOK || body == nil || !body.Ok {
			t.Fatalf("%s: HTTP %d %s, want ok", what, status, raw)
		}
		return
	}
	if status != http.StatusOK || body == nil || body.Ok || body.Error == nil || *body.Error != wantError {
		t.Fatalf("%s: HTTP %d %s, want ok false, %s", what, status, raw, wantError)
	}
}

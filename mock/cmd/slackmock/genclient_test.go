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
	sessionIDs := func(user string) map[int64]bool {
		t.Helper()
		ids := map[int64]bool{}
		for _, s := range get(t, base+"/_mock/sessions?user_id="+user, "", http.StatusOK)["sessions"].([]any) {
			ids[int64(s.(map[string]any)["session_id"].(float64))] = true // the demo's ids are exact as float64
		}
		return ids
	}

	// invalidate, form body: Bob's mobile session ends, and only it.
	bobMobile := gen.InvalidateSessionForm{UserID: "W0BOB0001", SessionID: "1112275520242"}
	inv, err := c.AdminUsersSessionInvalidateWithFormdataBodyWithResponse(ctx, bobMobile)
	if err != nil {
		t.Fatal(err)
	}
	if inv.StatusCode() != http.StatusOK || inv.JSON200 == nil || !inv.JSON200.Ok {
		t.Fatalf("invalidate (form): HTTP %d %s, want ok", inv.StatusCode(), inv.Body)
	}
	if ids := sessionIDs("W0BOB0001"); ids[1112275520242] || !ids[1112275520243] || !ids[1112275520244] || len(ids) != 2 {
		t.Errorf("Bob's sessions after invalidate: %v, want 1112275520243 and 1112275520244", ids)
	}

	// reset, JSON body: all of Alice's sessions end.
	rst, err := c.AdminUsersSessionResetWithResponse(ctx, gen.ResetSessionsArgs{UserID: "W0ALICE01"})
	if err != nil {
		t.Fatal(err)
	}
	if rst.StatusCode() != http.StatusOK || rst.JSON200 == nil || !rst.JSON200.Ok {
		t.Fatalf("reset (JSON): HTTP %d %s, want ok", rst.StatusCode(), rst.Body)
	}
	if ids := sessionIDs("W0ALICE01"); len(ids) != 0 {
		t.Errorf("Alice's sessions after reset: %v, want none", ids)
	}

	// The session invalidated above is gone: invalidating it again fails, typed as JSON200.
	inv, err = c.AdminUsersSessionInvalidateWithFormdataBodyWithResponse(ctx, bobMobile)
	if err != nil {
		t.Fatal(err)
	}
	if inv.StatusCode() != http.StatusOK || inv.JSON200 == nil || inv.JSON200.Ok ||
		inv.JSON200.Error == nil || *inv.JSON200.Error != "session_not_found" {
		t.Fatalf("invalidate of an ended session: HTTP %d %s, want ok false, session_not_found", inv.StatusCode(), inv.Body)
	}

	if err := p.stop(); err != nil {
		t.Fatalf("run = %v", err)
	}
}

package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/slack-contracts/admin-users-session/api"
	"github.com/slack-contracts/admin-users-session/mock"
	"github.com/slack-contracts/admin-users-session/mock/mocktest"
	"github.com/slack-contracts/admin-users-session/mock/org"
)

// startCrowd starts a mock with the demo org and n more members in T0DEMO001, each with
// one web session, and returns their ids in order.
func startCrowd(t *testing.T, n int) (*mocktest.Mock, []string) {
	t.Helper()
	f := org.DemoFixture()
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("W%08d", i+1)
		f.Users = append(f.Users, org.User{ID: ids[i], TeamID: "T0DEMO001", Name: "crowd " + ids[i]})
		f.Sessions = append(f.Sessions, org.Session{SessionID: int64(5_000_000_000_000 + i), UserID: ids[i], TeamID: "T0DEMO001", Client: org.ClientWeb})
	}
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	f, err = org.ParseFixture(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return mocktest.Start(t, mock.WithFixture(f)), ids
}

// waitJobs waits for the mock's jobs, as long as the test may run.
func waitJobs(t *testing.T, m *mocktest.Mock) {
	t.Helper()
	if err := m.WaitJobs(t.Context()); err != nil {
		t.Fatal(err)
	}
}

func TestResetSessionsBulk(t *testing.T) {
	for _, tc := range []struct {
		scope      api.ResetScope
		bob, alice []int64 // their sessions after the job
		flag       string  // mobile_only or web_only, as sent
	}{
		{api.AllSessions, nil, nil, ""},
		{api.MobileOnly, []int64{bobWeb, 1112275520244}, []int64{2220000000002}, "mobile_only"},
		{api.WebOnly, []int64{bobMobile}, []int64{2220000000001}, "web_only"},
	} {
		t.Run(scopeName(tc.scope), func(t *testing.T) {
			m := mocktest.Start(t)
			c := m.Client(t, adminToken)
			if err := c.ResetSessionsBulk(context.Background(), []string{bob, alice}, tc.scope); err != nil {
				t.Fatalf("ResetSessionsBulk: %v", err)
			}
			waitJobs(t, m)
			if got := sessionIDs(m, bob); !slices.Equal(got, tc.bob) {
				t.Errorf("Bob's sessions = %v, want %v", got, tc.bob)
			}
			if got := sessionIDs(m, alice); !slices.Equal(got, tc.alice) {
				t.Errorf("Alice's sessions = %v, want %v", got, tc.alice)
			}
			if got := sessionIDs(m, "W0ADMIN01"); len(got) != 1 {
				t.Errorf("the admin's sessions = %v, want theirs untouched", got)
			}
			reqs := m.Requests(api.MethodResetBulk)
			if len(reqs) != 1 {
				t.Fatalf("%d calls, want 1", len(reqs))
			}
			want := map[string]any{"user_ids": bob + "," + alice}
			if tc.flag != "" {
				want[tc.flag] = "true"
			}
			if !mapsEqual(reqs[0].Args, want) {
				t.Errorf("args sent = %v, want %v", reqs[0].Args, want)
			}
			jobs := m.Jobs()
			if len(jobs) != 1 || !jobs[0].Done || jobs[0].Error != "" || jobs[0].RequestID != reqs[0].RequestID ||
				!slices.Equal(jobs[0].UserIDs, []string{bob, alice}) {
				t.Errorf("jobs = %+v", jobs)
			}
		})
	}
}

// TestResetSessionsBulkSplits resets 2,500 users: three calls of 1000, 1000 and 500, in
// order, and every session ends.
func TestResetSessionsBulkSplits(t *testing.T) {
	m, ids := startCrowd(t, 2500)
	c := m.Client(t, adminToken)
	if err := c.ResetSessionsBulk(context.Background(), ids, api.AllSessions); err != nil {
		t.Fatalf("ResetSessionsBulk: %v", err)
	}
	waitJobs(t, m)
	reqs := m.Requests(api.MethodResetBulk)
	if len(reqs) != 3 {
		t.Fatalf("%d calls, want 3", len(reqs))
	}
	for i, r := range reqs {
		sent, _ := r.Args["user_ids"].(string)
		want := ids[i*api.MaxUsersPerCall : min((i+1)*api.MaxUsersPerCall, len(ids))]
		if got := strings.Split(sent, ","); !slices.Equal(got, want) {
			t.Errorf("call %d sent %d ids (%.30s…), want %d from %s", i+1, len(got), sent, len(want), want[0])
		}
	}
	for _, id := range ids {
		if got := sessionIDs(m, id); len(got) != 0 {
			t.Fatalf("%s still has sessions %v", id, got)
		}
	}
	if n := len(m.Jobs()); n != 3 {
		t.Errorf("%d jobs, want 3", n)
	}
}

// TestResetSessionsBulkPartFails fails the second of three calls, with a fault on a user
// only that call names: the error says which part failed and which users were sent, the
// third call is not made, and only the first part's sessions end.
func TestResetSessionsBulkPartFails(t *testing.T) {
	m, ids := startCrowd(t, 2500)
	m.Fault(t, mock.Fault{Method: api.MethodResetBulk, UserID: ids[1500], Error: string(api.CodeUserNotFound)})
	c := m.Client(t, adminToken)
	err := c.ResetSessionsBulk(context.Background(), ids, api.AllSessions)
	var be *api.BatchError
	if !errors.As(err, &be) {
		t.Fatalf("err = %v (%T), want a *BatchError", err, err)
	}
	if be.Method != api.MethodResetBulk || be.Part != 2 || be.Parts != 3 ||
		!slices.Equal(be.Sent, ids[:1000]) || !slices.Equal(be.Failed, ids[1000:2000]) {
		t.Errorf("BatchError part %d of %d, %d sent, %d failed", be.Part, be.Parts, len(be.Sent), len(be.Failed))
	}
	var e *api.Error
	if !errors.As(err, &e) || e.Code != api.CodeUserNotFound || !errors.Is(err, api.CodeUserNotFound) {
		t.Errorf("err = %v, want it to wrap user_not_found", err)
	}
	const want = "slack: admin.users.session.resetBulk: part 2 of 3 (users 1001 to 2000) failed: slack: admin.users.session.resetBulk: user_not_found"
	if err.Error() != want {
		t.Errorf("Error() = %q\nwant      %q", err, want)
	}
	if got := statuses(m, api.MethodResetBulk); len(got) != 2 {
		t.Errorf("%d calls, want 2 (none after the failed part)", len(got))
	}
	waitJobs(t, m)
	for i, id := range ids {
		if ended := len(sessionIDs(m, id)) == 0; ended != (i < 1000) {
			t.Fatalf("user %d (%s): sessions ended %v", i+1, id, ended)
		}
	}
}

// TestResetSessionsBulkOnePart checks that a single call's failure is the call's error
// itself, not a *BatchError.
func TestResetSessionsBulkOnePart(t *testing.T) {
	m := mocktest.Start(t)
	c := m.Client(t, adminToken)
	for _, tc := range []struct {
		name string
		ids  []string
		code api.ErrorCode
	}{
		{"a bot", []string{bob, "W0BOT0001"}, api.CodeCannotResetBot},
		{"unknown user", []string{"W0NOBODY1", bob}, api.CodeUserNotFound},
		{"the primary owner", []string{"W0OWNER01"}, api.CodeCannotResetPrimary},
	} {
		err := c.ResetSessionsBulk(context.Background(), tc.ids, api.AllSessions)
		var (
			e  *api.Error
			be *api.BatchError
		)
		if !errors.As(err, &e) || e.Code != tc.code || errors.As(err, &be) {
			t.Errorf("%s: err = %v (%T), want the *Error %s", tc.name, err, err, tc.code)
		}
	}
	waitJobs(t, m)
	if len(m.Jobs()) != 0 || len(sessionIDs(m, bob)) != 3 {
		t.Errorf("a refused call queued jobs %+v or ended Bob's sessions", m.Jobs())
	}
	if err := m.Client(t, readonlyToken).ResetSessionsBulk(context.Background(), []string{bob}, api.AllSessions); !errors.Is(err, api.CodeMissingScope) {
		t.Errorf("read-only token: err = %v, want missing_scope", err)
	}
}

// TestResetSessionsBulkArguments checks what is refused before anything is sent.
func TestResetSessionsBulkArguments(t *testing.T) {
	m := mocktest.Start(t)
	c := m.Client(t, adminToken)
	for _, tc := range []struct {
		name  string
		ids   []string
		scope api.ResetScope
		arg   string
	}{
		{"nil", nil, api.AllSessions, "user_ids"},
		{"empty", []string{}, api.AllSessions, "user_ids"},
		{"an empty id", []string{bob, ""}, api.AllSessions, "user_ids"},
		{"an id with a comma", []string{bob + "," + alice}, api.AllSessions, "user_ids"},
		{"a bad id after 1000 good ones", append(slices.Repeat([]string{bob}, 1000), ","), api.AllSessions, "user_ids"},
		{"a scope that is none", []string{bob}, "everything", "scope"},
	} {
		err := c.ResetSessionsBulk(context.Background(), tc.ids, tc.scope)
		var ae *api.ArgumentError
		if !errors.As(err, &ae) || ae.Arg != tc.arg || ae.Method != api.MethodResetBulk {
			t.Errorf("%s: err = %v (%T), want an ArgumentError for %s", tc.name, err, err, tc.arg)
		}
	}
	if n := len(m.Requests("")); n != 0 {
		t.Errorf("%d calls were sent, want none", n)
	}
}

// TestResetSessionsBulkJobFails fails the job for one user: the call succeeded (Slack only
// queued the work), and the mock's job shows the failure.
func TestResetSessionsBulkJobFails(t *testing.T) {
	m := mocktest.Start(t)
	m.Fault(t, mock.Fault{Job: true, UserID: bob})
	if err := m.Client(t, adminToken).ResetSessionsBulk(context.Background(), []string{bob, alice}, api.AllSessions); err != nil {
		t.Fatalf("ResetSessionsBulk: %v", err)
	}
	waitJobs(t, m)
	if len(sessionIDs(m, bob)) != 3 || len(sessionIDs(m, alice)) != 0 {
		t.Errorf("Bob has %v and Alice %v; want Bob's 3 untouched and Alice's ended", sessionIDs(m, bob), sessionIDs(m, alice))
	}
	jobs := m.Jobs()
	want := []mock.JobResult{{UserID: bob, Error: string(api.CodeUserSessionResetFailed)}, {UserID: alice, Ended: 2}}
	if len(jobs) != 1 || jobs[0].Error != string(api.CodeFailedForSomeUsers) || !slices.Equal(jobs[0].Results, want) {
		t.Errorf("jobs = %+v, want failed_for_some_users with results %+v", jobs, want)
	}
}

package main

import (
	"strings"
	"testing"

	"github.com/slack-contracts/admin-users-session/api"
	"github.com/slack-contracts/admin-users-session/mock"
	"github.com/slack-contracts/admin-users-session/mock/mocktest"
	"github.com/slack-contracts/admin-users-session/mock/org"
)

func TestEndSessionsFrom(t *testing.T) {
	m := mocktest.Start(t) // the demo org on 127.0.0.1, closed when the test ends
	// Bob signs in again from the suspicious address; the first list call is rate limited.
	err := m.Org().AddSession(org.Session{SessionID: 7, UserID: "W0BOB0001", TeamID: "T0DEMO001",
		Client: org.ClientWeb, Created: &org.Device{IP: "198.51.100.1"}, Recent: &org.Device{IP: "203.0.113.7"}})
	if err != nil {
		t.Fatal(err)
	}
	m.Fault(t, mock.Fault{Method: api.MethodList, Status: 429, RetryAfter: 5, Times: 1})

	n, err := endSessionsFrom(t.Context(), m.Client(t, "xoxp-demo-admin"), "W0BOB0001", "203.0.113.7")
	if err != nil || n != 2 {
		t.Fatalf("ended %d sessions, err %v; want 2", n, err)
	}
	for _, s := range m.Org().Sessions("W0BOB0001", "") { // what is left
		if s.SessionID == 7 || s.SessionID == 1112275520242 {
			t.Errorf("session %d, seen at 203.0.113.7, is still live", s.SessionID)
		}
	}
	if calls := m.Requests(api.MethodInvalidate); len(calls) != 2 || calls[0].Args["user_id"] != "W0BOB0001" {
		t.Errorf("invalidate calls: %+v", calls) // what was sent
	}
}

func TestRun(t *testing.T) {
	m := mocktest.Start(t)
	env := map[string]string{"SLACK_API_URL": m.APIURL, "SLACK_TOKEN": "xoxp-demo-admin"}
	var out strings.Builder
	if err := run(t.Context(), []string{"W0BOB0001", "203.0.113.8"}, func(k string) string { return env[k] }, &out); err != nil {
		t.Fatal(err)
	}
	if out.String() != "ended 1 sessions\n" {
		t.Errorf("run printed %q", out.String())
	}
	if err := run(t.Context(), []string{"W0BOB0001"}, func(k string) string { return env[k] }, &out); err == nil {
		t.Error("run with one argument did not fail")
	}
}

package main

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// waitFaultTaken waits until no fault is listed any more: a fault of times 1 leaves the list
// when a call takes it, so the call is then in flight, held by the fault's delay. It asks
// the control API again at once each time (no sleep), and gives up after safety.
func waitFaultTaken(t *testing.T, base string) {
	t.Helper()
	for deadline := time.Now().Add(safety); ; {
		if faults, _ := get(t, base+"/_mock/faults", "", http.StatusOK)["faults"].([]any); len(faults) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("no call took the fault")
		}
	}
}

// TestStopCutsALongFaultDelayShort stops the server, as SIGTERM does, while a call is held by
// a delay fault of a minute, the longest there is, far beyond the shutdown's wait: the
// delay ends at the stop, the call gets its normal answer and run returns nil.
func TestStopCutsALongFaultDelayShort(t *testing.T) {
	p := startRun(t, "-addr", "127.0.0.1:0")
	base := p.baseURL(t)
	req, err := http.NewRequest(http.MethodPost, base+"/_mock/faults",
		strings.NewReader(`{"method":"admin.users.session.reset","delay_ms":60000,"times":1}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	do(t, req, http.StatusOK)

	type result struct {
		status int
		body   string
		err    error
	}
	done := make(chan result, 1)
	go func() {
		resp, err := http.PostForm(base+"/api/admin.users.session.reset",
			url.Values{"token": {"xoxp-demo-admin"}, "user_id": {"W0BOB0001"}, "web_only": {"true"}})
		if err != nil {
			done <- result{err: err}
			return
		}
		defer resp.Body.Close()
		data, err := io.ReadAll(resp.Body)
		done <- result{resp.StatusCode, string(data), err}
	}()
	waitFaultTaken(t, base)

	// The stop: run must return nil without waiting out the delay. Its answer is awaited
	// first, so that a run that gives up on the call fails here rather than after a minute.
	if err := p.stop(); err != nil {
		t.Fatalf("run = %v, want nil; stderr: %s", err, p.stderr)
	}
	r := <-done
	if r.err != nil || r.status != http.StatusOK || strings.TrimSpace(r.body) != `{"ok":true}` {
		t.Errorf("the call held by the delay at the stop: HTTP %d %q, %v; want its normal answer", r.status, r.body, r.err)
	}
	wantClosed(t, base)
	if s := p.stderr.String(); s != "" {
		t.Errorf("stderr: %s", s)
	}
}

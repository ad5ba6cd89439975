package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"
)

// safety bounds every wait of these tests on the network: they wait for the server to act,
// never for time to pass, and fail rather than hang if it does not.
const safety = 10 * time.Second

// hostOf answers the host:port of a base URL.
func hostOf(t *testing.T, base string) string {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	return u.Host
}

// dial opens a TCP connection to host, closed when t ends, with every read and write bounded by
// safety.
func dial(t *testing.T, host string) net.Conn {
	t.Helper()
	c, err := net.DialTimeout("tcp", host, safety)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	if err := c.SetDeadline(time.Now().Add(safety)); err != nil {
		t.Fatal(err)
	}
	return c
}

// wantHungUp reads c until the server closes it (an end of file, or a reset when data it had not
// read was waiting), and fails t if the safety deadline comes first.
func wantHungUp(t *testing.T, c net.Conn) {
	t.Helper()
	_, err := io.Copy(io.Discard, c)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("the server did not hang up: %v", err)
	}
}

// wantResetOK checks that the server answers a reset of Bob with ok:true.
func wantResetOK(t *testing.T, base string) {
	t.Helper()
	if got := post(t, base+"/api/admin.users.session.reset", "xoxp-demo-admin", url.Values{"user_id": {"W0BOB0001"}}); got["ok"] != true {
		t.Fatalf("a normal call answered %v", got)
	}
}

// TestBodyOverTheCap sends a body far over -max-body on a raw connection: the answer is HTTP 413
// with a Slack error, and the connection is then either closed cleanly or still usable.
func TestBodyOverTheCap(t *testing.T) {
	p := startRun(t, "-addr", "127.0.0.1:0", "-max-body", "4096")
	base := p.baseURL(t)
	host := hostOf(t, base)
	c := dial(t, host)

	body := "user_id=W0BOB0001&pad=" + strings.Repeat("x", 1<<20)
	req := fmt.Sprintf("POST /api/admin.users.session.reset HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer xoxp-demo-admin\r\n"+
		"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n%s", host, len(body), body)
	// The server stops reading at the cap, so the body is written while the answer is read.
	go func() { _, _ = io.WriteString(c, req) }()

	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var a struct {
		OK       *bool  `json:"ok"`
		Error    string `json:"error"`
		Metadata struct {
			Messages []string `json:"messages"`
		} `json:"response_metadata"`
	}
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") ||
		json.Unmarshal(data, &a) != nil || a.OK == nil || *a.OK || a.Error != "invalid_form_data" || len(a.Metadata.Messages) != 1 {
		t.Fatalf("HTTP %d %s %s, want 413 with a Slack invalid_form_data", resp.StatusCode, resp.Header.Get("Content-Type"), data)
	}
	if resp.Close {
		wantHungUp(t, c)
		t.Logf("413, then the connection closed cleanly: %s", data)
	} else {
		if _, err := fmt.Fprintf(c, "GET /openapi.yaml HTTP/1.1\r\nHost: %s\r\n\r\n", host); err != nil {
			t.Fatal(err)
		}
		if resp, err := http.ReadResponse(br, nil); err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("the connection kept open after the 413 does not serve: %v", err)
		}
		t.Logf("413, then the connection served another request: %s", data)
	}
	wantResetOK(t, base)
}

// TestSlowHeadersAreCutOff checks that the server hangs up on a client that never finishes its
// headers, or sends them a line at a time, once readHeaderTimeout has passed.
func TestSlowHeadersAreCutOff(t *testing.T) {
	defer func(d time.Duration) { readHeaderTimeout = d }(readHeaderTimeout)
	readHeaderTimeout = 200 * time.Millisecond
	p := startRun(t, "-addr", "127.0.0.1:0")
	base := p.baseURL(t)
	host := hostOf(t, base)

	t.Run("never finished", func(t *testing.T) {
		c := dial(t, host)
		if _, err := fmt.Fprintf(c, "POST /api/admin.users.session.reset HTTP/1.1\r\nHost: %s\r\n", host); err != nil {
			t.Fatal(err)
		}
		wantHungUp(t, c)
	})
	t.Run("a line at a time", func(t *testing.T) {
		c := dial(t, host)
		stop := make(chan struct{})
		defer close(stop)
		go func() { // a header line every 50 ms: each arrives within the timeout, all do not
			tick := time.NewTicker(50 * time.Millisecond)
			defer tick.Stop()
			if _, err := fmt.Fprintf(c, "POST /api/admin.users.session.reset HTTP/1.1\r\nHost: %s\r\n", host); err != nil {
				return
			}
			for i := 0; i < 200; i++ {
				select {
				case <-stop:
					return
				case <-tick.C:
				}
				if _, err := fmt.Fprintf(c, "X-Slow-%d: 1\r\n", i); err != nil {
					return
				}
			}
		}()
		wantHungUp(t, c)
	})
	wantResetOK(t, base)
}

// TestThousandsOfIdleConnections opens 2000 connections that send nothing, and checks that
// normal calls are answered while they stay open.
func TestThousandsOfIdleConnections(t *testing.T) {
	const idle = 2000
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil || lim.Cur < 2*idle+256 {
		t.Skipf("needs %d open files (ulimit -n), has %d (%v)", 2*idle+256, lim.Cur, err)
	}
	p := startRun(t, "-addr", "127.0.0.1:0")
	base := p.baseURL(t)
	host := hostOf(t, base)

	conns := make([]net.Conn, 0, idle)
	for range idle {
		conns = append(conns, dial(t, host))
	}
	for range 50 {
		wantResetOK(t, base)
	}
	// The idle connections are still open: a read finds no data and no end before a short deadline.
	for _, c := range conns[:20] {
		if err := c.SetReadDeadline(time.Now().Add(10 * time.Millisecond)); err != nil {
			t.Fatal(err)
		}
		var ne net.Error
		if _, err := c.Read(make([]byte, 1)); !errors.As(err, &ne) || !ne.Timeout() {
			t.Fatalf("an idle connection was dropped: %v", err)
		}
	}
	for _, c := range conns {
		_ = c.Close()
	}
	if err := p.stop(); err != nil {
		t.Fatalf("run = %v, want nil", err)
	}
}

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
	select {
	case r := <-done:
		t.Fatalf("the call ended before the stop: %+v", r)
	default:
	}

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

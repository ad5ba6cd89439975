package generated_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"syscall"
	"testing"
	"time"
)

// servingLine is slackmock's first line of output, with its base URL.
var servingLine = regexp.MustCompile(`^slackmock: serving the Slack Web API at (http://\S+)/api/ `)

// mockBase is the base URL of the slackmock the tests share, such as http://127.0.0.1:PORT.
var mockBase string

// TestMain runs the tests against one slackmock on 127.0.0.1:0: $SLACKMOCK_BIN, or one built
// from the repository with go build when that is unset. The mock must stop with exit code 0
// on SIGTERM.
func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	bin := os.Getenv("SLACKMOCK_BIN")
	if bin == "" {
		dir, err := os.MkdirTemp("", "slackmock-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(dir)
		bin = filepath.Join(dir, "slackmock")
		build := exec.Command("go", "build", "-o", bin, "./mock/cmd/slackmock")
		build.Dir = filepath.Join("..", "..", "..")
		if out, err := build.CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "go build of slackmock: %v\n%s", err, out)
			return 1
		}
	}
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0")
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	lines := bufio.NewScanner(stdout)
	first := ""
	if lines.Scan() {
		first = lines.Text()
	}
	match := servingLine.FindStringSubmatch(first)
	if match == nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		fmt.Fprintf(os.Stderr, "slackmock printed no base URL; its first line: %q\n", first)
		return 1
	}
	mockBase = match[1]
	go func() { _, _ = io.Copy(io.Discard, stdout) }() // the rest of the banner

	code := m.Run()

	_ = cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			fmt.Fprintf(os.Stderr, "slackmock on SIGTERM: %v (want exit code 0)\n", err)
			return 1
		}
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		fmt.Fprintln(os.Stderr, "slackmock did not stop within 10 s of SIGTERM")
		return 1
	}
	return code
}

// control calls the mock's control API, /_mock/<path>, with body as JSON (or none), and
// decodes its JSON answer into out (when not nil).
func control(t *testing.T, method, path string, body, out any) {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, mockBase+"/_mock/"+path, r)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode/100 != 2 {
		t.Fatalf("%s /_mock/%s: %s: %s", method, path, resp.Status, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("%s /_mock/%s: %v: %s", method, path, err, data)
		}
	}
}

// fresh puts the mock back to the demo fixture, with no fault, no rate limit and an empty
// journal.
func fresh(t *testing.T) {
	t.Helper()
	control(t, http.MethodPost, "restore", nil, nil)
	control(t, http.MethodDelete, "faults", nil, nil)
	control(t, http.MethodDelete, "ratelimit", nil, nil)
	control(t, http.MethodDelete, "requests", nil, nil)
}

// liveSessions answers the ids of the live sessions, of one user or (userID "") all.
func liveSessions(t *testing.T, userID string) map[int64]bool {
	t.Helper()
	var answer struct {
		Sessions []struct {
			SessionID int64 `json:"session_id"`
		} `json:"sessions"`
	}
	path := "sessions"
	if userID != "" {
		path += "?user_id=" + userID
	}
	control(t, http.MethodGet, path, nil, &answer)
	ids := map[int64]bool{}
	for _, s := range answer.Sessions {
		ids[s.SessionID] = true
	}
	return ids
}

// journalCall is one call of the mock's journal, as much of it as the tests read.
type journalCall struct {
	Method      string         `json:"method"`
	ContentType string         `json:"content_type"`
	TokenFrom   string         `json:"token_from"`
	Args        map[string]any `json:"args"`
	Error       string         `json:"error"`
	RequestID   string         `json:"request_id"`
}

// journalEntry answers the journal's call that the mock answered with this X-Slack-Req-Id.
func journalEntry(t *testing.T, requestID string) journalCall {
	t.Helper()
	if requestID == "" {
		t.Fatal("the answer has no X-Slack-Req-Id")
	}
	var journal struct {
		Requests []journalCall `json:"requests"`
	}
	control(t, http.MethodGet, "requests", nil, &journal)
	for _, c := range journal.Requests {
		if c.RequestID == requestID {
			return c
		}
	}
	t.Fatalf("no call with request_id %s in the journal", requestID)
	return journalCall{}
}

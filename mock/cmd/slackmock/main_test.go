package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/slack-contracts/admin-users-session/gen/spec"
	"github.com/slack-contracts/admin-users-session/mock/org"
	"github.com/slack-contracts/admin-users-session/mock/reference"
)

// proc is one run of the command, in a goroutine, with its output.
type proc struct {
	cancel context.CancelFunc
	done   chan error  // run's answer, once it returns
	lines  chan string // the lines of stdout, closed once run returns
	stderr *syncBuffer // all of stderr
	out    []string    // the lines of stdout read so far
	waited bool        // done has been read, into err
	err    error
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// startRun runs the command with args until the test stops it or ends. The control token
// of the environment is cleared, so that the test does not depend on it.
func startRun(t *testing.T, args ...string) *proc {
	t.Helper()
	return startRunEnv(t, "", args...)
}

// startRunEnv is startRun with $SLACKMOCK_CONTROL_TOKEN set to envToken.
func startRunEnv(t *testing.T, envToken string, args ...string) *proc {
	t.Helper()
	t.Setenv("SLACKMOCK_CONTROL_TOKEN", envToken)
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	p := &proc{cancel: cancel, done: make(chan error, 1), lines: make(chan string, 64), stderr: &syncBuffer{}}
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			p.lines <- sc.Text()
		}
		close(p.lines)
	}()
	go func() {
		err := run(ctx, args, pw, p.stderr)
		pw.Close()
		p.done <- err
	}()
	t.Cleanup(func() {
		cancel()
		p.wait()
	})
	return p
}

// line answers the next line of stdout, or "" and false once run has returned.
func (p *proc) line() (string, bool) {
	l, ok := <-p.lines
	if ok {
		p.out = append(p.out, l)
	}
	return l, ok
}

// wait waits for run to return, reads the rest of stdout and answers run's error.
func (p *proc) wait() error {
	if !p.waited {
		for range p.lines {
		}
		p.err, p.waited = <-p.done, true
	}
	return p.err
}

// stop cancels run's context, as SIGINT does, and answers run's error.
func (p *proc) stop() error {
	p.cancel()
	for _, ok := p.line(); ok; _, ok = p.line() {
	}
	return p.wait()
}

var servingLine = regexp.MustCompile(`^slackmock: serving the Slack Web API at (http://127\.0\.0\.1:\d+)/api/ `)

// baseURL reads the first line of stdout and answers the base URL it names.
func (p *proc) baseURL(t *testing.T) string {
	t.Helper()
	l, ok := p.line()
	if !ok {
		t.Fatalf("run returned %v before serving; stderr: %s", p.wait(), p.stderr)
	}
	m := servingLine.FindStringSubmatch(l)
	if m == nil {
		t.Fatalf("first line %q does not name the base URL", l)
	}
	return m[1]
}

func post(t *testing.T, u, token string, form url.Values) map[string]any {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, u, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+token)
	return do(t, req, http.StatusOK)
}

// get GETs u with the control token, where not empty, and answers its JSON object body,
// failing t unless the status is wantStatus.
func get(t *testing.T, u, controlToken string, wantStatus int) map[string]any {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	if controlToken != "" {
		req.Header.Set("Authorization", "Bearer "+controlToken)
	}
	return do(t, req, wantStatus)
}

// do sends req and answers its JSON object body, failing t unless the status is wantStatus.
func do(t *testing.T, req *http.Request, wantStatus int) map[string]any {
	t.Helper()
	resp, data := send(t, req)
	if resp.StatusCode != wantStatus {
		t.Fatalf("%s %s: HTTP %d, want %d: %s", req.Method, req.URL, resp.StatusCode, wantStatus, data)
	}
	var v map[string]any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("%s %s: %v: %s", req.Method, req.URL, err, data)
	}
	return v
}

// send sends req and answers the response and its whole body, failing t on a transport error.
func send(t *testing.T, req *http.Request) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, data
}

// wantClosed checks that nothing listens at base any more.
func wantClosed(t *testing.T, base string) {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	if c, err := net.Dial("tcp", u.Host); err == nil {
		c.Close()
		t.Errorf("%s still accepts connections after run returned", u.Host)
	}
}

// readBanner reads the lines run prints on starting, up to the curl line, and returns the
// last of each kind: what it loaded, where the references are, the demo admin token, and the
// curl line.
func readBanner(t *testing.T, p *proc) (loaded, refs, demo, curl string) {
	t.Helper()
	for curl == "" {
		l, ok := p.line()
		if !ok {
			t.Fatalf("run returned %v; stdout %q", p.wait(), p.out)
		}
		switch {
		case strings.Contains(l, "loaded "):
			loaded = l
		case strings.Contains(l, "references"):
			refs = l
		case strings.Contains(l, "demo admin token"):
			demo = l
		case strings.Contains(l, "curl "):
			curl = l
		}
	}
	return loaded, refs, demo, curl
}

func TestRunServesTheDemoAndStopsCleanly(t *testing.T) {
	p := startRun(t, "-addr", "127.0.0.1:0")
	base := p.baseURL(t)

	loaded, refs, demo, curl := readBanner(t, p)
	if want := "loaded the demo fixture: " + counts(org.DemoFixture()); !strings.HasSuffix(loaded, want) || !strings.Contains(loaded, " 9 tokens,") {
		t.Errorf("the line of what it loaded is %q, want it to end in %q", loaded, want)
	}
	if !strings.Contains(refs, base+"/docs ") || !strings.Contains(refs, base+"/_mock/docs ") {
		t.Errorf("the references line %q does not give both URLs", refs)
	}
	if !strings.Contains(demo, "xoxp-demo-admin") {
		t.Errorf("the demo line %q does not give the admin token", demo)
	}
	for _, w := range []string{"Bearer xoxp-demo-admin", "user_id=W0BOB0001", base + "/api/admin.users.session.reset"} {
		if !strings.Contains(curl, w) {
			t.Errorf("the curl line %q lacks %q", curl, w)
		}
	}

	// The call of the curl line works, and the control API sees what it did.
	if got := post(t, base+"/api/admin.users.session.reset", "xoxp-demo-admin",
		url.Values{"user_id": {"W0BOB0001"}, "mobile_only": {"true"}}); got["ok"] != true {
		t.Fatalf("the curl line's call answered %v", got)
	}
	sessions := get(t, base+"/_mock/sessions?user_id=W0BOB0001", "", http.StatusOK)["sessions"].([]any)
	if len(sessions) != 2 {
		t.Errorf("Bob has %d sessions after his mobile reset, want 2 web ones: %v", len(sessions), sessions)
	}

	if err := p.stop(); err != nil {
		t.Fatalf("run after its context ended = %v, want nil; stderr: %s", err, p.stderr)
	}
	if last := p.out[len(p.out)-1]; !strings.Contains(last, "stopping") {
		t.Errorf("the last line %q does not say it is stopping", last)
	}
	wantClosed(t, base)
	if s := p.stderr.String(); s != "" {
		t.Errorf("stderr of a clean run: %q", s)
	}
}

func TestRunServesAFixtureFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "org.yaml")
	const fixture = `teams: [{id: T1}]
users:
  - {id: W1, team_id: T1, role: admin}
  - {id: W2, team_id: T1}
tokens:
  - {token: xoxp-mine, user_id: W1, scopes: [admin.users:write]}
sessions:
  - {session_id: 9223372036854775807, user_id: W2, team_id: T1, client: web}
`
	if err := os.WriteFile(file, []byte(fixture), 0o600); err != nil {
		t.Fatal(err)
	}
	p := startRun(t, "-addr", "127.0.0.1:0", "-fixture", file, "-control-token", "ctl")
	base := p.baseURL(t)

	get(t, base+"/_mock/sessions", "", http.StatusUnauthorized)
	sessions := get(t, base+"/_mock/sessions", "ctl", http.StatusOK)["sessions"].([]any)
	if len(sessions) != 1 {
		t.Fatalf("sessions %v, want the fixture's one", sessions)
	}
	if got := post(t, base+"/api/admin.users.session.reset", "xoxp-demo-admin", url.Values{"user_id": {"W2"}}); got["error"] != "invalid_auth" {
		t.Errorf("the demo token answered %v, want invalid_auth: the fixture replaces the demo", got)
	}
	if got := post(t, base+"/api/admin.users.session.invalidate", "xoxp-mine",
		url.Values{"user_id": {"W2"}, "session_id": {"9223372036854775807"}}); got["ok"] != true {
		t.Errorf("invalidate of the fixture's session answered %v", got)
	}

	if err := p.stop(); err != nil {
		t.Fatalf("run = %v, want nil", err)
	}
	for _, l := range p.out {
		if strings.Contains(l, "demo") {
			t.Errorf("run with a fixture printed the demo line %q", l)
		}
	}
	if want := "slackmock: loaded " + file + ": 1 team, 2 users, 1 token, 1 session"; !slices.Contains(p.out, want) {
		t.Errorf("stdout %q lacks %q", p.out, want)
	}
	wantClosed(t, base)
}

func TestRunRefuses(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"teams":[{"id":"T1"}],"users":[],"tokens":[],"sessions":[{"session_id":1,"user_id":"W0NOPE","team_id":"T1","client":"web"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.json")
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()

	cases := []struct {
		name  string
		args  []string
		want  []string // in the error
		usage bool     // the command line is at fault: a usageError, for exit status 2
	}{
		{"bad fixture", []string{"-addr", "127.0.0.1:0", "-fixture", bad}, []string{bad, "sessions[0]", "W0NOPE"}, false},
		{"missing fixture", []string{"-addr", "127.0.0.1:0", "-fixture", missing}, []string{missing}, false},
		{"address in use", []string{"-addr", busy.Addr().String()}, []string{busy.Addr().String(), "-addr 127.0.0.1:0"}, false},
		{"unknown flag", []string{"-port", "8080"}, []string{"port"}, true},
		{"stray argument", []string{"org.yaml"}, []string{`"org.yaml"`, "-fixture org.yaml"}, true},
		{"stray argument after a flag", []string{"-addr", "127.0.0.1:0", "now"}, []string{`"now"`}, true},
		{"max body not positive", []string{"-addr", "127.0.0.1:0", "-max-body", "0"}, []string{"0"}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := startRun(t, tc.args...)
			if l, ok := p.line(); ok {
				t.Fatalf("run printed %q; want it to refuse", l)
			}
			err := p.wait()
			if err == nil {
				t.Fatal("run = nil, want an error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not name %s", err, w)
				}
			}
			var u usageError
			if errors.As(err, &u) != tc.usage {
				t.Errorf("run = %#v: a usage error is %v, want %v", err, !tc.usage, tc.usage)
			}
			// A command line refused is reported once, by run, then the flags.
			if tc.usage && strings.Count(p.stderr.String(), strings.SplitN(err.Error(), ":", 2)[0]) != 1 {
				t.Errorf("stderr does not report %q once:\n%s", err, p.stderr)
			}
		})
	}
}

// TestRunServesTheReferences checks that the binary serves the two references at /docs and
// /_mock/docs, and under them, without the control token it requires of the control API, and
// that every other path, unclean ones too, still reaches the mock as sent.
func TestRunServesTheReferences(t *testing.T) {
	p := startRun(t, "-addr", "127.0.0.1:0", "-control-token", "ctl")
	base := p.baseURL(t)
	for path, want := range map[string][]byte{
		"/docs":                          reference.API(),
		"/docs/admin.users.session":      reference.API(),
		"/_mock/docs":                    reference.Control(),
		"/_mock/docs/state/listsessions": reference.Control(),
		"/_mock/docs/":                   reference.Control(), // by a redirect to /_mock/docs
	} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") || !bytes.Equal(body, want) {
			t.Errorf("GET %s: HTTP %d %s, %d bytes; want 200 and the page", path, resp.StatusCode, resp.Header.Get("Content-Type"), len(body))
		}
	}
	// The control API still wants its token, and the mock answers its own paths, a path that a
	// ServeMux would redirect included.
	get(t, base+"/_mock/sessions", "", http.StatusUnauthorized)
	for _, path := range []string{"/api//admin.users.session.reset", "/docs/../api/admin.users.session.reset"} {
		req, err := http.NewRequest(http.MethodPost, base+path, strings.NewReader("user_id=W0BOB0001"))
		if err != nil {
			t.Fatal(err)
		}
		req.URL.Opaque = path // as sent, not cleaned by the client
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode/100 == 3 || strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			t.Errorf("POST %s: HTTP %d %s, want the mock's answer", path, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
	if err := p.stop(); err != nil {
		t.Fatalf("run = %v", err)
	}
}

// TestHelpListsTheDemoAndTheSpecs checks that -h lists every token of the demo fixture, every
// Slack method of openapi.yaml and every path of the control API, as they are read from
// them, and the README's address.
func TestHelpListsTheDemoAndTheSpecs(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"-h"}, &stdout, &stderr); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("run -h = %v, want flag.ErrHelp", err)
	}
	help := stderr.String()
	var want []string
	for _, tok := range org.DemoFixture().Tokens {
		want = append(want, "\n  "+tok.Token+" ")
	}
	methods, control := specPaths(string(spec.YAML()), "/"), controlPaths()
	if !slices.Contains(methods, "admin.users.session.reset") || !slices.Contains(control, "/_mock/sessions") {
		t.Fatalf("the methods %q and control paths %q read from the specs lack reset or sessions", methods, control)
	}
	want = append(append(want, methods...), control...)
	for _, w := range append(want, readme, "/docs ", "/_mock/docs ") {
		if !strings.Contains(help, w) {
			t.Errorf("-h does not list %q:\n%s", w, help)
		}
	}
	if stdout.Len() != 0 {
		t.Errorf("-h printed on stdout: %q", &stdout)
	}
}

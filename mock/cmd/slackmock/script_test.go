package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain makes the test binary the slackmock command too, as the scripts run it: with the
// name slackmock, it is the real main.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"slackmock": main})
}

// TestScripts runs testdata/script/*.txtar: slackmock as a person meets it, the real binary
// with its exit statuses, its output and its signals. Besides testscript's commands, the
// scripts have:
//
//	serve [args...]         start slackmock in the background, wait for its banner, set $BASE
//	                        (http://127.0.0.1:PORT) and $ADDR (127.0.0.1:PORT)
//	call METHOD PATH [TOKEN [FORM]]
//	                        send a request to $BASE+PATH (TOKEN as a bearer token, "-" for
//	                        none; FORM as a form body), stdout "HTTP <status> <type>" and the body
//	stop [INT|TERM]         signal the served slackmock (TERM by default), wait for it to exit 0,
//	                        stdout and stderr its output, and check nothing listens at $ADDR
//	exits CODE args...      run slackmock with args, want the exit status CODE; stdout and stderr
//	                        its output
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			env.Values[servedKey{}] = &served{env: slices.Clone(env.Vars)}
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"serve": cmdServe,
			"call":  cmdCall,
			"stop":  cmdStop,
			"exits": cmdExits,
		},
	})
}

// scriptWait bounds every wait of the scripts' commands: they wait for the binary to act,
// and fail rather than hang when it does not.
const scriptWait = 10 * time.Second

// servedKey keys the served slackmock of a script in its values.
type servedKey struct{}

// served is the slackmock a script started with serve.
type served struct {
	env  []string // the environment of the script, as testscript set it up
	cmd  *exec.Cmd
	done chan struct{} // closed once the output is read and the process has exited
	mu   sync.Mutex
	out  bytes.Buffer // stdout so far
	err  bytes.Buffer // stderr so far
	addr string
}

// environ answers the environment slackmock runs in: the script's, as testscript set it up,
// with the control token the script has set, if any (testscript's own environment has none).
func (s *served) environ(ts *testscript.TestScript) []string {
	return append(slices.Clone(s.env), controlTokenEnv+"="+ts.Getenv(controlTokenEnv))
}

// write appends p to b under s.mu, for the goroutines that copy the process's output.
func (s *served) write(b *bytes.Buffer, p []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b.Write(p)
}

// binary answers the path of the slackmock command testscript installed on the script's
// $PATH: the test binary, under that name.
func binary(ts *testscript.TestScript) string {
	for _, dir := range filepath.SplitList(ts.Getenv("PATH")) {
		if p := filepath.Join(dir, "slackmock"); fileExists(p) {
			return p
		}
	}
	ts.Fatalf("no slackmock on the script's $PATH")
	return ""
}

func fileExists(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir()
}

func cmdServe(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! serve (use exits)")
	}
	s := ts.Value(servedKey{}).(*served)
	if s.cmd != nil {
		ts.Fatalf("a slackmock is served already")
	}
	cmd := exec.Command(binary(ts), args...)
	cmd.Dir = ts.MkAbs(".")
	cmd.Env = s.environ(ts)
	stdout, err := cmd.StdoutPipe()
	ts.Check(err)
	stderr, err := cmd.StderrPipe()
	ts.Check(err)
	ts.Check(cmd.Start())
	s.cmd, s.done = cmd, make(chan struct{})
	ts.Defer(func() {
		select {
		case <-s.done:
		default: // the script failed before stop: do not leave the process behind
			_ = cmd.Process.Kill()
			<-s.done
		}
	})

	banner := make(chan string, 1)
	var copied sync.WaitGroup
	copied.Add(2)
	go func() {
		defer copied.Done()
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			line := sc.Text()
			s.write(&s.out, []byte(line+"\n"))
			if m := servingLine.FindStringSubmatch(line); m != nil {
				banner <- m[1]
			}
		}
		close(banner)
	}()
	go func() {
		defer copied.Done()
		_, _ = io.Copy(writerFunc(func(p []byte) (int, error) { s.write(&s.err, p); return len(p), nil }), stderr)
	}()
	go func() {
		copied.Wait() // the pipes are read to their end before Wait closes them
		_ = cmd.Wait()
		close(s.done)
	}()

	select {
	case base, ok := <-banner:
		if !ok {
			<-s.done
			ts.Fatalf("slackmock exited (%v) before serving; stderr:\n%s", cmd.ProcessState, s.err.String())
		}
		s.addr = strings.TrimPrefix(base, "http://")
		ts.Setenv("BASE", base)
		ts.Setenv("ADDR", s.addr)
	case <-time.After(scriptWait):
		ts.Fatalf("slackmock printed no base URL within %v", scriptWait)
	}
}

// writerFunc is an io.Writer made of a func.
type writerFunc func(p []byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func cmdCall(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 || len(args) > 4 {
		ts.Fatalf("usage: call METHOD PATH [TOKEN [FORM]]")
	}
	var body io.Reader
	if len(args) == 4 {
		body = strings.NewReader(args[3])
	}
	req, err := http.NewRequest(args[0], ts.Getenv("BASE")+args[1], body)
	ts.Check(err)
	if len(args) >= 3 && args[2] != "-" {
		req.Header.Set("Authorization", "Bearer "+args[2])
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	c := &http.Client{Timeout: scriptWait}
	resp, err := c.Do(req)
	ts.Check(err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	ts.Check(err)
	fmt.Fprintf(ts.Stdout(), "HTTP %d %s\n%s\n", resp.StatusCode, resp.Header.Get("Content-Type"), data)
}

func cmdStop(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) > 1 {
		ts.Fatalf("usage: stop [INT|TERM]")
	}
	s := ts.Value(servedKey{}).(*served)
	if s.cmd == nil {
		ts.Fatalf("no slackmock is served")
	}
	sig := syscall.SIGTERM
	if len(args) == 1 {
		switch args[0] {
		case "INT":
			sig = syscall.SIGINT
		case "TERM":
		default:
			ts.Fatalf("stop: unknown signal %s", args[0])
		}
	}
	ts.Check(s.cmd.Process.Signal(sig))
	select {
	case <-s.done:
	case <-time.After(scriptWait):
		ts.Fatalf("slackmock did not exit within %v of SIG%s", scriptWait, args)
	}
	s.mu.Lock()
	fmt.Fprint(ts.Stdout(), s.out.String())
	fmt.Fprint(ts.Stderr(), s.err.String())
	s.mu.Unlock()
	if code := s.cmd.ProcessState.ExitCode(); code != 0 {
		ts.Fatalf("slackmock exited with status %d after %v, want 0", code, sig)
	}
	if c, err := net.DialTimeout("tcp", s.addr, scriptWait); err == nil {
		c.Close()
		ts.Fatalf("%s still accepts connections after slackmock exited", s.addr)
	}
	s.cmd = nil
}

func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 {
		ts.Fatalf("usage: exits CODE [args...]")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	s := ts.Value(servedKey{}).(*served)
	ctx, cancel := context.WithTimeout(context.Background(), scriptWait) // it must exit by itself
	defer cancel()
	cmd := exec.CommandContext(ctx, binary(ts), args[1:]...)
	cmd.Dir = ts.MkAbs(".")
	cmd.Env = s.environ(ts)
	cmd.Stdout, cmd.Stderr = ts.Stdout(), ts.Stderr()
	err = cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		ts.Fatalf("slackmock: %v", err)
	}
	if got := cmd.ProcessState.ExitCode(); got != want {
		ts.Fatalf("slackmock %s exited with status %d, want %d", strings.Join(args[1:], " "), got, want)
	}
}

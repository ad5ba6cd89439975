// Command testprogress runs `go test -json` with the arguments it is given and prints what
// `go test` would, as it goes, and, whenever it has printed nothing for a while, what is
// running: `go test -race ./...` alone prints nothing until a package ends, which takes over a
// minute on a small machine. `make test-go` runs it:
//
//	go run ./tools/testprogress -race ./...
//
// It prints each package's closing line (ok, FAIL, no test files) as go test does, a failing
// test's output (its log, less the === framing lines) as soon as it fails, build errors, and
// every 15 seconds of silence a line such as
//
//	… 1m30s: mock (214 passed; running TestFaults/delay), mock/reference (2 passed; running TestEveryLinkOpensInANewTab/control)
//
// which names, for each package running, the tests passed so far and the test last heard of
// (the module's root package is ".").
//
// then, at the end, "Go: N passed, N failed, N skipped" (each test and subtest counted). It
// exits with go test's status, or 1 if a test failed while go test exited 0.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"time"
)

// quiet is how long testprogress lets pass without a line before it says what is running.
const quiet = 15 * time.Second

func main() {
	cmd := exec.Command("go", append([]string{"test", "-json"}, os.Args[1:]...)...)
	cmd.Stderr = os.Stderr // go's own messages (downloads, flag errors) are not JSON
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		fmt.Fprintln(os.Stderr, "testprogress:", err)
		os.Exit(1)
	}
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "testprogress:", err)
		os.Exit(1)
	}
	p := newPrinter(os.Stdout, modulePath("go.mod"), time.Now)
	stop := make(chan struct{})
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				p.tick()
			}
		}
	}()
	readErr := p.read(stdout)
	waitErr := cmd.Wait()
	close(stop)
	p.summary()
	if readErr != nil {
		fmt.Fprintln(os.Stderr, "testprogress: reading go test's output:", readErr)
	}
	var exit *exec.ExitError
	switch {
	case errors.As(waitErr, &exit):
		os.Exit(exit.ExitCode())
	case waitErr != nil:
		fmt.Fprintln(os.Stderr, "testprogress:", waitErr)
		os.Exit(1)
	case readErr != nil || p.failed > 0:
		os.Exit(1)
	}
}

// event is a line of `go test -json` (go doc test2json), with the build events of Go 1.24+.
type event struct {
	Action     string
	Package    string
	ImportPath string // of build-output and build-fail
	Test       string
	Output     string
}

// pkg is what testprogress knows of a package under test.
type pkg struct {
	passed  int
	running []string            // the tests started and not ended, in the order they started
	current string              // the running test that was last heard of
	output  map[string][]string // the lines of each top-level test running, its subtests' too
}

// printer turns events into lines. Its methods may be called from two goroutines: read's and
// the ticker's.
type printer struct {
	mu                      sync.Mutex
	w                       io.Writer
	module                  string // the module path, which status lines leave out
	now                     func() time.Time
	start, last             time.Time // when it started, and when it last printed a line
	pkgs                    map[string]*pkg
	order                   []string // the packages running, in the order they started
	passed, failed, skipped int
}

func newPrinter(w io.Writer, module string, now func() time.Time) *printer {
	t := now()
	return &printer{w: w, module: module, now: now, start: t, last: t, pkgs: map[string]*pkg{}}
}

// read handles each event of r until its end. A line that is not an event is printed as is.
func (p *printer) read(r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20) // a test may log long lines
	for sc.Scan() {
		var e event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil || e.Action == "" {
			p.print(sc.Text() + "\n")
			continue
		}
		p.handle(e)
	}
	return sc.Err()
}

// handle takes one event.
func (p *printer) handle(e event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if e.Action == "build-output" {
		p.printLocked(e.Output)
		return
	}
	if e.Package == "" {
		return
	}
	k := p.pkgs[e.Package]
	if k == nil {
		k = &pkg{output: map[string][]string{}}
		p.pkgs[e.Package] = k
		p.order = append(p.order, e.Package)
	}
	if e.Test == "" {
		switch e.Action {
		case "output":
			// go test prints neither the test binary's PASS nor the framing lines.
			if e.Output != "PASS\n" && !strings.HasPrefix(e.Output, "=== ") {
				p.printLocked(e.Output)
			}
		case "pass", "fail", "skip":
			// A test that never ended (the binary crashed or timed out) holds the why.
			for _, t := range k.running {
				if lines, ok := k.output[t]; ok {
					p.printTestLocked(lines)
					delete(k.output, t)
				}
			}
			delete(p.pkgs, e.Package)
			p.order = slices.DeleteFunc(p.order, func(s string) bool { return s == e.Package })
		}
		return
	}
	top, _, isSub := strings.Cut(e.Test, "/")
	switch e.Action {
	case "run":
		k.running = append(k.running, e.Test)
		k.current = e.Test
	case "cont":
		k.current = e.Test
	case "output":
		k.output[top] = append(k.output[top], e.Output)
		if slices.Contains(k.running, e.Test) {
			k.current = e.Test
		}
	case "pass", "skip", "fail":
		switch e.Action {
		case "pass":
			k.passed++
			p.passed++
		case "skip":
			p.skipped++
		case "fail":
			p.failed++
		}
		k.running = slices.DeleteFunc(k.running, func(s string) bool { return s == e.Test })
		if k.current == e.Test {
			k.current = ""
		}
		// A top-level test's lines, its subtests' with them in the order they came, are
		// printed when it fails, as go test -v shows them.
		if !isSub {
			if e.Action == "fail" {
				p.printTestLocked(k.output[top])
			}
			delete(k.output, top)
		}
	}
}

// printTestLocked prints the output of a test as go test shows that of a failing one.
func (p *printer) printTestLocked(lines []string) {
	for _, l := range lines {
		if !strings.HasPrefix(strings.TrimLeft(l, " "), "=== ") {
			p.printLocked(l)
		}
	}
}

// tick prints what is running if nothing was printed for quiet.
func (p *printer) tick() {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	if now.Sub(p.last) < quiet {
		return
	}
	p.printLocked(p.statusLocked(now))
}

// statusLocked answers the line saying what runs at now.
func (p *printer) statusLocked(now time.Time) string {
	took := now.Sub(p.start).Round(time.Second)
	if len(p.order) == 0 {
		return fmt.Sprintf("… %v: building the test binaries\n", took)
	}
	var parts []string
	for _, name := range p.order {
		k := p.pkgs[name]
		part := "."
		if name != p.module {
			part = strings.TrimPrefix(name, p.module+"/")
		}
		part += fmt.Sprintf(" (%d passed", k.passed)
		if now := k.current; now != "" {
			part += "; running " + now
		} else if n := len(k.running); n > 0 {
			part += "; running " + k.running[n-1]
		}
		parts = append(parts, part+")")
	}
	return fmt.Sprintf("… %v: %s\n", took, strings.Join(parts, ", "))
}

// summary prints the count of tests that passed, failed and were skipped.
func (p *printer) summary() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.printLocked(fmt.Sprintf("Go: %d passed, %d failed, %d skipped\n", p.passed, p.failed, p.skipped))
}

func (p *printer) print(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.printLocked(s)
}

func (p *printer) printLocked(s string) {
	io.WriteString(p.w, s)
	p.last = p.now()
}

// modulePath answers the module path that the go.mod file gomod declares, or "" without one.
func modulePath(gomod string) string {
	b, err := os.ReadFile(gomod)
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == "module" {
			return strings.Trim(f[1], `"`)
		}
	}
	return ""
}

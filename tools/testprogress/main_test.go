package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// clock is a time that a test moves.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// stream is what go test -json prints for a module m with two packages, a and b: a passes
// (one test, with a subtest), b has a failing test with a failing subtest and a passing one,
// and c has no tests.
const stream = `{"Action":"start","Package":"m/a"}
{"Action":"start","Package":"m/b"}
{"Action":"run","Package":"m/a","Test":"TestA"}
{"Action":"output","Package":"m/a","Test":"TestA","Output":"=== RUN   TestA\n"}
{"Action":"run","Package":"m/a","Test":"TestA/one"}
{"Action":"output","Package":"m/a","Test":"TestA/one","Output":"    a_test.go:9: a passing test's log\n"}
{"Action":"pass","Package":"m/a","Test":"TestA/one"}
{"Action":"run","Package":"m/b","Test":"TestB"}
{"Action":"output","Package":"m/b","Test":"TestB","Output":"=== RUN   TestB\n"}
{"Action":"run","Package":"m/b","Test":"TestB/bad"}
{"Action":"output","Package":"m/b","Test":"TestB/bad","Output":"=== RUN   TestB/bad\n"}
{"Action":"output","Package":"m/b","Test":"TestB/bad","Output":"    b_test.go:12: want 1, got 2\n"}
{"Action":"output","Package":"m/b","Test":"TestB/bad","Output":"    --- FAIL: TestB/bad (0.00s)\n"}
{"Action":"fail","Package":"m/b","Test":"TestB/bad"}
TICK
{"Action":"run","Package":"m/b","Test":"TestB/good"}
{"Action":"pass","Package":"m/b","Test":"TestB/good"}
{"Action":"output","Package":"m/b","Test":"TestB","Output":"--- FAIL: TestB (0.00s)\n"}
{"Action":"fail","Package":"m/b","Test":"TestB"}
{"Action":"run","Package":"m/b","Test":"TestSkip"}
{"Action":"skip","Package":"m/b","Test":"TestSkip"}
{"Action":"output","Package":"m/b","Output":"FAIL\n"}
{"Action":"output","Package":"m/b","Output":"FAIL\tm/b\t0.01s\n"}
{"Action":"fail","Package":"m/b"}
{"Action":"output","Package":"m/a","Test":"TestA","Output":"--- PASS: TestA (0.00s)\n"}
{"Action":"pass","Package":"m/a","Test":"TestA"}
{"Action":"output","Package":"m/a","Output":"PASS\n"}
{"Action":"output","Package":"m/a","Output":"ok  \tm/a\t0.02s\n"}
{"Action":"pass","Package":"m/a"}
{"Action":"start","Package":"m/c"}
{"Action":"output","Package":"m/c","Output":"?   \tm/c\t[no test files]\n"}
{"Action":"skip","Package":"m/c"}
`

// want is what testprogress prints for stream: go test's lines, the failing test's whole
// output (its subtests' in the order it came, less the === lines) once it fails, a line
// saying what runs after a quiet spell (TICK), and the counts.
const want = `… 19s: a (1 passed; running TestA), b (0 passed; running TestB)
    b_test.go:12: want 1, got 2
    --- FAIL: TestB/bad (0.00s)
--- FAIL: TestB (0.00s)
FAIL
FAIL	m/b	0.01s
ok  	m/a	0.02s
?   	m/c	[no test files]
Go: 3 passed, 2 failed, 1 skipped
`

func TestPrinter(t *testing.T) {
	c := &clock{time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	var out strings.Builder
	p := newPrinter(&out, "m", c.now)
	for _, line := range strings.SplitAfter(stream, "\n") {
		if strings.TrimSpace(line) == "TICK" {
			c.t = c.t.Add(quiet - time.Second)
			p.tick() // not yet quiet long enough
			c.t = c.t.Add(5 * time.Second)
			p.tick()
			p.tick() // it just said it
			continue
		}
		if err := p.read(strings.NewReader(line)); err != nil {
			t.Fatal(err)
		}
	}
	p.summary()
	if out.String() != want {
		t.Errorf("printed\n%s\nwant\n%s", out.String(), want)
	}
	if p.failed != 2 {
		t.Errorf("failed = %d, want 2", p.failed)
	}
}

func TestStatusBeforeAnyPackage(t *testing.T) {
	c := &clock{time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	var out strings.Builder
	p := newPrinter(&out, "m", c.now)
	c.t = c.t.Add(90 * time.Second)
	p.tick()
	if got := out.String(); got != "… 1m30s: building the test binaries\n" {
		t.Errorf("printed %q", got)
	}
}

// TestPrinterPrintsWhatIsNotAnEvent checks that lines that are not JSON events, and build
// errors, reach the reader as they are.
func TestPrinterPrintsWhatIsNotAnEvent(t *testing.T) {
	var out strings.Builder
	p := newPrinter(&out, "m", time.Now)
	in := "# m/b\n" + `{"ImportPath":"m/b [m/b.test]","Action":"build-output","Output":"b_test.go:3:1: syntax error\n"}` + "\n" +
		`{"ImportPath":"m/b [m/b.test]","Action":"build-fail"}` + "\n"
	if err := p.read(strings.NewReader(in)); err != nil {
		t.Fatal(err)
	}
	if want := "# m/b\nb_test.go:3:1: syntax error\n"; out.String() != want {
		t.Errorf("printed %q, want %q", out.String(), want)
	}
}

// TestRunsGoTest runs testprogress on a module of its own whose one test fails, and checks
// that it prints the failure and go test's lines and exits as go test does.
func TestRunsGoTest(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs go test")
	}
	dir := t.TempDir()
	files := map[string]string{
		"go.mod":       "module example.com/m\n\ngo 1.22\n",
		"a/a_test.go":  "package a\n\nimport \"testing\"\n\nfunc TestOK(t *testing.T) {}\n",
		"b/b_test.go":  "package b\n\nimport \"testing\"\n\nfunc TestBad(t *testing.T) { t.Error(\"want 1, got 2\") }\n",
		"c/c.go":       "package c\n",
		"a/a_ok.go":    "package a\n",
		"b/b_other.go": "package b\n",
	}
	for name, text := range files {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(self, "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TESTPROGRESS_MAIN=1", "GOFLAGS=-count=1")
	out, err := cmd.CombinedOutput()
	if code := cmd.ProcessState.ExitCode(); code != 1 {
		t.Errorf("exit %d (%v), want go test's 1", code, err)
	}
	for _, w := range []string{"ok  \texample.com/m/a", "b_test.go:5: want 1, got 2", "--- FAIL: TestBad", "FAIL\texample.com/m/b",
		"?   \texample.com/m/c\t[no test files]", "Go: 1 passed, 1 failed, 0 skipped\n"} {
		if !strings.Contains(string(out), w) {
			t.Errorf("no %q in\n%s", w, out)
		}
	}
}

// TestMain runs main instead of the tests when TestRunsGoTest runs this binary as
// testprogress.
func TestMain(m *testing.M) {
	if os.Getenv("TESTPROGRESS_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestStatusNamesTheTestLastHeardOf checks that a status line names the module's root package
// "." and, for each package, the test it last heard of rather than one paused (t.Parallel).
func TestStatusNamesTheTestLastHeardOf(t *testing.T) {
	c := &clock{time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	var out strings.Builder
	p := newPrinter(&out, "m", c.now)
	in := `{"Action":"start","Package":"m"}
{"Action":"run","Package":"m","Test":"TestP"}
{"Action":"run","Package":"m","Test":"TestP/one"}
{"Action":"pause","Package":"m","Test":"TestP/one"}
{"Action":"run","Package":"m","Test":"TestP/two"}
{"Action":"pause","Package":"m","Test":"TestP/two"}
{"Action":"cont","Package":"m","Test":"TestP/one"}
{"Action":"output","Package":"m","Test":"TestP/one","Output":"    p_test.go:3: working\n"}
`
	if err := p.read(strings.NewReader(in)); err != nil {
		t.Fatal(err)
	}
	c.t = c.t.Add(quiet)
	p.tick()
	if want := "… 15s: . (0 passed; running TestP/one)\n"; out.String() != want {
		t.Errorf("printed %q, want %q", out.String(), want)
	}
}

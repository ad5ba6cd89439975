package adminuserssession_test

import (
	"bufio"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/slack-contracts/admin-users-session/mock/mocktest"
	"github.com/slack-contracts/admin-users-session/mock/org"
)

// readmeBlock is one fenced code block of README.md, with the note before it that says how
// the test treats it: <!-- readme: KIND ARGS -->.
type readmeBlock struct {
	line int    // of the opening fence
	kind string // such as "run"
	arg  string // the rest of the note
	body string // the block's lines, each ending in \n
}

var readmeNote = regexp.MustCompile(`^<!-- readme: (\S+) ?(.*?) -->$`)

// readmeBlocks reads the code blocks of README.md; a block without a note fails t.
func readmeBlocks(t *testing.T) []readmeBlock {
	t.Helper()
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	var (
		out     []readmeBlock
		note    []string // the last note seen, until a block takes it
		cur     *readmeBlock
		scanner = bufio.NewScanner(strings.NewReader(string(data)))
	)
	for n := 1; scanner.Scan(); n++ {
		line := scanner.Text()
		switch {
		case cur != nil && line == "```":
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			cur.body += line + "\n"
		case strings.HasPrefix(line, "```"):
			if note == nil {
				t.Errorf("README.md:%d: a code block without a <!-- readme: … --> note before it", n)
			}
			cur = &readmeBlock{line: n}
			if note != nil {
				cur.kind, cur.arg = note[1], note[2]
			}
			note = nil
		case readmeNote.MatchString(line):
			note = readmeNote.FindStringSubmatch(line)
		case strings.TrimSpace(line) != "":
			note = nil // a note stands right before its block
		}
	}
	if cur != nil {
		t.Errorf("README.md:%d: a code block is not closed", cur.line)
	}
	return out
}

// TestReadme checks every code block of README.md, as its note says:
//   - file PATH: the block is the file PATH, to the letter, and the file is run by the
//     tests of its package (Go) or suite (Node), or read by one (a fixture);
//   - run: the block's commands are run, one line after another, with bash, against one mock
//     of the demo fixture, in place of `make mock`'s 127.0.0.1:8080, that every run block
//     shares in the README's order, as a reader's would; each must succeed, and print no
//     Slack answer with "ok":false, nor say it ended 0 sessions;
//   - ci: the block's commands are the ones .ci/run runs on a fresh clone;
//   - not-run REASON: the block is not run, for the reason given.
func TestReadme(t *testing.T) {
	blocks := readmeBlocks(t)
	if len(blocks) == 0 {
		t.Fatal("README.md has no code blocks")
	}
	ci, err := os.ReadFile(".ci/run")
	if err != nil {
		t.Fatal(err)
	}
	var addr string // of the mock the run blocks share, once started
	for _, b := range blocks {
		where := "README.md:" + strconv.Itoa(b.line)
		switch b.kind {
		case "file":
			b.checkFile(t, where)
		case "run":
			if addr == "" {
				addr = startReadmeMock(t)
			}
			runReadmeBlock(t, where, addr, b.body)
		case "ci":
			b.checkCI(t, where, string(ci))
		case "not-run":
			if b.arg == "" {
				t.Errorf("%s: not-run without a reason", where)
			}
		default:
			t.Errorf("%s: unknown note kind %q", where, b.kind)
		}
	}
}

// checkFile checks a file block, found at where: it is the file its note names, to the
// letter, and a fixture (a .json file) that loads.
func (b readmeBlock) checkFile(t *testing.T, where string) {
	t.Helper()
	data, err := os.ReadFile(b.arg)
	if err != nil {
		t.Errorf("%s: %v", where, err)
		return
	}
	if string(data) != b.body {
		t.Errorf("%s: the block differs from %s: copy the file into README.md", where, b.arg)
	}
	if strings.HasSuffix(b.arg, ".json") {
		if _, err := org.ParseFixture(strings.NewReader(b.body)); err != nil {
			t.Errorf("%s: the fixture %s does not load: %v", where, b.arg, err)
		}
	}
}

// checkCI checks a ci block, found at where: each of its commands but git clone and cd is
// in ci, the text of .ci/run.
func (b readmeBlock) checkCI(t *testing.T, where, ci string) {
	t.Helper()
	for _, cmd := range commands(b.body) {
		if !strings.Contains(ci, cmd) && !strings.HasPrefix(cmd, "git clone ") && !strings.HasPrefix(cmd, "cd ") {
			t.Errorf("%s: .ci/run does not run %q", where, cmd)
		}
	}
}

// commands are the lines of a shell block, without comments and blank lines.
func commands(body string) []string {
	var out []string
	for _, line := range strings.Split(body, "\n") {
		line, _, _ = strings.Cut(line, " #")
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}

// startReadmeMock starts the mock the run blocks share, and answers its host:port.
func startReadmeMock(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("curl"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("curl is not installed (make setup installs it)")
		}
		t.Skip("curl is not installed (make setup installs it)")
	}
	return strings.TrimPrefix(mocktest.Start(t).URL, "http://")
}

// runReadmeBlock runs the commands of body against the mock at addr.
func runReadmeBlock(t *testing.T, where, addr, body string) {
	t.Helper()
	for _, cmd := range commands(body) {
		line := strings.ReplaceAll(cmd, "127.0.0.1:8080", addr)
		out, err := exec.CommandContext(t.Context(), "bash", "-o", "pipefail", "-c", line).CombinedOutput()
		if err != nil || strings.Contains(string(out), `"ok":false`) || strings.Contains(string(out), "ended 0 ") {
			t.Errorf("%s: %s: %v\n%s", where, cmd, err, out)
			return
		}
		t.Logf("%s\n%s", cmd, out)
	}
}

// Command firstanswer measures how soon the slackmock binary serves (load/run.sh runs it;
// see load/README.md). For each run it starts the built binary with -addr 127.0.0.1:0 (and,
// with -sessions, a fixture of that many sessions), reads the address from the first line of
// its banner on stdout, and times from the start of the process to the first ok:true answer
// of one call of auth.test; with -orgs, it then makes that many orgs of the demo fixture
// (POST /_mock/orgs, one after another on one connection) and times them; it then reads the
// process's RSS and peak RSS from /proc, stops it with SIGTERM and waits for it to exit. It
// talks to 127.0.0.1 only, and ends only the processes it started.
//
//	go run ./load/firstanswer -bin bin/slackmock [-runs 5] [-sessions 1000000] [-orgs 10000]
//
// It prints one line per run, then one line for run.sh to read:
//
//	RESULT <runs> <median ms> <min ms> <max ms> <RSS MB after the first answer (and the orgs), median> <peak RSS MB, max> <µs per org, median>
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "firstanswer:", err)
		os.Exit(1)
	}
}

func run() error {
	bin := flag.String("bin", "bin/slackmock", "the slackmock binary to start")
	runs := flag.Int("runs", 5, "how many times to start it")
	sessions := flag.Int("sessions", 0, "start it with a fixture of this many sessions (0: the demo fixture)")
	orgs := flag.Int("orgs", 0, "after the first answer, make this many orgs of the demo fixture")
	flag.Parse()
	if *runs < 1 || *orgs < 0 {
		return errors.New("-runs must be at least 1, and -orgs not negative")
	}
	args := []string{"-addr", "127.0.0.1:0", "-max-orgs", strconv.Itoa(max(*orgs, 1))}
	token := "xoxp-demo-admin"
	if *sessions > 0 {
		dir, err := os.MkdirTemp("", "firstanswer")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		path := filepath.Join(dir, "fixture.json")
		size, err := writeFixture(path, *sessions)
		if err != nil {
			return err
		}
		fmt.Printf("fixture: %d sessions, %.0f MB of JSON\n", *sessions, float64(size)/1e6)
		args = append(args, "-fixture", path)
		token = fixtureToken
	}
	var ms, rss, peak, perOrg []float64
	for i := range *runs {
		r, err := start(*bin, args, token, *orgs)
		if err != nil {
			return fmt.Errorf("run %d: %w", i+1, err)
		}
		fmt.Printf("run %d: first answer %.1f ms after the start, RSS %.1f MB (peak %.1f MB)", i+1, r.ms, r.rssMB, r.peakMB)
		if *orgs > 0 {
			fmt.Printf(" with %d orgs, made in %.0f µs each", *orgs, r.orgUS)
		}
		fmt.Println()
		ms, rss, peak, perOrg = append(ms, r.ms), append(rss, r.rssMB), append(peak, r.peakMB), append(perOrg, r.orgUS)
	}
	fmt.Printf("RESULT %d %.1f %.1f %.1f %.1f %.1f %.0f\n", len(ms), median(ms), slices.Min(ms), slices.Max(ms), median(rss), slices.Max(peak), median(perOrg))
	return nil
}

func median(v []float64) float64 {
	s := slices.Sorted(slices.Values(v))
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

type result struct{ ms, rssMB, peakMB, orgUS float64 }

// banner is the base URL on the first line slackmock prints.
var banner = regexp.MustCompile(`http://127\.0\.0\.1:[0-9]+`)

// start runs bin once, making orgs orgs after its first answer: see the package comment.
func start(bin string, args []string, token string, orgs int) (result, error) {
	cmd := exec.Command(bin, args...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return result{}, err
	}
	began := time.Now()
	if err := cmd.Start(); err != nil {
		return result{}, err
	}
	exited := make(chan error, 1)
	stopped := false
	defer func() {
		if !stopped {
			_ = cmd.Process.Kill()
			<-exited
		}
	}()
	lines := bufio.NewReader(out)
	first, err := lines.ReadString('\n')
	go func() {
		_, _ = io.Copy(io.Discard, lines) // the rest of the banner, and what it prints on stopping
		exited <- cmd.Wait()
	}()
	if err != nil {
		return result{}, fmt.Errorf("no banner: %w", err)
	}
	base := banner.FindString(first)
	if base == "" {
		return result{}, fmt.Errorf("the banner names no http://127.0.0.1 address: %q", first)
	}
	if err := call(base, token); err != nil {
		return result{}, err
	}
	r := result{ms: float64(time.Since(began).Microseconds()) / 1000}
	if orgs > 0 {
		if r.orgUS, err = makeOrgs(base, orgs); err != nil {
			return r, err
		}
	}
	r.rssMB, r.peakMB = memory(cmd.Process.Pid)
	stopped = true
	_ = cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-exited:
		if err != nil {
			return r, fmt.Errorf("slackmock exited with %v after SIGTERM", err)
		}
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		<-exited
		return r, errors.New("slackmock did not stop within 10 s of SIGTERM")
	}
	return r, nil
}

// call makes one call of auth.test with token, on a connection of its own, and fails
// unless it answers ok:true.
func call(base, token string) error {
	req, err := http.NewRequest(http.MethodPost, base+"/api/auth.test", http.NoBody)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	var a struct {
		OK bool `json:"ok"`
	}
	if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &a) != nil || !a.OK {
		return fmt.Errorf("auth.test answered HTTP %d %s", resp.StatusCode, body)
	}
	return nil
}

// memory reads the RSS and peak RSS of pid, in MB, from /proc (0 where there is none).
func memory(pid int) (rss, peak float64) {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0
	}
	for line := range strings.SplitSeq(string(status), "\n") {
		name, value, _ := strings.Cut(line, ":")
		kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 64)
		if err != nil {
			continue
		}
		switch name {
		case "VmRSS":
			rss = kb / 1024
		case "VmHWM":
			peak = kb / 1024
		}
	}
	return rss, peak
}

// fixtureToken is the admin token of the fixture writeFixture writes.
const fixtureToken = "xoxp-load-admin"

// writeFixture writes a fixture of n sessions to path, the shape of mock's benchmark
// fixture: an org of two teams, an admin, and 100 sessions for each other user, each with
// its creation time. It answers the file's size.
func writeFixture(path string, n int) (int64, error) {
	var b bytes.Buffer
	users := max(1, n/100)
	teams := [2]string{"T0LOAD0001", "T0LOAD0002"}
	fmt.Fprintf(&b, `{"org":{"id":"E0LOAD0001"},"teams":[{"id":%q},{"id":%q}],"users":[{"id":"W0LADMIN01","team_id":%q,"role":"admin"}`, teams[0], teams[1], teams[0])
	for i := range users {
		fmt.Fprintf(&b, `,{"id":"W%09d","team_id":%q}`, i, teams[i%2])
	}
	fmt.Fprintf(&b, `],"tokens":[{"token":%q,"user_id":"W0LADMIN01","scopes":["admin.users:read","admin.users:write"]}],"sessions":[`, fixtureToken)
	created := time.Date(2026, 11, 2, 9, 15, 0, 0, time.UTC)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		client := "mobile"
		if i%2 == 1 {
			client = "web"
		}
		fmt.Fprintf(&b, `{"session_id":%d,"user_id":"W%09d","team_id":%q,"client":%q,"created_at":%q}`,
			i+1, i%users, teams[(i/users)%2], client, created.Add(time.Duration(i)*time.Second).Format(time.RFC3339))
	}
	b.WriteString("]}\n")
	return int64(b.Len()), os.WriteFile(path, b.Bytes(), 0o600)
}

// makeOrgs makes n orgs of the mock's own fixture at base, one after another on one kept-alive
// connection, and answers the mean time of one, in µs.
func makeOrgs(base string, n int) (float64, error) {
	began := time.Now()
	for i := range n {
		res, err := http.Post(base+"/_mock/orgs", "", nil)
		if err != nil {
			return 0, err
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusCreated {
			return 0, fmt.Errorf("org %d: POST /_mock/orgs answered %s", i+1, res.Status)
		}
	}
	return float64(time.Since(began).Microseconds()) / float64(n), nil
}

// Command slackmock runs the fake Slack of package mock as a standalone server, for
// contract tests in any language.
//
//	go install github.com/slack-contracts/admin-users-session/mock/cmd/slackmock@latest
//	slackmock [-addr 127.0.0.1:8080] [-fixture FILE]
//
// It listens on loopback unless told otherwise, starts from the embedded demo fixture (or
// FILE, JSON or YAML), prints its base URL, what it loaded and a ready curl line, serves a
// page naming what it serves at /, and the references of the Slack methods and of its control
// API at /docs and /_mock/docs, and stops cleanly on SIGINT or SIGTERM: calls in flight
// finish, then it exits 0. `slackmock -h` says what it serves and lists the demo tokens.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"go.yaml.in/yaml/v4"

	"github.com/slack-contracts/admin-users-session/gen/spec"
	"github.com/slack-contracts/admin-users-session/mock"
	"github.com/slack-contracts/admin-users-session/mock/org"
	"github.com/slack-contracts/admin-users-session/mock/reference"
)

// readme is where the kit is explained at length.
const readme = "https://github.com/slack-contracts/admin-users-session#readme"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	var bad usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp): // -h: the help is printed already
	case errors.As(err, &bad): // run has said what is wrong with the command line
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "slackmock:", err)
		os.Exit(1)
	}
}

// usageError is a command line that run refuses. run has printed it with the usage, so main
// only exits 2, as Go's tools do.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// run serves the mock as args say until ctx is done, then shuts it down, letting calls in
// flight finish (cutting their faults' delays short); it answers nil after a clean
// shutdown. Its first line on stdout names the base URL it serves. It answers flag.ErrHelp
// after printing the help for -h, and a usageError for a command line it refuses.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseArgs(args, stderr)
	if err != nil {
		return err
	}
	if cfg.version {
		fmt.Fprintln(stdout, versionLine())
		return nil
	}
	m, loaded, err := cfg.newMock()
	if err != nil {
		return err
	}
	l, err := cfg.listen(stderr)
	if err != nil {
		return err
	}
	base := baseURL(l.Addr())
	printBanner(stdout, base, loaded, cfg.fixture == "")
	return serve(ctx, withPages(m, base, cfg.controlToken != ""), l, stdout, stderr)
}

// config is what the command line asks for.
type config struct {
	addr, fixture, controlToken string
	ratelimit, version          bool
	maxBody                     int64
	maxOrgs                     int
}

// parseArgs reads the command line into a config. It prints the help for -h and answers
// flag.ErrHelp; it prints what is wrong with a command line it refuses, with the flags, and
// answers a usageError.
func parseArgs(args []string, stderr io.Writer) (config, error) {
	var cfg config
	fs := flag.NewFlagSet("slackmock", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {} // parseArgs prints the help itself: all of it for -h, the flags for a mistake
	fs.StringVar(&cfg.addr, "addr", "127.0.0.1:8080", "address to listen on (host:port; port 0 picks a free one)")
	fs.StringVar(&cfg.fixture, "fixture", "", "fixture file (JSON or YAML) to start from, instead of the demo fixture")
	fs.BoolVar(&cfg.ratelimit, "ratelimit", false, "enforce each method's Slack rate tier per token, as openapi.yaml gives it (Tier 2: 20 calls a minute; Tier 4: 100)")
	// The flag's default stays empty and the variable is read only after parsing: the usage
	// text that -h or a bad flag prints shows every default, and must not show a token.
	fs.StringVar(&cfg.controlToken, "control-token", "",
		"token the control API (/_mock/) requires as Authorization: Bearer (or $"+controlTokenEnv+"); required beyond loopback")
	fs.Int64Var(&cfg.maxBody, "max-body", mock.DefaultMaxBodyBytes, "cap in bytes on the body of a Slack method call")
	fs.IntVar(&cfg.maxOrgs, "max-orgs", mock.DefaultMaxOrgs, "cap on the orgs served at once beside the one it starts with (POST /_mock/orgs)")
	fs.BoolVar(&cfg.version, "version", false, "print the version and the commit it was built from, and exit")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printHelp(stderr, fs)
			return cfg, err
		}
		// The flag package has printed err, once.
		printMistake(stderr, fs)
		return cfg, usageError{err}
	}
	if fs.NArg() > 0 {
		err := fmt.Errorf("unexpected argument %q: slackmock takes flags only", fs.Arg(0))
		if ext := filepath.Ext(fs.Arg(0)); ext == ".json" || ext == ".yaml" || ext == ".yml" {
			err = fmt.Errorf("%w (to start from a fixture file: -fixture %s)", err, fs.Arg(0))
		}
		fmt.Fprintln(stderr, err)
		printMistake(stderr, fs)
		return cfg, usageError{err}
	}
	if !flagGiven(fs, "control-token") {
		cfg.controlToken = os.Getenv(controlTokenEnv)
	}
	return cfg, nil
}

// newMock makes the mock cfg asks for, and says what it loaded: "the demo fixture" or the
// fixture file's name, with how much of each kind it holds.
func (cfg config) newMock() (m *mock.Server, loaded string, err error) {
	opts := []mock.Option{mock.WithMaxBodyBytes(cfg.maxBody), mock.WithMaxOrgs(cfg.maxOrgs)}
	if cfg.ratelimit {
		opts = append(opts, mock.WithRateLimit(mock.SlackTiers))
	}
	if cfg.controlToken != "" {
		opts = append(opts, mock.WithControlToken(cfg.controlToken))
	}
	loaded, fx := "the demo fixture", org.DemoFixture()
	if cfg.fixture != "" {
		f, err := os.Open(cfg.fixture)
		if err != nil {
			return nil, "", err
		}
		fx, err = org.ParseFixture(f)
		f.Close()
		if err != nil {
			return nil, "", fmt.Errorf("%s: %w", cfg.fixture, err)
		}
		loaded = cfg.fixture
		opts = append(opts, mock.WithFixture(fx))
	}
	m, err = mock.New(opts...)
	return m, loaded + ": " + counts(fx), err
}

// listen listens where cfg says. Beyond loopback it needs the control token, and warns.
func (cfg config) listen(stderr io.Writer) (net.Listener, error) {
	l, err := net.Listen("tcp", cfg.addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return nil, fmt.Errorf("%s is in use, by another slackmock or another server: give another -addr, such as -addr 127.0.0.1:0 for any free port (%w)", cfg.addr, err)
	}
	if err != nil {
		return nil, err
	}
	if !isLoopback(l.Addr()) {
		if cfg.controlToken == "" {
			l.Close()
			return nil, fmt.Errorf("%s is beyond loopback: give -control-token (or $"+controlTokenEnv+") so that not anyone who can reach it can change its state", l.Addr())
		}
		fmt.Fprintf(stderr, "slackmock: WARNING: listening on %s, BEYOND LOOPBACK: anyone who can reach it can call its Slack methods; the control API requires the control token\n", l.Addr())
	}
	return l, nil
}

// printBanner says where the mock serves, what it loaded and how to call it. Its first line
// names the base URL, which the test helpers of every language read.
func printBanner(stdout io.Writer, base, loaded string, demo bool) {
	fmt.Fprintf(stdout, "slackmock: serving the Slack Web API at %s/api/ (control API at %s/_mock/, spec at %s/openapi.yaml)\n", base, base, base)
	fmt.Fprintf(stdout, "slackmock: loaded %s\n", loaded)
	fmt.Fprintf(stdout, "slackmock: references for a browser at %s%s (Slack methods) and %s%s (control API)\n", base, reference.APIPath, base, reference.ControlPath)
	if demo {
		fmt.Fprintf(stdout, "slackmock: demo admin token xoxp-demo-admin (slackmock -h lists the others). Try:\n"+
			"  curl -s -H 'Authorization: Bearer xoxp-demo-admin' -d user_id=W0BOB0001 -d mobile_only=true %s/api/admin.users.session.reset\n", base)
		return
	}
	fmt.Fprintf(stdout, "slackmock: call it with a token of the fixture. Try:\n"+
		"  curl -s -H 'Authorization: Bearer <token>' %s/api/auth.test\n", base)
}

// serve serves h on l until ctx is done, then shuts down, letting calls in flight finish.
func serve(ctx context.Context, h http.Handler, l net.Listener, stdout, stderr io.Writer) error {
	// stopping is cancelled when the shutdown begins. Every request's context derives from
	// it (BaseContext), and the one thing in the mock that waits on a request's context is
	// the delay of a fault (the pipeline's injectFault): so the shutdown cuts artificial
	// delays short, up to a minute each, instead of waiting them out past its own timeout.
	// A call whose delay is cut goes on as if the delay had passed: the pipeline ignores why
	// the sleep ended, and nothing else in the mock looks at the context, so it gets its
	// normal answer (or its fault's, sooner).
	stopping, stopCalls := context.WithCancel(context.Background())
	defer stopCalls()
	srv := &http.Server{
		Handler:           h,
		BaseContext:       func(net.Listener) context.Context { return stopping },
		ReadHeaderTimeout: readHeaderTimeout, // a client that never finishes its headers
		ReadTimeout:       30 * time.Second,  // nor its body
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          log.New(stderr, "slackmock: ", 0),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	fmt.Fprintln(stdout, "slackmock: stopping; letting calls in flight finish")
	stopCalls()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// withPages serves the pages for a reader: the front page at / (to GET and HEAD; frontPage,
// with base and whether the control API needs the control token) and the rendered references
// at reference.APIPath and reference.ControlPath (and under them, where the pages' links
// lead); it hands every other request to the mock. It matches paths itself rather than with
// an http.ServeMux, which answers a path that is not clean, such as /api//x, with a redirect:
// the mock's own paths reach it as clients sent them. The pages need no control token: they
// change nothing, show none, and a browser sends none.
func withPages(m http.Handler, base string, controlToken bool) http.Handler {
	front := frontPage(base, controlToken)
	api, control := reference.APIHandler(), reference.ControlHandler()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch p := r.URL.Path; {
		case p == "/" && (r.Method == http.MethodGet || r.Method == http.MethodHead):
			front.ServeHTTP(w, r)
		case under(p, reference.APIPath):
			api.ServeHTTP(w, r)
		case under(p, reference.ControlPath):
			control.ServeHTTP(w, r)
		default:
			m.ServeHTTP(w, r)
		}
	})
}

// under reports whether the URL path p is root or below it.
func under(p, root string) bool {
	return p == root || strings.HasPrefix(p, root+"/")
}

// printHelp prints what -h answers: what slackmock is, what it serves, the demo tokens and
// the flags.
func printHelp(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, `slackmock is a stateful fake of Slack's admin.users.session Web API, for contract tests
in any language. It keeps an org of teams, users, tokens and sessions, answers the Slack
methods as Slack does, checking each call in Slack's order, and lets a test seed its state,
read the calls it made and inject faults (Slack errors, 429s, 5xx, delays) through its control
API. Any Slack client works against it by changing only its base URL.

Usage: slackmock [flags]

It serves, under the base URL it prints (http://127.0.0.1:8080 by default):
  /               what it serves, with links, for a browser (or as text, for curl)
  /api/<method>   the Slack methods:
%s
  /_mock/         the control API, to seed the state, read the calls and inject faults:
%s
  /docs           the reference of the Slack methods, to read in a browser
  /_mock/docs     the reference of the control API
  /openapi.yaml   the spec of the Slack methods; /_mock/openapi.yaml, of the control API

`, wrap(specPaths(string(spec.YAML()), "/"), "                  "),
		wrap(controlPaths(), "                  "))
	printDemoTokens(w)
	fmt.Fprintln(w)
	printFlags(w, fs)
	fmt.Fprintf(w, "\nMore, with fixtures, faults and examples: %s\n", readme)
}

// printFlags prints the flags with their defaults.
func printFlags(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintln(w, "Flags:")
	fs.PrintDefaults()
}

// printMistake follows the report of a command line refused: the flags, and where to read
// more.
func printMistake(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintln(w, "Usage: slackmock [flags]")
	printFlags(w, fs)
	fmt.Fprintln(w, "Run slackmock -h for what it serves and its demo tokens.")
}

// printDemoTokens lists the tokens of the demo fixture, with whose each is and what sets it
// apart, so that a reader can pick one for each answer to try.
func printDemoTokens(w io.Writer) {
	f := org.DemoFixture()
	users := make(map[string]org.User, len(f.Users))
	for _, u := range f.Users {
		users[u.ID] = u
	}
	fmt.Fprintln(w, "The demo fixture, without -fixture, has these tokens:")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, t := range f.Tokens {
		u := users[t.UserID]
		who := u.ID
		if u.Name != "" {
			who += " " + u.Name
		}
		facts := []string{string(u.Role)}
		if u.Deleted {
			facts = append(facts, "deleted")
		}
		if t.Revoked {
			facts = append(facts, "revoked")
		}
		if t.Expired {
			facts = append(facts, "expired")
		}
		fmt.Fprintf(tw, "  %s\t%s (%s)\t%s\n", t.Token, who, strings.Join(facts, ", "), strings.Join(t.Scopes, " "))
	}
	tw.Flush()
}

// specPaths answers the first segment after prefix of each path of the OpenAPI document spec,
// once each: the Slack methods, such as "auth.test", for "/"; the control API's, such as
// "sessions", for "/_mock/". The help lists them, and so stays in step with the specs.
func specPaths(spec, prefix string) []string {
	var doc struct {
		Paths map[string]any `yaml:"paths"`
	}
	if err := yaml.Unmarshal([]byte(spec), &doc); err != nil {
		return []string{"(see " + readme + ")"}
	}
	seen := map[string]bool{}
	var names []string
	for p := range doc.Paths {
		name, _, _ := strings.Cut(strings.TrimPrefix(p, prefix), "/")
		if name != "" && name != "openapi.yaml" && !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// controlPaths answers the paths of the control API, such as "/_mock/sessions".
func controlPaths() []string {
	names := specPaths(string(mock.ControlSpec()), "/_mock/")
	for i, n := range names {
		names[i] = "/_mock/" + n
	}
	return names
}

// wrap joins words with ", " in lines of at most 96 columns, each starting with indent.
func wrap(words []string, indent string) string {
	var b strings.Builder
	line := indent
	for i, w := range words {
		if i < len(words)-1 {
			w += ","
		}
		if line != indent && len(line)+1+len(w) > 96 {
			b.WriteString(line + "\n")
			line = indent
		}
		if line != indent {
			line += " "
		}
		line += w
	}
	b.WriteString(line)
	return b.String()
}

// counts says how much of each kind f holds: "2 teams, 6 users, 9 tokens, 7 sessions".
func counts(f *org.Fixture) string {
	n := func(k int, what string) string {
		if k != 1 {
			what += "s"
		}
		return strconv.Itoa(k) + " " + what
	}
	return strings.Join([]string{n(len(f.Teams), "team"), n(len(f.Users), "user"), n(len(f.Tokens), "token"), n(len(f.Sessions), "session")}, ", ")
}

// version and commit name a release build: tools/dist/dist.sh sets them with
// -ldflags "-X main.version=v0.3.0 -X main.commit=0123456789ab", the commit's first 12 hex
// digits ("-dirty" after them when the tree had changes). A go install or go build leaves them
// empty, and versionLine reads the build information instead.
var version, commit string

// versionLine says which slackmock this is: the version and commit a release build was given,
// such as "slackmock v0.3.0 (commit 0123456789ab)"; or else its module version, and the commit
// it was built from when the build recorded it, such as "slackmock v0.2.0" from go install, or
// "slackmock v0.0.0-20261201120000-abcdef123456+dirty (commit abcdef1, modified)" from a
// working tree, and the Go that built it.
func versionLine() string {
	if version != "" {
		line := "slackmock " + version
		if commit != "" {
			line += " (commit " + commit + ")"
		}
		return line + ", built with " + runtime.Version()
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "slackmock (no build information)"
	}
	line := "slackmock " + info.Main.Version
	var revision, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if revision != "" {
		line += " (commit " + revision[:min(7, len(revision))]
		if modified == "true" {
			line += ", modified"
		}
		line += ")"
	}
	return line + ", built with " + info.GoVersion
}

// controlTokenEnv names the environment variable that gives the control token when
// -control-token does not.
const controlTokenEnv = "SLACKMOCK_CONTROL_TOKEN"

// flagGiven reports whether the command line set the flag name, even to its default.
func flagGiven(fs *flag.FlagSet, name string) bool {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}

// readHeaderTimeout is how long a client may take to send a request's headers before the
// server hangs up; a variable, so that tests need not wait as long.
var readHeaderTimeout = 5 * time.Second

// baseURL is the URL a client on this machine uses to reach a: for the wildcard address
// (":8080", "0.0.0.0:8080") that is the loopback address, not "[::]".
func baseURL(a net.Addr) string {
	if tcp, ok := a.(*net.TCPAddr); ok && tcp.IP.IsUnspecified() {
		return "http://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(tcp.Port))
	}
	return "http://" + a.String()
}

func isLoopback(a net.Addr) bool {
	tcp, ok := a.(*net.TCPAddr)
	return ok && tcp.IP.IsLoopback()
}

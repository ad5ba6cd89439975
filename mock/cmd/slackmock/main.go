// Command slackmock runs the fake Slack of package mock as a standalone server, for
// contract tests in any language.
//
//	go run ./mock/cmd/slackmock [-addr 127.0.0.1:8080] [-fixture FILE]
//
// It listens on loopback unless told otherwise, starts from the embedded demo fixture (or
// FILE, JSON or YAML), prints its base URL, a demo admin token and a ready curl line, and
// stops cleanly on SIGINT or SIGTERM: calls in flight finish, then it exits 0.
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
	"strconv"
	"syscall"
	"time"

	"github.com/slack-contracts/admin-users-session/mock"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	switch {
	case errors.Is(err, flag.ErrHelp): // -h: the usage is printed already
	case err != nil:
		fmt.Fprintln(os.Stderr, "slackmock:", err)
		os.Exit(1)
	}
}

// run serves the mock as args say until ctx is done, then shuts it down, letting calls in
// flight finish (cutting their faults' delays short); it answers nil after a clean
// shutdown. Its first line on stdout names the base URL it serves.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("slackmock", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (host:port; port 0 picks a free one)")
	fixture := fs.String("fixture", "", "fixture file (JSON or YAML) to start from, instead of the demo fixture")
	ratelimit := fs.Bool("ratelimit", false, "enforce Slack's Tier 2 rate limit (20 calls a minute per method and token, bursts of 20)")
	// The flag's default stays empty and the variable is read only after parsing: the usage
	// text that -h or a bad flag prints shows every default, and must not show a token.
	controlToken := fs.String("control-token", "",
		"token the control API (/_mock/) requires as Authorization: Bearer (or $"+controlTokenEnv+"); required beyond loopback")
	maxBody := fs.Int64("max-body", mock.DefaultMaxBodyBytes, "cap in bytes on the body of a Slack method call")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !flagGiven(fs, "control-token") {
		*controlToken = os.Getenv(controlTokenEnv)
	}

	opts := []mock.Option{mock.WithMaxBodyBytes(*maxBody)}
	if *ratelimit {
		opts = append(opts, mock.WithRateLimit(mock.Tier2))
	}
	if *controlToken != "" {
		opts = append(opts, mock.WithControlToken(*controlToken))
	}
	demo := *fixture == ""
	if !demo {
		f, err := os.Open(*fixture)
		if err != nil {
			return err
		}
		fx, err := mock.ParseFixture(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", *fixture, err)
		}
		opts = append(opts, mock.WithFixture(fx))
	}
	m, err := mock.New(opts...)
	if err != nil {
		return err
	}

	l, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	// stopping is cancelled when the shutdown begins. Every request's context derives from
	// it (BaseContext), and the one thing in the mock that waits on a request's context is
	// the delay of a fault (mock.Server.injectFault's sleep): so the shutdown cuts artificial
	// delays short, up to a minute each, instead of waiting them out past its own timeout.
	// A call whose delay is cut goes on as if the delay had passed: the gate ignores why the
	// sleep ended, and neither the gate, the store, the generated strict handler nor echo
	// looks at the context, so it gets its normal answer (or its fault's, sooner).
	stopping, stopCalls := context.WithCancel(context.Background())
	defer stopCalls()
	srv := &http.Server{
		Handler:           m,
		BaseContext:       func(net.Listener) context.Context { return stopping },
		ReadHeaderTimeout: readHeaderTimeout, // a client that never finishes its headers
		ReadTimeout:       30 * time.Second,  // nor its body
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          log.New(stderr, "slackmock: ", 0),
	}

	base := baseURL(l.Addr())
	if !isLoopback(l.Addr()) {
		if *controlToken == "" {
			l.Close()
			return fmt.Errorf("%s is beyond loopback: give -control-token (or $"+controlTokenEnv+") so that not anyone who can reach it can change its state", l.Addr())
		}
		fmt.Fprintf(stderr, "slackmock: WARNING: listening on %s, BEYOND LOOPBACK: anyone who can reach it can call its Slack methods; the control API requires the control token\n", l.Addr())
	}
	fmt.Fprintf(stdout, "slackmock: serving the Slack Web API at %s/api/ (control API at %s/_mock/, spec at %s/openapi.yaml)\n", base, base, base)
	if demo {
		fmt.Fprintf(stdout, "slackmock: demo fixture; admin token xoxp-demo-admin. Try:\n"+
			"  curl -s -H 'Authorization: Bearer xoxp-demo-admin' -d user_id=W0BOB0001 -d mobile_only=true %s/api/admin.users.session.reset\n", base)
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

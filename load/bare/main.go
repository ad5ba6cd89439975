// Command bare is the yardstick of the load harness (load/run.sh): an echo server that
// answers {"ok":true} to POST /api/admin.users.session.reset and
// /api/admin.users.session.invalidate without reading anything of the request. It runs with
// the same http.Server settings as slackmock, so that what the mock costs beyond it is the
// cost of its checks, state and journal.
//
//	go run ./load/bare [-addr 127.0.0.1:0]
//
// It prints the URL it serves at, then serves until SIGINT or SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/labstack/echo/v4"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bare:", err)
		os.Exit(1)
	}
}

// okBody is the whole answer.
var okBody = []byte(`{"ok":true}`)

func run() error {
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on (port 0 picks a free one)")
	flag.Parse()

	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	ok := func(c echo.Context) error { return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, okBody) }
	e.POST("/api/admin.users.session.reset", ok)
	e.POST("/api/admin.users.session.invalidate", ok)

	l, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	// The settings of slackmock's server, for a fair comparison.
	srv := &http.Server{
		Handler:           e,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	fmt.Printf("bare: serving at http://%s/api/\n", l.Addr())

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"net/http"
	"strings"
	"testing"
)

// envMarker is the control token the environment holds in TestControlTokenFromEnv: it must
// never show in run's output.
const envMarker = "ctl-envmarker-9Zq"

// TestControlTokenFromEnv checks that $SLACKMOCK_CONTROL_TOKEN locks the control API when
// -control-token is absent, that the flag wins over it, and that the usage text printed for
// -h or a bad flag never shows it.
func TestControlTokenFromEnv(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"-help"}, {"-port", "8080"}, {"-max-body", "lots"}, {"-control-token"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			t.Setenv("SLACKMOCK_CONTROL_TOKEN", envMarker)
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), args, &stdout, &stderr)
			if err == nil {
				t.Fatal("run = nil, want the flags refused")
			}
			if args[0] == "-h" && !errors.Is(err, flag.ErrHelp) {
				t.Errorf("run -h = %v, want flag.ErrHelp", err)
			}
			if !strings.Contains(stderr.String(), "-control-token") || !strings.Contains(stderr.String(), "$SLACKMOCK_CONTROL_TOKEN") {
				t.Errorf("stderr does not give the usage of -control-token and its variable:\n%s", &stderr)
			}
			for name, out := range map[string]string{"stdout": stdout.String(), "stderr": stderr.String(), "error": err.Error()} {
				if strings.Contains(out, envMarker) {
					t.Errorf("%s shows the control token of the environment:\n%s", name, out)
				}
			}
		})
	}

	t.Run("the variable locks the control API", func(t *testing.T) {
		p := startRunEnv(t, envMarker, "-addr", "127.0.0.1:0")
		base := p.baseURL(t)
		get(t, base+"/_mock/sessions", "", http.StatusUnauthorized)
		get(t, base+"/_mock/sessions", envMarker, http.StatusOK)
		if err := p.stop(); err != nil {
			t.Fatalf("run = %v", err)
		}
		if out := strings.Join(p.out, "\n") + p.stderr.String(); strings.Contains(out, envMarker) {
			t.Errorf("run's output shows the control token:\n%s", out)
		}
	})

	t.Run("the flag wins over the variable", func(t *testing.T) {
		p := startRunEnv(t, envMarker, "-addr", "127.0.0.1:0", "-control-token", "ctl-flag")
		base := p.baseURL(t)
		get(t, base+"/_mock/sessions", envMarker, http.StatusUnauthorized)
		get(t, base+"/_mock/sessions", "ctl-flag", http.StatusOK)
		if err := p.stop(); err != nil {
			t.Fatalf("run = %v", err)
		}
	})
}

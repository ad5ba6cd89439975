package api

import (
	"context"
	"time"
)

// WithSleep replaces how the client waits before a retry, so that tests never sleep.
func WithSleep(f func(ctx context.Context, d time.Duration) error) Option {
	return func(c *config) error {
		c.sleep = f
		return nil
	}
}

// ParseRetryAfter is parseRetryAfter, for the tests of package api_test.
var ParseRetryAfter = parseRetryAfter

// Backoff is RetryPolicy.backoff with the policy's defaults filled in.
func Backoff(p RetryPolicy, attempt int) time.Duration {
	p, err := p.withDefaults()
	if err != nil {
		panic(err)
	}
	return p.backoff(attempt)
}

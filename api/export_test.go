package api

import "time"

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

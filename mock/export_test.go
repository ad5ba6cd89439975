package mock

import "time"

// SetClock makes s read the time from now, so that tests of the rate limit and the journal
// move time themselves instead of sleeping.
func SetClock(s *Server, now func() time.Time) { s.now = now }

// DurationPatterns are what GET /_mock/jobs?wait= and POST /_mock/orgs?ttl= take.
func DurationPatterns() (wait, ttl string) { return waitPattern.String(), ttlPattern.String() }

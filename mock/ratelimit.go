package mock

import (
	"crypto/sha256"
	"errors"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// RateLimit is a limit on calls per method and token: PerMinute calls a minute on average,
// and bursts of up to Burst calls; or, with Tiers, each method's own Slack tier.
type RateLimit struct {
	PerMinute int `json:"per_minute,omitempty"` // calls a minute, on average
	Burst     int `json:"burst,omitempty"`      // calls at once, at most
	// Tiers limits each method by its Slack rate tier, as openapi.yaml gives it
	// (x-slack-rate-tier): Tier 1 allows 1 call a minute, Tier 2 20, Tier 3 50, Tier 4
	// and the special tier of auth.test and api.test 100, each with bursts of as many.
	// PerMinute and Burst must then be zero.
	Tiers bool `json:"tiers,omitempty"`
}

// Tier2 is Slack's Tier 2, the tier of every admin.users.session method: about 20 calls a
// minute, bursts tolerated.
var Tier2 = RateLimit{PerMinute: 20, Burst: 20}

// SlackTiers limits each method by its own Slack tier.
var SlackTiers = RateLimit{Tiers: true}

// tierLimits are the limits of Slack's tiers, by the names x-slack-rate-tier uses. Slack
// names no figure for the special tier; the mock gives it Tier 4's.
var tierLimits = map[string]RateLimit{
	"1":       {PerMinute: 1, Burst: 1},
	"2":       Tier2,
	"3":       {PerMinute: 50, Burst: 50},
	"4":       {PerMinute: 100, Burst: 100},
	"special": {PerMinute: 100, Burst: 100},
}

func (rl RateLimit) check() error {
	switch {
	case rl.Tiers && (rl.PerMinute != 0 || rl.Burst != 0):
		return errors.New("tiers goes without per_minute and burst")
	case !rl.Tiers && (rl.PerMinute <= 0 || rl.Burst <= 0):
		return errors.New("per_minute and burst must be positive, or tiers true")
	}
	return nil
}

// limiter enforces a RateLimit per method and token; off until set.
type limiter struct {
	mu     sync.Mutex
	limit  *RateLimit
	byCall map[string]*rate.Limiter // by method and token hash
	// on says a limit is in force: read without the lock, so that a call without a
	// limit (most) takes neither the lock nor the time.
	on atomic.Bool
}

func (l *limiter) set(rl *RateLimit) error {
	if rl != nil {
		if err := rl.check(); err != nil {
			return err
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.limit, l.byCall = rl, nil
	l.on.Store(rl != nil)
	return nil
}

// wait answers how long a call of op with token must wait before the limit allows it: zero
// if it may go now, in which case it is counted. Calls are told apart by method and the
// hash of the token, which is computed only while a limit is in force.
func (l *limiter) wait(op *operation, token string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.limit == nil {
		return 0
	}
	if !op.authed {
		token = "" // a method that reads no token limits its callers together
	}
	sum := sha256.Sum256([]byte(token))
	key := op.name + "\x00" + string(sum[:])
	lim := l.byCall[key]
	if lim == nil {
		if l.byCall == nil {
			l.byCall = make(map[string]*rate.Limiter)
		}
		rl := *l.limit
		if rl.Tiers {
			rl = tierLimits[op.tier]
		}
		lim = rate.NewLimiter(rate.Limit(float64(rl.PerMinute)/60), rl.Burst)
		l.byCall[key] = lim
	}
	r := lim.ReserveN(now, 1)
	d := r.DelayFrom(now)
	if d > 0 {
		r.CancelAt(now)
	}
	return d
}

// retryAfterSeconds is the Retry-After for a wait: whole seconds, rounded up, at least 1.
func retryAfterSeconds(d time.Duration) int {
	return max(1, int(math.Ceil(d.Seconds())))
}

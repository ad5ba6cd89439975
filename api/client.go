package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/go-json-experiment/json"

	"github.com/slack-contracts/admin-users-session/gen"
)

// DefaultBaseURL is where Slack serves its Web API.
const DefaultBaseURL = "https://slack.com/api/"

// DefaultUserAgent is the User-Agent the client sends unless WithUserAgent says otherwise.
const DefaultUserAgent = "slack-contracts-admin-users-session-go"

// defaultTimeout bounds each call of the default HTTP client.
const defaultTimeout = 30 * time.Second

// maxAnswerBytes caps the body of an answer the client reads. Slack's answers to these
// methods are a few hundred bytes.
const maxAnswerBytes = 1 << 20

// Client calls Slack's admin.users.session methods. Make one with New; it is safe for
// concurrent use.
type Client struct {
	raw        *gen.ClientWithResponses
	retry      RetryPolicy
	onWarnings func(method string, warnings []string)
	sleep      func(ctx context.Context, d time.Duration) error
	// redact replaces the token in what a server or transport says. It holds the token in
	// a closure rather than in a field, so that printing a Client cannot show it.
	redact func([]byte) []byte
}

// config is what the options set.
type config struct {
	baseURL    string
	doer       Doer
	retry      RetryPolicy
	userAgent  string
	onWarnings func(method string, warnings []string)
	sleep      func(ctx context.Context, d time.Duration) error
}

// Option configures a Client made by New.
type Option func(*config) error

// WithBaseURL sets the base URL of the Web API, DefaultBaseURL by default; the methods are
// called at base URL + method name. A trailing slash is optional. To call the mock, pass
// its API URL, such as http://127.0.0.1:8080/api/.
func WithBaseURL(base string) Option {
	return func(c *config) error {
		u, err := url.Parse(base)
		if err != nil {
			return errors.New("api: the base URL is not a URL")
		}
		if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			// The URL is not shown: it may hold a secret.
			return errors.New("api: the base URL is not an http or https URL without query or fragment")
		}
		c.baseURL = u.String()
		if !strings.HasSuffix(c.baseURL, "/") {
			c.baseURL += "/"
		}
		return nil
	}
}

// WithHTTPClient sets the HTTP client that sends the requests. The default is an
// http.Client with a 30 s timeout per call.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		if hc == nil {
			return errors.New("api: WithHTTPClient(nil)")
		}
		c.doer = hc
		return nil
	}
}

// Doer sends HTTP requests, as *http.Client does: what WithDoer takes.
type Doer interface {
	Do(*http.Request) (*http.Response, error)
}

// WithDoer sets what sends the requests, for senders that are not an *http.Client, such
// as one that records or rewrites them.
func WithDoer(d Doer) Option {
	return func(c *config) error {
		if hc, ok := d.(*http.Client); d == nil || (ok && hc == nil) {
			return errors.New("api: WithDoer(nil)")
		}
		c.doer = d
		return nil
	}
}

// WithRetry sets when the client calls again after a failed call; see RetryPolicy. Its
// fields must not be negative.
func WithRetry(p RetryPolicy) Option {
	return func(c *config) error {
		p, err := p.withDefaults()
		c.retry = p
		return err
	}
}

// WithUserAgent sets the User-Agent header, DefaultUserAgent by default.
func WithUserAgent(ua string) Option {
	return func(c *config) error {
		if ua == "" || strings.ContainsAny(ua, "\r\n\x00") {
			return errors.New("api: the user agent is empty or holds a line break")
		}
		c.userAgent = ua
		return nil
	}
}

// WithWarningHandler sets what receives the warnings of successful answers (such as
// "missing_charset"), with the method's name. By default they are logged at level Warn
// with log/slog's default logger. A failed call's warnings are in its *Error instead. The
// handler is called from the goroutine that made the call, so maybe from several at once.
func WithWarningHandler(h func(method string, warnings []string)) Option {
	return func(c *config) error {
		if h == nil {
			return errors.New("api: WithWarningHandler(nil)")
		}
		c.onWarnings = h
		return nil
	}
}

// WithSleep sets how the client waits before a retry: f must wait d, or return the
// context's error as soon as the context ends. The default waits on a timer. Tests use it
// to retry at once or to record the waits; the client of package mocktest retries at once.
// The client has already checked d against RetryPolicy.MaxWait and the context's deadline.
func WithSleep(f func(ctx context.Context, d time.Duration) error) Option {
	return func(c *config) error {
		if f == nil {
			return errors.New("api: WithSleep(nil)")
		}
		c.sleep = f
		return nil
	}
}

// logWarnings is the default warning handler.
func logWarnings(method string, warnings []string) {
	slog.Warn("slack: the answer carries warnings", "method", method, "warnings", warnings)
}

// New returns a client that calls Slack with token, a user token (xoxp-…) of an org admin
// or owner with the scope admin.users:write. The token is sent only in the Authorization
// header, and never appears in the client's errors.
func New(token string, opts ...Option) (*Client, error) {
	if token == "" {
		return nil, errors.New("api: the token is empty")
	}
	if strings.ContainsAny(token, " \t\r\n\x00") {
		return nil, errors.New("api: the token holds a space or line break")
	}
	cfg := config{
		baseURL:    DefaultBaseURL,
		doer:       &http.Client{Timeout: defaultTimeout},
		userAgent:  DefaultUserAgent,
		onWarnings: logWarnings,
		sleep:      sleep,
	}
	cfg.retry, _ = RetryPolicy{}.withDefaults() // the zero policy cannot fail
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	auth := []string{"Bearer " + token}
	ua := []string{cfg.userAgent}
	raw, err := gen.NewClientWithResponses(cfg.baseURL,
		gen.WithHTTPClient(cfg.doer),
		gen.WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
			req.Header["Authorization"] = auth
			req.Header["User-Agent"] = ua
			return nil
		}))
	if err != nil {
		return nil, fmt.Errorf("api: %w", err)
	}
	secret := []byte(token)
	return &Client{
		raw:        raw,
		retry:      cfg.retry,
		onWarnings: cfg.onWarnings,
		sleep:      cfg.sleep,
		redact: func(b []byte) []byte {
			if !bytes.Contains(b, secret) {
				return b
			}
			return bytes.ReplaceAll(b, secret, []byte("[token]"))
		},
	}, nil
}

// Raw returns the generated client under c, with the same base URL, HTTP client, token
// and user agent, but without retries, typed errors or argument checks: for what this
// package does not wrap, such as sending JSON bodies, or Slack's api.test
// (https://docs.slack.dev/reference/methods/api.test), which echoes its arguments to test
// calling code.
func (c *Client) Raw() *gen.ClientWithResponses { return c.raw }

// call makes the calls of method that send makes until one succeeds or the retry policy
// says to stop, and returns the last failure. The answer of the call that succeeds is
// decoded into into, unless into is nil: see once.
func (c *Client) call(ctx context.Context, method string, into any, send func(context.Context) (*http.Response, error)) error {
	for attempt := 1; ; attempt++ {
		err := c.once(ctx, method, into, send)
		if err == nil {
			return nil
		}
		last := attempt >= c.retry.MaxAttempts
		if rl, ok := err.(*RateLimitError); ok {
			rl.Attempts = attempt
			if last || rl.RetryAfter > c.retry.MaxWait {
				return rl
			}
			if werr := c.wait(ctx, rl.RetryAfter); werr != nil {
				rl.Err = werr
				return rl
			}
			continue
		}
		if last || !c.retry.RetryServerErrors || !retryable(ctx, err) {
			return err
		}
		if werr := c.wait(ctx, c.retry.backoff(attempt)); werr != nil {
			return fmt.Errorf("%w (stopped waiting to retry: %w)", err, werr)
		}
	}
}

// retryable reports whether err is a 5xx answer, or a network error that is not the
// context's.
func retryable(ctx context.Context, err error) bool {
	var (
		se *Error
		re *ResponseError
		te *transportError
	)
	switch {
	case errors.As(err, &se):
		return se.StatusCode >= 500
	case errors.As(err, &re):
		return re.StatusCode >= 500
	case errors.As(err, &te):
		return ctx.Err() == nil
	}
	return false
}

// headerReader is a result that also reads the answer's headers, such as X-OAuth-Scopes.
type headerReader interface {
	readHeader(http.Header)
}

// once makes one call and reads its answer. When the answer is a success and into is not
// nil, the answer is bound into into (a pointer to a generated answer type) with exact
// member names, and, when into is a headerReader, into reads the answer's headers.
func (c *Client) once(ctx context.Context, method string, into any, send func(context.Context) (*http.Response, error)) error {
	resp, err := send(ctx)
	if err != nil {
		return c.transportError(method, err)
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode == http.StatusTooManyRequests {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxAnswerBytes)) // so the connection is reused
		return &RateLimitError{Method: method, RetryAfter: parseRetryAfter(resp.Header.Get("Retry-After"))}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswerBytes+1))
	if err != nil {
		return c.transportError(method, err)
	}
	body = c.redact(body)
	notSlack := func(err error) *ResponseError {
		return &ResponseError{Method: method, StatusCode: resp.StatusCode,
			ContentType: c.redactString(resp.Header.Get("Content-Type")), Body: bytes.Clone(body[:min(len(body), 512)]), Err: err}
	}
	if len(body) > maxAnswerBytes {
		return notSlack(fmt.Errorf("the body is over %d bytes", maxAnswerBytes))
	}
	a, err := readAnswer(body)
	if err != nil {
		return notSlack(unreadable(err))
	}
	// JSON escapes (\u0078oxp-…) can spell the token so that only the decoded strings show it.
	a.redact(c.redactString)
	switch {
	case a.Ok == nil:
		return notSlack(errors.New(`the body has no "ok"`))
	case !*a.Ok:
		return a.failure(method, resp)
	case resp.StatusCode != http.StatusOK:
		return notSlack(nil)
	}
	if err := readResult(body, resp.Header, into); err != nil {
		return notSlack(err)
	}
	if w := a.warnings(); len(w) > 0 {
		c.onWarnings(method, w)
	}
	return nil
}

// readResult binds the body of a successful answer into into, unless into is nil, and has
// into read the answer's headers when it is a headerReader.
func readResult(body []byte, h http.Header, into any) error {
	if into == nil {
		return nil
	}
	if err := json.Unmarshal(body, into, asSDKsRead); err != nil {
		return unreadable(err)
	}
	if hr, ok := into.(headerReader); ok {
		hr.readHeader(h)
	}
	return nil
}

// failure is the *Error of a, an answer saying "ok":false.
func (a *answer) failure(method string, resp *http.Response) *Error {
	e := &Error{Method: method, StatusCode: resp.StatusCode, RequestID: resp.Header.Get("X-Slack-Req-Id"), Warnings: a.warnings(),
		Needed: splitList(a.Needed), Provided: splitList(a.Provided)}
	if a.Error != nil {
		e.Code = ErrorCode(*a.Error)
	}
	if md := a.ResponseMetadata; md != nil && md.Messages != nil {
		e.Messages = *md.Messages
	}
	return e
}

// splitList splits a comma-separated list, such as Slack's "needed" and "warning".
func splitList(p *string) []string {
	if p == nil || *p == "" {
		return nil
	}
	var out []string
	for _, s := range strings.Split(*p, ",") {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// transportError is a call that got no answer, such as a refused connection.
type transportError struct {
	msg string // the error's text, without the token
	err error
}

func (c *Client) transportError(method string, err error) *transportError {
	return &transportError{msg: "slack: " + method + ": " + c.redactString(err.Error()), err: err}
}

// redactString is redact for a string.
func (c *Client) redactString(s string) string { return string(c.redact([]byte(s))) }

// Error is the transport's error, without the token.
func (e *transportError) Error() string { return e.msg }

// Unwrap returns the transport's error, for errors.Is and errors.As.
func (e *transportError) Unwrap() error { return e.err }

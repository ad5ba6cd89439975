// Package api is the Go client of Slack's admin.users.session.invalidate and
// admin.users.session.reset, the two Web API methods that end the sessions of users of an
// Enterprise Grid org. It is written over the client that oapi-codegen generates from
// openapi.yaml (package gen), and adds what that one lacks: the token, argument checks,
// typed errors and retries.
//
//	c, err := api.New(os.Getenv("SLACK_TOKEN")) // xoxp-…, scope admin.users:write
//	err = c.InvalidateSession(ctx, "T0AAA0001", 1112275520242)
//	err = c.ResetSessions(ctx, "W0BOB0001", api.MobileOnly)
//
// # The token
//
// New takes a user token of an org admin or owner. It is sent only in the
// "Authorization: Bearer" header, never in a URL or a body, and the text of this package's
// errors never shows it, even when a server or a transport repeats it.
//
// # Errors
//
// A call's error is one of these, to tell apart with errors.As:
//
//   - *ArgumentError: an argument was refused before anything was sent (an empty id, a
//     session id that is not positive);
//   - *Error: Slack answered "ok":false. Its Code is an ErrorCode such as
//     CodeSessionNotFound, CodeMissingScope (with Needed and Provided) or
//     CodeInvalidArguments (with Messages). ErrorCode is itself an error, so
//     errors.Is(err, api.CodeUserNotFound) tests for one code;
//   - *RateLimitError: Slack answered HTTP 429 and the client stopped retrying;
//     RetryAfter is the wait Slack asked for;
//   - *ResponseError: the answer is not a Slack answer, such as a proxy's HTML page, an
//     HTTP status Slack does not use, or JSON without a member named exactly "ok" (names
//     are matched as Slack's own SDKs match them: exactly, so "Ok" is not "ok");
//   - otherwise the call got no answer: the error wraps the transport's or the context's
//     error (errors.Is(err, context.DeadlineExceeded) works).
//
// # Retries
//
// By default a call that Slack rate limits (HTTP 429) is made again after the wait its
// Retry-After header asks for, up to 3 attempts in all. The client does not wait longer
// than a minute before one retry, nor past the context's deadline: when Slack asks for
// more, or the deadline would pass first, it returns the *RateLimitError at once (in the
// second case the error also wraps context.DeadlineExceeded). A Retry-After that is
// missing or not a whole number of seconds counts as one second, and one over an hour as an
// hour. Nothing else is retried unless RetryPolicy.RetryServerErrors asks for HTTP 5xx
// answers and network errors to be retried, with exponential backoff and jitter: these
// methods are not idempotent, so the retry of a call whose answer was lost may fail (with
// session_not_found) although the first try succeeded. WithRetry sets the policy;
// RetryPolicy{MaxAttempts: 1} turns retries off. No retry waits past the context.
// WithSleep replaces the waiting itself, for tests that must not sleep.
//
// # Warnings
//
// Slack may add warnings to a successful answer (in "warning" and
// "response_metadata.warnings"). They go to the handler set with WithWarningHandler, and
// are logged by log/slog's default logger when none is set. A failed call's warnings are
// in Error.Warnings.
//
// # The generated client
//
// Raw returns the generated client, with the same base URL, HTTP client, token and user
// agent, for what this package does not wrap, such as sending JSON bodies.
//
// The examples run against the fake Slack of package mock, whose base URL stands in for
// https://slack.com/api/.
package api

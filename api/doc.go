// Package api is the Go client of Slack's admin.users.session methods, with which the
// admins of an Enterprise Grid org see and end the sessions of its users and set how long
// they last, and of auth.test. It is written over the client that oapi-codegen generates
// from openapi.yaml (package gen), and adds what that one lacks: the token, argument checks,
// typed results and errors, retries, cursors followed and long lists split.
//
//	c, err := api.New(os.Getenv("SLACK_TOKEN")) // xoxp-…, scopes admin.users:read and admin.users:write
//	err = c.InvalidateSession(ctx, "W0BOB0001", 1112275520242)
//	err = c.ResetSessions(ctx, "W0BOB0001", api.MobileOnly)
//	err = c.ResetSessionsBulk(ctx, userIDs, api.AllSessions)
//	for s, err := range c.ListSessions(ctx, api.ListOptions{}) { … }
//	err = c.SetSessionSettings(ctx, userIDs, api.SessionSettings{Duration: &twelveHours})
//	id, err := c.AuthTest(ctx)
//
// # The methods
//
// Each method names the Slack method it calls in its doc comment; the Method constants name
// all of them:
//
//   - InvalidateSession (admin.users.session.invalidate) ends one session of a user. It
//     sends user_id, as Slack's reference asks today; InTeam adds the team_id Slack
//     deprecated on 2025-01-15;
//   - ResetSessions (admin.users.session.reset) ends a user's sessions: all of them
//     (AllSessions, the zero ResetScope), or only the mobile or only the web ones;
//   - ResetSessionsBulk (admin.users.session.resetBulk) does the same for many users.
//     Slack answers once it has queued the work, and the sessions end soon after;
//   - ListSessions and ListSessionsPage (admin.users.session.list) list the org's live
//     sessions, or one user's in one team, with scope admin.users:read. ListSessions is an
//     iterator that follows the cursors and waits out rate limits;
//   - SetSessionSettings, SessionSettings and ClearSessionSettings
//     (admin.users.session.setSettings, getSettings and clearSettings) set, read and remove
//     users' own session settings: how long a session lasts (whole seconds from
//     MinSessionDuration to MaxSessionDuration) and whether quitting the desktop app or
//     browser ends it;
//   - AuthTest (auth.test) says who the token is, with its scopes.
//
// The methods that take a list of users make one call per MaxUsersPerCall (1000) of them;
// when one of several calls fails, the error is a *BatchError that says which part failed
// and which users were sent before it.
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
//     session id that is not positive, a session duration out of bounds);
//   - *Error: Slack answered "ok":false. Its Code is an ErrorCode such as
//     CodeSessionNotFound, CodeMissingScope (with Needed and Provided) or
//     CodeInvalidArguments (with Messages), and RequestID, the answer's X-Slack-Req-Id,
//     which Slack's support asks for. ErrorCode is itself an error, so
//     errors.Is(err, api.CodeUserNotFound) tests for one code;
//   - *RateLimitError: Slack answered HTTP 429 and the client stopped retrying;
//     RetryAfter is the wait Slack asked for;
//   - *BatchError: one of the several calls of a list of users failed; it wraps that
//     call's error, so errors.As finds the *Error within;
//   - *ResponseError: the answer is not a Slack answer, such as a proxy's HTML page, an
//     HTTP status Slack does not use, JSON without a member named exactly "ok" (names
//     are matched as Slack's own SDKs match them: exactly, so "Ok" is not "ok"), or a
//     success whose result has a member of the wrong type (a session id that is not an
//     integer, say);
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
// WithSleep replaces the waiting itself, for tests that must not sleep. ListSessions
// retries each page this way, and goes on from the page it was on.
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
// WithHTTPClient sets the *http.Client that sends the requests, and WithDoer anything else
// with its Do method, such as a sender that records them. Raw returns the generated client,
// with the same base URL, sender, token and user agent, for what this package does not
// wrap, such as sending JSON bodies or calling api.test.
//
// The examples run against the fake Slack of package mock, whose base URL stands in for
// https://slack.com/api/.
package api

package api

import (
	"strconv"
	"strings"
	"time"
)

// Error is Slack's answer {"ok":false,"error":"<code>"}: the call reached Slack, which
// refused it. Match it with errors.As, or match its code with errors.Is:
//
//	var e *api.Error
//	if errors.As(err, &e) && e.Code == api.CodeMissingScope { … e.Needed … }
//	if errors.Is(err, api.CodeUserNotFound) { … }
type Error struct {
	// Method is the Slack method called, such as admin.users.session.invalidate.
	Method string
	// Code is the answer's "error", such as session_not_found; it may be a code this
	// package does not list (see ErrorCode.Known).
	Code ErrorCode
	// Needed and Provided are, with missing_scope, the scopes the method needs and the
	// scopes the token has (Slack sends each as a comma-separated list).
	Needed, Provided []string
	// Warnings are the answer's warning codes, from "warning" and
	// "response_metadata.warnings".
	Warnings []string
	// Messages explain the error in words, such as "[ERROR] missing required field:
	// user_id" with invalid_arguments (from "response_metadata.messages").
	Messages []string
	// StatusCode is the HTTP status of the answer: 200 for nearly every Slack error, a
	// 5xx when Slack failed.
	StatusCode int
	// RequestID is the answer's X-Slack-Req-Id, which Slack's support asks for.
	RequestID string
}

// Error reads, for example, "slack: admin.users.session.invalidate: missing_scope (needed
// admin.users:write; provided admin.users:read)".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("slack: ")
	b.WriteString(e.Method)
	b.WriteString(": ")
	if e.Code == "" {
		b.WriteString(`"ok":false without an error code`)
	} else {
		b.WriteString(string(e.Code))
	}
	if len(e.Needed) > 0 || len(e.Provided) > 0 {
		b.WriteString(" (needed ")
		b.WriteString(orNone(e.Needed))
		b.WriteString("; provided ")
		b.WriteString(orNone(e.Provided))
		b.WriteString(")")
	}
	if len(e.Messages) > 0 {
		b.WriteString(": ")
		b.WriteString(strings.Join(e.Messages, "; "))
	}
	if e.StatusCode != 0 && e.StatusCode != 200 {
		b.WriteString(" (HTTP ")
		b.WriteString(strconv.Itoa(e.StatusCode))
		b.WriteString(")")
	}
	return b.String()
}

func orNone(scopes []string) string {
	if len(scopes) == 0 {
		return "none"
	}
	return strings.Join(scopes, ",")
}

// Is reports whether target is the ErrorCode of e, so that errors.Is(err,
// api.CodeSessionNotFound) works.
func (e *Error) Is(target error) bool {
	c, ok := target.(ErrorCode)
	return ok && c == e.Code
}

// RateLimitError is Slack's HTTP 429 answer once the client stopped trying: its retries
// were used up or turned off, Slack asked for a wait longer than RetryPolicy.MaxWait, or
// the context would end (or ended) before the wait. errors.Is(err, api.CodeRatelimited)
// matches it too.
type RateLimitError struct {
	// Method is the Slack method called.
	Method string
	// RetryAfter is the wait Slack asked for in its last answer's Retry-After header
	// (one second when the header was missing or not a number of seconds, at most an hour).
	RetryAfter time.Duration
	// Attempts is how many calls were made, this last one included.
	Attempts int
	// Err is why the client stopped waiting early: context.DeadlineExceeded when the
	// context's deadline would pass before the wait ends, or the context's error when it
	// ended during the wait. Nil otherwise. Unwrap returns it, so errors.Is(err,
	// context.DeadlineExceeded) holds in the first case.
	Err error
}

// Error reads, for example, "slack: admin.users.session.reset: ratelimited: retry after 30s
// (3 attempts)".
func (e *RateLimitError) Error() string {
	s := "slack: " + e.Method + ": ratelimited: retry after " + e.RetryAfter.String() +
		" (" + strconv.Itoa(e.Attempts) + " attempt"
	if e.Attempts != 1 {
		s += "s"
	}
	s += ")"
	if e.Err != nil {
		s += ": stopped waiting: " + e.Err.Error()
	}
	return s
}

// Unwrap returns Err.
func (e *RateLimitError) Unwrap() error { return e.Err }

// Is reports whether target is CodeRatelimited.
func (e *RateLimitError) Is(target error) bool {
	c, ok := target.(ErrorCode)
	return ok && c == CodeRatelimited
}

// ResponseError is an answer that is not a Slack answer: a body that is not a JSON object
// with "ok" (an HTML error page of a proxy, say), or an HTTP status Slack does not give
// its answers, such as a 502 or a 500 saying "ok":true.
type ResponseError struct {
	// Method is the Slack method called.
	Method string
	// StatusCode is the HTTP status of the answer.
	StatusCode int
	// ContentType is the answer's Content-Type header.
	ContentType string
	// Body is the start of the body, at most 512 bytes, with the client's token (should
	// a server echo it) replaced by "[token]".
	Body []byte
	// Err is why the body is not a Slack answer, such as a JSON syntax error; nil when
	// the body was a Slack answer but the status was not one Slack gives it.
	Err error
}

// Error reads, for example, `slack: admin.users.session.invalidate: not a Slack answer
// (HTTP 502, text/html): at byte 0: invalid character '<' at start of value`.
func (e *ResponseError) Error() string {
	s := "slack: " + e.Method + ": not a Slack answer (HTTP " + strconv.Itoa(e.StatusCode)
	if e.ContentType != "" {
		s += ", " + e.ContentType
	}
	s += ")"
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns Err.
func (e *ResponseError) Unwrap() error { return e.Err }

// ArgumentError is an argument the client refused before sending anything, such as an
// empty user id or a session id that is not positive.
type ArgumentError struct {
	// Method is the Slack method that was to be called.
	Method string
	// Arg names the argument: its name on the wire, such as session_id, or "scope" for
	// the ResetScope of ResetSessions.
	Arg string
	// Problem says what is wrong with it, such as "is empty".
	Problem string
}

// Error reads, for example, "slack: admin.users.session.invalidate: argument session_id
// must be positive, not 0".
func (e *ArgumentError) Error() string {
	return "slack: " + e.Method + ": argument " + e.Arg + " " + e.Problem
}

// BatchError is the failure of one of the several calls a method of the client made, when
// it split a list of users over calls of at most MaxUsersPerCall: Sent were sent, in the
// calls before, which succeeded; Failed were sent in the call that failed; the users after
// them were not sent. Unwrap gives the failure, so errors.As(err, &apiErr) finds an *Error.
type BatchError struct {
	// Method is the Slack method called.
	Method string
	// Part is the call that failed, from 1, of Parts calls.
	Part, Parts int
	// Sent are the users of the calls that succeeded; Failed those of the call that failed.
	Sent, Failed []string
	// Err is the failure of the call.
	Err error
}

// Error reads, for example, "slack: admin.users.session.resetBulk: part 2 of 3 (users 1001
// to 2000) failed: …".
func (e *BatchError) Error() string {
	first := len(e.Sent) + 1
	return "slack: " + e.Method + ": part " + strconv.Itoa(e.Part) + " of " + strconv.Itoa(e.Parts) +
		" (users " + strconv.Itoa(first) + " to " + strconv.Itoa(first+len(e.Failed)-1) + ") failed: " + e.Err.Error()
}

// Unwrap returns Err.
func (e *BatchError) Unwrap() error { return e.Err }

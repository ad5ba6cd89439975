// Package redact keeps tokens out of what the mock says: its answers' messages, its control
// API's errors, its fixtures' errors and its journal. Packages mock and mock/org share it.
package redact

import (
	"regexp"
	"strconv"
)

// Mark stands where a token, or a name that might be one, would be shown.
const Mark = "[redacted]"

// tokenShape matches what looks like a Slack token: xoxp-…, xoxb-…, xoxe.xoxp-…, xapp-… and
// their kin, up to the next space, quote or backslash.
var tokenShape = regexp.MustCompile(`x(?:ox[a-z](?:\.xox[a-z])?|app)-[^\s"'\\]*`)

// Tokens replaces whatever in s looks like a Slack token with Mark.
func Tokens(s string) string { return tokenShape.ReplaceAllLiteralString(s, Mark) }

// Quote is strconv.Quote(s) for a message that names something a client sent (an argument's
// name, a fixture's value, a fault's error code), with anything in it shaped like a Slack token
// replaced by Mark: a client that puts a token where a name or value goes must not find it
// again in an answer, an error or a log line.
func Quote(s string) string { return strconv.Quote(Tokens(s)) }

// methodShape is what a Slack method's name looks like, such as admin.users.session.reset.
var methodShape = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.]*$`)

// Method is name itself when it is shaped like a Slack method's name, and Mark otherwise: a
// client that pastes a token into a method's path must not find it in the answer or the
// journal.
func Method(name string) string {
	if methodShape.MatchString(name) {
		return name
	}
	return Mark
}

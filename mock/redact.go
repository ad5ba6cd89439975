package mock

import (
	"regexp"
	"strconv"
)

// tokenShape matches what looks like a Slack token: xoxp-…, xoxb-…, xoxe.xoxp-…, xapp-… and
// their kin, up to the next space, quote or backslash.
var tokenShape = regexp.MustCompile(`x(?:ox[a-z](?:\.xox[a-z])?|app)-[^\s"'\\]*`)

// redactTokens replaces whatever in s looks like a Slack token with [redacted].
func redactTokens(s string) string { return tokenShape.ReplaceAllLiteralString(s, redacted) }

// quote is strconv.Quote(s) for a message that names something a client sent (an argument's
// name, a fixture's value, a fault's error code), with anything in it shaped like a Slack
// token replaced by [redacted]: a client that puts a token where a name or value goes must not
// find it again in an answer, an error or a log line.
func quote(s string) string { return strconv.Quote(redactTokens(s)) }

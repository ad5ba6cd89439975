package mock

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/slack-contracts/admin-users-session/api/vocab"
	"github.com/slack-contracts/admin-users-session/gen"
	"github.com/slack-contracts/admin-users-session/mock/org"
)

// call is one call of a Slack method, as the pipeline learns it.
type call struct {
	op       *operation // the method; nil for a name that is no method of the spec
	w        http.ResponseWriter
	entry    Call           // what the journal records of the call
	grant    org.Grant      // the caller and their token, once the token checks passed
	args     map[string]any // the arguments, typed and validated against the spec
	warnings []string       // such as missing_charset, repeated on every answer
	header   http.Header    // the answer's headers, as the ResponseWriter holds them
	maxBody  int64          // the cap on the body's bytes (WithMaxBodyBytes)
	// hdr holds the values of the answer's headers that the pipeline sets (X-Slack-Req-Id,
	// Content-Type, X-OAuth-Scopes, X-Accepted-OAuth-Scopes), one slot each, so that
	// setting them allocates nothing: see setHeader.
	hdr [4]string
}

// The slots of call.hdr.
const (
	slotRequestID = iota
	slotContentType
	slotOAuthScopes
	slotAcceptedScopes
)

// setHeader is c.header.Set(key, v) for a key already in canonical form (such as the
// canonical names below), with the value kept in slot i of the call's hdr rather than in a
// slice of its own.
func (c *call) setHeader(key string, i int, v string) {
	c.hdr[i] = v
	c.header[key] = c.hdr[i : i+1 : i+1] // full: an Add appends to a copy, never to the next slot
}

// The headers Slack sets on its answers, in canonical form, as Header.Set would store them.
var (
	headerRequestID      = http.CanonicalHeaderKey("X-Slack-Req-Id")
	headerOAuthScopes    = http.CanonicalHeaderKey("X-OAuth-Scopes")
	headerAcceptedScopes = http.CanonicalHeaderKey("X-Accepted-OAuth-Scopes")
)

// setScopeHeaders sets the scope headers Slack sends on every answer to a call with a valid
// token: the token's scopes, and the scope the method accepts.
func (c *call) setScopeHeaders() {
	if c.grant.Token.Token == "" {
		return
	}
	c.setHeader(headerOAuthScopes, slotOAuthScopes, c.grant.Scopes)
	if c.op.access.Scope != "" {
		c.setHeader(headerAcceptedScopes, slotAcceptedScopes, c.op.access.Scope)
	}
}

// answer is what a call is answered: Slack's answer, and what the journal records of it.
type answer struct {
	status int             // the HTTP status: 200 for every Slack answer but 429, 413 and a fault's 5xx
	code   vocab.ErrorCode // the error; "" when ok
	// messages explain the error, in response_metadata.messages.
	messages []string
	// needed and provided are the scopes of missing_scope (provided may be empty); reqMethod
	// the method named, with unknown_method.
	needed, provided *string
	reqMethod        string
	// body is the answer of a method that answers more than ok or an error (a generated
	// answer type, which carries the call's warnings itself); nil for the others, whose
	// answer write builds.
	body       any
	retryAfter int    // seconds, for a 429
	fault      bool   // an injected fault, not Slack's checks, made the answer
	then       func() // runs once the answer is written: a job the call queued
}

// ok is the answer of a call that succeeded with nothing more to say.
func ok() answer { return answer{status: http.StatusOK} }

// fail is Slack's answer of code, with messages if any.
func fail(code vocab.ErrorCode, messages ...string) *answer {
	return &answer{status: http.StatusOK, code: code, messages: messages}
}

// refusal is the answer of a method's refusal.
func refusal(r *org.Refusal) *answer { return fail(r.Code, r.Messages...) }

// answerType is the Content-Type of Slack's answers.
const answerType = "application/json; charset=utf-8"

// write writes a: its headers, Retry-After for a 429, and its body (a's own, or Slack's
// answer {"ok":…,"error":…} with the call's warnings).
func (c *call) write(w http.ResponseWriter, a *answer) {
	if a.retryAfter > 0 {
		c.header.Set("Retry-After", strconv.Itoa(a.retryAfter))
	}
	body := a.body
	switch {
	case body != nil:
	case a.code == "" && len(c.warnings) == 0:
		w.WriteHeader(a.status)
		_, _ = w.Write(okBody)
		return
	default:
		body = c.slackResponse(a)
	}
	writeJSON(w, a.status, body)
}

// okBody is the plain {"ok":true}, the answer of most calls, encoded once.
var okBody = []byte(`{"ok":true}` + "\n")

// warningFields are the call's warnings as an answer carries them, in "warning" and
// "response_metadata.warnings"; nil when there are none.
func (c *call) warningFields() (*string, *[]string) {
	if len(c.warnings) == 0 {
		return nil, nil
	}
	w := strings.Join(c.warnings, ",")
	return &w, &c.warnings
}

// metadata is warningFields with the warnings in a response_metadata of their own.
func (c *call) metadata() (*string, *gen.ResponseMetadata) {
	w, list := c.warningFields()
	if list == nil {
		return nil, nil
	}
	return w, &gen.ResponseMetadata{Warnings: list}
}

// slackResponse is Slack's answer of a: ok, or the error with its details, and the call's
// warnings either way.
func (c *call) slackResponse(a *answer) gen.SlackResponse {
	r := gen.SlackResponse{Ok: a.code == "", Needed: a.needed, Provided: a.provided, ReqMethod: nonEmpty(a.reqMethod)}
	if a.code != "" {
		code := string(a.code)
		r.Error = &code
	}
	if msgs := a.messages; len(msgs) > 0 {
		r.ResponseMetadata = &gen.ResponseMetadata{Messages: &msgs}
	}
	if w, list := c.warningFields(); list != nil {
		r.Warning = w
		if r.ResponseMetadata == nil {
			r.ResponseMetadata = &gen.ResponseMetadata{}
		}
		r.ResponseMetadata.Warnings = list
	}
	return r
}

// writeJSON writes v as Slack does: JSON, with the status given. Messages such as
// "Bearer <token>" read as written: no HTML escapes.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(fmt.Sprintf("mock: an answer does not encode: %v", err)) // the generated types always do
	}
	w.WriteHeader(status)
	_, _ = w.Write(b.Bytes())
}

// nonEmpty is a pointer to s, or nil for "".
func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

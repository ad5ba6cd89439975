package mock

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/slack-contracts/admin-users-session/api/vocab"
	"github.com/slack-contracts/admin-users-session/mock/internal/redact"
	"github.com/slack-contracts/admin-users-session/mock/org"
)

// This file is the pipeline of a call to a Slack method, top to bottom, as Slack checks one:
// the transport (the HTTP method, the body and its arguments), the token, the faults and the
// rate limit, the arguments against the spec, then the method itself, under the org's lock,
// and the answer. A call refused at any step is answered at once and changes nothing. Every
// call, refused or not, is recorded in the journal, here and only here, and its answer
// written here and only here; the handlers (handlers.go) return answers.

// serveCall serves one call of the Slack method name (the path after /api/) on org t.
func (t *Tenant) serveCall(w http.ResponseWriter, r *http.Request, name string) {
	c := t.newCall(w, r, name)
	var a answer
	if refused := t.check(c, r); refused != nil {
		a = *refused
		t.record(c, &a)
	} else {
		a = t.run(c) // the method, which records the call under the org's lock
	}
	c.write(w, &a)
	if a.then != nil {
		a.then()
	}
}

// check runs Slack's checks on a call, in Slack's order, and answers the refusal of the
// first that fails, or nil when the call may reach its method. It notes in c what it learns:
// what the client sent, its token and caller, and its arguments as validated.
func (t *Tenant) check(c *call, r *http.Request) *answer {
	// The method and the HTTP method.
	switch {
	case c.op == nil:
		t.noteSent(c, r)
		a := fail(vocab.CodeUnknownMethod, fmt.Sprintf("[ERROR] %q is not a method of this mock: it serves %s",
			c.entry.Method, strings.Join(t.srv.ops.names(), ", ")))
		a.reqMethod = c.entry.Method // as Slack echoes it; [redacted] when not shaped like a method
		return a
	case r.Method != http.MethodGet && r.Method != http.MethodPost:
		t.noteSent(c, r)
		return fail(vocab.CodeInvalidPostType, "[ERROR] Slack methods are called with GET or POST, not "+r.Method)
	}
	// The transport: the query string and the body, read and typed as the spec says.
	p, a := t.readArgs(r, c, c.op.args, false)
	if a != nil {
		return a
	}
	c.entry.noteSent(p)
	// The token, with the faults and the rate limit.
	if a := t.checkToken(c, r, p); a != nil {
		return a
	}
	// The arguments, against the spec.
	if msgs := c.op.args.check(p.args, p.bad); len(msgs) > 0 {
		return fail(vocab.CodeInvalidArguments, msgs...)
	}
	delete(p.args, "token")
	c.args = p.args
	return nil
}

// checkToken checks the token of a call, and answers the faults and the rate limit in force
// where Slack would: a fault before a refused token, as Slack's outages do, and the rate
// limit after it.
func (t *Tenant) checkToken(c *call, r *http.Request, p parsed) *answer {
	token, from := findToken(r, p)
	c.entry.TokenFrom = from
	// The token, and whom the call is about for the faults, in one look at the org.
	var (
		refused *org.Refusal
		sub     subject
	)
	faulty := t.faults.any()
	t.org.Read(func(tx *org.Tx) {
		if c.op.authed && token != "" {
			c.grant, refused = tx.Authorize(token, c.op.access)
		}
		if faulty {
			sub = subjectOf(tx, p.args)
		}
	})
	c.setScopeHeaders()
	if faulty {
		if a := t.injectFault(r.Context(), c.op, sub, token); a != nil {
			return a
		}
	}
	switch {
	case token == "" && c.op.authed && p.queryToken:
		return fail(vocab.CodeNotAuthed, "[ERROR] a token in the query string is never read: send it as Authorization: Bearer <token>, or as a token form field")
	case token == "" && c.op.authed:
		return fail(vocab.CodeNotAuthed)
	case refused != nil:
		a := refusal(refused)
		if refused.Code == vocab.CodeMissingScope {
			a.needed, a.provided = &c.op.access.Scope, &c.grant.Scopes
		}
		return a
	}
	return t.rateLimit(c.op, token)
}

// run runs the method of a call that passed the checks, under the org's lock (for writing
// when the method changes the org), and records the call in the journal in the same step, so
// that the journal lists the calls that reached the org in the order they took effect:
// replaying it gives every call the answer it got.
func (t *Tenant) run(c *call) answer {
	var a answer
	serve := func(tx *org.Tx) {
		a = c.op.method.serve(t, tx, c)
		t.record(c, &a)
	}
	if c.op.method.changes {
		t.org.Change(serve)
	} else {
		t.org.Read(serve)
	}
	return a
}

// record puts call c in the journal, with its answer's HTTP status and error code.
func (t *Tenant) record(c *call, a *answer) {
	c.entry.Status, c.entry.Error, c.entry.Fault = a.status, string(a.code), a.fault
	t.journal.add(&c.entry)
}

// injectFault answers the call with the first fault in force that matches it, if any, after
// the fault's delay. A fault with only a delay lets the call go on, and so does a fault meant
// for the job a call starts.
func (t *Tenant) injectFault(ctx context.Context, op *operation, sub subject, token string) *answer {
	ft, ok := t.faults.take(op.name, sub, token, false)
	if !ok {
		return nil
	}
	sleep(ctx, time.Duration(ft.DelayMS)*time.Millisecond)
	if ft.Status == 0 {
		return nil
	}
	a := fail(vocab.ErrorCode(ft.Error))
	a.status, a.retryAfter, a.fault = ft.Status, ft.RetryAfter, true
	return a
}

// rateLimit answers ratelimited, with an honest Retry-After, once the caller has spent the
// budget of the rate limit in force for this method and token.
func (t *Tenant) rateLimit(op *operation, token string) *answer {
	if !t.limiter.on.Load() {
		return nil
	}
	wait := t.limiter.wait(op, token, t.srv.now())
	if wait <= 0 {
		return nil
	}
	a := fail(vocab.CodeRatelimited)
	a.status, a.retryAfter = http.StatusTooManyRequests, retryAfterSeconds(wait)
	return a
}

// call is one call of a Slack method, as the pipeline learns it.
type call struct {
	op       *operation // the method; nil for a name that is no method of the spec
	w        http.ResponseWriter
	entry    Call           // what the journal records of the call
	grant    org.Grant      // the caller and their token, once the token checks passed
	args     map[string]any // the arguments, typed and validated against the spec
	warnings []string       // such as missing_charset, repeated on every answer
	header   http.Header    // the answer's headers, as the ResponseWriter holds them
	// hdr holds the values of the answer's headers that the pipeline sets (X-Slack-Req-Id,
	// Content-Type, X-OAuth-Scopes, X-Accepted-OAuth-Scopes), one slot each, so that
	// setting them allocates nothing: see setHeader.
	hdr [4]string
}

// newCall begins the call of method name that r makes, answered through w: its journal
// entry, and the headers every answer carries.
func (t *Tenant) newCall(w http.ResponseWriter, r *http.Request, name string) *call {
	c := &call{op: t.srv.ops[name], w: w, header: w.Header(), entry: Call{Time: t.srv.now(), Method: name,
		HTTPMethod: common(r.Method), ContentType: common(r.Header.Get("Content-Type")), RequestID: t.requestID()}}
	if c.op == nil {
		c.entry.Method = redact.Method(name)
	}
	c.setHeader(headerRequestID, slotRequestID, c.entry.RequestID)
	c.setHeader("Content-Type", slotContentType, answerType) // every answer's
	return c
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

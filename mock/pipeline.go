package mock

import (
	"context"
	"fmt"
	"net/http"
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
		noteSent(c, r)
		a := fail(vocab.CodeUnknownMethod, fmt.Sprintf("[ERROR] %q is not a method of this mock: it serves %s",
			c.entry.Method, strings.Join(t.srv.ops.names(), ", ")))
		a.reqMethod = c.entry.Method // as Slack echoes it; [redacted] when not shaped like a method
		return a
	case r.Method != http.MethodGet && r.Method != http.MethodPost:
		noteSent(c, r)
		return fail(vocab.CodeInvalidPostType, "[ERROR] Slack methods are called with GET or POST, not "+r.Method)
	}
	// The transport: the query string and the body, read and typed as the spec says.
	p, a := readArgs(r, c, c.op.args, false)
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

// newCall begins the call of method name that r makes, answered through w: its journal
// entry, and the headers every answer carries.
func (t *Tenant) newCall(w http.ResponseWriter, r *http.Request, name string) *call {
	c := &call{op: t.srv.ops[name], w: w, header: w.Header(), maxBody: t.srv.maxBody, entry: Call{Time: t.srv.now(), Method: name,
		HTTPMethod: common(r.Method), ContentType: common(r.Header.Get("Content-Type")), RequestID: t.requestID()}}
	if c.op == nil {
		c.entry.Method = redact.Method(name)
	}
	c.setHeader(headerRequestID, slotRequestID, c.entry.RequestID)
	c.setHeader("Content-Type", slotContentType, answerType) // every answer's
	return c
}

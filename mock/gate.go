package mock

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/slack-contracts/admin-users-session/api"
	"github.com/slack-contracts/admin-users-session/gen"
)

// Media types of the two bodies Slack reads.
const (
	mediaForm = "application/x-www-form-urlencoded"
	mediaJSON = "application/json"
)

// call is what the gate learned of one call, handed to the method through the request's
// context.
type call struct {
	method   string
	caller   Caller
	warnings []string      // such as missing_charset, repeated on every answer
	code     api.ErrorCode // the answer's error code, for the journal; empty when ok
	entry    Entry         // what the journal records of the call
	recorded bool          // entry is in the journal already: see Server.record
}

type callKey struct{}

func callFrom(ctx context.Context) *call {
	c, _ := ctx.Value(callKey{}).(*call)
	if c == nil {
		// Only the gate routes calls to the methods; reaching here without it is a bug.
		panic("mock: a Slack method ran without the gate")
	}
	return c
}

// answer is Slack's answer to this call: ok when code is empty, otherwise the error, with
// messages if any, and the call's warnings either way.
func (c *call) answer(code api.ErrorCode, messages []string) gen.AnswerJSONResponse {
	r := gen.SlackResponse{Ok: true}
	if code != "" {
		r = slackError(code, messages)
	}
	c.finish(&r)
	return gen.AnswerJSONResponse(r)
}

// finish adds the call's warnings to its answer r and notes r's code.
func (c *call) finish(r *gen.SlackResponse) {
	c.code = api.ErrorCode(deref(r.Error))
	if len(c.warnings) == 0 {
		return
	}
	r.Warning = ptr(strings.Join(c.warnings, ","))
	if r.ResponseMetadata == nil {
		r.ResponseMetadata = &gen.ResponseMetadata{}
	}
	r.ResponseMetadata.Warnings = &c.warnings
}

// failure is a check's verdict: the answer the call gets instead of reaching its method.
type failure struct {
	status     int
	resp       gen.SlackResponse
	retryAfter int  // seconds, for a 429
	fault      bool // an injected fault, not a check, made it
}

func fail(code api.ErrorCode, messages ...string) *failure {
	return &failure{status: http.StatusOK, resp: slackError(code, messages)}
}

// gate checks a call of method the way Slack does, in Slack's order: the transport (method,
// content type, body), then the token, scope and role, then the arguments against the
// spec; injected faults and the rate limit, when set, answer in between, where Slack
// would. A call that fails is answered here and never reaches the method, so it changes
// nothing. Every call is recorded in the journal.
func (s *Server) gate(method string) echo.MiddlewareFunc {
	schema := s.args[method]
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			cl := &call{method: method, entry: Entry{Time: s.now(), Method: method, ContentType: c.Request().Header.Get(echo.HeaderContentType)}}
			err := s.check(c, next, schema, cl)
			s.record(cl, c.Response().Status, cl.code)
			return err
		}
	}
}

// check runs the checks of gate, noting in cl's journal entry what it learns, and hands a
// call that passes them to the generated strict handler with its body normalised: the
// canonical content type, and the arguments as validated (for a form, the form itself; for
// JSON, the typed values, which the handler binds without decoding the body again), so that
// the handler cannot see a second value of a field or the query string.
func (s *Server) check(c echo.Context, next echo.HandlerFunc, schema *argSchema, cl *call) error {
	req := c.Request()
	e := &cl.entry
	p, f := s.readArgs(c, schema, cl)
	if f == nil {
		e.Args, e.sentForm, e.isForm, e.weight = p.sent, p.sentForm, p.media == mediaForm, len(p.body)
		var token string
		token, e.TokenFrom = findToken(req, p.media, p.args)
		f = s.injectFault(req.Context(), cl.method, p.args, token)
		if f == nil {
			f = s.authorize(token, cl)
		}
		if f == nil {
			f = s.rateLimit(cl.method, token)
		}
		if f == nil {
			if msgs := schema.check(p.args, p.bad); len(msgs) > 0 {
				f = fail(api.CodeInvalidArguments, msgs...)
			}
		}
	}
	if f != nil {
		e.Fault = f.fault
		cl.finish(&f.resp)
		if f.retryAfter > 0 {
			c.Response().Header().Set("Retry-After", strconv.Itoa(f.retryAfter))
		}
		return writeSlack(c, f.status, f.resp)
	}
	req.Header.Set(echo.HeaderContentType, p.media)
	if p.media == mediaJSON {
		req.Body = &validatedBody{Reader: bytes.NewReader(p.body), value: p.args}
	} else {
		// The form as validated: the strict handler binds it as it is (ParseForm keeps a
		// form already set), so it cannot see a second value or the query string.
		req.Form, req.PostForm = p.form, p.form
		req.Body = http.NoBody
	}
	c.SetRequest(req.WithContext(context.WithValue(req.Context(), callKey{}, cl)))
	return next(c)
}

// injectFault answers the call with the first fault in force that matches it, if any, after
// the fault's delay. A fault with only a delay lets the call go on.
func (s *Server) injectFault(ctx context.Context, method string, args map[string]any, token string) *failure {
	if !s.faults.any() {
		return nil
	}
	userID, teamID := s.store.subject(method, args)
	ft, ok := s.faults.take(method, userID, teamID, token)
	if !ok {
		return nil
	}
	sleep(ctx, time.Duration(ft.DelayMS)*time.Millisecond)
	if ft.Status == 0 {
		return nil
	}
	f := fail(api.ErrorCode(ft.Error))
	f.status, f.retryAfter, f.fault = ft.Status, ft.RetryAfter, true
	return f
}

// rateLimit answers ratelimited, with an honest Retry-After, once the caller has spent the
// budget of the rate limit in force for this method and token.
func (s *Server) rateLimit(method, token string) *failure {
	wait := s.limiter.wait(method, token, s.now())
	if wait <= 0 {
		return nil
	}
	f := fail(api.CodeRatelimited)
	f.status, f.retryAfter = http.StatusTooManyRequests, retryAfterSeconds(wait)
	return f
}

// parsed is a call's body, read and parsed.
type parsed struct {
	media string            // mediaForm or mediaJSON
	body  []byte            // as read
	args  map[string]any    // typed as the spec says
	bad   map[string]string // fields whose values do not fit their type, with messages
	form  url.Values        // for a form body: the first value of each field
	// The arguments as sent, less the token, for the journal: sent for a JSON body;
	// for a form body, sentForm, the body itself, which the journal parses only when read.
	sent     map[string]any
	sentForm string
}

// readArgs reads and parses the body. Fields whose values do not fit their type are kept
// aside, to answer once the token has passed, as Slack checks the token first. It answers invalid_post_type,
// missing_post_type, invalid_charset, invalid_form_data, invalid_json and json_not_object,
// and HTTP 413 for a body over the cap.
func (s *Server) readArgs(c echo.Context, schema *argSchema, cl *call) (parsed, *failure) {
	req := c.Request()
	body, err := readBody(http.MaxBytesReader(c.Response(), req.Body, s.maxBody), min(req.ContentLength, s.maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return parsed{}, &failure{status: http.StatusRequestEntityTooLarge,
				resp: slackError(api.CodeInvalidFormData, []string{fmt.Sprintf("[ERROR] the body is over %d bytes", tooBig.Limit)})}
		}
		return parsed{}, fail(api.CodeRequestTimeout, "[ERROR] the body could not be read")
	}

	ct := req.Header.Get(echo.HeaderContentType)
	media, params, err := parseMediaType(ct)
	switch {
	case ct == "":
		if len(body) > 0 {
			return parsed{}, fail(api.CodeMissingPostType, "[ERROR] a body came without a Content-Type")
		}
		media = mediaForm // an empty POST is an empty form, as with curl -X POST
	case err != nil || (media != mediaForm && media != mediaJSON):
		return parsed{}, fail(api.CodeInvalidPostType, "[ERROR] send application/x-www-form-urlencoded or application/json")
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "utf8") {
		return parsed{}, fail(api.CodeInvalidCharset, "[ERROR] the charset must be utf-8")
	}

	p := parsed{media: media, body: body}
	if media == mediaJSON {
		if _, ok := params["charset"]; !ok {
			cl.warnings = append(cl.warnings, api.WarningMissingCharset)
		}
		if !json.Valid(body) {
			return parsed{}, fail(api.CodeInvalidJSON)
		}
		if t := bytes.TrimLeft(body, " \t\r\n"); t[0] != '{' {
			return parsed{}, fail(api.CodeJSONNotObject)
		}
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		var obj map[string]any
		if err := dec.Decode(&obj); err != nil {
			return parsed{}, fail(api.CodeInvalidJSON)
		}
		p.sent = maps.Clone(obj)
		delete(p.sent, "token")
		delete(obj, "token") // never read from JSON, so not judged either
		p.args, p.bad = schema.fromJSON(obj)
	} else {
		raw := string(body)
		form, err := url.ParseQuery(raw)
		if err != nil {
			return parsed{}, fail(api.CodeInvalidFormData, "[ERROR] the form body cannot be parsed")
		}
		for k, v := range form {
			form[k] = v[:1] // a field given twice keeps its first value
		}
		p.form, p.sentForm = form, raw
		if _, ok := form["token"]; ok {
			rest := maps.Clone(form)
			delete(rest, "token")
			p.sentForm = rest.Encode()
		}
		p.args, p.bad = schema.fromForm(form)
	}
	return p, nil
}

// readBody is io.ReadAll, but starts with room for size bytes (the Content-Length, when
// known) instead of 512: a call's body is a few dozen bytes.
func readBody(r io.Reader, size int64) ([]byte, error) {
	b := make([]byte, 0, max(size, 0)+1) // +1: room to read the EOF without growing
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}

// parseMediaType is mime.ParseMediaType, without its cost for the two content types that
// most calls send as they are.
func parseMediaType(ct string) (media string, params map[string]string, err error) {
	if ct == mediaForm || ct == mediaJSON {
		return ct, nil, nil
	}
	return mime.ParseMediaType(ct)
}

// findToken finds the token of a call, as Slack does: the Authorization header, else a form
// body's token field; never the query string or a JSON body. It answers where it found it:
// "header", "form" or "".
func findToken(req *http.Request, media string, args map[string]any) (token, from string) {
	if t, ok := bearer(req.Header.Get(echo.HeaderAuthorization)); ok {
		return t, "header"
	}
	if t, ok := args["token"].(string); ok && media == mediaForm {
		return t, "form"
	}
	return "", ""
}

// authorize checks the token, its scope and the caller's role.
func (s *Server) authorize(token string, cl *call) *failure {
	caller, af := s.store.authorize(token, api.ScopeAdminUsersWrite)
	if af != nil {
		f := fail(af.code)
		if af.code == api.CodeMissingScope {
			f.resp.Needed = ptr(af.needed)
			f.resp.Provided = ptr(strings.Join(af.provided, ","))
		}
		return f
	}
	cl.caller = caller
	return nil
}

// bearer reads a token from an Authorization header; the scheme is case-insensitive.
func bearer(h string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	return strings.TrimSpace(token), true
}

// validatedBody is the request body the gate hands on. It carries the arguments the gate
// validated, which the generated strict handler binds through ValidatedValue (the
// interface kin-openapi's request filter uses) instead of decoding the body a second time.
type validatedBody struct {
	*bytes.Reader
	value map[string]any
}

// ValidatedValue returns the validated arguments.
func (b *validatedBody) ValidatedValue() any { return b.value }

// Close does nothing: the body is in memory.
func (b *validatedBody) Close() error { return nil }

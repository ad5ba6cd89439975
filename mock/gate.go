package mock

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/oapi-codegen/runtime"
	"golang.org/x/text/encoding/charmap"

	"github.com/slack-contracts/admin-users-session/api"
	"github.com/slack-contracts/admin-users-session/gen"
)

// Media types of the bodies Slack reads.
const (
	mediaForm      = "application/x-www-form-urlencoded"
	mediaMultipart = "multipart/form-data"
	mediaJSON      = "application/json"
	mediaText      = "text/plain"
)

// The headers Slack sets on its answers.
const (
	headerRequestID      = "X-Slack-Req-Id"
	headerOAuthScopes    = "X-OAuth-Scopes"
	headerAcceptedScopes = "X-Accepted-OAuth-Scopes"
)

// call is what the gate learned of one call, handed to the method's handler.
type call struct {
	op       *operation
	caller   Caller
	token    Token          // the caller's token, once it passed the token checks
	args     map[string]any // the arguments, typed and validated against the spec
	warnings []string       // such as missing_charset, repeated on every answer
	code     api.ErrorCode  // the answer's error code, for the journal; empty when ok
	entry    Call           // what the journal records of the call
	recorded bool           // entry is in the journal already: see Server.record
	after    func()         // run once the answer is written, such as a job the call queued

	// ctx is the echo context the handler gets: echo's, carrying this call, so that the
	// gate hands the call over without storing it in echo's context (a map per call).
	ctx apiContext
	// hdr holds the values of the answer's headers that the gate sets (X-Slack-Req-Id,
	// Content-Type, X-OAuth-Scopes, X-Accepted-OAuth-Scopes), one slot each, so that
	// setting them allocates nothing: see setHeader.
	hdr [4]string
}

// apiContext is the echo context of a call that passed the gate.
type apiContext struct {
	echo.Context
	cl *call
}

// callOf returns the call the gate checked; only the gate routes calls to the handlers.
func callOf(c echo.Context) *call {
	ac, _ := c.(*apiContext)
	if ac == nil {
		panic("mock: a Slack method ran without the gate")
	}
	return ac.cl
}

// The slots of call.hdr.
const (
	slotRequestID = iota
	slotContentType
	slotOAuthScopes
	slotAcceptedScopes
)

// setHeader is h.Set(key, v) for a key already in canonical form (such as the canonical*
// names below), with the value kept in slot i of the call's hdr rather than in a slice of
// its own.
func (c *call) setHeader(h http.Header, key string, i int, v string) {
	c.hdr[i] = v
	h[key] = c.hdr[i : i+1 : i+1] // full: an Add appends to a copy, never to the next slot
}

// The canonical forms of the headers the gate sets, as Header.Set would store them.
var (
	canonicalRequestID      = http.CanonicalHeaderKey(headerRequestID)
	canonicalOAuthScopes    = http.CanonicalHeaderKey(headerOAuthScopes)
	canonicalAcceptedScopes = http.CanonicalHeaderKey(headerAcceptedScopes)
)

// bindArgs binds the call's validated arguments to the generated type of its JSON body.
// They were typed and checked against the same schema, so this does not fail for a call
// that reached its handler; it decodes no body.
func bindArgs[T any](cl *call) (T, error) {
	var v T
	err := runtime.BindJSONValue(cl.args, &v)
	return v, err
}

// answer is Slack's answer to this call: ok when code is empty, otherwise the error, with
// messages if any, and the call's warnings either way.
func (c *call) answer(code api.ErrorCode, messages ...string) gen.SlackResponse {
	r := gen.SlackResponse{Ok: true}
	if code != "" {
		r = slackError(code, messages)
	}
	c.finish(&r)
	return r
}

// finish adds the call's warnings to its answer r and notes r's code.
func (c *call) finish(r *gen.SlackResponse) {
	c.code = api.ErrorCode(deref(r.Error))
	w, list := c.warningFields()
	if list == nil {
		return
	}
	r.Warning = w
	if r.ResponseMetadata == nil {
		r.ResponseMetadata = &gen.ResponseMetadata{}
	}
	r.ResponseMetadata.Warnings = list
}

// warningFields are the call's warnings as an answer carries them, in "warning" and
// "response_metadata.warnings"; nil when there are none.
func (c *call) warningFields() (*string, *[]string) {
	if len(c.warnings) == 0 {
		return nil, nil
	}
	return ptr(strings.Join(c.warnings, ",")), &c.warnings
}

// metadata is warningFields with the warnings in a response_metadata of their own.
func (c *call) metadata() (*string, *gen.ResponseMetadata) {
	w, list := c.warningFields()
	if list == nil {
		return nil, nil
	}
	return w, &gen.ResponseMetadata{Warnings: list}
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

// serveAPI serves a call under /api/ the way Slack does (see ServeHTTP); name is the path
// after /api/, and next the handler of the method it names. It answers unknown methods and
// HTTP methods other than GET and POST itself; every other call passes Slack's checks in
// Slack's order (the transport: content type and body; then the token, scope and role; then
// the arguments against the spec), with injected faults and the rate limit, when set,
// answering in between, where Slack would. A call that fails is answered here and never
// reaches its handler, so it changes nothing. Every call is recorded in the journal, and
// every answer carries X-Slack-Req-Id.
func (s *Server) serveAPI(c echo.Context, name string, next echo.HandlerFunc) {
	req := c.Request()
	cl := &call{op: s.ops[name], entry: Call{Time: s.now(), Method: name, HTTPMethod: common(req.Method),
		ContentType: common(req.Header.Get(echo.HeaderContentType)), RequestID: s.requestID()}}
	if cl.op == nil {
		cl.entry.Method = methodName(name)
	}
	cl.ctx = apiContext{Context: c, cl: cl}
	h := c.Response().Header()
	cl.setHeader(h, canonicalRequestID, slotRequestID, cl.entry.RequestID)
	cl.setHeader(h, echo.HeaderContentType, slotContentType, answerType) // every answer's
	var f *failure
	switch {
	case cl.op == nil:
		f = fail(api.CodeUnknownMethod, fmt.Sprintf("[ERROR] %q is not a method of this mock: it serves %s", cl.entry.Method, strings.Join(s.ops.names(), ", ")))
		f.resp.ReqMethod = ptr(cl.entry.Method) // as Slack echoes it, [redacted] when not shaped like a method
		s.noteSent(c, cl)
	case req.Method != http.MethodGet && req.Method != http.MethodPost:
		f = fail(api.CodeInvalidPostType, "[ERROR] Slack methods are called with GET or POST, not "+req.Method)
		s.noteSent(c, cl)
	default:
		f = s.check(c, cl)
	}
	var err error
	if f != nil {
		err = s.refuse(c, cl, f)
	} else {
		err = next(&cl.ctx)
	}
	if err != nil {
		s.handleError(err, c)
	}
	s.record(cl, c.Response().Status, cl.code)
	if cl.after != nil {
		cl.after()
	}
}

// common is s, as one of the constants below when it is one of them: the HTTP method and
// content type of most calls, which the journal then keeps without keeping the request's
// line and header values that they came in (a full journal holds 10,000 calls, which every
// garbage collection walks).
func common(s string) string {
	switch s {
	case http.MethodPost:
		return http.MethodPost
	case http.MethodGet:
		return http.MethodGet
	case mediaForm:
		return mediaForm
	case mediaJSON:
		return mediaJSON
	case jsonUTF8:
		return jsonUTF8
	}
	return s
}

// jsonUTF8 is the content type of a JSON body as Slack's SDKs send it.
const jsonUTF8 = mediaJSON + "; charset=utf-8"

// methodShape is what a Slack method's name looks like, such as admin.users.session.reset.
var methodShape = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.]*$`)

// methodName is the method a path names, for the journal and for messages: the name itself
// when it is shaped like a Slack method's, else "[redacted]", since a client that pastes a
// token into the path must not find it in either.
func methodName(name string) string {
	if methodShape.MatchString(name) {
		return name
	}
	return redacted
}

// refuse writes the answer of a call that failed a check.
func (s *Server) refuse(c echo.Context, cl *call, f *failure) error {
	cl.entry.Fault = f.fault
	cl.finish(&f.resp)
	if f.retryAfter > 0 {
		c.Response().Header().Set("Retry-After", strconv.Itoa(f.retryAfter))
	}
	return writeSlack(c, f.status, f.resp)
}

// untyped types no argument: the arguments of a call refused before its method's checks are
// journaled as sent.
var untyped = &argSchema{types: map[string]string{}}

// noteSent notes in the journal entry of a call refused before its method's checks (an
// unknown method, an HTTP method Slack does not take) what it sent: its arguments, as far
// as they can be read, and where its token came from; never the token.
func (s *Server) noteSent(c echo.Context, cl *call) {
	warnings := cl.warnings
	p, _ := s.readArgs(c, cl, untyped, true)
	cl.warnings = warnings // the answer is the refusal alone
	e := &cl.entry
	e.sentQuery, e.sentForm, e.sentJSON, e.weight = p.sentQuery, p.sentForm, p.sentJSON, p.weight
	_, e.TokenFrom = findToken(c.Request(), p)
}

// check runs Slack's checks on a call of a known method (see serveAPI), noting in cl what
// it learns: its caller, its token and its arguments as validated, which the handler binds.
func (s *Server) check(c echo.Context, cl *call) *failure {
	req := c.Request()
	p, f := s.readArgs(c, cl, cl.op.args, false)
	if f != nil {
		return f
	}
	e := &cl.entry
	e.sentQuery, e.sentForm, e.sentJSON, e.weight = p.sentQuery, p.sentForm, p.sentJSON, p.weight
	token, from := findToken(req, p)
	e.TokenFrom = from
	// The token is checked, and whom the call is about found for the faults, in one look
	// at the state; a fault answers before a refused token, as Slack's outages do.
	var (
		af  *authFailure
		sub subject
		kt  knownToken
	)
	faulty := s.faults.any()
	s.store.view(func(st *state) {
		if cl.op.authed && token != "" {
			cl.caller, kt, af = st.authorize(token, cl.op)
		}
		if faulty {
			sub = st.subject(p.args)
		}
	})
	if cl.token = kt.Token; cl.token.Token != "" {
		h := c.Response().Header()
		cl.setHeader(h, canonicalOAuthScopes, slotOAuthScopes, kt.scopeList)
		if cl.op.scope != "" {
			cl.setHeader(h, canonicalAcceptedScopes, slotAcceptedScopes, cl.op.scope)
		}
	}
	if faulty {
		if f := s.injectFault(req.Context(), cl.op, sub, token); f != nil {
			return f
		}
	}
	if token == "" && cl.op.authed {
		if p.queryToken {
			return fail(api.CodeNotAuthed, "[ERROR] a token in the query string is never read: send it as Authorization: Bearer <token>, or as a token form field")
		}
		return fail(api.CodeNotAuthed)
	}
	if af != nil {
		f := fail(af.code)
		if af.code == api.CodeMissingScope {
			f.resp.Needed = ptr(af.needed)
			f.resp.Provided = ptr(strings.Join(af.provided, ","))
		}
		return f
	}
	if f := s.rateLimit(cl.op, token); f != nil {
		return f
	}
	if msgs := cl.op.args.check(p.args, p.bad); len(msgs) > 0 {
		return fail(api.CodeInvalidArguments, msgs...)
	}
	delete(p.args, "token")
	cl.args = p.args
	return nil
}

// injectFault answers the call with the first fault in force that matches it, if any, after
// the fault's delay. A fault with only a delay lets the call go on, and so does a fault
// meant for the job a call starts.
func (s *Server) injectFault(ctx context.Context, op *operation, sub subject, token string) *failure {
	ft, ok := s.faults.take(op.name, sub, token, false)
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
func (s *Server) rateLimit(op *operation, token string) *failure {
	if !s.limiter.on.Load() {
		return nil
	}
	wait := s.limiter.wait(op, token, s.now())
	if wait <= 0 {
		return nil
	}
	f := fail(api.CodeRatelimited)
	f.status, f.retryAfter = http.StatusTooManyRequests, retryAfterSeconds(wait)
	return f
}

// parsed is a call's arguments, read from its query string and body and parsed.
type parsed struct {
	media      string            // mediaForm, mediaMultipart, mediaJSON, or "" for no body
	args       map[string]any    // typed as the spec says; the body's win over the query's
	bad        map[string]string // fields whose values do not fit their type, with messages
	queryToken bool              // the query string held a token, which is never read
	// The arguments as sent, for the journal, which parses them only when read: the query
	// string and a form body less the token, and a JSON body as sent (in UTF-8), whose
	// token the journal leaves out.
	sentQuery, sentForm, sentJSON string
	weight                        int // the bytes of the query string and body
}

// readArgs reads the query string and, for a POST (or any call, with anyBody), the body,
// and types their arguments as schema says. A name in both takes the body's value. Values that do not fit their type are kept aside, to
// answer once the token has passed, as Slack checks the token first. It answers
// invalid_post_type, missing_post_type, invalid_charset, invalid_form_data, invalid_json and
// json_not_object, and HTTP 413 for a body over the cap.
func (s *Server) readArgs(c echo.Context, cl *call, schema *argSchema, anyBody bool) (p parsed, f *failure) {
	req := c.Request()
	// Without a query string (most calls), p.args stays nil until the body's arguments
	// are read into a map of their own, which then becomes p.args (see merge); an empty
	// map at worst, as url.ParseQuery("") would give.
	if req.URL.RawQuery != "" {
		query, err := url.ParseQuery(req.URL.RawQuery)
		if err != nil {
			return p, fail(api.CodeInvalidFormData, "[ERROR] the query string cannot be parsed")
		}
		if _, ok := query["token"]; ok {
			p.queryToken = true
			delete(query, "token") // never read
		}
		p.args, p.bad = schema.fromForm(firstValues(query))
		if len(query) > 0 {
			p.sentQuery = query.Encode()
		}
	}
	defer func() {
		if p.args == nil {
			p.args = map[string]any{}
		}
	}()
	p.weight = len(req.URL.RawQuery)
	if req.Method != http.MethodPost && !anyBody {
		return p, nil
	}

	buf := bodyBuffers.Get().(*[]byte)
	defer bodyBuffers.Put(buf)
	body, err := s.readBody(c, buf)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return p, &failure{status: http.StatusRequestEntityTooLarge,
				resp: slackError(api.CodeInvalidFormData, []string{fmt.Sprintf("[ERROR] the body is over %d bytes", tooBig.Limit)})}
		}
		return p, fail(api.CodeRequestTimeout, "[ERROR] the body could not be read")
	}
	p.weight += len(body)
	// An empty body is a call without arguments, whatever its type: an empty POST (curl -X
	// POST), and what Python's slack_sdk sends for a call without arguments, as
	// application/json. Its Content-Type still earns the charset warnings, when it is a type
	// Slack reads.
	empty := len(body) == 0
	ct := req.Header.Get(echo.HeaderContentType)
	media, params, err := parseMediaType(ct)
	switch {
	case empty && (err != nil || !readable(media)):
		return p, nil
	case ct == "":
		return p, fail(api.CodeMissingPostType, "[ERROR] a body came without a Content-Type")
	case err != nil || !readable(media):
		return p, fail(api.CodeInvalidPostType, "[ERROR] send application/x-www-form-urlencoded, multipart/form-data, application/json or text/plain (read as a form)")
	case media == mediaText:
		// A browser's simple request carries a form as text/plain, and Slack lists the type
		// as valid: its body is read as a form. Its charset says what the text is in, so
		// it is not superfluous.
		media, params = mediaForm, maps.Clone(params)
		if strings.EqualFold(params["charset"], "utf-8") || strings.EqualFold(params["charset"], "utf8") {
			delete(params, "charset")
		}
	}
	p.media = media
	cs, hasCharset := params["charset"]
	latin1 := strings.EqualFold(cs, "iso-8859-1")
	if hasCharset && !latin1 && !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "utf8") {
		if empty {
			return p, nil
		}
		return p, fail(api.CodeInvalidCharset, "[ERROR] the charset must be utf-8 or iso-8859-1")
	}
	if empty {
		switch {
		case media == mediaJSON && !hasCharset:
			cl.warnings = append(cl.warnings, api.WarningMissingCharset)
		case media != mediaJSON && hasCharset && !latin1:
			cl.warnings = append(cl.warnings, api.WarningSuperfluousCharset)
		}
		return p, nil
	}

	if media == mediaJSON {
		if !hasCharset {
			cl.warnings = append(cl.warnings, api.WarningMissingCharset)
		}
		if latin1 {
			body, _ = charmap.ISO8859_1.NewDecoder().Bytes(body) // every byte is a character
		}
		obj, f := decodeObject(body)
		if f != nil {
			return p, f
		}
		delete(obj, "token") // never read from JSON, so not judged either
		p.sentJSON = string(body)
		args, bad := schema.fromJSON(obj)
		p.merge(args, bad)
		return p, nil
	}

	if hasCharset && !latin1 {
		// Forms are UTF-8 unless they say otherwise, so saying so is superfluous.
		cl.warnings = append(cl.warnings, api.WarningSuperfluousCharset)
	}
	var form url.Values
	if media == mediaForm {
		p.sentForm = string(body)
		if p.args == nil && !latin1 {
			// Most calls: no query string, a form body with a few fields and no token.
			if args, bad, ok := schema.fromFormBody(p.sentForm); ok {
				p.args, p.bad = args, bad
				return p, nil
			}
		}
		form, err = url.ParseQuery(p.sentForm)
	} else {
		form, err = readMultipart(body, params["boundary"])
	}
	if err != nil {
		return p, fail(api.CodeInvalidFormData, "[ERROR] the form body cannot be parsed")
	}
	form = firstValues(form)
	if latin1 {
		form = fromLatin1(form)
	}
	if _, ok := form["token"]; ok || media == mediaMultipart || latin1 {
		rest := maps.Clone(form)
		delete(rest, "token")
		p.sentForm = rest.Encode()
	}
	args, bad := schema.fromForm(form)
	p.merge(args, bad)
	return p, nil
}

// readable reports whether Slack reads a body of this media type.
func readable(media string) bool {
	return media == mediaForm || media == mediaMultipart || media == mediaJSON || media == mediaText
}

// fromLatin1 decodes the names and values of a form sent in ISO-8859-1 into UTF-8.
func fromLatin1(form url.Values) url.Values {
	dec := charmap.ISO8859_1.NewDecoder()
	out := make(url.Values, len(form))
	for k, v := range form {
		name, _ := dec.String(k) // every byte is a character: no error
		value, _ := dec.String(v[0])
		out[name] = []string{value}
	}
	return out
}

// merge lays the body's arguments over the query string's: the body wins.
func (p *parsed) merge(args map[string]any, bad map[string]string) {
	if p.args == nil { // no query string
		p.args, p.bad = args, bad
		return
	}
	for k, v := range args {
		p.args[k] = v
		delete(p.bad, k)
	}
	for k, m := range bad {
		p.bad = addBad(p.bad, k, m)
	}
}

// firstValues keeps the first value of each field: a field given twice keeps its first.
func firstValues(v url.Values) url.Values {
	for k, vals := range v {
		v[k] = vals[:1]
	}
	return v
}

// readMultipart reads the fields of a multipart/form-data body, in memory: the body is
// already within the cap. A file part counts as a field holding the file's content, as
// curl -F name=<file sends it.
func readMultipart(body []byte, boundary string) (url.Values, error) {
	if boundary == "" {
		return nil, errors.New("no boundary")
	}
	if !bytes.Contains(body, []byte("--"+boundary+"--")) {
		// The reader takes a body cut short before its first boundary for one with no
		// parts; without the closing boundary the body is incomplete.
		return nil, errors.New("no closing boundary")
	}
	r := multipart.NewReader(bytes.NewReader(body), boundary)
	form := url.Values{}
	for {
		part, err := r.NextPart()
		if err == io.EOF {
			return form, nil
		}
		if err != nil {
			return nil, err
		}
		v, err := io.ReadAll(part)
		if err != nil {
			return nil, err
		}
		if name := part.FormName(); name != "" {
			form.Add(name, string(v))
		}
	}
}

// bodyBuffers hold the bodies of calls while they are read: every use of a body copies
// what it keeps (the form as a string, JSON values as decoded), so the buffer goes back
// once readArgs is done.
var bodyBuffers = sync.Pool{New: func() any { return new([]byte) }}

// maxPooledBody is the largest buffer put back in bodyBuffers: a call's body is a few
// dozen bytes, and a rare big one should not stay in the pool.
const maxPooledBody = 8 << 10

// readBody reads the body of the call, at most the cap, into buf (which it may grow),
// answering an *http.MaxBytesError for a body over the cap, as http.MaxBytesReader does. A
// body with a Content-Length within the cap cannot be longer when net/http serves it, so
// it is read without the reader (and its allocation); only a request built by hand can
// hold more than its Content-Length says, and more than the cap is refused the same way.
func (s *Server) readBody(c echo.Context, buf *[]byte) ([]byte, error) {
	req := c.Request()
	n := req.ContentLength
	if n < 0 || n > s.maxBody {
		return readAll(http.MaxBytesReader(c.Response(), req.Body, s.maxBody), min(n, s.maxBody), s.maxBody, buf)
	}
	b, err := readAll(req.Body, n, s.maxBody, buf)
	if err == nil && int64(len(b)) > s.maxBody {
		err = &http.MaxBytesError{Limit: s.maxBody}
	}
	return b, err
}

// readAll is io.ReadAll into buf, but starts with room for size bytes (the
// Content-Length, when known) instead of 512, as a call's body is a few dozen bytes, and
// stops once it has read more than limit bytes. buf keeps the grown buffer when it is small
// enough to pool.
func readAll(r io.Reader, size, limit int64, buf *[]byte) (b []byte, err error) {
	b = *buf
	if want := int(max(size, 0)) + 1; cap(b) < want { // +1: room to read the EOF without growing
		b = make([]byte, 0, want)
	}
	b = b[:0]
	defer func() {
		if cap(b) <= maxPooledBody {
			*buf = b[:0]
		}
	}()
	for int64(len(b)) <= limit {
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
	return b, nil
}

// parseMediaType is mime.ParseMediaType, without its cost for the two content types that
// most calls send as they are.
func parseMediaType(ct string) (media string, params map[string]string, err error) {
	switch ct {
	case mediaForm, mediaJSON:
		return ct, nil, nil
	case jsonUTF8, mediaJSON + ";charset=utf-8": // as Slack's SDKs send it
		return mediaJSON, utf8Charset, nil
	}
	media, params, err = mime.ParseMediaType(ct)
	return media, params, err
}

// utf8Charset is the parameters of a media type that says charset=utf-8, shared: nothing
// changes them.
var utf8Charset = map[string]string{"charset": "utf-8"}

// findToken finds the token of a call, as Slack does: the Authorization header, else a form
// body's token field; never the query string or a JSON body. It answers where it found it:
// "header", "form" or "".
func findToken(req *http.Request, p parsed) (token, from string) {
	if t, ok := bearer(req.Header.Get(echo.HeaderAuthorization)); ok {
		return t, "header"
	}
	if t, ok := p.args["token"].(string); ok && (p.media == mediaForm || p.media == mediaMultipart) {
		return t, "form"
	}
	return "", ""
}

// bearer reads a token from an Authorization header; the scheme is case-insensitive.
func bearer(h string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	return strings.TrimSpace(token), true
}

package mock

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"golang.org/x/text/encoding/charmap"

	"github.com/slack-contracts/admin-users-session/api/vocab"
	"github.com/slack-contracts/admin-users-session/mock/internal/redact"
)

// This file reads what a call sends, as Slack reads it: the arguments of its query string
// and of its body (a form, multipart or JSON; text/plain as a form), in UTF-8 or ISO-8859-1,
// and its token, from the Authorization header or a form's token field.

// Media types of the bodies Slack reads.
const (
	mediaForm      = "application/x-www-form-urlencoded"
	mediaMultipart = "multipart/form-data"
	mediaJSON      = "application/json"
	mediaText      = "text/plain"
	// jsonUTF8 is the content type of a JSON body as Slack's SDKs send it.
	jsonUTF8 = mediaJSON + "; charset=utf-8"
)

// parsed is a call's arguments, read from its query string and body and typed.
type parsed struct {
	media      string            // mediaForm, mediaMultipart or mediaJSON; "" for no body
	args       map[string]any    // typed as the spec says; the body's win over the query's
	bad        map[string]string // fields whose values do not fit their type, with messages
	queryToken bool              // the query string held a token, which is never read
	// The arguments as sent, for the journal, which parses them only when read: the query
	// string and a form body less the token, and a JSON body as sent (in UTF-8), whose
	// token the journal leaves out.
	sentQuery, sentForm, sentJSON string
	weight                        int // the bytes of the query string and body
}

// readArgs reads the query string and, for a POST (or any call, with anyBody), the body, and
// types their arguments as schema says. A name in both takes the body's value. Values that do
// not fit their type are kept aside, to answer once the token has passed, as Slack checks the
// token first. It answers invalid_post_type, missing_post_type, invalid_charset,
// invalid_form_data, invalid_array_arg, invalid_json and json_not_object, and HTTP 413 for a
// body over the cap.
func readArgs(r *http.Request, c *call, schema *argSchema, anyBody bool) (p parsed, a *answer) {
	if p, a = readQuery(r.URL.RawQuery, schema); a != nil {
		return p, a
	}
	defer func() {
		if p.args == nil {
			p.args = map[string]any{} // as url.ParseQuery("") would give
		}
	}()
	if r.Method != http.MethodPost && !anyBody {
		return p, nil
	}
	buf := bodyBuffers.Get().(*[]byte)
	defer bodyBuffers.Put(buf)
	body, err := readBody(r, c.w, c.maxBody, buf)
	if err != nil {
		return p, bodyError(err)
	}
	p.weight += len(body)
	bt, a := readBodyType(r.Header.Get("Content-Type"), len(body) == 0)
	if a != nil {
		return p, a
	}
	c.warnings = append(c.warnings, bt.warnings...)
	switch {
	case bt.media == "": // no arguments: an empty body, whatever its type
		return p, nil
	case bt.media == mediaJSON:
		return p, readJSON(&p, body, bt.latin1, schema)
	default:
		return p, readForm(&p, body, bt, schema)
	}
}

// readQuery reads the arguments of a query string, less any token, which is never read.
// Without a query string (most calls) p.args stays nil until the body's arguments are read
// into a map of their own, which then becomes p.args (see merge).
func readQuery(raw string, schema *argSchema) (p parsed, a *answer) {
	p.weight = len(raw)
	if raw == "" {
		return p, nil
	}
	query, err := url.ParseQuery(raw)
	if err != nil {
		return p, fail(vocab.CodeInvalidFormData, "[ERROR] the query string cannot be parsed")
	}
	if a := arrayArgs(query); a != nil {
		return p, a
	}
	if _, ok := query["token"]; ok {
		p.queryToken = true
		delete(query, "token")
	}
	p.args, p.bad = schema.fromForm(firstValues(query))
	if len(query) > 0 {
		p.sentQuery = query.Encode()
	}
	return p, nil
}

// bodyError is the answer to a body that could not be read: HTTP 413 over the cap.
func bodyError(err error) *answer {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		a := fail(vocab.CodeInvalidFormData, fmt.Sprintf("[ERROR] the body is over %d bytes", tooBig.Limit))
		a.status = http.StatusRequestEntityTooLarge
		return a
	}
	return fail(vocab.CodeRequestTimeout, "[ERROR] the body could not be read")
}

// bodyType is how to read a body, from its Content-Type.
type bodyType struct {
	media    string            // mediaForm, mediaMultipart or mediaJSON; "" for no arguments
	params   map[string]string // the Content-Type's parameters, such as boundary
	latin1   bool              // the body is in ISO-8859-1
	warnings []string          // what Slack warns of the Content-Type
}

// readBodyType reads a Content-Type as Slack does: a form, multipart, JSON, or text/plain (read
// as a form, the body of a browser's simple request, which Slack lists as valid); in UTF-8 or
// ISO-8859-1. A form that names its charset gets superfluous_charset, and JSON that does not
// missing_charset. An empty body is a call without arguments whatever its type, as Python's
// slack_sdk sends one (application/json, no body), but a type Slack reads still earns its
// warnings.
func readBodyType(ct string, empty bool) (bodyType, *answer) {
	media, params, err := parseMediaType(ct)
	switch {
	case empty && (err != nil || !readable(media)):
		return bodyType{}, nil
	case ct == "":
		return bodyType{}, fail(vocab.CodeMissingPostType, "[ERROR] a body came without a Content-Type")
	case err != nil || !readable(media):
		return bodyType{}, fail(vocab.CodeInvalidPostType, "[ERROR] send application/x-www-form-urlencoded, multipart/form-data, application/json or text/plain (read as a form)")
	case media == mediaText:
		// Its charset says what the text is in, so it is not superfluous.
		media, params = mediaForm, maps.Clone(params)
		if isUTF8(params["charset"]) {
			delete(params, "charset")
		}
	}
	bt := bodyType{media: media, params: params}
	if a := bt.readCharset(); a != nil {
		if empty {
			return bodyType{}, nil
		}
		return bodyType{}, a
	}
	if empty {
		bt.media = ""
	}
	return bt, nil
}

// readCharset reads the charset of bt's Content-Type: UTF-8 or ISO-8859-1, else
// invalid_charset, with the warnings Slack gives: superfluous_charset for a form that names
// its charset, missing_charset for JSON that does not.
func (bt *bodyType) readCharset() *answer {
	cs, hasCharset := bt.params["charset"]
	bt.latin1 = strings.EqualFold(cs, "iso-8859-1")
	switch {
	case hasCharset && !bt.latin1 && !isUTF8(cs):
		return fail(vocab.CodeInvalidCharset, "[ERROR] the charset must be utf-8 or iso-8859-1")
	case bt.media == mediaJSON && !hasCharset:
		bt.warnings = []string{vocab.WarningMissingCharset}
	case bt.media != mediaJSON && hasCharset && !bt.latin1:
		// Forms are UTF-8 unless they say otherwise, so saying so is superfluous.
		bt.warnings = []string{vocab.WarningSuperfluousCharset}
	}
	return nil
}

// readable reports whether Slack reads a body of this media type.
func readable(media string) bool {
	return media == mediaForm || media == mediaMultipart || media == mediaJSON || media == mediaText
}

func isUTF8(charset string) bool {
	return strings.EqualFold(charset, "utf-8") || strings.EqualFold(charset, "utf8")
}

// readJSON reads the arguments of a JSON body, which must be an object, or null: the JSON of
// nothing, which openapi-generator's Go client sends for a call whose optional body is unset,
// is a call without arguments, as an empty body is. Its token, if any, is never read, so not
// judged either.
func readJSON(p *parsed, body []byte, latin1 bool, schema *argSchema) *answer {
	if string(bytes.TrimSpace(body)) == "null" {
		return nil
	}
	if latin1 {
		body, _ = charmap.ISO8859_1.NewDecoder().Bytes(body) // every byte is a character
	}
	obj, code := decodeObject(body)
	if code != "" {
		return fail(code)
	}
	delete(obj, "token")
	p.media, p.sentJSON = mediaJSON, string(body)
	args, bad := schema.fromJSON(obj)
	p.merge(args, bad)
	return nil
}

// readForm reads the arguments of a form or multipart body. A field given twice keeps its
// first value.
func readForm(p *parsed, body []byte, bt bodyType, schema *argSchema) *answer {
	p.media = bt.media
	var (
		form url.Values
		err  error
	)
	if bt.media == mediaForm {
		p.sentForm = string(body)
		if p.args == nil && !bt.latin1 {
			// Most calls: no query string, a form body with a few fields and no token.
			if args, bad, ok := schema.fromFormBody(p.sentForm); ok {
				p.args, p.bad = args, bad
				return nil
			}
		}
		form, err = url.ParseQuery(p.sentForm)
	} else {
		form, err = readMultipart(body, bt.params["boundary"])
	}
	if err != nil {
		return fail(vocab.CodeInvalidFormData, "[ERROR] the form body cannot be parsed")
	}
	if a := arrayArgs(form); a != nil {
		return a
	}
	form = firstValues(form)
	if bt.latin1 {
		form = fromLatin1(form)
	}
	if _, ok := form["token"]; ok || bt.media == mediaMultipart || bt.latin1 {
		rest := maps.Clone(form)
		delete(rest, "token")
		p.sentForm = rest.Encode()
	}
	args, bad := schema.fromForm(form)
	p.merge(args, bad)
	return nil
}

// arrayArgs answers invalid_array_arg when a field of a form or query string is named as an
// array in the PHP style, such as user_ids[] or profile[status_text]: what form encoders of
// nested values send (Node's request and qs, PHP's http_build_query), and what Slack refuses
// with that code, its arguments being strings. It answers nil when no field is; a field given
// twice is not an array (see firstValues).
func arrayArgs(form url.Values) *answer {
	first, open := "", 0 // the first such name in sort order, so that the message is always the same
	for name := range form {
		if i := strings.IndexByte(name, '['); i > 0 && strings.IndexByte(name[i:], ']') > 0 && (first == "" || name < first) {
			first, open = name, i
		}
	}
	if first == "" {
		return nil
	}
	return fail(vocab.CodeInvalidArrayArg, fmt.Sprintf(
		"[ERROR] %s is an array argument: send %s once, its value a string (for a list, comma-separated or a JSON array)",
		redact.Quote(first), redact.Quote(first[:open])))
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

// bodyBuffers hold the bodies of calls while they are read: every use of a body copies what
// it keeps (the form as a string, JSON values as decoded), so the buffer goes back once
// readArgs is done.
var bodyBuffers = sync.Pool{New: func() any { return new([]byte) }}

// maxPooledBody is the largest buffer put back in bodyBuffers: a call's body is a few dozen
// bytes, and a rare big one should not stay in the pool.
const maxPooledBody = 8 << 10

// readBody reads the body of the call, at most limit bytes (the cap), into buf (which it may grow),
// answering an *http.MaxBytesError for a body over the cap, as http.MaxBytesReader does. A
// body with a Content-Length within the cap cannot be longer when net/http serves it, so it
// is read without the reader (and its allocation); only a request built by hand can hold
// more than its Content-Length says, and more than the cap is refused the same way. The
// reader tells w's server to close the connection after answering a body over the cap.
func readBody(r *http.Request, w http.ResponseWriter, limit int64, buf *[]byte) ([]byte, error) {
	n := r.ContentLength
	if n < 0 || n > limit {
		return readAll(http.MaxBytesReader(w, r.Body, limit), min(n, limit), limit, buf)
	}
	b, err := readAll(r.Body, n, limit, buf)
	if err == nil && int64(len(b)) > limit {
		err = &http.MaxBytesError{Limit: limit}
	}
	return b, err
}

// readAll is io.ReadAll into buf, but starts with room for size bytes (the Content-Length,
// when known) instead of 512, as a call's body is a few dozen bytes, and stops once it has
// read more than limit bytes. buf keeps the grown buffer when it is small enough to pool.
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
	return mime.ParseMediaType(ct)
}

// utf8Charset is the parameters of a media type that says charset=utf-8, shared: nothing
// changes them.
var utf8Charset = map[string]string{"charset": "utf-8"}

// findToken finds the token of a call, as Slack does: the Authorization header, else a form
// body's token field; never the query string or a JSON body. It answers where it found it:
// "header", "form" or "".
func findToken(r *http.Request, p parsed) (token, from string) {
	if t, ok := bearer(r.Header.Get("Authorization")); ok {
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

// untyped types no argument: the arguments of a call refused before its method's checks are
// journaled as sent.
var untyped = &argSchema{types: map[string]string{}}

// noteSent notes in the journal entry of a call refused before its method's checks (an
// unknown method, an HTTP method Slack does not take) what it sent: its arguments, as far as
// they can be read, and where its token came from; never the token. The answer is the
// refusal alone: what reading the body would answer or warn is dropped.
func noteSent(c *call, r *http.Request) {
	warnings := c.warnings
	p, _ := readArgs(r, c, untyped, true)
	c.warnings = warnings
	c.entry.noteSent(p)
	_, c.entry.TokenFrom = findToken(r, p)
}

// common is s, as one of the constants below when it is one of them: the HTTP method and
// content type of most calls, which the journal then keeps without keeping the request's line
// and header values that they came in (a full journal holds 10,000 calls, which every garbage
// collection walks).
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

// noteSent keeps what a call sent, as readArgs read it, for Args.
func (e *Call) noteSent(p parsed) {
	e.sentQuery, e.sentForm, e.sentJSON, e.weight = p.sentQuery, p.sentForm, p.sentJSON, p.weight
}

package mock

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

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
	warnings []string // such as missing_charset, repeated on every answer
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
	r := gen.SlackResponse{Ok: code == ""}
	if code != "" {
		r = slackError(code, messages)
	}
	if len(c.warnings) > 0 {
		r.Warning = ptr(strings.Join(c.warnings, ","))
		if r.ResponseMetadata == nil {
			r.ResponseMetadata = &gen.ResponseMetadata{}
		}
		r.ResponseMetadata.Warnings = &c.warnings
	}
	return gen.AnswerJSONResponse(r)
}

// failure is a check's verdict: the answer the call gets instead of reaching its method.
type failure struct {
	status int
	resp   gen.SlackResponse
}

func fail(code api.ErrorCode, messages ...string) *failure {
	return &failure{status: http.StatusOK, resp: slackError(code, messages)}
}

// gate checks a call of method the way Slack does, in Slack's order: the transport (method,
// content type, body), then the token, scope and role, then the arguments against the
// spec. A call that fails a check is answered here and never reaches the method, so it
// changes nothing. A call that passes reaches the generated strict handler with its body
// normalised: the canonical content type, no query string, and for JSON the validated
// arguments, which the handler binds without decoding the body again.
func (s *Server) gate(method string) echo.MiddlewareFunc {
	schema := s.args[method]
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			cl := &call{method: method}
			media, body, args, bad, f := s.readArgs(c, schema, cl)
			if f == nil {
				f = s.authorize(req, media, args, cl)
			}
			if f == nil {
				if msgs := schema.check(args, bad); len(msgs) > 0 {
					f = fail(api.CodeInvalidArguments, msgs...)
				}
			}
			if f != nil {
				f.resp = gen.SlackResponse(cl.withWarnings(f.resp))
				return writeSlack(c, f.status, f.resp)
			}
			req.Header.Set(echo.HeaderContentType, media)
			req.URL.RawQuery = ""
			if media == mediaJSON {
				req.Body = &validatedBody{Reader: bytes.NewReader(body), value: args}
			} else {
				req.Body = io.NopCloser(bytes.NewReader(body))
			}
			c.SetRequest(req.WithContext(context.WithValue(req.Context(), callKey{}, cl)))
			return next(c)
		}
	}
}

// withWarnings adds the call's warnings to a failure's answer.
func (c *call) withWarnings(r gen.SlackResponse) gen.AnswerJSONResponse {
	if r.Error == nil {
		return c.answer("", nil)
	}
	var msgs []string
	if r.ResponseMetadata != nil && r.ResponseMetadata.Messages != nil {
		msgs = *r.ResponseMetadata.Messages
	}
	out := c.answer(api.ErrorCode(*r.Error), msgs)
	out.Needed, out.Provided = r.Needed, r.Provided
	return out
}

// readArgs reads and parses the body: its media type, the body itself, the arguments typed
// as the spec says, and the fields whose values do not fit (to answer once the token has
// passed, as Slack checks the token first). It answers invalid_post_type,
// missing_post_type, invalid_charset, invalid_form_data, invalid_json and json_not_object,
// and HTTP 413 for a body over the cap.
func (s *Server) readArgs(c echo.Context, schema *argSchema, cl *call) (media string, body []byte, args map[string]any, bad map[string]string, f *failure) {
	req := c.Request()
	body, err := io.ReadAll(http.MaxBytesReader(c.Response(), req.Body, s.maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return "", nil, nil, nil, &failure{status: http.StatusRequestEntityTooLarge,
				resp: slackError(api.CodeInvalidFormData, []string{fmt.Sprintf("[ERROR] the body is over %d bytes", tooBig.Limit)})}
		}
		return "", nil, nil, nil, fail(api.CodeRequestTimeout, "[ERROR] the body could not be read")
	}

	media, params, err := mime.ParseMediaType(req.Header.Get(echo.HeaderContentType))
	switch {
	case req.Header.Get(echo.HeaderContentType) == "":
		if len(body) > 0 {
			return "", nil, nil, nil, fail(api.CodeMissingPostType, "[ERROR] a body came without a Content-Type")
		}
		media = mediaForm // an empty POST is an empty form, as with curl -X POST
	case err != nil || (media != mediaForm && media != mediaJSON):
		return "", nil, nil, nil, fail(api.CodeInvalidPostType, "[ERROR] send application/x-www-form-urlencoded or application/json")
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "utf8") {
		return "", nil, nil, nil, fail(api.CodeInvalidCharset, "[ERROR] the charset must be utf-8")
	}

	if media == mediaJSON {
		if _, ok := params["charset"]; !ok {
			cl.warnings = append(cl.warnings, api.WarningMissingCharset)
		}
		if !json.Valid(body) {
			return "", nil, nil, nil, fail(api.CodeInvalidJSON)
		}
		if t := bytes.TrimLeft(body, " \t\r\n"); t[0] != '{' {
			return "", nil, nil, nil, fail(api.CodeJSONNotObject)
		}
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		if err := dec.Decode(&args); err != nil {
			return "", nil, nil, nil, fail(api.CodeInvalidJSON)
		}
		args, bad = schema.fromJSON(args)
	} else {
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return "", nil, nil, nil, fail(api.CodeInvalidFormData, "[ERROR] the form body cannot be parsed")
		}
		args, bad = schema.fromForm(form)
	}
	return media, body, args, bad, nil
}

// authorize finds the token (the Authorization header, else a form body's token field;
// never the query string or a JSON body) and checks it, the scope and the caller's role.
func (s *Server) authorize(req *http.Request, media string, args map[string]any, cl *call) *failure {
	token, fromHeader := bearer(req.Header.Get(echo.HeaderAuthorization))
	if !fromHeader && media == mediaForm {
		token, _ = args["token"].(string)
	}
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

// validatedBody is the request body the gate hands on for JSON calls. It carries the
// arguments the gate validated, which the generated strict handler binds through
// ValidatedValue (the interface kin-openapi's request filter uses) instead of decoding
// the JSON a second time.
type validatedBody struct {
	*bytes.Reader
	value map[string]any
}

// ValidatedValue returns the validated arguments.
func (b *validatedBody) ValidatedValue() any { return b.value }

// Close does nothing: the body is in memory.
func (b *validatedBody) Close() error { return nil }

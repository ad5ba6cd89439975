package mock

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/slack-contracts/admin-users-session/mock/internal/redact"
)

// argSchema checks the arguments of one method against the schema of its request body in
// openapi.yaml. It turns the raw arguments of either content type into JSON values typed as
// the schema says, then validates them with kin-openapi. The schema is looked up once, when
// the server starts; no router or second decode of the body is needed per call.
type argSchema struct {
	schema *openapi3.Schema
	types  map[string]string // property name → its JSON type ("integer", "boolean", "string")
	// notWhole is, for each integer property, what a value that is no int64 is told: the
	// whole numbers the schema allows.
	notWhole map[string]string
	// deprecated are the properties the schema marks deprecated, such as invalidate's
	// team_id, each with its x-deprecated-reason: a call that sends one and lacks a required
	// field is told the reason, which says what replaced it.
	deprecated map[string]string
}

// newArgSchema reads the schema of o's JSON body. An operation without a body (auth.test,
// api.test) takes no typed arguments: every argument it gets is a string.
func newArgSchema(o *openapi3.Operation) (*argSchema, error) {
	a := &argSchema{schema: &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeObject}}, types: map[string]string{}}
	if o.RequestBody == nil || o.RequestBody.Value == nil {
		return a, nil
	}
	mt := o.RequestBody.Value.Content.Get(mediaJSON)
	if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
		return nil, fmt.Errorf("no JSON request schema in the spec")
	}
	a.schema = mt.Schema.Value
	for name, p := range a.schema.Properties {
		if p.Value != nil && p.Value.Deprecated {
			if a.deprecated == nil {
				a.deprecated = map[string]string{}
			}
			reason, _ := p.Value.Extensions["x-deprecated-reason"].(string)
			a.deprecated[name] = reason
		}
		if p.Value != nil && p.Value.Type != nil && len(p.Value.Type.Slice()) == 1 {
			a.types[name] = p.Value.Type.Slice()[0]
			if a.types[name] == openapi3.TypeInteger {
				if a.notWhole == nil {
					a.notWhole = map[string]string{}
				}
				a.notWhole[name] = wholeNumbers(p.Value)
			}
		}
	}
	return a, nil
}

// fromForm types the values of a form or a query string: integers must be exact decimal
// int64s, booleans one of true, false, 1 or 0, and arrays a JSON array of strings (as the
// Node SDK sends them) or a comma-separated list (as the Python SDK does), the spellings
// Slack's SDKs send. A field given twice keeps its first value. Fields whose values do not
// fit come back in bad, with the message for each.
func (a *argSchema) fromForm(form url.Values) (args map[string]any, bad map[string]string) {
	args = make(map[string]any, len(form))
	for name, vals := range form {
		if len(vals) == 0 {
			continue
		}
		v, msg := a.typed(name, vals[0])
		if msg != "" {
			bad = addBad(bad, name, msg)
		}
		args[name] = v
	}
	return args, bad
}

// maxFastFields bounds the fields fromFormBody reads: far fewer than url.ParseQuery's own
// limit (10000 by default, GODEBUG urlmaxqueryparams), and than any call of the spec sends.
const maxFastFields = 64

// fromFormBody is fromForm(firstValues(url.ParseQuery(raw))) for the form body of most
// calls, without building the url.Values: it splits and unescapes the fields as
// url.ParseQuery does and types the first value of each. It answers ok false, and nothing
// else, for a body that url.ParseQuery would refuse, or with a token field, a name with a
// '[' or more than maxFastFields fields, which the caller reads the general way.
func (a *argSchema) fromFormBody(raw string) (args map[string]any, bad map[string]string, ok bool) {
	n := strings.Count(raw, "&") + 1
	if n > maxFastFields {
		return nil, nil, false
	}
	args = make(map[string]any, n)
	for raw != "" {
		var field string
		field, raw, _ = strings.Cut(raw, "&")
		if strings.Contains(field, ";") {
			return nil, nil, false
		}
		if field == "" {
			continue
		}
		name, value, _ := strings.Cut(field, "=")
		name, err := url.QueryUnescape(name)
		if err != nil || name == "token" || strings.IndexByte(name, '[') >= 0 {
			return nil, nil, false // including a name that may be an array's: see arrayArgs
		}
		if value, err = url.QueryUnescape(value); err != nil {
			return nil, nil, false
		}
		if _, seen := args[name]; seen {
			continue // a field given twice keeps its first value
		}
		v, msg := a.typed(name, value)
		if msg != "" {
			bad = addBad(bad, name, msg)
		}
		args[name] = v
	}
	return args, bad, true
}

func addBad(bad map[string]string, name, msg string) map[string]string {
	if bad == nil {
		bad = make(map[string]string)
	}
	bad[name] = msg
	return bad
}

func (a *argSchema) typed(name, raw string) (any, string) {
	switch a.types[name] {
	case openapi3.TypeInteger:
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return raw, invalidValue(name, a.notWhole[name])
		}
		return n, ""
	case openapi3.TypeBoolean:
		switch raw {
		case "true", "1":
			return true, ""
		case "false", "0":
			return false, ""
		}
		return raw, invalidValue(name, "must be true, false, 1 or 0")
	case openapi3.TypeArray:
		return formArray(name, raw)
	}
	return raw, ""
}

// formArray reads an array of strings from a form value: a JSON array of strings, or a
// comma-separated list (empty items left out).
func formArray(name, raw string) (any, string) {
	t := strings.TrimSpace(raw)
	if strings.HasPrefix(t, "[") {
		var list []string
		if err := json.Unmarshal([]byte(t), &list); err != nil {
			return raw, invalidValue(name, "must be a JSON array of strings or a comma-separated list")
		}
		out := make([]any, len(list))
		for i, v := range list {
			out[i] = v
		}
		return out, ""
	}
	out := []any{}
	for _, v := range strings.Split(t, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out, ""
}

// fromJSON types the members of a JSON object decoded with UseNumber: an integer must be a
// number literal that is an exact int64 (not 1e3, 1.5 or 2^63); null means "use the
// default" and is dropped. Other types are left for the schema to judge.
func (a *argSchema) fromJSON(obj map[string]any) (args map[string]any, bad map[string]string) {
	for name, v := range obj {
		if v == nil {
			delete(obj, name)
			continue
		}
		num, isNum := v.(json.Number)
		if a.types[name] != openapi3.TypeInteger || !isNum {
			continue
		}
		n, err := strconv.ParseInt(string(num), 10, 64)
		if err != nil {
			bad = addBad(bad, name, invalidValue(name, a.notWhole[name]))
			continue
		}
		obj[name] = n
	}
	return obj, bad
}

// wholeNumbers says which whole numbers an integer schema allows: from its minimum (or
// -2^63) to its maximum (or 2^63-1).
func wholeNumbers(s *openapi3.Schema) string {
	lo, hi := strconv.FormatInt(math.MinInt64, 10), strconv.FormatInt(math.MaxInt64, 10)
	if s.Min != nil {
		lo = strconv.FormatFloat(*s.Min, 'f', -1, 64)
	}
	if s.Max != nil {
		hi = strconv.FormatFloat(*s.Max, 'f', -1, 64)
	}
	return "must be a whole number from " + lo + " to " + hi
}

// check validates typed arguments against the schema with kin-openapi, and answers every
// problem, one message per field, sorted. bad holds the fields typing already found at
// fault, with their messages, which take the place of the schema's for those fields.
func (a *argSchema) check(args map[string]any, bad map[string]string) []string {
	msgs := make([]string, 0, len(bad))
	for _, m := range bad {
		msgs = append(msgs, m)
	}
	if err := a.schema.VisitJSON(args, openapi3.MultiErrors()); err != nil {
		for _, e := range flatten(err) {
			var se *openapi3.SchemaError
			if !errors.As(e, &se) {
				msgs = append(msgs, "[ERROR] "+redact.Tokens(e.Error()))
				continue
			}
			field := "the arguments"
			if p := se.JSONPointer(); len(p) > 0 {
				field = p[0]
			}
			// The name is the client's (api.test takes any): a token sent as a name stays out.
			shown := redact.Tokens(field)
			switch {
			case bad[field] != "":
			case se.SchemaField == "required":
				msgs = append(msgs, "[ERROR] missing required field: "+field)
				for d, reason := range a.deprecated {
					if _, sent := args[d]; sent {
						msgs = append(msgs, strings.TrimSuffix("[ERROR] "+d+" is deprecated: "+reason, ": "))
					}
				}
			case se.SchemaField == "maximum" && se.Schema.Max != nil:
				msgs = append(msgs, invalidValue(field, "must be at most "+strconv.FormatFloat(*se.Schema.Max, 'f', -1, 64)))
			case se.SchemaField == "minimum" && se.Schema.Min != nil:
				msgs = append(msgs, invalidValue(field, "must be at least "+strconv.FormatFloat(*se.Schema.Min, 'f', -1, 64)))
			default:
				msgs = append(msgs, invalidValue(shown, redact.Tokens(se.Reason)))
			}
		}
	}
	slices.Sort(msgs)
	return slices.Compact(msgs)
}

func invalidValue(field, why string) string {
	return fmt.Sprintf("[ERROR] invalid value for field %s: %s", field, why)
}

// flatten unpacks kin-openapi's nested MultiErrors into single errors.
func flatten(err error) []error {
	var me openapi3.MultiError
	if !errors.As(err, &me) {
		return []error{err}
	}
	var out []error
	for _, e := range me {
		out = append(out, flatten(e)...)
	}
	return out
}

package mock

import (
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/slack-contracts/admin-users-session/gen"
)

// TestSurelyValidAgreesWithKinOpenAPI checks the fast path of argSchema.check: what it
// passes without kin-openapi, kin-openapi passes too, and it does pass the usual calls, so
// that they do not pay for a schema walk.
func TestSurelyValidAgreesWithKinOpenAPI(t *testing.T) {
	doc, err := gen.GetSpec()
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string][]struct {
		args map[string]any
		fast bool // whether the fast path must pass it
	}{
		MethodReset: {
			{map[string]any{"user_id": "W0BOB0001"}, true},
			{map[string]any{"user_id": "W0BOB0001", "mobile_only": true}, true},
			{map[string]any{"user_id": "W0BOB0001", "web_only": false, "token": "xoxp-1", "extra": "1"}, true},
			{map[string]any{"user_id": "Ŵ"}, true},
			{map[string]any{"user_id": ""}, false},
			{map[string]any{"mobile_only": true}, false},
			{map[string]any{"user_id": "W0BOB0001", "mobile_only": "true"}, false},
			{map[string]any{"user_id": 5.0}, false},
			{map[string]any{"user_id": []any{"W0BOB0001"}}, false},
			{map[string]any{}, false},
		},
		MethodInvalidate: {
			{map[string]any{"team_id": "T0DEMO001", "session_id": int64(1112275520242)}, true},
			{map[string]any{"team_id": "E0DEMO001", "session_id": int64(-1), "user_id": "W0ALICE01"}, true},
			{map[string]any{"team_id": "T0DEMO001", "session_id": 12.5}, false},
			{map[string]any{"team_id": "T0DEMO001", "session_id": "12"}, false},
			{map[string]any{"team_id": "T0DEMO001"}, false},
			{map[string]any{"team_id": "", "session_id": int64(1)}, false},
			{map[string]any{"team_id": "T0DEMO001", "session_id": int64(1), "user_id": ""}, false},
			{map[string]any{"team_id": true, "session_id": int64(1)}, false},
		},
	}
	for method, cs := range cases {
		a, err := newArgSchema(doc, method)
		if err != nil {
			t.Fatal(err)
		}
		if a.plain == nil {
			t.Fatalf("%s: the request schema is no longer plain, so every call walks it with kin-openapi: extend plainProperties or drop this check", method)
		}
		for _, c := range cs {
			fast := a.surelyValid(c.args)
			if fast != c.fast {
				t.Errorf("%s %v: surelyValid = %v, want %v", method, c.args, fast, c.fast)
			}
			if err := a.schema.VisitJSON(c.args, openapi3.MultiErrors()); fast && err != nil {
				t.Errorf("%s %v: the fast path passes what kin-openapi refuses: %v", method, c.args, err)
			}
		}
	}
}

// TestPlainPropertiesRefusesWhatItCannotCheck checks that a schema with any keyword the fast
// path does not know is left to kin-openapi.
func TestPlainPropertiesRefusesWhatItCannotCheck(t *testing.T) {
	str := func(edit func(*openapi3.Schema)) *openapi3.Schema {
		s := openapi3.NewStringSchema().WithMinLength(1)
		s.Description, s.Example = "a user", "W0BOB0001"
		if edit != nil {
			edit(s)
		}
		return s
	}
	object := func(prop *openapi3.Schema, edit func(*openapi3.Schema)) *openapi3.Schema {
		o := openapi3.NewObjectSchema().WithProperty("user_id", prop).WithProperty("n", openapi3.NewInt64Schema()).
			WithProperty("b", openapi3.NewBoolSchema())
		o.Required = []string{"user_id"}
		if edit != nil {
			edit(o)
		}
		return o
	}
	if plainProperties(object(str(nil), nil)) == nil {
		t.Fatal("a plain schema is not seen as plain")
	}
	for name, s := range map[string]*openapi3.Schema{
		"pattern":              object(str(func(s *openapi3.Schema) { s.Pattern = "^W" }), nil),
		"maxLength":            object(str(func(s *openapi3.Schema) { s.WithMaxLength(9) }), nil),
		"enum":                 object(str(func(s *openapi3.Schema) { s.Enum = []any{"W0BOB0001"} }), nil),
		"format":               object(str(func(s *openapi3.Schema) { s.Format = "email" }), nil),
		"nullable":             object(str(func(s *openapi3.Schema) { s.Nullable = true }), nil),
		"int32":                object(openapi3.NewInt32Schema(), nil),
		"minimum":              object(openapi3.NewIntegerSchema().WithMin(1), nil),
		"number":               object(openapi3.NewFloat64Schema(), nil),
		"array":                object(openapi3.NewArraySchema().WithItems(openapi3.NewStringSchema()), nil),
		"additionalProperties": object(str(nil), func(o *openapi3.Schema) { o.WithAnyAdditionalProperties().AdditionalProperties.Has = new(bool) }),
		"maxProperties":        object(str(nil), func(o *openapi3.Schema) { o.WithMaxProperties(2) }),
		"allOf":                object(str(nil), func(o *openapi3.Schema) { o.AllOf = openapi3.SchemaRefs{{Value: openapi3.NewObjectSchema()}} }),
		"not an object":        str(nil),
	} {
		if plainProperties(s) != nil {
			t.Errorf("a schema with %s is seen as plain", name)
		}
	}
}

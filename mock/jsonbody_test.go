package mock

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/slack-contracts/admin-users-session/api"
	"github.com/slack-contracts/admin-users-session/api/vocab"
)

// jsonBodySeeds are bodies for comparing decodeObject with encoding/json.
var jsonBodySeeds = []string{
	`{}`, ` { } `, "{\n\t\"user_id\" : \"W0BOB0001\" ,\r\n \"mobile_only\" : true }\n",
	`{"user_id":"W0BOB0001","session_id":7770000000001}`,
	`{"user_id":"W0BOB0001","mobile_only":true,"web_only":false,"team_id":null}`,
	`{"user_ids":["W1","W2"],"duration":28800,"desktop_app_browser_quit":true}`,
	`{"user_ids":[],"a":[1,-2,3.5,1e3,-0,0.5E-7,true,null,"x"]}`,
	`{"a":1,"a":2}`, `{"a":"x","a":["y"]}`,
	`{"n":01}`, `{"n":-}`, `{"n":-[1]}`, `{"n":1.}`, `{"n":.5}`, `{"n":1e}`, `{"n":1e+}`, `{"n":+1}`, `{"n":0x1}`,
	`{"n":1,}`, `{,}`, `{"a"}`, `{"a":}`, `{"a" 1}`, `{"a":1 "b":2}`, `{"a":1}}`, `{"a":1} x`, `{"a":1}{}`,
	`{"a":[1,]}`, `{"a":[,1]}`, `{"a":[1 2]}`, `{"a":[[1]]}`, `{"a":[{}]}`, `{"a":{}}`, `{"a":{"b":1}}`,
	`{"a":"\u0041"}`, `{"a":"x\"y"}`, `{"\u0061":1}`, `{"a":"é"}`, "{\"a\":\"\xff\"}", "{\"a\":\"x\ty\"}",
	`{"a":tru}`, `{"a":nul}`, `{"a":true1}`, `{"a":truex}`, `{"a":"x"`, `{"a":`, `{"a"`, `{`, ``, ` `, `[]`, `"x"`, `1`, `null`,
	`{"token":"xoxp-x","user_id":"W1"}`, `{"a":123456789012345678901234567890}`, `{"a":-9223372036854775809}`,
	// Nesting as deep as encoding/json takes (10000 levels), and deeper.
	`{"a":` + strings.Repeat("[", 9999) + strings.Repeat("]", 9999) + `}`,
	`{"a":` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + `}`,
}

// TestDecodeObject checks that decodeObject decodes every seed as encoding/json does, or
// refuses it with the code its reading by encoding/json gives.
func TestDecodeObject(t *testing.T) {
	for _, seed := range jsonBodySeeds {
		compareJSONBody(t, []byte(seed))
	}
}

// FuzzDecodeObject compares decodeObject with encoding/json on any body.
func FuzzDecodeObject(f *testing.F) {
	for _, seed := range jsonBodySeeds {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) { compareJSONBody(t, body) })
}

// compareJSONBody checks decodeObject against encoding/json with UseNumber: the same
// object, or, where encoding/json refuses the body or finds no object in it, invalid_json
// or json_not_object.
func compareJSONBody(t *testing.T, body []byte) {
	t.Helper()
	got, code := decodeObject(body)
	var want map[string]any
	var wantCode api.ErrorCode
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	switch {
	case !json.Valid(body):
		wantCode = vocab.CodeInvalidJSON
	case dec.Decode(&v) != nil:
		t.Fatalf("%q: valid, but encoding/json does not decode it", body)
	default:
		var ok bool
		if want, ok = v.(map[string]any); !ok {
			wantCode = vocab.CodeJSONNotObject
		}
	}
	switch {
	case wantCode != "":
		if code != wantCode {
			t.Errorf("%q: decodeObject answered %#v, %q; want %s", body, got, code, wantCode)
		}
	case code != "":
		t.Errorf("%q: decodeObject refused it (%s); encoding/json decodes %#v", body, code, want)
	case !reflect.DeepEqual(got, want):
		t.Errorf("%q: decodeObject decoded %#v, encoding/json %#v", body, got, want)
	}
}

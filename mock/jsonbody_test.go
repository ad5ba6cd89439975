package mock

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// jsonBodySeeds are bodies for comparing decodeFlatObject with encoding/json.
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
}

// TestDecodeFlatObject checks that decodeFlatObject, where it takes a body, decodes what
// decodeObject's general way does.
func TestDecodeFlatObject(t *testing.T) {
	for _, seed := range jsonBodySeeds {
		compareFlat(t, []byte(seed))
	}
	for _, taken := range jsonBodySeeds[:7] {
		if _, ok := decodeFlatObject([]byte(taken)); !ok {
			t.Errorf("decodeFlatObject refused %s", taken)
		}
	}
}

// FuzzDecodeFlatObject compares decodeFlatObject with encoding/json on any body.
func FuzzDecodeFlatObject(f *testing.F) {
	for _, seed := range jsonBodySeeds {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) { compareFlat(t, body) })
}

func compareFlat(t *testing.T, body []byte) {
	t.Helper()
	got, ok := decodeFlatObject(body)
	if !ok {
		return
	}
	if !json.Valid(body) {
		t.Fatalf("%q: decodeFlatObject took a body that is not JSON", body)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var want map[string]any
	if err := dec.Decode(&want); err != nil || dec.More() {
		t.Fatalf("%q: decodeFlatObject took it, encoding/json answers %v", body, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%q: decodeFlatObject decoded %#v, encoding/json %#v", body, got, want)
	}
}

package mock

import (
	"bytes"
	"encoding/json"
	"io"
	"sync"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/slack-contracts/admin-users-session/api/vocab"
)

// decodeObject decodes a JSON body that must be an object, in one pass of jsontext's tokens,
// into what kin-openapi validates: the value encoding/json decodes into a map[string]any
// with UseNumber (a number as its literal, so that ids keep every digit; a repeated name's
// last value; invalid UTF-8 in a string as U+FFFD). A body that is not JSON is
// invalid_json, and JSON that is not an object json_not_object, as Slack answers them: the
// code is "" for an object.
func decodeObject(body []byte) (map[string]any, vocab.ErrorCode) {
	d := bodyDecoders.Get().(*jsontext.Decoder)
	defer bodyDecoders.Put(d)
	d.Reset(bytes.NewReader(body), bodyOptions...)
	if d.PeekKind() != '{' {
		if jsontext.Value(body).IsValid(bodyOptions...) {
			return nil, vocab.CodeJSONNotObject
		}
		return nil, vocab.CodeInvalidJSON
	}
	v, ok := readAny(d)
	if _, err := d.ReadToken(); !ok || err != io.EOF {
		return nil, vocab.CodeInvalidJSON
	}
	return v.(map[string]any), ""
}

// bodyOptions read a JSON body as encoding/json does: a name may repeat, and a string may
// hold invalid UTF-8.
var bodyOptions = []jsontext.Options{jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true)}

// bodyDecoders keep the decoders of decodeObject, and their buffers, between calls.
var bodyDecoders = sync.Pool{New: func() any { return new(jsontext.Decoder) }}

// readAny reads the value that d is at as encoding/json decodes one into an any with
// UseNumber, or answers false at a syntax error.
func readAny(d *jsontext.Decoder) (any, bool) {
	switch d.PeekKind() {
	case '{':
		if _, err := d.ReadToken(); err != nil {
			return nil, false
		}
		obj := make(map[string]any, 4)
		for d.PeekKind() != '}' {
			tok, err := d.ReadToken()
			if err != nil {
				return nil, false
			}
			name := tok.String() // before the next read, which reuses the token's bytes
			v, ok := readAny(d)
			if !ok {
				return nil, false
			}
			obj[name] = v
		}
		_, err := d.ReadToken()
		return obj, err == nil
	case '[':
		if _, err := d.ReadToken(); err != nil {
			return nil, false
		}
		list := []any{}
		for d.PeekKind() != ']' {
			v, ok := readAny(d)
			if !ok {
				return nil, false
			}
			list = append(list, v)
		}
		_, err := d.ReadToken()
		return list, err == nil
	case '0':
		v, err := d.ReadValue()
		return json.Number(v), err == nil
	}
	tok, err := d.ReadToken()
	if err != nil {
		return nil, false
	}
	switch tok.Kind() {
	case '"':
		return tok.String(), true
	case 't', 'f':
		return tok.Bool(), true
	}
	return nil, true // null
}

package mock

import (
	"bytes"
	"encoding/json"
	"io"
	"sync"

	"github.com/go-json-experiment/json/jsontext"
)

// decodeFlatObject is what decodeObject answers for the JSON body of a call, read in one
// pass of jsontext's tokens: the object as encoding/json decodes it into a map[string]any
// with UseNumber (a number as its literal, a repeated name's last value). It answers false
// for a body that is not a JSON object of valid UTF-8, which decodeObject then reads the
// general way, to word its error or to read its invalid UTF-8 as encoding/json does.
func decodeFlatObject(body []byte) (map[string]any, bool) {
	d := bodyDecoders.Get().(*jsontext.Decoder)
	defer bodyDecoders.Put(d)
	d.Reset(bytes.NewReader(body), jsontext.AllowDuplicateNames(true))
	if d.PeekKind() != '{' {
		return nil, false
	}
	v, ok := readAny(d)
	if _, err := d.ReadToken(); !ok || err != io.EOF {
		return nil, false
	}
	return v.(map[string]any), true
}

// bodyDecoders keep the decoders of decodeFlatObject, and their buffers, between calls.
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

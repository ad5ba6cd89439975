package mock

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v4"
)

// This file says what is wrong with a fixture that ParseFixture refuses, in the terms of the
// document a person wrote: the line and column of a syntax error, and the field of a value
// of the wrong type, such as `sessions[2].session_id: want a whole number, got "abc"`, never
// the Go types that hold it.

// jsonSyntaxError answers where and why data, a JSON document, does not parse, such as
// "line 3, column 5: invalid character '}' looking for a value", or nil when err is no
// syntax error.
func jsonSyntaxError(data []byte, err error) error {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		why := strings.TrimPrefix(se.Error(), "json: ")
		why = strings.Replace(why, "looking for beginning of", "looking for the start of", 1)
		return fmt.Errorf("%s: %s", position(data, int(se.Offset)-1), why)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%s: the document ends before all its { and [ are closed", position(data, len(bytes.TrimRight(data, " \t\r\n"))))
	}
	return nil
}

// position answers "line L, column C" of the byte at offset in data, counting from 1 and in
// characters, as editors do.
func position(data []byte, offset int) string {
	offset = max(0, min(offset, len(data)))
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:]) + 1
	return fmt.Sprintf("line %d, column %d", line, col)
}

// yamlSyntaxError answers where and why a YAML document does not parse, such as "line 2,
// column 1: did not find expected ',' or ']' (while parsing a flow sequence at line 1,
// column 8)", from the error of yaml.Unmarshal.
func yamlSyntaxError(err error) error {
	var le *yaml.LoadError
	if !errors.As(err, &le) || le.Mark.Line == 0 {
		return err
	}
	msg := fmt.Sprintf("line %d, column %d: %s", le.Mark.Line, le.Mark.Column, le.Message)
	if c := le.ContextMark; le.ContextMsg != "" && c.Line > 0 && (c.Line != le.Mark.Line || c.Column != le.Mark.Column) {
		msg += fmt.Sprintf(" (%s at line %d, column %d)", le.ContextMsg, c.Line, c.Column)
	}
	return errors.New(msg)
}

// inTerms rewrites err, the error of decoding raw (the JSON of the part of the fixture named
// where, such as "sessions[2]", or "" for the whole document), in the fixture's terms.
func inTerms(where string, raw []byte, err error) error {
	var te *json.UnmarshalTypeError
	var pe *time.ParseError
	switch {
	case errors.As(err, &te):
		path, got := valueAt(raw, te.Field, te.Value)
		if path = join(where, path); path == "" {
			path = "the document"
		}
		return fmt.Errorf("%s: want %s, got %s", path, want(te.Type, got), got)
	case errors.As(err, &pe):
		path, _ := pathOf(decodeAny(raw), pe.Value)
		return fmt.Errorf("%s: want a time such as 2026-11-02T09:15:00Z, got %q", join(where, path), pe.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		msg := strings.TrimPrefix(err.Error(), "json: ")
		if where == "" {
			return fmt.Errorf("%s (a fixture has %s)", msg, strings.Join(jsonNames(reflect.TypeFor[Fixture]()), ", "))
		}
		return fmt.Errorf("%s: %s", where, msg)
	}
	if where == "" {
		return err
	}
	return fmt.Errorf("%s: %w", where, err)
}

// join answers the path of field within where: "sessions[2]" and "session_id" make
// "sessions[2].session_id".
func join(where, field string) string {
	switch {
	case where == "":
		return field
	case field == "":
		return where
	case strings.HasPrefix(field, "["):
		return where + field
	}
	return where + "." + field
}

// valueAt finds the value of field (dotted, as encoding/json names it: "created.ip") in raw,
// and answers its full path, with the index of the list entry at fault when the field is a
// list ("scopes[1]"), and the value as the document spells it ("abc" quoted, 12, a list, an
// object). kind is the JSON kind encoding/json found ("string", "number 1.5"), what the
// answer falls back to when raw does not hold field.
func valueAt(raw []byte, field, kind string) (path string, got string) {
	v := decodeAny(raw)
	path = field
	for _, name := range strings.Split(field, ".") {
		obj, ok := v.(map[string]any)
		if !ok || name == "" {
			return field, article(kind)
		}
		if v, ok = obj[name]; !ok {
			return field, article(kind)
		}
	}
	// A list whose entries must be of another kind: name the first entry of the wrong kind.
	if list, ok := v.([]any); ok && !strings.HasPrefix(kind, "array") {
		for i, e := range list {
			if strings.HasPrefix(kind, kindOf(e)) {
				return fmt.Sprintf("%s[%d]", path, i), spell(e)
			}
		}
	}
	return path, spell(v)
}

// pathOf answers the path of the first string in v equal to s, such as "created_at".
func pathOf(v any, s string) (string, bool) {
	switch v := v.(type) {
	case string:
		return "", v == s
	case map[string]any:
		for k, e := range v {
			if p, ok := pathOf(e, s); ok {
				return join(k, p), true
			}
		}
	case []any:
		for i, e := range v {
			if p, ok := pathOf(e, s); ok {
				return join("["+strconv.Itoa(i)+"]", p), true
			}
		}
	}
	return "", false
}

// decodeAny decodes raw as it is written, numbers as their text; nil if it does not decode.
func decodeAny(raw []byte) any {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return nil
	}
	return v
}

// kindOf answers the JSON kind of v, as encoding/json names kinds in its errors.
func kindOf(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case json.Number:
		return "number"
	case bool:
		return "bool"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "null"
}

// spell answers v as a person reads it in the document: a string quoted, a number or a bool
// as written, and a list or an object by its kind.
func spell(v any) string {
	switch v := v.(type) {
	case string:
		if utf8.RuneCountInString(v) > 40 {
			v = string([]rune(v)[:40]) + "…"
		}
		return strconv.Quote(v)
	case json.Number:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	case nil:
		return "null"
	}
	return article(kindOf(v))
}

// article answers a JSON kind in words: "array" is "a list", "number 1.5" is "1.5".
func article(kind string) string {
	k, literal, _ := strings.Cut(kind, " ")
	if literal != "" {
		return literal
	}
	switch k {
	case "array":
		return "a list"
	case "object":
		return "an object"
	case "bool":
		return "true or false"
	}
	return "a " + k
}

// want says what a value of type t is in the document, such as "a whole number"; got, what
// the document has, makes the range of a whole number part of the answer when it is a
// number out of that range or not whole.
func want(t reflect.Type, got string) string {
	switch t.Kind() {
	case reflect.Pointer:
		return want(t.Elem(), got)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if _, err := strconv.ParseFloat(got, 64); err == nil {
			lo := int64(-1) << (t.Bits() - 1)
			return fmt.Sprintf("a whole number from %d to %d", lo, -(lo + 1))
		}
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Struct, reflect.Map:
		if t == reflect.TypeFor[time.Time]() {
			return "a time such as 2026-11-02T09:15:00Z"
		}
		return "an object"
	}
	return "another value"
}

// jsonNames answers the names the fields of struct type t have in JSON.
func jsonNames(t reflect.Type) []string {
	var names []string
	for i := range t.NumField() {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); name != "" && name != "-" {
			names = append(names, name)
		}
	}
	return names
}

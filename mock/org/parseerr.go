package org

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"go.yaml.in/yaml/v4"

	"github.com/slack-contracts/admin-users-session/mock/internal/redact"
)

// This file says what is wrong with a fixture that ParseFixture refuses, in the terms of the
// document a person wrote: the line and column of a syntax error, and the field of a value
// of the wrong type, such as `sessions[2].session_id: want a whole number, got "abc"`, never
// the Go types that hold it.

// decodeError rewrites err, the error of decoding data (a fixture as JSON) into a Fixture,
// in the fixture's terms. The json package names the value at fault by its JSON pointer
// and byte offset, so no second pass is needed to find it.
func decodeError(data []byte, err error) error {
	var (
		syn *jsontext.SyntacticError
		sem *json.SemanticError
	)
	switch {
	case errors.As(err, &syn) && errors.Is(syn.Err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%s: the document ends before all its { and [ are closed", position(data, len(bytes.TrimRight(data, " \t\r\n"))))
	case errors.As(err, &syn) && errors.Is(syn.Err, jsontext.ErrDuplicateName):
		msg := fmt.Sprintf("%s: %s is given twice", position(data, int(syn.ByteOffset)), redact.Quote(syn.JSONPointer.LastToken()))
		if parent := syn.JSONPointer.Parent(); parent != "" {
			msg += " in " + fieldPath(parent)
		}
		return errors.New(msg)
	case errors.As(err, &syn):
		return fmt.Errorf("%s: %s", position(data, int(syn.ByteOffset)), syn.Err)
	case errors.As(err, &sem) && errors.Is(sem.Err, json.ErrUnknownName):
		name, parent := sem.JSONPointer.LastToken(), sem.JSONPointer.Parent()
		if parent == "" {
			return fmt.Errorf("unknown field %s (a fixture has %s)", redact.Quote(name), strings.Join(jsonNames(reflect.TypeFor[Fixture]()), ", "))
		}
		return fmt.Errorf("%s: unknown field %s", fieldPath(parent), redact.Quote(name))
	case errors.As(err, &sem):
		got := spell(valueAt(data, sem.ByteOffset))
		path := fieldPath(sem.JSONPointer)
		if path == "" {
			path = "the document"
		}
		return fmt.Errorf("%s: want %s, got %s", path, want(sem.GoType, got), got)
	}
	return err
}

// fieldPath answers where p points in the fixture's terms: "/sessions/2/session_id" is
// "sessions[2].session_id". A fixture's members are names and its lists' entries numbers.
func fieldPath(p jsontext.Pointer) string {
	var b strings.Builder
	for tok := range p.Tokens() {
		if _, err := strconv.Atoi(tok); err == nil {
			b.WriteString("[" + tok + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(redact.Tokens(tok))
	}
	return b.String()
}

// valueAt answers the JSON value that starts at offset in data, or nil where none does.
func valueAt(data []byte, offset int64) jsontext.Value {
	if offset < 0 || offset >= int64(len(data)) {
		return nil
	}
	v, err := jsontext.NewDecoder(bytes.NewReader(data[offset:])).ReadValue()
	if err != nil {
		return nil
	}
	return v
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

// spell answers v as a person reads it in the document: a string quoted (cut after 40
// characters), a number, a bool or null as written, and a list or an object by its kind.
func spell(v jsontext.Value) string {
	switch v.Kind() {
	case '"':
		var s string
		_ = json.Unmarshal(v, &s) // v is a whole string: it was read as one
		if utf8.RuneCountInString(s) > 40 {
			s = string([]rune(s)[:40]) + "…"
		}
		return redact.Quote(s)
	case '0', 't', 'f', 'n':
		return string(v)
	case '[':
		return "a list"
	case '{':
		return "an object"
	}
	return "nothing"
}

// want says what a value of type t is in the document, such as "a whole number"; got, what
// the document has, makes the range of a whole number part of the answer when it is a
// number out of that range or not whole.
func want(t reflect.Type, got string) string {
	if t == nil {
		return "another value"
	}
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

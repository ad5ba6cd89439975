package api

import (
	"errors"
	"slices"
	"strconv"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/slack-contracts/admin-users-session/gen"
)

// This file reads Slack's answers: the members every answer has, as Slack's own SDKs read
// them, and why an answer that does not decode is not a Slack answer, without a word of what
// the decoder read.

// asSDKsRead are the options of decoding an answer as Slack's own SDKs read it (JSON.parse
// in Node, json.loads in Python): member names match exactly (the json package's default),
// a repeated member's last value wins (a repeated object's members are merged into the
// first's, where the SDKs keep only the last), and a string's invalid UTF-8 is read, not
// refused.
// encoding/json would match names case-insensitively, and so take {"Ok":true}, which no
// Slack SDK reads as a success, for one.
var asSDKsRead = json.JoinOptions(jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))

// readAnswer decodes the members every answer may have. Numbers are read into the types
// the spec gives them, so that ids past 2^53 keep every digit.
func readAnswer(body []byte) (answer, error) {
	var a answer
	err := json.Unmarshal(body, &a, asSDKsRead)
	if se := (*json.SemanticError)(nil); errors.As(err, &se) && se.JSONPointer == "" {
		return a, errNotObject
	}
	return a, err
}

// unreadable is why an answer could not be decoded, told without anything the decoder took
// from the body: where (the byte offset) and what kind of fault. The json package's own text
// names the members on the way to the fault (a JSON pointer of decoded names) and may quote
// the value at fault, so a server that spelled the token with JSON escapes
// ("\u0078oxp-…"), which the raw body's redaction cannot see, would get it into Error().
// What is kept of a syntax error quotes at most one character or escape sequence, raw.
func unreadable(err error) error {
	var (
		syn *jsontext.SyntacticError
		sem *json.SemanticError
	)
	switch {
	case errors.As(err, &syn):
		return &decodeError{offset: syn.ByteOffset, problem: syn.Err.Error()}
	case errors.As(err, &sem):
		what := "a JSON " + jsonKind(sem.JSONKind)
		if sem.GoType != nil {
			what += " where the answer has " + sem.GoType.String()
		}
		if errors.Is(sem.Err, strconv.ErrRange) {
			what += ", out of its range"
		}
		return &decodeError{offset: sem.ByteOffset, problem: what}
	case errors.Is(err, errNotObject):
		return err
	}
	return errors.New("the body is not JSON the client can read")
}

// decodeError is what unreadable keeps of a decoder's error: where and what, never what the
// body holds.
type decodeError struct {
	offset  int64  // the byte of the body where the fault was found
	problem string // such as "invalid character ']' after object name (expecting ':')"
}

// Error reads, for example, "at byte 30: invalid character ']' after object name
// (expecting ':')".
func (e *decodeError) Error() string {
	return "at byte " + strconv.FormatInt(e.offset, 10) + ": " + e.problem
}

// errNotObject is readAnswer's error for JSON that is not an object.
var errNotObject = errors.New("the body is JSON, but not an object")

// jsonKind names a JSON kind as jsontext.Kind spells it.
func jsonKind(k jsontext.Kind) string {
	switch k {
	case 'n':
		return "null"
	case 't', 'f':
		return "boolean"
	case '"':
		return "string"
	case '0':
		return "number"
	case '{', '}':
		return "object"
	case '[', ']':
		return "array"
	}
	return "value"
}

// answer is Slack's answer as the spec has it, with "ok" read as a pointer to tell a
// missing "ok" (not a Slack answer) from false. Its Ok hides the embedded one.
type answer struct {
	gen.SlackResponse
	Ok *bool `json:"ok"`
}

// redact passes every string of the answer through f.
func (a *answer) redact(f func(string) string) {
	for _, p := range []*string{a.Error, a.Needed, a.Provided, a.Warning} {
		if p != nil {
			*p = f(*p)
		}
	}
	if md := a.ResponseMetadata; md != nil {
		for _, l := range []*[]string{md.Messages, md.Warnings} {
			if l != nil {
				for i, s := range *l {
					(*l)[i] = f(s)
				}
			}
		}
	}
}

// warnings merges "warning" and "response_metadata.warnings", without repeats.
func (a *answer) warnings() []string {
	out := splitList(a.Warning)
	if md := a.ResponseMetadata; md != nil && md.Warnings != nil {
		for _, w := range *md.Warnings {
			if w != "" && !slices.Contains(out, w) {
				out = append(out, w)
			}
		}
	}
	return out
}

package org

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime/debug"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"go.yaml.in/yaml/v4"
)

// ParseFixture reads a fixture in JSON or YAML, refuses fields it does not know, fills the
// defaults (a user's role, a token's type) and checks its rules, so that a fixture it
// returns can be loaded. Its errors name the entry at fault, such as
// `sessions[2]: user_id "W0NOPE" names no user`, the field of a value of the wrong type, such
// as `sessions[2].session_id: want a whole number, got "abc"`, and the line and column of a
// syntax error.
func ParseFixture(r io.Reader) (*Fixture, error) {
	if f, ok := parseMapped(r, mapAbove); ok {
		return f.fixture, f.err
	}
	data, err := readFixture(r)
	if err != nil {
		return nil, fmt.Errorf("fixture: %w", err)
	}
	return parseFixture(data, true)
}

// mapAbove is the size from which ParseFixture maps a fixture file instead of reading it:
// some 60,000 sessions.
const mapAbove = 8 << 20

// parsedFixture is what ParseFixture answers.
type parsedFixture struct {
	fixture *Fixture
	err     error
}

// parseMapped is ParseFixture of a big fixture file, mapped into memory (see mapFile) and
// read the fast way, so that a file of a million sessions is neither copied nor kept in
// memory once read. Only the fast way reads the mapped bytes, and it keeps none of them
// (its strings are copies); a document it does not take is copied and read the general
// way. It answers false, with r where it was, when r is no such file (or one under
// minSize bytes), cannot be mapped, or changes while it is read.
func parseMapped(r io.Reader, minSize int64) (parsedFixture, bool) {
	file, ok := r.(*os.File)
	if !ok {
		return parsedFixture{}, false
	}
	fi, err := file.Stat()
	if err != nil || !fi.Mode().IsRegular() || fi.Size() < minSize || fi.Size() != int64(int(fi.Size())) {
		return parsedFixture{}, false
	}
	if off, err := file.Seek(0, io.SeekCurrent); err != nil || off != 0 {
		return parsedFixture{}, false
	}
	data, unmap, ok := mapFile(file, int(fi.Size()))
	if !ok {
		return parsedFixture{}, false
	}
	f, copied, faulted := readMapped(data)
	unmap()
	switch {
	case faulted: // the file shrank under the mapping: read it as any other reader
		return parsedFixture{}, false
	case f != nil:
		_, _ = file.Seek(0, io.SeekEnd) // read to the end, as it would have been
		if err := f.check(); err != nil {
			return parsedFixture{nil, err}, true
		}
		return parsedFixture{f, nil}, true
	}
	_, _ = file.Seek(0, io.SeekEnd)
	f, err = parseFixture(copied, false)
	return parsedFixture{f, err}, true
}

// readMapped reads data, a file's mapping, the fast way, or answers a copy of it for the
// general way; faulted says that the mapping failed under it (the file shrank), and then
// it answers neither.
func readMapped(data []byte) (f *Fixture, copied []byte, faulted bool) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			if _, fault := r.(interface{ Addr() uintptr }); !fault {
				panic(r)
			}
			f, copied, faulted = nil, nil, true
		}
	}()
	if t := bytes.TrimLeft(data, " \t\r\n"); len(t) > 0 && t[0] == '{' {
		if f, ok := parseFixtureFast(data); ok {
			return f, nil, false
		}
	}
	return nil, bytes.Clone(data), false
}

// parseFixture is ParseFixture of data, the fast way where it can be taken when fast is
// set (its tests compare the two ways).
func parseFixture(data []byte, fast bool) (*Fixture, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil, errors.New("fixture: the document is empty")
	}
	isJSON := trimmed[0] == '{'
	if !isJSON {
		// YAML: turn it into JSON, so that one strict decoder checks both spellings.
		var doc any
		if err := yaml.Unmarshal(data, &doc); err != nil {
			return nil, fmt.Errorf("fixture: %w", yamlSyntaxError(err))
		}
		var err error
		if data, err = json.Marshal(doc, json.Deterministic(true)); err != nil {
			return nil, errors.New("fixture: the document holds a key that is not a name (as teams and user_id are) or a number that is not finite (.nan, .inf)")
		}
	}
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		// An empty YAML document, or a JSON null: most likely an unset variable, not a
		// wish for an empty org, which {} says.
		return nil, errors.New("fixture: the document is empty (post {} for an empty org)")
	}
	if fast {
		if f, ok := parseFixtureFast(data); ok { // see parsefast.go
			if err := f.check(); err != nil {
				return nil, err
			}
			return f, nil
		}
	}
	var f Fixture
	dec := jsontext.NewDecoder(bytes.NewReader(data))
	if err := json.UnmarshalDecode(dec, &f, strict); err != nil {
		return nil, fmt.Errorf("fixture: %w", decodeError(data, err))
	}
	if rest := int(dec.InputOffset()); len(bytes.TrimSpace(data[rest:])) > 0 {
		// Only a JSON document can hold more: YAML was turned into one value.
		rest += len(data[rest:]) - len(bytes.TrimLeft(data[rest:], " \t\r\n"))
		return nil, fmt.Errorf("fixture: %s: more after the end of the document", position(data, rest))
	}
	if err := f.check(); err != nil {
		return nil, err
	}
	f.shareIDs()
	return &f, nil
}

// readFixture is io.ReadAll, but reads a file or a reader of known length (such as a
// bytes.Reader) into one buffer of its size: a fixture of a million sessions is over 100 MB,
// which io.ReadAll would read into buffers twice as big, in all.
func readFixture(r io.Reader) ([]byte, error) {
	size := -1
	switch r := r.(type) {
	case interface{ Len() int }:
		size = r.Len()
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := r.Stat(); err == nil && fi.Mode().IsRegular() {
			size = int(fi.Size())
		}
	}
	if size < 0 {
		return io.ReadAll(r)
	}
	// ReadFrom grows the buffer only when less than MinRead bytes are free.
	var b bytes.Buffer
	b.Grow(size + bytes.MinRead)
	_, err := b.ReadFrom(r)
	return b.Bytes(), err
}

// shareIDs makes the sessions' user and team ids share the strings of the users' and teams'
// ids, so that a million sessions do not hold a million copies of a few thousand ids.
func (f *Fixture) shareIDs() {
	ids := make(map[string]string, len(f.Users)+len(f.Teams))
	for _, u := range f.Users {
		ids[u.ID] = u.ID
	}
	for _, t := range f.Teams {
		ids[t.ID] = t.ID
	}
	if f.Org != nil {
		ids[f.Org.ID] = f.Org.ID
	}
	for i := range f.Sessions {
		ss := &f.Sessions[i]
		ss.UserID, ss.TeamID = ids[ss.UserID], ids[ss.TeamID] // check found them all
	}
}

// strict are the options of decoding a fixture: member names are the fields' exactly, and
// a name the fixture does not have, or one given twice, is refused.
var strict = json.RejectUnknownMembers(true)

// decodeStrict decodes one JSON value into v, as a fixture is decoded.
func decodeStrict(data []byte, v any) error {
	return json.Unmarshal(data, v, strict)
}

package mock

import (
	"bytes"
	"io"
	"strconv"
	"time"

	"github.com/go-json-experiment/json/jsontext"
)

// This file holds the fast way of ParseFixture for a big JSON fixture: a million sessions
// are some 120 MB of JSON, which decoding into a Fixture reads into some 350 MB of heap:
// a pointer and an allocation for every session's time and device. The fast way streams
// the document's tokens with jsontext (the json package's syntax layer, which checks the
// syntax, UTF-8 and repeated names as the general way does) and reads the sessions array
// itself, straight into the sessions: their ids sharing the strings of the users' and
// teams' ids, their times and devices in slabs. The rest of the document (org, teams,
// users, tokens: small) is decoded as the general way decodes it. It takes only what it can
// read exactly as the general way would: anything else (an escape in a string, a null, a
// number that is not a plain integer, a member name that is not exactly one of the fields,
// any syntax error) makes it give up, and ParseFixture then takes the general way, which
// also words every error. Either way the fixture is then checked by Fixture.check.

// parseFixtureFast reads data, a JSON document, as ParseFixture's general way does (before
// check), or answers false.
func parseFixtureFast(data []byte) (*Fixture, bool) {
	// A decoder of a bytes.Buffer reads its bytes where they are, without copying them.
	dec := jsontext.NewDecoder(bytes.NewBuffer(data))
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
		return nil, false
	}
	f := &Fixture{}
	var (
		spans   [sectionSessions][]byte // the small sections, as they are in data
		later   []byte                  // the sessions, when they came before the users and teams
		decoded bool                    // spans went into f
	)
	decode := func() bool {
		decoded = true
		for i, span := range spans {
			if span != nil && decodeStrict(span, fixtureSections[i].into(f)) != nil {
				return false
			}
		}
		return true
	}
	for {
		switch dec.PeekKind() {
		case '}':
			if _, err := dec.ReadToken(); err != nil {
				return nil, false
			}
			if _, err := dec.ReadToken(); err != io.EOF {
				return nil, false // more after the end
			}
			if !decoded && !decode() {
				return nil, false
			}
			if later != nil {
				sessions, ok := readSessions(jsontext.NewDecoder(bytes.NewBuffer(later)), int64(len(later)), f)
				if !ok {
					return nil, false
				}
				f.Sessions = sessions
			}
			return f, true
		case '"':
		default:
			return nil, false
		}
		name, err := dec.ReadValue()
		if err != nil {
			return nil, false
		}
		i := sectionIndex(name)
		switch {
		case i < 0:
			return nil, false // unknown: the general way says so
		case i == sectionSessions && spans[sectionTeams] != nil && spans[sectionUsers] != nil && !decoded:
			// The order of Store.Fixture and GET /_mock/fixture: read the sessions
			// where they are, not in a second pass.
			if !decode() {
				return nil, false
			}
			sessions, ok := readSessions(dec, int64(len(data)), f)
			if !ok {
				return nil, false
			}
			f.Sessions = sessions
			continue
		}
		v, err := dec.ReadValue()
		switch {
		case err != nil, decoded: // a section after the sessions: the general way
			return nil, false
		case i == sectionSessions:
			later = bytes.Clone(v)
		default:
			spans[i] = bytes.Clone(v)
		}
	}
}

// fixtureSections are the members of a fixture document, as its JSON names them, with where
// each decodes to; the sessions come last, read by readSessions.
var fixtureSections = [...]struct {
	name string
	into func(*Fixture) any
}{
	{`"org"`, func(f *Fixture) any { return &f.Org }},
	{`"teams"`, func(f *Fixture) any { return &f.Teams }},
	{`"users"`, func(f *Fixture) any { return &f.Users }},
	{`"tokens"`, func(f *Fixture) any { return &f.Tokens }},
	{`"sessions"`, nil},
}

// The indexes in fixtureSections of the sections the sessions need before them.
const (
	sectionTeams    = 1
	sectionUsers    = 2
	sectionSessions = len(fixtureSections) - 1
)

// sectionIndex answers the index in fixtureSections of name, a member name as JSON spells
// it (quoted), or -1.
func sectionIndex(name []byte) int {
	for i, s := range fixtureSections {
		if string(name) == s.name {
			return i
		}
	}
	return -1
}

// readSessions reads the sessions array that dec, of size bytes, is at, their user and team
// ids sharing the strings of f's users and teams where they name one.
func readSessions(dec *jsontext.Decoder, size int64, f *Fixture) ([]Session, bool) {
	ids := make(map[string]string, len(f.Users)+len(f.Teams)+2)
	for _, u := range f.Users {
		ids[u.ID] = u.ID
	}
	for _, t := range f.Teams {
		ids[t.ID] = t.ID
	}
	if f.Org != nil {
		ids[f.Org.ID] = f.Org.ID
	}
	ids[string(ClientMobile)], ids[string(ClientWeb)] = string(ClientMobile), string(ClientWeb)
	intern := func(b []byte) string {
		if s, ok := ids[string(b)]; ok {
			return s
		}
		return string(b)
	}

	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '[' {
		return nil, false
	}
	start := dec.InputOffset()
	// Room for the first sessions, then for as many as the rest of the input holds at the
	// length of those (they are most of the document): one slice of the right size, not
	// a doubling one, which would copy them all and hold twice the memory for a while.
	sessions := make([]Session, 0, 1024)
	sized := false
	var times slab[time.Time]
	var devices slab[Device]
	for {
		switch dec.PeekKind() {
		case ']':
			_, err := dec.ReadToken()
			return sessions, err == nil
		case '{':
		default:
			return nil, false
		}
		var ss Session
		ok := readObject(dec, func(name []byte) bool {
			switch string(name) {
			case `"session_id"`:
				v, err := dec.ReadValue()
				if err != nil || v.Kind() != '0' {
					return false
				}
				// A plain integer, as the json package reads one into an int64 (it
				// refuses a fraction or an exponent, as ParseInt does).
				ss.SessionID, err = strconv.ParseInt(string(v), 10, 64)
				return err == nil
			case `"user_id"`:
				s, ok := plainString(dec)
				ss.UserID = intern(s)
				return ok
			case `"team_id"`:
				s, ok := plainString(dec)
				ss.TeamID = intern(s)
				return ok
			case `"client"`:
				s, ok := plainString(dec)
				ss.Client = ClientKind(intern(s))
				return ok
			case `"created_at"`: // as the general way reads a time.Time
				v, err := dec.ReadValue()
				if err != nil || v.Kind() != '"' {
					return false
				}
				ss.CreatedAt = times.next()
				return decodeStrict(v, ss.CreatedAt) == nil
			case `"created"`:
				ss.Created = devices.next()
				return readDevice(dec, ss.Created)
			case `"recent"`:
				ss.Recent = devices.next()
				return readDevice(dec, ss.Recent)
			}
			return false
		})
		if !ok {
			return nil, false
		}
		sessions = append(sessions, ss)
		if !sized && len(sessions) == cap(sessions) {
			sized = true
			at := dec.InputOffset()
			n := len(sessions) + int((size-at)/((at-start)/int64(len(sessions))+1))
			sessions = append(make([]Session, 0, n+n/16+16), sessions...)
		}
	}
}

// readDevice reads a Device object of plain strings into d.
func readDevice(dec *jsontext.Decoder, d *Device) bool {
	if dec.PeekKind() != '{' {
		return false
	}
	return readObject(dec, func(name []byte) bool {
		var field *string
		switch string(name) {
		case `"device_hardware"`:
			field = &d.DeviceHardware
		case `"os"`:
			field = &d.OS
		case `"os_version"`:
			field = &d.OSVersion
		case `"slack_client_version"`:
			field = &d.SlackClientVersion
		case `"ip"`:
			field = &d.IP
		default:
			return false
		}
		s, ok := plainString(dec)
		*field = string(s)
		return ok
	})
}

// readObject reads the object that dec is at, calling member with each member's name as
// JSON spells it (quoted) to read its value; it answers false as soon as member does.
func readObject(dec *jsontext.Decoder, member func(name []byte) bool) bool {
	if _, err := dec.ReadToken(); err != nil {
		return false
	}
	for {
		switch dec.PeekKind() {
		case '}':
			_, err := dec.ReadToken()
			return err == nil
		case '"':
			name, err := dec.ReadValue()
			if err != nil || !member(name) {
				return false
			}
		default:
			return false
		}
	}
}

// plainString reads a string without escapes, whose content is its bytes as JSON spells
// them, and answers them; they are valid until dec reads on.
func plainString(dec *jsontext.Decoder) ([]byte, bool) {
	v, err := dec.ReadValue()
	if err != nil || v.Kind() != '"' || bytes.IndexByte(v, '\\') >= 0 {
		return nil, false
	}
	return v[1 : len(v)-1], true
}

// slab hands out pointers to Ts allocated a chunk at a time: a million sessions' times in
// a few hundred allocations, not a million. Each T is its own; chunks never move.
type slab[T any] struct{ chunk []T }

func (s *slab[T]) next() *T {
	if len(s.chunk) == 0 {
		s.chunk = make([]T, 4096)
	}
	t := &s.chunk[0]
	s.chunk = s.chunk[1:]
	return t
}

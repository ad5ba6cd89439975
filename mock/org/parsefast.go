package org

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
	r := &fastReader{dec: jsontext.NewDecoder(bytes.NewBuffer(data)), size: int64(len(data)), f: &Fixture{}}
	if tok, err := r.dec.ReadToken(); err != nil || tok.Kind() != '{' {
		return nil, false
	}
	for {
		switch r.dec.PeekKind() {
		case '}':
			return r.end()
		case '"':
			if !r.member() {
				return nil, false
			}
		default:
			return nil, false
		}
	}
}

// fastReader is parseFixtureFast's reading of one document.
type fastReader struct {
	dec     *jsontext.Decoder
	size    int64 // the document's bytes
	f       *Fixture
	spans   [sectionSessions][]byte // the small sections, as they are in the document
	later   []byte                  // the sessions, when they came before the users and teams
	decoded bool                    // spans went into f
}

// decode decodes the small sections into f, as the general way would.
func (r *fastReader) decode() bool {
	r.decoded = true
	for i, span := range r.spans {
		if span != nil && decodeStrict(span, fixtureSections[i].into(r.f)) != nil {
			return false
		}
	}
	return true
}

// member reads one member of the document: a small section, kept to decode at the end, or
// the sessions, read where they are once the teams and users are known.
func (r *fastReader) member() bool {
	name, err := r.dec.ReadValue()
	if err != nil {
		return false
	}
	i := sectionIndex(name)
	switch {
	case i < 0:
		return false // unknown: the general way says so
	case i == sectionSessions && r.spans[sectionTeams] != nil && r.spans[sectionUsers] != nil && !r.decoded:
		// The order of Org.Fixture and GET /_mock/fixture: read the sessions where they
		// are, not in a second pass.
		if !r.decode() {
			return false
		}
		sessions, ok := readSessions(r.dec, r.size, r.f)
		r.f.Sessions = sessions
		return ok
	}
	v, err := r.dec.ReadValue()
	switch {
	case err != nil, r.decoded: // a section after the sessions: the general way
		return false
	case i == sectionSessions:
		r.later = bytes.Clone(v)
	default:
		r.spans[i] = bytes.Clone(v)
	}
	return true
}

// end reads the end of the document, which nothing may follow, and the sessions kept for
// last.
func (r *fastReader) end() (*Fixture, bool) {
	if _, err := r.dec.ReadToken(); err != nil {
		return nil, false
	}
	if _, err := r.dec.ReadToken(); err != io.EOF {
		return nil, false // more after the end
	}
	if !r.decoded && !r.decode() {
		return nil, false
	}
	if r.later != nil {
		sessions, ok := readSessions(jsontext.NewDecoder(bytes.NewBuffer(r.later)), int64(len(r.later)), r.f)
		if !ok {
			return nil, false
		}
		r.f.Sessions = sessions
	}
	return r.f, true
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
// ids sharing the strings of f's users, teams and org where they name one.
func readSessions(dec *jsontext.Decoder, size int64, f *Fixture) ([]Session, bool) {
	sr := sessionReader{dec: dec, ids: make(map[string]string, len(f.Users)+len(f.Teams)+3)}
	for _, u := range f.Users {
		sr.ids[u.ID] = u.ID
	}
	for _, t := range f.Teams {
		sr.ids[t.ID] = t.ID
	}
	if f.Org != nil {
		sr.ids[f.Org.ID] = f.Org.ID
	}
	sr.ids[string(ClientMobile)], sr.ids[string(ClientWeb)] = string(ClientMobile), string(ClientWeb)

	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '[' {
		return nil, false
	}
	start := dec.InputOffset()
	// Room for the first sessions, then for as many as the rest of the input holds at the
	// length of those (they are most of the document): one slice of the right size, not a
	// doubling one, which would copy them all and hold twice the memory for a while.
	sessions := make([]Session, 0, 1024)
	sized := false
	for {
		switch dec.PeekKind() {
		case ']':
			_, err := dec.ReadToken()
			return sessions, err == nil
		case '{':
		default:
			return nil, false
		}
		ss, ok := sr.session()
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

// sessionReader reads sessions, one object at a time.
type sessionReader struct {
	dec     *jsontext.Decoder
	ids     map[string]string // the strings that ids and clients share
	times   slab[time.Time]
	devices slab[Device]
}

// intern is the string of b, shared with the fixture's own where it is one of them.
func (sr *sessionReader) intern(b []byte) string {
	if s, ok := sr.ids[string(b)]; ok {
		return s
	}
	return string(b)
}

// session reads the session object that the decoder is at.
func (sr *sessionReader) session() (Session, bool) {
	var ss Session
	ok := readObject(sr.dec, func(name []byte) bool { return sr.field(&ss, name) })
	return ss, ok
}

// field reads the value of the member name of a session into ss.
func (sr *sessionReader) field(ss *Session, name []byte) bool {
	dec := sr.dec
	switch string(name) {
	case `"session_id"`:
		v, err := dec.ReadValue()
		if err != nil || v.Kind() != '0' {
			return false
		}
		// A plain integer, as the json package reads one into an int64 (it refuses a
		// fraction or an exponent, as ParseInt does).
		ss.SessionID, err = strconv.ParseInt(string(v), 10, 64)
		return err == nil
	case `"user_id"`, `"team_id"`, `"client"`:
		s, ok := plainString(dec)
		switch v := sr.intern(s); string(name) {
		case `"user_id"`:
			ss.UserID = v
		case `"team_id"`:
			ss.TeamID = v
		default:
			ss.Client = ClientKind(v)
		}
		return ok
	case `"created_at"`: // as the general way reads a time.Time
		v, err := dec.ReadValue()
		if err != nil || v.Kind() != '"' {
			return false
		}
		ss.CreatedAt = sr.times.next()
		return decodeStrict(v, ss.CreatedAt) == nil
	case `"created"`:
		ss.Created = sr.devices.next()
		return readDevice(dec, ss.Created)
	case `"recent"`:
		ss.Recent = sr.devices.next()
		return readDevice(dec, ss.Recent)
	}
	return false
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
// a few hundred allocations, not a million. Chunks start small and double, up to
// maxSlabChunk, so that a fixture of a few sessions allocates for a few. Each T is its own;
// chunks never move.
type slab[T any] struct {
	chunk []T
	size  int // the length of the next chunk
}

// maxSlabChunk is the length of a slab's chunks once they have grown.
const maxSlabChunk = 4096

func (s *slab[T]) next() *T {
	if len(s.chunk) == 0 {
		s.size = min(max(2*s.size, 16), maxSlabChunk)
		s.chunk = make([]T, s.size)
	}
	t := &s.chunk[0]
	s.chunk = s.chunk[1:]
	return t
}

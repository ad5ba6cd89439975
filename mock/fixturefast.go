package mock

import (
	"encoding/json"
	"strconv"
	"time"
)

// This file holds the fast way of ParseFixture for a big JSON fixture: a million sessions
// are some 120 MB of JSON, which the json package decodes in seconds, into twice the memory.
// The fast way reads the sessions array itself, in one pass over the bytes, straight into
// the sessions (their ids sharing the strings of the users' and teams' ids, their times in
// slabs), and hands the rest of the document (org, teams, users, tokens: small) to
// the json package as the general way does. It takes only the spellings it can read exactly
// as the general way would: anything else (an escape in a string, a null, a number that is not a
// plain integer, a member name that is not exactly one of the fields, a member given twice,
// any syntax error) makes it give up, and ParseFixture then takes the general way, which
// also words every error. Either way the fixture is then checked by Fixture.check.

// parseFixtureFast reads data, a JSON document, as ParseFixture's general way does (before
// check), or answers false.
func parseFixtureFast(data []byte) (*Fixture, bool) {
	p := fastParser{data: data}
	var spans [len(fixtureSections)][]byte // each section's value, as it is in data
	f := &Fixture{}
	var (
		sessions []Session // read in place when the teams and users came before them
		inPlace  bool
		decoded  [sectionSessions]bool
	)
	decode := func() bool { // the sections read so far, into f
		for i, span := range spans[:sectionSessions] {
			if span != nil && !decoded[i] {
				decoded[i] = true
				if decodeStrict(span, fixtureSections[i].into(f)) != nil {
					return false
				}
			}
		}
		return true
	}
	p.space()
	if !p.byte('{') {
		return nil, false
	}
	p.space()
	for first := true; !p.byte('}'); first = false {
		if !first && (!p.byte(',') || !p.spaceThen()) {
			return nil, false
		}
		name, ok := p.name()
		if !ok {
			return nil, false
		}
		i := sectionIndex(name)
		if i < 0 || spans[i] != nil {
			return nil, false // unknown, or given twice: the general way says so, or merges
		}
		start := p.i
		if i == sectionSessions && spans[1] != nil && spans[2] != nil {
			// The order of Store.Fixture and GET /_mock/fixture: read the sessions
			// where they are, not in a second pass.
			if !decode() {
				return nil, false
			}
			inPlace = true
			end, ok := parseSessions(data[start:], f, &sessions)
			if !ok {
				return nil, false
			}
			p.i = start + end
		} else if !p.skipValue() {
			return nil, false
		}
		spans[i] = data[start:p.i]
		p.space()
	}
	if p.space(); p.i != len(data) {
		return nil, false // more after the end
	}
	if !decode() {
		return nil, false
	}
	if !inPlace {
		if span := spans[sectionSessions]; span != nil {
			if end, ok := parseSessions(span, f, &sessions); !ok || end != len(span) {
				return nil, false
			}
		}
	}
	f.Sessions = sessions
	return f, true
}

// fixtureSections are the members of a fixture document, as its JSON names them, with where
// each decodes to; the sessions come last, read by parseSessions.
var fixtureSections = [...]struct {
	name string
	into func(*Fixture) any
}{
	{"org", func(f *Fixture) any { return &f.Org }},
	{"teams", func(f *Fixture) any { return &f.Teams }},
	{"users", func(f *Fixture) any { return &f.Users }},
	{"tokens", func(f *Fixture) any { return &f.Tokens }},
	{"sessions", nil},
}

const sectionSessions = len(fixtureSections) - 1

func sectionIndex(name []byte) int {
	for i, s := range fixtureSections {
		if string(name) == s.name {
			return i
		}
	}
	return -1
}

// parseSessions reads the sessions array at the start of span into sessions, their user
// and team ids sharing the strings of f's users and teams where they name one, and answers
// where the array ends.
func parseSessions(span []byte, f *Fixture, out *[]Session) (int, bool) {
	ids := make(map[string]string, len(f.Users)+len(f.Teams)+2)
	for _, u := range f.Users {
		ids[u.ID] = u.ID
	}
	for _, t := range f.Teams {
		ids[t.ID] = t.ID
	}
	ids[string(ClientMobile)], ids[string(ClientWeb)] = string(ClientMobile), string(ClientWeb)
	intern := func(b []byte) string {
		if s, ok := ids[string(b)]; ok {
			return s
		}
		return string(b)
	}

	p := fastParser{data: span}
	if !p.byte('[') {
		return 0, false
	}
	// Room for the first sessions, then for as many as the rest of span holds at the
	// length of those (they are most of the document): one slice of the right size, not
	// a doubling one, which would copy them all and hold twice the memory for a while.
	sessions := make([]Session, 0, 1024)
	sized := false
	var times slab[time.Time]
	var devices slab[Device]
	p.space()
	for first := true; !p.byte(']'); first = false {
		if !first && (!p.byte(',') || !p.spaceThen()) {
			return 0, false
		}
		if !p.byte('{') {
			return 0, false
		}
		var (
			ss   Session
			seen [7]bool
		)
		p.space()
		for firstMember := true; !p.byte('}'); firstMember = false {
			if !firstMember && (!p.byte(',') || !p.spaceThen()) {
				return 0, false
			}
			name, ok := p.name()
			if !ok {
				return 0, false
			}
			field := sessionField(name)
			if field < 0 || seen[field] {
				return 0, false
			}
			seen[field] = true
			switch field {
			case 0: // session_id
				if ss.SessionID, ok = p.integer(); !ok {
					return 0, false
				}
			case 1, 2, 3: // user_id, team_id, client
				s, ok := p.plainString()
				if !ok {
					return 0, false
				}
				switch v := intern(s); field {
				case 1:
					ss.UserID = v
				case 2:
					ss.TeamID = v
				default:
					ss.Client = ClientKind(v)
				}
			case 4: // created_at, as the general way reads a time.Time
				start := p.i
				if _, ok := p.plainString(); !ok {
					return 0, false
				}
				t := times.next()
				if decodeStrict(span[start:p.i], t) != nil {
					return 0, false
				}
				ss.CreatedAt = t
			case 5, 6: // created, recent
				d := devices.next()
				if !p.device(d) {
					return 0, false
				}
				if field == 5 {
					ss.Created = d
				} else {
					ss.Recent = d
				}
			}
			p.space()
		}
		sessions = append(sessions, ss)
		if !sized && len(sessions) == cap(sessions) {
			sized = true
			n := len(sessions) + (len(span)-p.i)/(p.i/len(sessions)+1)
			sessions = append(make([]Session, 0, n+n/16+16), sessions...)
		}
		p.space()
	}
	*out = sessions
	return p.i, true
}

var sessionFields = [...]string{"session_id", "user_id", "team_id", "client", "created_at", "created", "recent"}

func sessionField(name []byte) int {
	for i, f := range sessionFields {
		if string(name) == f {
			return i
		}
	}
	return -1
}

var deviceFields = [...]string{"device_hardware", "os", "os_version", "slack_client_version", "ip"}

// device reads a Device object of plain strings into d.
func (p *fastParser) device(d *Device) bool {
	if !p.byte('{') {
		return false
	}
	var seen [len(deviceFields)]bool
	p.space()
	for first := true; !p.byte('}'); first = false {
		if !first && (!p.byte(',') || !p.spaceThen()) {
			return false
		}
		name, ok := p.name()
		if !ok {
			return false
		}
		field := -1
		for i, f := range deviceFields {
			if string(name) == f {
				field = i
			}
		}
		if field < 0 || seen[field] {
			return false
		}
		seen[field] = true
		s, ok := p.plainString()
		if !ok {
			return false
		}
		v := string(s)
		switch field {
		case 0:
			d.DeviceHardware = v
		case 1:
			d.OS = v
		case 2:
			d.OSVersion = v
		case 3:
			d.SlackClientVersion = v
		case 4:
			d.IP = v
		}
		p.space()
	}
	return true
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

// fastParser reads JSON from data at i; its methods answer false for anything the fast way
// does not take.
type fastParser struct {
	data []byte
	i    int
}

// space skips JSON whitespace.
func (p *fastParser) space() {
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// spaceThen skips whitespace and answers true, for chaining after a comma.
func (p *fastParser) spaceThen() bool { p.space(); return true }

// byte consumes c if it comes next.
func (p *fastParser) byte(c byte) bool {
	if p.i < len(p.data) && p.data[p.i] == c {
		p.i++
		return true
	}
	return false
}

// name reads a member name, its colon and the whitespace after: a plain string.
func (p *fastParser) name() ([]byte, bool) {
	s, ok := p.plainString()
	if !ok {
		return nil, false
	}
	p.space()
	if !p.byte(':') {
		return nil, false
	}
	p.space()
	return s, true
}

// plainString reads a string of printable ASCII without escapes, which JSON and Go spell
// alike, and answers its content.
func (p *fastParser) plainString() ([]byte, bool) {
	if !p.byte('"') {
		return nil, false
	}
	start := p.i
	for ; p.i < len(p.data); p.i++ {
		switch c := p.data[p.i]; {
		case c == '"':
			s := p.data[start:p.i]
			p.i++
			return s, true
		case c < 0x20 || c == '\\' || c >= 0x80:
			return nil, false
		}
	}
	return nil, false
}

// integer reads a JSON number that is a plain integer, as the json package reads one into an
// int64: ParseInt of the literal.
func (p *fastParser) integer() (int64, bool) {
	start := p.i
	p.byte('-')
	digits := p.i
	for p.i < len(p.data) && p.data[p.i] >= '0' && p.data[p.i] <= '9' {
		p.i++
	}
	switch {
	case p.i == digits, p.data[digits] == '0' && p.i-digits > 1: // none, or a leading zero
		return 0, false
	case p.i < len(p.data) && (p.data[p.i] == '.' || p.data[p.i] == 'e' || p.data[p.i] == 'E'):
		return 0, false
	}
	n, err := strconv.ParseInt(string(p.data[start:p.i]), 10, 64)
	return n, err == nil
}

// skipValue skips one JSON value of any kind, checking its syntax as far as needed to find
// its end; what it skips is decoded by the json package, which checks the rest.
func (p *fastParser) skipValue() bool {
	if p.i >= len(p.data) {
		return false
	}
	switch c := p.data[p.i]; c {
	case '{', '[':
		// Count the nesting, minding strings, to find the end.
		depth := 0
		for p.i < len(p.data) {
			switch p.data[p.i] {
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					p.i++
					return true
				}
			case '"':
				if !p.skipString() {
					return false
				}
				continue
			}
			p.i++
		}
		return false
	case '"':
		return p.skipString()
	default:
		start := p.i
		for p.i < len(p.data) {
			switch p.data[p.i] {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				return p.i > start && json.Valid(p.data[start:p.i])
			}
			p.i++
		}
		return false
	}
}

// skipString skips a string, escapes and all.
func (p *fastParser) skipString() bool {
	p.i++ // the opening quote
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case '\\':
			p.i += 2
			continue
		case '"':
			p.i++
			return true
		}
		p.i++
	}
	return false
}

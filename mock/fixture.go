package mock

import (
	"bytes"
	_ "embed" // for the demo fixture
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"go.yaml.in/yaml/v4"
)

// Fixture is the whole state of the fake org, as a document: the shape of fixture files, of
// POST /_mock/fixture and of what GET /_mock/sessions answers. It is a public interface,
// documented in the README; JSON and YAML spell it alike.
type Fixture struct {
	// Org is the Enterprise Grid org. Optional; a team_id equal to its id names every team.
	Org *Org `json:"org,omitempty"`
	// Teams are the workspaces of the org.
	Teams []Team `json:"teams"`
	// Users are the people and bots of the org.
	Users []User `json:"users"`
	// Tokens are the tokens the mock accepts.
	Tokens []Token `json:"tokens"`
	// Sessions are the live sessions.
	Sessions []Session `json:"sessions"`
}

// Org is the Enterprise Grid org the teams belong to.
type Org struct {
	ID   string `json:"id"`             // E…
	Name string `json:"name,omitempty"` // for people, and auth.test's team for org-wide installs
	// Domain is the org's subdomain of enterprise.slack.com, which auth.test answers in the
	// url of an org-wide install's token. It defaults to the org's id in lower case.
	Domain string `json:"domain,omitempty"`
}

// Team is one workspace of the org.
type Team struct {
	ID   string `json:"id"`             // T…
	Name string `json:"name,omitempty"` // for people
	// Domain is the team's slack.com subdomain, which auth.test answers in its url. It
	// defaults to the team's id in lower case.
	Domain string `json:"domain,omitempty"`
}

// Role is what a user may do in the org.
type Role string

// The roles of users. Org admins, owners and the primary owner may call the admin methods.
const (
	RoleMember       Role = "member"
	RoleAdmin        Role = "admin"
	RoleOwner        Role = "owner"
	RolePrimaryOwner Role = "primary_owner"
	RoleBot          Role = "bot"
)

// User is a person or bot of the org.
type User struct {
	ID     string `json:"id"`      // W… or U…
	TeamID string `json:"team_id"` // the user's home workspace
	// Role defaults to member.
	Role Role   `json:"role,omitempty"`
	Name string `json:"name,omitempty"` // for people, and auth.test's user
	// Deleted users' tokens answer account_inactive.
	Deleted bool `json:"deleted,omitempty"`
	// SessionSettings are the user's own session settings, as
	// admin.users.session.setSettings sets them. Optional.
	SessionSettings *SessionSettings `json:"session_settings,omitempty"`
}

// SessionSettings are a user's own session settings: how long a session lasts and whether
// quitting the desktop app or browser ends it. A nil field is not set.
type SessionSettings struct {
	// Duration is how long a session lasts, in seconds: 28800 (8 hours) to 315569520
	// (ten years).
	Duration *int `json:"duration,omitempty"`
	// DesktopAppBrowserQuit ends the session when the desktop app or browser quits.
	DesktopAppBrowserQuit *bool `json:"desktop_app_browser_quit,omitempty"`
}

// The bounds of SessionSettings.Duration, in seconds.
const (
	MinSessionDuration = 28800
	MaxSessionDuration = 315569520
)

// clone returns a copy of s that shares no memory with it.
func (s *SessionSettings) clone() *SessionSettings {
	if s == nil {
		return nil
	}
	c := SessionSettings{}
	if s.Duration != nil {
		c.Duration = ptr(*s.Duration)
	}
	if s.DesktopAppBrowserQuit != nil {
		c.DesktopAppBrowserQuit = ptr(*s.DesktopAppBrowserQuit)
	}
	return &c
}

// TokenType tells user tokens (xoxp-) from bot tokens (xoxb-).
type TokenType string

// The types of tokens. Only user tokens may call the admin methods.
const (
	TokenUser TokenType = "user"
	TokenBot  TokenType = "bot"
)

// Token is a token the mock accepts, and whose it is.
type Token struct {
	Token  string `json:"token"`   // as clients send it, such as xoxp-demo-admin
	UserID string `json:"user_id"` // whose it is
	// Type defaults from the token's prefix: xoxp- is user, xoxb- is bot.
	Type    TokenType `json:"type,omitempty"`
	Scopes  []string  `json:"scopes"`            // such as admin.users:write
	Revoked bool      `json:"revoked,omitempty"` // it answers token_revoked
	Expired bool      `json:"expired,omitempty"` // it answers token_expired
	// BotID is the bot's id (B…), which auth.test answers for a bot token. It defaults to
	// B followed by the user id without its first letter.
	BotID string `json:"bot_id,omitempty"`
	// EnterpriseInstall says the token comes from an app installed on the whole org (an
	// org-wide install), as the admin scopes require: auth.test then names the org, not the
	// user's workspace, with is_enterprise_install true. It needs the fixture's org.
	EnterpriseInstall bool `json:"enterprise_install,omitempty"`
}

// ClientKind says whether a session is on a phone or tablet, or on the web (browser and
// desktop app), which is what reset's mobile_only and web_only choose between.
type ClientKind string

// The kinds of session clients.
const (
	ClientMobile ClientKind = "mobile"
	ClientWeb    ClientKind = "web"
)

// Session is one live session of a user in a team.
type Session struct {
	SessionID int64      `json:"session_id"` // positive, unique in the org
	UserID    string     `json:"user_id"`    // whose it is
	TeamID    string     `json:"team_id"`    // the workspace it is in, or the org (as Slack's examples show)
	Client    ClientKind `json:"client"`     // mobile or web
	// CreatedAt is when the session began. Optional.
	CreatedAt *time.Time `json:"created_at,omitempty"`
	// Created and Recent are the device facts Slack's session list reports: where the
	// session began and where it was last seen. Optional.
	Created *Device `json:"created,omitempty"`
	Recent  *Device `json:"recent,omitempty"`
}

// clone returns a copy of s that shares no memory with it, so that neither the store nor
// its callers can change the other's sessions through the pointers.
func (s Session) clone() Session {
	if s.CreatedAt != nil {
		t := *s.CreatedAt
		s.CreatedAt = &t
	}
	if s.Created != nil {
		d := *s.Created
		s.Created = &d
	}
	if s.Recent != nil {
		d := *s.Recent
		s.Recent = &d
	}
	return s
}

// Device describes the client of a session, as admin.users.session.list does.
type Device struct {
	DeviceHardware     string `json:"device_hardware,omitempty"`      // such as iPhone
	OS                 string `json:"os,omitempty"`                   // such as iOS
	OSVersion          string `json:"os_version,omitempty"`           // such as 18.1
	SlackClientVersion string `json:"slack_client_version,omitempty"` // the Slack app's version
	IP                 string `json:"ip,omitempty"`                   // where it was seen
}

//go:embed demo.json
var demoJSON []byte

// demoFixture is the demo fixture, parsed once per process and shared read-only by every
// mock that starts from it: a mock's state adds and removes sessions, and never changes
// one in place (see newSharedStore).
var demoFixture = sync.OnceValue(DemoFixture)

// DemoFixture returns the fixture the mock starts with when given none: an org with two
// workspaces, an admin, the primary owner, members, a bot, tokens for every auth case and a
// few sessions. The README lists its tokens.
func DemoFixture() *Fixture {
	f, err := ParseFixture(bytes.NewReader(demoJSON))
	if err != nil {
		panic("mock: the embedded demo fixture is broken: " + err.Error())
	}
	return f
}

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
		if f, ok := parseFixtureFast(data); ok { // see fixturefast.go
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

// check fills the defaults and enforces the rules a store relies on.
func (f *Fixture) check() error {
	teams := make(map[string]bool, len(f.Teams))
	for i := range f.Teams {
		t := &f.Teams[i]
		if t.ID == "" {
			return fmt.Errorf("fixture: teams[%d]: id is empty", i)
		}
		if teams[t.ID] {
			return fmt.Errorf("fixture: teams[%d]: id %s appears twice", i, quote(t.ID))
		}
		teams[t.ID] = true
		if t.Domain == "" {
			t.Domain = strings.ToLower(t.ID)
		}
	}
	if f.Org != nil && (f.Org.ID == "" || teams[f.Org.ID]) {
		return fmt.Errorf("fixture: org: id %s is empty or also a team's", quote(f.Org.ID))
	}
	if f.Org != nil && f.Org.Domain == "" {
		f.Org.Domain = strings.ToLower(f.Org.ID)
	}
	users := make(map[string]bool, len(f.Users))
	for i := range f.Users {
		u := &f.Users[i]
		switch {
		case u.ID == "":
			return fmt.Errorf("fixture: users[%d]: id is empty", i)
		case users[u.ID]:
			return fmt.Errorf("fixture: users[%d]: id %s appears twice", i, quote(u.ID))
		case !teams[u.TeamID]:
			return fmt.Errorf("fixture: users[%d]: team_id %s names no team", i, quote(u.TeamID))
		}
		users[u.ID] = true
		if set := u.SessionSettings; set != nil && set.Duration != nil &&
			(*set.Duration < MinSessionDuration || *set.Duration > MaxSessionDuration) {
			return fmt.Errorf("fixture: users[%d]: session_settings.duration %d is not between %d and %d", i, *set.Duration, MinSessionDuration, MaxSessionDuration)
		}
		switch u.Role {
		case "":
			u.Role = RoleMember
		case RoleMember, RoleAdmin, RoleOwner, RolePrimaryOwner, RoleBot:
		default:
			return fmt.Errorf("fixture: users[%d]: role %s is not member, admin, owner, primary_owner or bot", i, quote(string(u.Role)))
		}
	}
	tokens := make(map[string]bool, len(f.Tokens))
	for i := range f.Tokens {
		t := &f.Tokens[i]
		switch {
		case t.Token == "":
			return fmt.Errorf("fixture: tokens[%d]: token is empty", i)
		case tokens[t.Token]:
			return fmt.Errorf("fixture: tokens[%d]: the token appears twice", i)
		case !users[t.UserID]:
			return fmt.Errorf("fixture: tokens[%d]: user_id %s names no user", i, quote(t.UserID))
		}
		tokens[t.Token] = true
		switch {
		case t.Type == TokenUser || t.Type == TokenBot:
		case t.Type != "":
			return fmt.Errorf("fixture: tokens[%d]: type %s is not user or bot", i, quote(string(t.Type)))
		case strings.HasPrefix(t.Token, "xoxp-"):
			t.Type = TokenUser
		case strings.HasPrefix(t.Token, "xoxb-"):
			t.Type = TokenBot
		default:
			return fmt.Errorf("fixture: tokens[%d]: type is missing and the token starts with neither xoxp- nor xoxb-", i)
		}
		if t.Type == TokenBot && t.BotID == "" {
			t.BotID = "B" + t.UserID[1:]
		}
		if t.EnterpriseInstall && f.Org == nil {
			return fmt.Errorf("fixture: tokens[%d]: enterprise_install needs the fixture's org", i)
		}
	}
	// Sessions in order of id, as Store.Fixture and GET /_mock/fixture answer them, cannot
	// repeat one: only others need the set of ids seen, a million entries for a million.
	var sessions map[int64]bool
	for i := 1; i < len(f.Sessions); i++ {
		if f.Sessions[i].SessionID <= f.Sessions[i-1].SessionID {
			sessions = make(map[int64]bool, len(f.Sessions))
			break
		}
	}
	for i, s := range f.Sessions {
		switch {
		case s.SessionID <= 0:
			return fmt.Errorf("fixture: sessions[%d]: session_id must be a positive integer", i)
		case sessions[s.SessionID]:
			return fmt.Errorf("fixture: sessions[%d]: session_id %d appears twice", i, s.SessionID)
		case !users[s.UserID]:
			return fmt.Errorf("fixture: sessions[%d]: user_id %s names no user", i, quote(s.UserID))
		case !teams[s.TeamID] && (f.Org == nil || s.TeamID != f.Org.ID):
			return fmt.Errorf("fixture: sessions[%d]: team_id %s names no team, nor the org", i, quote(s.TeamID))
		case s.Client != ClientMobile && s.Client != ClientWeb:
			return fmt.Errorf("fixture: sessions[%d]: client %s is not mobile or web", i, quote(string(s.Client)))
		}
		if sessions != nil {
			sessions[s.SessionID] = true
		}
	}
	return nil
}

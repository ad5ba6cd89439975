package org

import (
	"bytes"
	_ "embed" // for the demo fixture
	"sync"
	"time"
)

// Fixture is the whole state of an org, as a document: the shape of fixture files, of
// POST /_mock/fixture and of GET /_mock/fixture. It is a public interface, documented in the
// README and in mock/control.yaml; JSON and YAML spell it alike.
type Fixture struct {
	// Org is the Enterprise Grid org itself. Optional; a team_id equal to its id names every
	// team.
	Org *Enterprise `json:"org,omitempty"`
	// Teams are the workspaces of the org.
	Teams []Team `json:"teams"`
	// Users are the people and bots of the org.
	Users []User `json:"users"`
	// Tokens are the tokens the mock accepts.
	Tokens []Token `json:"tokens"`
	// Sessions are the live sessions.
	Sessions []Session `json:"sessions"`
}

// Enterprise is the Enterprise Grid org the teams belong to, as a fixture names it.
type Enterprise struct {
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
	// Duration is how long a session lasts, in seconds: vocab.MinSessionSeconds (8 hours)
	// to vocab.MaxSessionSeconds (ten years).
	Duration *int `json:"duration,omitempty"`
	// DesktopAppBrowserQuit ends the session when the desktop app or browser quits.
	DesktopAppBrowserQuit *bool `json:"desktop_app_browser_quit,omitempty"`
}

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

// clone returns a copy of s that shares no memory with it, so that neither the org nor
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

// demo is the demo fixture, parsed once per process and shared by every org made from it
// (New(nil)): an org adds and removes sessions, and never changes one in place.
var demo = sync.OnceValue(DemoFixture)

// DemoFixture returns the demo fixture, the one an org starts from when given none: an org
// with two workspaces, an admin, the primary owner, members, a bot, tokens for every auth
// case and a few sessions. The README lists its tokens. Each call parses it anew, so the
// caller may change what it gets.
func DemoFixture() *Fixture {
	f, err := ParseFixture(bytes.NewReader(demoJSON))
	if err != nil {
		panic("org: the embedded demo fixture is broken: " + err.Error())
	}
	return f
}

func ptr[T any](v T) *T { return &v }

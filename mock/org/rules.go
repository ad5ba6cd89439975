package org

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/slack-contracts/admin-users-session/api/vocab"
	"github.com/slack-contracts/admin-users-session/mock/internal/redact"
)

// check fills the defaults and enforces the rules an org relies on: ids present and unique,
// every reference naming what it refers to, roles, token types and session clients among
// those the mock knows. A session is held to checkSession, the rule AddSession holds it to.
func (f *Fixture) check() error {
	teams, err := f.checkTeams()
	if err != nil {
		return err
	}
	users, err := f.checkUsers(teams)
	if err != nil {
		return err
	}
	if err := f.checkTokens(users); err != nil {
		return err
	}
	return f.checkSessions(teams, users)
}

// checkTeams checks the teams and the org, fills their domains, and answers the teams' ids.
func (f *Fixture) checkTeams() (map[string]bool, error) {
	teams := make(map[string]bool, len(f.Teams))
	for i := range f.Teams {
		t := &f.Teams[i]
		if t.ID == "" {
			return nil, fmt.Errorf("fixture: teams[%d]: id is empty", i)
		}
		if teams[t.ID] {
			return nil, fmt.Errorf("fixture: teams[%d]: id %s appears twice", i, redact.Quote(t.ID))
		}
		teams[t.ID] = true
		if t.Domain == "" {
			t.Domain = strings.ToLower(t.ID)
		}
	}
	if f.Org != nil && (f.Org.ID == "" || teams[f.Org.ID]) {
		return nil, fmt.Errorf("fixture: org: id %s is empty or also a team's", redact.Quote(f.Org.ID))
	}
	if f.Org != nil && f.Org.Domain == "" {
		f.Org.Domain = strings.ToLower(f.Org.ID)
	}
	return teams, nil
}

// checkUsers checks the users against the teams, fills their roles, and answers their ids.
func (f *Fixture) checkUsers(teams map[string]bool) (map[string]bool, error) {
	users := make(map[string]bool, len(f.Users))
	for i := range f.Users {
		u := &f.Users[i]
		switch {
		case u.ID == "":
			return nil, fmt.Errorf("fixture: users[%d]: id is empty", i)
		case users[u.ID]:
			return nil, fmt.Errorf("fixture: users[%d]: id %s appears twice", i, redact.Quote(u.ID))
		case !teams[u.TeamID]:
			return nil, fmt.Errorf("fixture: users[%d]: team_id %s names no team", i, redact.Quote(u.TeamID))
		}
		users[u.ID] = true
		if set := u.SessionSettings; set != nil && set.Duration != nil &&
			(*set.Duration < vocab.MinSessionSeconds || *set.Duration > vocab.MaxSessionSeconds) {
			return nil, fmt.Errorf("fixture: users[%d]: session_settings.duration %d is not between %d and %d", i, *set.Duration, vocab.MinSessionSeconds, vocab.MaxSessionSeconds)
		}
		switch u.Role {
		case "":
			u.Role = RoleMember
		case RoleMember, RoleAdmin, RoleOwner, RolePrimaryOwner, RoleBot:
		default:
			return nil, fmt.Errorf("fixture: users[%d]: role %s is not member, admin, owner, primary_owner or bot", i, redact.Quote(string(u.Role)))
		}
	}
	return users, nil
}

// checkTokens checks the tokens against the users and fills their types and bot ids.
func (f *Fixture) checkTokens(users map[string]bool) error {
	tokens := make(map[string]bool, len(f.Tokens))
	for i := range f.Tokens {
		t := &f.Tokens[i]
		switch {
		case t.Token == "":
			return fmt.Errorf("fixture: tokens[%d]: token is empty", i)
		case tokens[t.Token]:
			return fmt.Errorf("fixture: tokens[%d]: the token appears twice", i)
		case !users[t.UserID]:
			return fmt.Errorf("fixture: tokens[%d]: user_id %s names no user", i, redact.Quote(t.UserID))
		case t.EnterpriseInstall && f.Org == nil:
			return fmt.Errorf("fixture: tokens[%d]: enterprise_install needs the fixture's org", i)
		}
		if j := slices.Index(t.Scopes, ""); j >= 0 {
			return fmt.Errorf("fixture: tokens[%d]: scopes[%d] is empty", i, j)
		}
		tokens[t.Token] = true
		if err := t.fillType(); err != nil {
			return fmt.Errorf("fixture: tokens[%d]: %w", i, err)
		}
	}
	return nil
}

// fillType checks the token's type, or gives it the type its prefix says, and gives a bot
// token its bot id.
func (t *Token) fillType() error {
	switch {
	case t.Type == TokenUser || t.Type == TokenBot:
	case t.Type != "":
		return fmt.Errorf("type %s is not user or bot", redact.Quote(string(t.Type)))
	case strings.HasPrefix(t.Token, "xoxp-"):
		t.Type = TokenUser
	case strings.HasPrefix(t.Token, "xoxb-"):
		t.Type = TokenBot
	default:
		return errors.New("type is missing and the token starts with neither xoxp- nor xoxb-")
	}
	if t.Type == TokenBot && t.BotID == "" {
		t.BotID = "B" + t.UserID[1:]
	}
	return nil
}

// checkSessions holds the sessions to checkSession and checks that no id repeats.
func (f *Fixture) checkSessions(teams, users map[string]bool) error {
	// Sessions in order of id, as Org.Fixture and GET /_mock/fixture answer them, cannot
	// repeat one: only others need the set of ids seen, a million entries for a million.
	var sessions map[int64]bool
	for i := 1; i < len(f.Sessions); i++ {
		if f.Sessions[i].SessionID <= f.Sessions[i-1].SessionID {
			sessions = make(map[int64]bool, len(f.Sessions))
			break
		}
	}
	inOrg := func(team string) bool { return teams[team] || (f.Org != nil && team == f.Org.ID) }
	for i, s := range f.Sessions {
		if sessions[s.SessionID] {
			return fmt.Errorf("fixture: sessions[%d]: session_id %d appears twice", i, s.SessionID)
		}
		if err := checkSession(s, users[s.UserID], inOrg(s.TeamID)); err != nil {
			return fmt.Errorf("fixture: sessions[%d]: %w", i, err)
		}
		if sessions != nil {
			sessions[s.SessionID] = true
		}
	}
	return nil
}

// checkSession holds a session to the rules of an org: a positive id, a user of the org
// (hasUser), a team of the org or the org itself (inOrg), and a client that is mobile or
// web. A fixture's sessions and AddSession's are held to it alike.
func checkSession(s Session, hasUser, inOrg bool) error {
	switch {
	case s.SessionID <= 0:
		return errors.New("session_id must be a positive integer")
	case !hasUser:
		return fmt.Errorf("user_id %s names no user", redact.Quote(s.UserID))
	case !inOrg:
		return fmt.Errorf("team_id %s names no team, nor the org", redact.Quote(s.TeamID))
	case s.Client != ClientMobile && s.Client != ClientWeb:
		return fmt.Errorf("client %s is not mobile or web", redact.Quote(string(s.Client)))
	}
	return nil
}

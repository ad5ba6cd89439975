package mock

import (
	"cmp"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/slack-contracts/admin-users-session/api"
)

// Store is the state of the fake org: its teams, users, tokens and live sessions. It is safe
// for concurrent use. Every change is all or nothing, under one lock, so a call that fails
// changes nothing and a call that succeeds is seen by the very next one.
type Store struct {
	mu       sync.RWMutex
	org      *Org
	teams    map[string]Team
	users    map[string]User
	tokens   map[[sha256.Size]byte]Token // by the hash of the token: see lookupToken
	sessions map[int64]*Session
	// byUser indexes sessions by user, so that a reset costs what the user has, not what
	// the org has.
	byUser map[string]map[int64]*Session
}

// NewStore returns a store holding f, which must have passed ParseFixture (or come from
// DemoFixture).
func NewStore(f *Fixture) *Store {
	s := &Store{}
	s.Load(f)
	return s
}

// Load replaces the whole state with f, which must have passed ParseFixture.
func (s *Store) Load(f *Fixture) {
	teams := make(map[string]Team, len(f.Teams))
	for _, t := range f.Teams {
		teams[t.ID] = t
	}
	users := make(map[string]User, len(f.Users))
	for _, u := range f.Users {
		users[u.ID] = u
	}
	tokens := make(map[[sha256.Size]byte]Token, len(f.Tokens))
	for _, t := range f.Tokens {
		t.Scopes = slices.Clone(t.Scopes)
		tokens[sha256.Sum256([]byte(t.Token))] = t
	}
	next := &Store{
		teams:    teams,
		users:    users,
		tokens:   tokens,
		sessions: make(map[int64]*Session, len(f.Sessions)),
		byUser:   make(map[string]map[int64]*Session, len(f.Users)),
	}
	if f.Org != nil {
		o := *f.Org
		next.org = &o
	}
	all := make([]Session, len(f.Sessions)) // one allocation for them all
	for i, ss := range f.Sessions {
		// Share the user's and team's id strings, so that a million sessions do not
		// hold a million copies of a few ids.
		ss.UserID = users[ss.UserID].ID
		ss.TeamID = teams[ss.TeamID].ID
		all[i] = ss.clone()
		next.addLocked(&all[i])
	}
	s.mu.Lock()
	s.org, s.teams, s.users, s.tokens, s.sessions, s.byUser = next.org, next.teams, next.users, next.tokens, next.sessions, next.byUser
	s.mu.Unlock()
}

// Fixture returns the whole state as a fixture, sessions ordered by id, that ParseFixture
// and Load take back unchanged.
func (s *Store) Fixture() *Fixture {
	s.mu.RLock()
	defer s.mu.RUnlock()
	f := &Fixture{
		Teams:    make([]Team, 0, len(s.teams)),
		Users:    make([]User, 0, len(s.users)),
		Tokens:   make([]Token, 0, len(s.tokens)),
		Sessions: s.sessionsLocked("", ""),
	}
	if s.org != nil {
		o := *s.org
		f.Org = &o
	}
	for _, t := range s.teams {
		f.Teams = append(f.Teams, t)
	}
	for _, u := range s.users {
		f.Users = append(f.Users, u)
	}
	for _, t := range s.tokens {
		t.Scopes = slices.Clone(t.Scopes)
		f.Tokens = append(f.Tokens, t)
	}
	slices.SortFunc(f.Teams, func(a, b Team) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(f.Users, func(a, b User) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(f.Tokens, func(a, b Token) int { return cmp.Compare(a.Token, b.Token) })
	return f
}

// Sessions returns the live sessions, ordered by id; a non-empty userID or teamID keeps
// only that user's or that team's.
func (s *Store) Sessions(userID, teamID string) []Session {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.sessionsLocked(userID, teamID)
}

func (s *Store) sessionsLocked(userID, teamID string) []Session {
	from := s.sessions
	if userID != "" {
		from = s.byUser[userID]
	}
	out := make([]Session, 0, len(from))
	for _, ss := range from {
		if teamID == "" || ss.TeamID == teamID {
			out = append(out, ss.clone())
		}
	}
	slices.SortFunc(out, func(a, b Session) int { return cmp.Compare(a.SessionID, b.SessionID) })
	return out
}

// Session returns the live session with that id, if there is one.
func (s *Store) Session(id int64) (Session, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ss, ok := s.sessions[id]
	if !ok {
		return Session{}, false
	}
	return ss.clone(), true
}

// AddSession adds a live session, as when a user signs in. Its user and team must exist and
// its id must be new.
func (s *Store) AddSession(ss Session) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, uok := s.users[ss.UserID]
	t, tok := s.teams[ss.TeamID]
	switch {
	case ss.SessionID <= 0:
		return errors.New("mock: session_id must be a positive integer")
	case s.sessions[ss.SessionID] != nil:
		return fmt.Errorf("mock: session_id %d is taken", ss.SessionID)
	case ss.Client != ClientMobile && ss.Client != ClientWeb:
		return fmt.Errorf("mock: client %q is not mobile or web", ss.Client)
	case !uok:
		return fmt.Errorf("mock: user_id %q names no user", ss.UserID)
	case !tok:
		return fmt.Errorf("mock: team_id %q names no team", ss.TeamID)
	}
	ss.UserID, ss.TeamID = u.ID, t.ID
	ss = ss.clone()
	s.addLocked(&ss)
	return nil
}

func (s *Store) addLocked(ss *Session) {
	s.sessions[ss.SessionID] = ss
	m := s.byUser[ss.UserID]
	if m == nil {
		m = make(map[int64]*Session)
		s.byUser[ss.UserID] = m
	}
	m[ss.SessionID] = ss
}

// Caller is who made a call: the token's user, as the auth checks found them.
type Caller struct {
	UserID string
	Role   Role
}

// authFailure is an auth or scope check's answer: a code and, for missing_scope, the
// scopes needed and provided.
type authFailure struct {
	code     api.ErrorCode
	needed   string
	provided []string
}

// authorize checks a token as Slack does, in Slack's order: not_authed, invalid_auth,
// account_inactive, token_revoked, token_expired, not_allowed_token_type, missing_scope,
// then not_an_admin.
func (s *Store) authorize(token, scope string) (Caller, *authFailure) {
	if token == "" {
		return Caller{}, &authFailure{code: api.CodeNotAuthed}
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	t, ok := s.lookupToken(token)
	if !ok {
		return Caller{}, &authFailure{code: api.CodeInvalidAuth}
	}
	u := s.users[t.UserID]
	switch {
	case u.Deleted:
		return Caller{}, &authFailure{code: api.CodeAccountInactive}
	case t.Revoked:
		return Caller{}, &authFailure{code: api.CodeTokenRevoked}
	case t.Expired:
		return Caller{}, &authFailure{code: api.CodeTokenExpired}
	case t.Type != TokenUser:
		return Caller{}, &authFailure{code: api.CodeNotAllowedTokenType}
	case !slices.Contains(t.Scopes, scope):
		return Caller{}, &authFailure{code: api.CodeMissingScope, needed: scope, provided: t.Scopes}
	}
	switch u.Role {
	case RoleAdmin, RoleOwner, RolePrimaryOwner:
		return Caller{UserID: u.ID, Role: u.Role}, nil
	}
	return Caller{}, &authFailure{code: api.CodeNotAnAdmin}
}

// lookupToken finds a token so that how long it takes tells nothing of how close a guess is:
// tokens are found by their SHA-256 (a guess that shares a prefix with a real token does not
// share a prefix of its hash), then compared in constant time.
func (s *Store) lookupToken(token string) (Token, bool) {
	t, ok := s.tokens[sha256.Sum256([]byte(token))]
	if !ok || subtle.ConstantTimeCompare([]byte(t.Token), []byte(token)) != 1 {
		return Token{}, false
	}
	return t, true
}

// Invalidate ends the session id of team (or of any team, when team is the org's id), as
// admin.users.session.invalidate does; a non-empty userID must be the session's user.
func (s *Store) Invalidate(caller Caller, team string, id int64, userID string) api.ErrorCode {
	return s.invalidate(caller, team, id, userID, nil)
}

// invalidate is Invalidate; done, unless nil, gets its answer before the lock is released,
// so that what done records is in the order the calls took effect.
func (s *Store) invalidate(caller Caller, team string, id int64, userID string, done func(api.ErrorCode)) (code api.ErrorCode) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if done != nil {
		defer func() { done(code) }()
	}
	if userID != "" {
		if _, ok := s.users[userID]; !ok {
			return api.CodeUserNotFound
		}
	}
	ss, ok := s.sessions[id]
	if !ok || (ss.TeamID != team && (s.org == nil || s.org.ID != team)) || (userID != "" && ss.UserID != userID) {
		return api.CodeSessionNotFound
	}
	if s.users[ss.UserID].Role == RolePrimaryOwner && caller.Role != RolePrimaryOwner {
		return api.CodeCannotInvalidatePrimary
	}
	s.removeLocked(ss)
	return ""
}

// Reset ends the sessions of userID, as admin.users.session.reset does: all of them, or
// only the mobile or only the web ones. It answers how many ended.
func (s *Store) Reset(caller Caller, userID string, only ClientKind) (int, api.ErrorCode) {
	return s.reset(caller, userID, only, nil)
}

// reset is Reset; done, unless nil, gets its answer before the lock is released, as with
// invalidate.
func (s *Store) reset(caller Caller, userID string, only ClientKind, done func(api.ErrorCode)) (n int, code api.ErrorCode) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if done != nil {
		defer func() { done(code) }()
	}
	u, ok := s.users[userID]
	switch {
	case !ok:
		return 0, api.CodeUserNotFound
	case u.Role == RoleBot:
		return 0, api.CodeCannotResetBot
	case u.Role == RolePrimaryOwner && caller.Role != RolePrimaryOwner:
		return 0, api.CodeCannotResetPrimary
	}
	for _, ss := range s.byUser[userID] {
		if only == "" || ss.Client == only {
			s.removeLocked(ss)
			n++
		}
	}
	return n, ""
}

func (s *Store) removeLocked(ss *Session) {
	delete(s.sessions, ss.SessionID)
	m := s.byUser[ss.UserID]
	delete(m, ss.SessionID)
	if len(m) == 0 {
		delete(s.byUser, ss.UserID)
	}
}

// subject answers whom a call is about, for faults that pick calls by user or team:
// reset's user and that user's home team; invalidate's team and the user of the session
// it names (or its user_id argument).
func (s *Store) subject(method string, args map[string]any) (userID, teamID string) {
	userID, _ = args["user_id"].(string)
	teamID, _ = args["team_id"].(string)
	s.mu.RLock()
	defer s.mu.RUnlock()
	switch method {
	case MethodReset:
		teamID = s.users[userID].TeamID
	case MethodInvalidate:
		if id, ok := args["session_id"].(int64); ok && userID == "" {
			if ss := s.sessions[id]; ss != nil {
				userID = ss.UserID
			}
		}
	}
	return userID, teamID
}

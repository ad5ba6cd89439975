package mock

import (
	"cmp"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/btree"
)

// Store is the state of the fake org: its teams, users, tokens, live sessions and session
// settings. It is one value behind one lock: every change goes through update, all or
// nothing, so a call that fails changes nothing and a call that succeeds is seen by the very
// next one. Loading a fixture builds a new state and swaps it in whole. It is safe for
// concurrent use.
type Store struct {
	mu sync.RWMutex
	st *state
}

// state is what a Store guards. Only Store's update and view hand it out.
type state struct {
	org    *Org
	teams  map[string]Team
	users  map[string]User
	tokens map[[sha256.Size]byte]knownToken // by the hash of the token: see lookupToken
	// sessions are the live sessions in order of id: a list page starts where the last
	// one ended and costs what it lists, whatever the size of the org.
	sessions *btree.BTreeG[*Session]
	// byUser indexes sessions by user, so that a reset costs what the user has.
	byUser map[string]map[int64]*Session
}

// btreeDegree suits a million pointers: shallow trees, small nodes.
const btreeDegree = 32

func bySessionID(a, b *Session) bool { return a.SessionID < b.SessionID }

// NewStore returns a store holding f, which must have passed ParseFixture (or come from
// DemoFixture).
func NewStore(f *Fixture) *Store {
	return &Store{st: newState(f, false)}
}

// newSharedStore is NewStore for a fixture nobody changes any more, such as the one a mock
// starts from (see WithFixture): the store's sessions are f's own, not copies. The state
// never changes a session in place (it adds and removes them), so f stays as it was, and
// a mock of a million sessions holds them once, not twice.
func newSharedStore(f *Fixture) *Store {
	return &Store{st: newState(f, true)}
}

// update runs f on the state with the store locked for writing.
func (s *Store) update(f func(*state)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(s.st)
}

// view runs f on the state with the store locked for reading; f must not change it.
func (s *Store) view(f func(*state)) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	f(s.st)
}

// Load replaces the whole state with f, which must have passed ParseFixture.
func (s *Store) Load(f *Fixture) { s.load(f, false) }

// load is Load, sharing f's sessions when share is set (see newSharedStore).
func (s *Store) load(f *Fixture, share bool) {
	next := newState(f, share)
	s.mu.Lock()
	s.st = next
	s.mu.Unlock()
}

// newState builds the state of f: of copies of its sessions, or of f's own with share (see
// newSharedStore).
func newState(f *Fixture, share bool) *state {
	st := &state{
		teams:    make(map[string]Team, len(f.Teams)),
		users:    make(map[string]User, len(f.Users)),
		tokens:   make(map[[sha256.Size]byte]knownToken, len(f.Tokens)),
		sessions: btree.NewG(btreeDegree, bySessionID),
		byUser:   make(map[string]map[int64]*Session, len(f.Users)),
	}
	if f.Org != nil {
		o := *f.Org
		st.org = &o
	}
	for _, t := range f.Teams {
		st.teams[t.ID] = t
	}
	for _, u := range f.Users {
		u.SessionSettings = u.SessionSettings.clone()
		st.users[u.ID] = u
	}
	for _, t := range f.Tokens {
		t.Scopes = slices.Clone(t.Scopes)
		st.tokens[sha256.Sum256([]byte(t.Token))] = knownToken{Token: t, scopeList: strings.Join(t.Scopes, ",")}
	}
	sessions := f.Sessions
	if !share {
		sessions = make([]Session, len(f.Sessions)) // one allocation for them all
		var copies sessionCopier
		for i, ss := range f.Sessions {
			// Share the user's and team's id strings, so that a million sessions do not
			// hold a million copies of a few ids.
			ss.UserID = st.users[ss.UserID].ID
			ss.TeamID = st.teamID(ss.TeamID)
			sessions[i] = copies.clone(ss)
		}
	}
	for i := range sessions {
		st.sessions.ReplaceOrInsert(&sessions[i])
	}
	st.indexByUser(sessions)
	return st
}

// indexByUser fills byUser with sessions, which are new to the state. It builds each
// user's map in one go, at its size, its sessions gathered first (a counting sort by user):
// adding a million sessions in order of id would go from one user's map to another's at
// every step, which makes it several times slower.
func (st *state) indexByUser(sessions []Session) {
	users := make(map[string]int32, len(st.users)) // a user's number, in order of first session
	var names []string
	owner := make([]int32, len(sessions)) // the number of each session's user
	var counts []int32
	for i := range sessions {
		id := sessions[i].UserID
		k, ok := users[id]
		if !ok {
			k = int32(len(names))
			users[id] = k
			names, counts = append(names, id), append(counts, 0)
		}
		owner[i] = k
		counts[k]++
	}
	start := make([]int32, len(names)+1) // user k's sessions are byOwner[start[k]:start[k+1]]
	for k, n := range counts {
		start[k+1] = start[k] + n
	}
	next := slices.Clone(start[:len(names)])
	byOwner := make([]int32, len(sessions))
	for i, k := range owner {
		byOwner[next[k]] = int32(i)
		next[k]++
	}
	for k, id := range names {
		m := make(map[int64]*Session, counts[k])
		for _, i := range byOwner[start[k]:start[k+1]] {
			m[sessions[i].SessionID] = &sessions[i]
		}
		st.byUser[id] = m
	}
}

// sessionCopier is Session.clone for many sessions: their times and devices are copied
// into slabs (see slab), a few allocations for a million sessions instead of millions.
type sessionCopier struct {
	times   slab[time.Time]
	devices slab[Device]
}

func (c *sessionCopier) clone(s Session) Session {
	if s.CreatedAt != nil {
		t := c.times.next()
		*t = *s.CreatedAt
		s.CreatedAt = t
	}
	if s.Created != nil {
		d := c.devices.next()
		*d = *s.Created
		s.Created = d
	}
	if s.Recent != nil {
		d := c.devices.next()
		*d = *s.Recent
		s.Recent = d
	}
	return s
}

// Fixture returns the whole state as a fixture, sessions ordered by id, that ParseFixture
// and Load take back unchanged.
func (s *Store) Fixture() *Fixture {
	var f *Fixture
	s.view(func(st *state) {
		f = &Fixture{
			Teams:    make([]Team, 0, len(st.teams)),
			Users:    make([]User, 0, len(st.users)),
			Tokens:   make([]Token, 0, len(st.tokens)),
			Sessions: st.sessionList("", ""),
		}
		if st.org != nil {
			o := *st.org
			f.Org = &o
		}
		for _, t := range st.teams {
			f.Teams = append(f.Teams, t)
		}
		for _, u := range st.users {
			u.SessionSettings = u.SessionSettings.clone()
			f.Users = append(f.Users, u)
		}
		for _, kt := range st.tokens {
			t := kt.Token
			t.Scopes = slices.Clone(t.Scopes)
			f.Tokens = append(f.Tokens, t)
		}
	})
	slices.SortFunc(f.Teams, func(a, b Team) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(f.Users, func(a, b User) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(f.Tokens, func(a, b Token) int { return cmp.Compare(a.Token, b.Token) })
	return f
}

// Sessions returns the live sessions, ordered by id; a non-empty userID or teamID keeps
// only that user's or that team's.
func (s *Store) Sessions(userID, teamID string) []Session {
	var out []Session
	s.view(func(st *state) { out = st.sessionList(userID, teamID) })
	return out
}

// Session returns the live session with that id, if there is one.
func (s *Store) Session(id int64) (Session, bool) {
	var (
		ss Session
		ok bool
	)
	s.view(func(st *state) {
		var p *Session
		if p, ok = st.session(id); ok {
			ss = p.clone()
		}
	})
	return ss, ok
}

// SessionSettings returns the session settings of userID, and whether the user has any.
func (s *Store) SessionSettings(userID string) (SessionSettings, bool) {
	var (
		set *SessionSettings
	)
	s.view(func(st *state) { set = st.users[userID].SessionSettings.clone() })
	if set == nil {
		return SessionSettings{}, false
	}
	return *set, true
}

// AddSession adds a live session, as when a user signs in. Its user must exist, its team
// be a team or the org, and its id be new.
func (s *Store) AddSession(ss Session) error {
	var err error
	s.update(func(st *state) {
		u, uok := st.users[ss.UserID]
		team := st.teamID(ss.TeamID)
		_, taken := st.session(ss.SessionID)
		switch {
		case ss.SessionID <= 0:
			err = errors.New("mock: session_id must be a positive integer")
		case taken:
			err = fmt.Errorf("mock: session_id %d is taken", ss.SessionID)
		case ss.Client != ClientMobile && ss.Client != ClientWeb:
			err = fmt.Errorf("mock: client %s is not mobile or web", quote(string(ss.Client)))
		case !uok:
			err = fmt.Errorf("mock: user_id %s names no user", quote(ss.UserID))
		case team == "":
			err = fmt.Errorf("mock: team_id %s names no team, nor the org", quote(ss.TeamID))
		default:
			ss.UserID, ss.TeamID = u.ID, team
			ss = ss.clone()
			st.add(&ss)
		}
	})
	return err
}

func (st *state) add(ss *Session) {
	st.sessions.ReplaceOrInsert(ss)
	m := st.byUser[ss.UserID]
	if m == nil {
		m = make(map[int64]*Session)
		st.byUser[ss.UserID] = m
	}
	m[ss.SessionID] = ss
}

func (st *state) remove(ss *Session) {
	st.sessions.Delete(ss)
	m := st.byUser[ss.UserID]
	delete(m, ss.SessionID)
	if len(m) == 0 {
		delete(st.byUser, ss.UserID)
	}
}

// teamID answers the state's own string of id, a team's or the org's, so that sessions share
// it; "" when id names neither.
func (st *state) teamID(id string) string {
	if t, ok := st.teams[id]; ok {
		return t.ID
	}
	if st.org != nil && st.org.ID == id {
		return st.org.ID
	}
	return ""
}

// inTeam reports whether ss is in team: the session's own team, or any when team is the
// org's id.
func (st *state) inTeam(ss *Session, team string) bool {
	return team == "" || ss.TeamID == team || (st.org != nil && st.org.ID == team)
}

// session finds the live session id.
func (st *state) session(id int64) (*Session, bool) {
	return st.sessions.Get(&Session{SessionID: id})
}

// sessionList copies the live sessions of userID and teamID (every user or team when
// empty), ordered by id.
func (st *state) sessionList(userID, teamID string) []Session {
	out := []Session{}
	keep := func(ss *Session) bool {
		if st.inTeam(ss, teamID) {
			out = append(out, ss.clone())
		}
		return true
	}
	if userID == "" {
		out = make([]Session, 0, st.sessions.Len())
		st.sessions.Ascend(keep)
		return out
	}
	for _, ss := range st.userSessions(userID) {
		keep(ss)
	}
	return out
}

// userSessions returns the live sessions of userID, ordered by id.
func (st *state) userSessions(userID string) []*Session {
	m := st.byUser[userID]
	out := make([]*Session, 0, len(m))
	for _, ss := range m {
		out = append(out, ss)
	}
	slices.SortFunc(out, func(a, b *Session) int { return cmp.Compare(a.SessionID, b.SessionID) })
	return out
}

// knownToken is a token of the state, with its scopes as X-OAuth-Scopes lists them, joined
// once rather than on every answer.
type knownToken struct {
	Token
	scopeList string
}

// lookupToken finds a token so that how long it takes tells nothing of how close a guess is:
// tokens are found by their SHA-256 (a guess that shares a prefix with a real token does not
// share a prefix of its hash), then compared in constant time.
func (st *state) lookupToken(token string) (knownToken, bool) {
	t, ok := st.tokens[sha256.Sum256([]byte(token))]
	if !ok || subtle.ConstantTimeCompare([]byte(t.Token.Token), []byte(token)) != 1 {
		return knownToken{}, false
	}
	return t, true
}

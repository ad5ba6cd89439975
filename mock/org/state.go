package org

import (
	"cmp"
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/google/btree"
)

// Org is one fake Enterprise Grid org: its teams, users, tokens, live sessions and users'
// session settings, behind one lock. Every Slack method is a method of Tx, which Read and
// Change hand out with the lock held, so that a call sees the org as one value: a call that
// fails changes nothing, and one that succeeds is seen by the very next. Loading a fixture
// builds a new state and swaps it in whole. An Org is safe for concurrent use, and knows
// nothing of HTTP: package mock serves it.
type Org struct {
	mu sync.RWMutex
	st *state
}

// New returns an org holding f, which must come from ParseFixture (nil is the demo fixture,
// parsed once per process). The org shares f's sessions rather than copying them, so that a
// million sessions are held once, and any number of orgs made from one fixture hold its
// sessions once: an org adds and removes sessions and never changes one in place. Do not
// change f afterwards.
func New(f *Fixture) *Org {
	return &Org{st: newState(orDemo(f))}
}

// orDemo is f, or the demo fixture when f is nil.
func orDemo(f *Fixture) *Fixture {
	if f == nil {
		return demo()
	}
	return f
}

// Load replaces the whole state with f, as New takes it (nil is the demo fixture).
func (o *Org) Load(f *Fixture) {
	next := newState(orDemo(f))
	o.mu.Lock()
	o.st = next
	o.mu.Unlock()
}

// Tx is an org's state during one call: Read and Change hand one out, locked for reading or
// for writing, and it is valid only until they return. Its methods are the Slack methods, each
// answering its result or a *Refusal.
type Tx struct {
	st    *state
	write bool // the org is locked for writing: the methods that change it may run
}

// Read runs f with the org locked for reading: f may call the methods of Tx that change
// nothing.
func (o *Org) Read(f func(*Tx)) {
	o.mu.RLock()
	defer o.mu.RUnlock()
	f(&o.st.reader)
}

// Change runs f with the org locked for writing: f may call every method of Tx, and what
// it changes is seen by the next call whole, or not at all when f changes nothing.
func (o *Org) Change(f func(*Tx)) {
	o.mu.Lock()
	defer o.mu.Unlock()
	f(&o.st.writer)
}

// mustWrite panics when a method that changes the org runs under Read: a programming
// error, which the tests of every method find.
func (tx *Tx) mustWrite() {
	if !tx.write {
		panic("org: a change of the org under Read")
	}
}

// state is what an Org guards.
type state struct {
	org    *Enterprise // nil when the fixture names none
	teams  map[string]Team
	users  map[string]User
	tokens map[[sha256.Size]byte]knownToken // by the hash of the token: see lookupToken
	// sessions are the live sessions in order of id: a list page starts where the last
	// one ended and costs what it lists, whatever the size of the org.
	sessions *btree.BTreeG[*Session]
	// byUser indexes sessions by user, so that a reset costs what the user has.
	byUser map[string]map[int64]*Session
	// reader and writer are the Tx that Read and Change hand out: made once with the state,
	// not at every call. Readers share theirs; it holds nothing but the state.
	reader, writer Tx
}

// knownToken is a token of the org, with its scopes as X-OAuth-Scopes lists them, joined
// once rather than on every answer.
type knownToken struct {
	Token
	scopeList string
}

// btreeDegree suits a million pointers: shallow trees, small nodes.
const btreeDegree = 32

func bySessionID(a, b *Session) bool { return a.SessionID < b.SessionID }

// newState builds the state of f, sharing f's sessions (see New).
func newState(f *Fixture) *state {
	st := &state{
		teams:    make(map[string]Team, len(f.Teams)),
		users:    make(map[string]User, len(f.Users)),
		tokens:   make(map[[sha256.Size]byte]knownToken, len(f.Tokens)),
		sessions: btree.NewG(btreeDegree, bySessionID),
		byUser:   make(map[string]map[int64]*Session, len(f.Users)),
	}
	st.reader, st.writer = Tx{st: st}, Tx{st: st, write: true}
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
	for i := range f.Sessions {
		st.sessions.ReplaceOrInsert(&f.Sessions[i])
	}
	st.indexByUser(f.Sessions)
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

// Fixture returns the whole state as a fixture, sessions ordered by id, that ParseFixture
// and Load take back unchanged. It shares no memory with the org.
func (o *Org) Fixture() *Fixture {
	var f *Fixture
	o.Read(func(tx *Tx) {
		st := tx.st
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
			t.Scopes = append([]string{}, t.Scopes...) // [] for none, never null
			f.Tokens = append(f.Tokens, t)
		}
	})
	slices.SortFunc(f.Teams, func(a, b Team) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(f.Users, func(a, b User) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(f.Tokens, func(a, b Token) int { return cmp.Compare(a.Token, b.Token) })
	return f
}

// Sessions returns copies of the live sessions, ordered by id; a non-empty userID or teamID
// keeps only that user's or that team's (the org's id keeps every team's).
func (o *Org) Sessions(userID, teamID string) []Session {
	var out []Session
	o.Read(func(tx *Tx) { out = tx.st.sessionList(userID, teamID) })
	return out
}

// Session returns a copy of the live session with that id, if there is one.
func (o *Org) Session(id int64) (Session, bool) {
	var (
		ss Session
		ok bool
	)
	o.Read(func(tx *Tx) {
		var p *Session
		if p, ok = tx.st.session(id); ok {
			ss = p.clone()
		}
	})
	return ss, ok
}

// SessionSettings returns the session settings of userID, and whether the user has any.
func (o *Org) SessionSettings(userID string) (SessionSettings, bool) {
	var set *SessionSettings
	o.Read(func(tx *Tx) { set = tx.st.users[userID].SessionSettings.clone() })
	if set == nil {
		return SessionSettings{}, false
	}
	return *set, true
}

// AddSession adds a live session, as when a user signs in: a copy of ss, which must keep the
// rules of a fixture's sessions (a positive id, a user of the org, a team of the org or the
// org itself, mobile or web) and have an id no live session has.
func (o *Org) AddSession(ss Session) error {
	var err error
	o.Change(func(tx *Tx) {
		st := tx.st
		team := st.teamID(ss.TeamID)
		_, taken := st.session(ss.SessionID)
		switch err = checkSession(ss, st.hasUser(ss.UserID), team != ""); {
		case err != nil:
		case taken:
			err = fmt.Errorf("session_id %d is taken", ss.SessionID)
		default:
			ss.UserID, ss.TeamID = st.users[ss.UserID].ID, team
			ss = ss.clone()
			st.add(&ss)
		}
	})
	if err != nil {
		return fmt.Errorf("org: %w", err)
	}
	return nil
}

func (st *state) hasUser(id string) bool {
	_, ok := st.users[id]
	return ok
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
// org's id or empty.
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

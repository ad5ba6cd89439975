package org

import (
	"encoding/base64"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/slack-contracts/admin-users-session/api/vocab"
)

// This file holds what each Slack method does to an org, one method of Tx each, and the auth
// checks every call passes first. Each answers its result, or a *Refusal: Slack's error code,
// with messages where Slack explains.

// Refusal is a Slack method's refusal of a call: the error code Slack answers and, where it
// explains, messages such as "[ERROR] user_id goes with team_id", which Slack sends in
// response_metadata.messages.
type Refusal struct {
	Code     vocab.ErrorCode
	Messages []string
}

// Error returns the code, and the messages after it.
func (r *Refusal) Error() string {
	return strings.Join(append([]string{string(r.Code)}, r.Messages...), ": ")
}

// refuse is a *Refusal of code with messages.
func refuse(code vocab.ErrorCode, messages ...string) *Refusal {
	return &Refusal{Code: code, Messages: messages}
}

// Caller is who makes a call: the token's user, as Authorize found them.
type Caller struct {
	UserID string // the token's user
	Role   Role   // that user's role, which some methods' rules read
}

func (c Caller) isAdmin() bool {
	return c.Role == RoleAdmin || c.Role == RoleOwner || c.Role == RolePrimaryOwner
}

// Access is what a method asks of the token of a call, as openapi.yaml gives it.
type Access struct {
	Scope string // the OAuth scope the method needs; "" for none
	Admin bool   // only org admins and owners may call it, with user tokens
}

// Grant is what Authorize found of the token of a call.
type Grant struct {
	// Caller is who calls, once every check passed.
	Caller Caller
	// Token is the token, once it passed the token checks (it is known, live, its user
	// active), even when the method's own checks then refuse it: Slack's answer to a call
	// with a valid token names its scopes (X-OAuth-Scopes). The zero Token before.
	Token Token
	// Scopes are the token's scopes, comma-separated, as X-OAuth-Scopes lists them.
	Scopes string
}

// Authorize checks the token of a call of a method that needs need, as Slack does, in
// Slack's order: invalid_auth, account_inactive, token_revoked, token_expired, then, as need
// asks, not_allowed_token_type, missing_scope (with the scope needed and those provided) and
// not_an_admin.
func (tx *Tx) Authorize(token string, need Access) (Grant, *Refusal) {
	st := tx.st
	kt, ok := st.lookupToken(token)
	if !ok {
		return Grant{}, refuse(vocab.CodeInvalidAuth)
	}
	u := st.users[kt.UserID]
	switch {
	case u.Deleted:
		return Grant{}, refuse(vocab.CodeAccountInactive)
	case kt.Revoked:
		return Grant{}, refuse(vocab.CodeTokenRevoked)
	case kt.Expired:
		return Grant{}, refuse(vocab.CodeTokenExpired)
	}
	g := Grant{Token: kt.Token, Scopes: kt.scopeList}
	switch {
	case need.Admin && kt.Type != TokenUser:
		return g, refuse(vocab.CodeNotAllowedTokenType)
	case need.Scope != "" && !slices.Contains(kt.Scopes, need.Scope):
		return g, &Refusal{Code: vocab.CodeMissingScope}
	}
	caller := Caller{UserID: u.ID, Role: u.Role}
	if need.Admin && !caller.isAdmin() {
		return g, refuse(vocab.CodeNotAnAdmin)
	}
	g.Caller = caller
	return g, nil
}

// SessionOwner answers the user of the live session id, if there is one.
func (tx *Tx) SessionOwner(id int64) (string, bool) {
	ss, ok := tx.st.session(id)
	if !ok {
		return "", false
	}
	return ss.UserID, true
}

// HomeTeam answers the home team of userID, if the org has that user.
func (tx *Tx) HomeTeam(userID string) (string, bool) {
	u, ok := tx.st.users[userID]
	return u.TeamID, ok
}

// Invalidate ends the session id of userID, as admin.users.session.invalidate does: a
// non-empty team must be the session's team or the org's id. Only the primary owner may end
// the primary owner's sessions.
func (tx *Tx) Invalidate(c Caller, userID string, id int64, team string) *Refusal {
	tx.mustWrite()
	st := tx.st
	if !st.hasUser(userID) {
		return refuse(vocab.CodeUserNotFound)
	}
	ss, ok := st.session(id)
	if !ok || ss.UserID != userID || !st.inTeam(ss, team) {
		return refuse(vocab.CodeSessionNotFound)
	}
	if st.users[ss.UserID].Role == RolePrimaryOwner && c.Role != RolePrimaryOwner {
		return refuse(vocab.CodeCannotInvalidatePrimary)
	}
	st.remove(ss)
	return nil
}

// ResetScope reads reset's and resetBulk's mobile_only and web_only: the kind of sessions to
// end, "" for every one. Both at once is invalid_arguments: they exclude each other.
func ResetScope(mobileOnly, webOnly bool) (ClientKind, *Refusal) {
	switch {
	case mobileOnly && webOnly:
		return "", refuse(vocab.CodeInvalidArguments, "[ERROR] mobile_only and web_only exclude each other: set one, or neither to end every session")
	case mobileOnly:
		return ClientMobile, nil
	case webOnly:
		return ClientWeb, nil
	}
	return "", nil
}

// MayReset answers why c may not reset userID's sessions, or nil if they may: the rules of
// admin.users.session.reset, which resetBulk holds each of its users to.
func (tx *Tx) MayReset(c Caller, userID string) *Refusal {
	u, ok := tx.st.users[userID]
	switch {
	case !ok:
		return refuse(vocab.CodeUserNotFound)
	case u.Role == RoleBot:
		return refuse(vocab.CodeCannotResetBot)
	case u.Role == RolePrimaryOwner && c.Role != RolePrimaryOwner:
		return refuse(vocab.CodeCannotResetPrimary)
	}
	return nil
}

// Reset ends the sessions of userID, as admin.users.session.reset does: all of them, or only
// the mobile or only the web ones. It answers how many ended.
func (tx *Tx) Reset(c Caller, userID string, only ClientKind) (int, *Refusal) {
	tx.mustWrite()
	if r := tx.MayReset(c, userID); r != nil {
		return 0, r
	}
	st := tx.st
	n := 0
	for _, ss := range st.byUser[userID] {
		if only == "" || ss.Client == only {
			st.remove(ss)
			n++
		}
	}
	return n, nil
}

// ListQuery is what a page of admin.users.session.list asks for.
type ListQuery struct {
	UserID, TeamID string // both or neither: one user's sessions in one team, or the org's
	Limit          int    // the most sessions on the page; 0 is DefaultListLimit
	Cursor         string // the next_cursor of the page before; "" for the first page
}

// DefaultListLimit is the page size of admin.users.session.list when the call sets none.
const DefaultListLimit = 1000

// Page is a page of admin.users.session.list.
type Page struct {
	// Sessions are the page's sessions, ordered by id: the org's own, which it never changes
	// in place (it ends a session by dropping it), so that they stay as they were when
	// listed. Read them; do not change them.
	Sessions []*Session
	Next     string // the cursor of the page after; "" on the last page
}

// List answers a page of live sessions, ordered by id, as admin.users.session.list does: the
// org's, less those of bots, or one user's in one team (the org's id names every team).
// Because pages follow the order of ids, a session live from the first page to the last is
// listed exactly once, whatever begins or ends between pages.
func (tx *Tx) List(q ListQuery) (Page, *Refusal) {
	after, r := q.check()
	if r != nil {
		return Page{}, r
	}
	st := tx.st
	p := pager{limit: q.Limit}
	if p.limit <= 0 {
		p.limit = DefaultListLimit
	}
	if q.UserID == "" {
		st.sessions.AscendGreaterOrEqual(&Session{SessionID: after + 1}, func(ss *Session) bool {
			return st.users[ss.UserID].Role == RoleBot || p.take(ss)
		})
		return p.Page, nil
	}
	u, ok := st.users[q.UserID]
	switch {
	case !ok:
		return Page{}, refuse(vocab.CodeUserNotFound)
	case u.Role == RoleBot:
		return Page{}, refuse(vocab.CodeBotsNotAllowed)
	case st.teamID(q.TeamID) == "":
		return Page{}, refuse(vocab.CodeTeamNotFound)
	}
	for _, ss := range st.userSessions(q.UserID) {
		if ss.SessionID > after && st.inTeam(ss, q.TeamID) && !p.take(ss) {
			break
		}
	}
	return p.Page, nil
}

// check checks what q asks for, before any look at the org: a user and a team together or
// neither, and a cursor the method gave. It answers the id of the last session of the page
// before, 0 for the first page.
func (q ListQuery) check() (after int64, r *Refusal) {
	switch {
	case q.UserID != "" && q.TeamID == "":
		return 0, refuse(vocab.CodeMissingTeam, "[ERROR] user_id goes with team_id: name both, or neither for the whole org")
	case q.TeamID != "" && q.UserID == "":
		return 0, refuse(vocab.CodeMissingUser, "[ERROR] team_id goes with user_id: name both, or neither for the whole org")
	case q.Cursor == "":
		return 0, nil
	}
	after, ok := decodeCursor(q.Cursor)
	if !ok {
		return 0, refuse(vocab.CodeInvalidCursor, "[ERROR] the cursor is not a next_cursor this method gave")
	}
	return after, nil
}

// pager fills a page of at most limit sessions.
type pager struct {
	Page
	limit int
}

// take adds ss to the page, and answers whether there is room for more; once the page is
// full, the session that finds no room makes the cursor of the page after.
func (p *pager) take(ss *Session) bool {
	if len(p.Sessions) == p.limit {
		p.Next = encodeCursor(p.Sessions[len(p.Sessions)-1].SessionID)
		return false
	}
	p.Sessions = append(p.Sessions, ss)
	return true
}

// cursorPrefix starts every list cursor: a cursor is opaque to clients, but the mock must
// tell its own from anything else.
const cursorPrefix = "session:"

// encodeCursor is the next_cursor of a page whose last session is id.
func encodeCursor(id int64) string {
	return base64.StdEncoding.EncodeToString([]byte(cursorPrefix + strconv.FormatInt(id, 10)))
}

// decodeCursor reads a cursor encodeCursor made: the id of the last session listed.
func decodeCursor(cursor string) (int64, bool) {
	b, err := base64.StdEncoding.DecodeString(cursor)
	if err != nil {
		return 0, false
	}
	n, ok := strings.CutPrefix(string(b), cursorPrefix)
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(n, 10, 64)
	// No page can end at the largest id with more to follow, so no cursor names it.
	return id, err == nil && id >= 0 && id < math.MaxInt64
}

// settingsTargets checks the users of a settings method: each must exist (user_not_found,
// as Slack answers when "at least one of the requested users doesn't exist") and not be a
// bot (bots_not_allowed).
func (st *state) settingsTargets(userIDs []string) *Refusal {
	for _, id := range userIDs {
		if !st.hasUser(id) {
			return refuse(vocab.CodeUserNotFound)
		}
	}
	for _, id := range userIDs {
		if st.users[id].Role == RoleBot {
			return refuse(vocab.CodeBotsNotAllowed)
		}
	}
	return nil
}

// SetSettings sets the session settings of userIDs, as admin.users.session.setSettings
// does, all of them or none: the fields set in change replace the users' own, the others
// stay. A change with neither field set is at_least_one_session_setting_required.
func (tx *Tx) SetSettings(userIDs []string, change SessionSettings) *Refusal {
	tx.mustWrite()
	if change.Duration == nil && change.DesktopAppBrowserQuit == nil {
		return refuse(vocab.CodeAtLeastOneSetting, "[ERROR] set duration, desktop_app_browser_quit or both")
	}
	st := tx.st
	if r := st.settingsTargets(userIDs); r != nil {
		return r
	}
	for _, id := range userIDs {
		u := st.users[id]
		set := u.SessionSettings.clone()
		if set == nil {
			set = &SessionSettings{}
		}
		if change.Duration != nil {
			set.Duration = ptr(*change.Duration)
		}
		if change.DesktopAppBrowserQuit != nil {
			set.DesktopAppBrowserQuit = ptr(*change.DesktopAppBrowserQuit)
		}
		u.SessionSettings = set
		st.users[id] = u
	}
	return nil
}

// UserSettings are one user's session settings, as admin.users.session.getSettings answers
// them.
type UserSettings struct {
	UserID string
	SessionSettings
}

// GetSettings answers the session settings of userIDs, as admin.users.session.getSettings
// does: those of the users that have some, in the order named, and the users that have none.
// A user named twice is answered once.
func (tx *Tx) GetSettings(userIDs []string) (set []UserSettings, none []string, r *Refusal) {
	st := tx.st
	if r := st.settingsTargets(userIDs); r != nil {
		return nil, nil, r
	}
	set, none = []UserSettings{}, []string{}
	seen := make(map[string]bool, len(userIDs))
	for _, id := range userIDs {
		if seen[id] {
			continue
		}
		seen[id] = true
		us := st.users[id].SessionSettings
		if us == nil {
			none = append(none, id)
			continue
		}
		set = append(set, UserSettings{UserID: id, SessionSettings: *us.clone()})
	}
	return set, none, nil
}

// ClearSettings removes the session settings of userIDs, as
// admin.users.session.clearSettings does, all of them or none.
func (tx *Tx) ClearSettings(userIDs []string) *Refusal {
	tx.mustWrite()
	st := tx.st
	if r := st.settingsTargets(userIDs); r != nil {
		return r
	}
	for _, id := range userIDs {
		u := st.users[id]
		u.SessionSettings = nil
		st.users[id] = u
	}
	return nil
}

// Identity is who a token is, as auth.test answers.
type Identity struct {
	URL, Team, TeamID string // the workspace's, or for an org-wide install the org's
	User, UserID      string
	EnterpriseID      string // the org's id, when the fixture names the org
	BotID             string // for a bot token
	EnterpriseInstall bool   // the token comes from an org-wide install
}

// WhoIs answers who the token g granted is, as auth.test does: its user, the user's team
// and the org; for a token of an org-wide install, the org in place of the team.
func (tx *Tx) WhoIs(g Grant) Identity {
	st := tx.st
	u := st.users[g.Token.UserID]
	t := st.teams[u.TeamID]
	id := Identity{URL: "https://" + t.Domain + ".slack.com/", Team: t.Name, TeamID: t.ID,
		User: u.Name, UserID: u.ID, EnterpriseInstall: g.Token.EnterpriseInstall}
	if st.org != nil {
		id.EnterpriseID = st.org.ID
	}
	if g.Token.EnterpriseInstall { // the fixture's rules saw to an org
		id.URL, id.Team, id.TeamID = "https://"+st.org.Domain+".enterprise.slack.com/", st.org.Name, st.org.ID
	}
	if g.Token.Type == TokenBot {
		id.BotID = g.Token.BotID
	}
	return id
}

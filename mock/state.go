package mock

import (
	"encoding/base64"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/slack-contracts/admin-users-session/api"
)

// This file holds what the Slack methods do to the state of the org; methods.go holds the
// handlers that read a call's arguments, call one of these and write the answer.

// Caller is who made a call: the token's user, as the auth checks found them.
type Caller struct {
	UserID string // the token's user
	Role   Role   // that user's role, which some methods' rules read
}

// authFailure is an auth or scope check's answer: a code and, for missing_scope, the
// scopes needed and provided.
type authFailure struct {
	code     api.ErrorCode
	needed   string
	provided []string
}

// authorize checks a token for op as Slack does, in Slack's order: invalid_auth,
// account_inactive, token_revoked, token_expired, then, as op asks, not_allowed_token_type,
// missing_scope and not_an_admin. It answers the token once it passed the token checks, for
// the scope headers, which Slack sends on every answer to a call with a valid token.
func (st *state) authorize(token string, op *operation) (Caller, knownToken, *authFailure) {
	t, ok := st.lookupToken(token)
	if !ok {
		return Caller{}, knownToken{}, &authFailure{code: api.CodeInvalidAuth}
	}
	u := st.users[t.UserID]
	switch {
	case u.Deleted:
		return Caller{}, knownToken{}, &authFailure{code: api.CodeAccountInactive}
	case t.Revoked:
		return Caller{}, knownToken{}, &authFailure{code: api.CodeTokenRevoked}
	case t.Expired:
		return Caller{}, knownToken{}, &authFailure{code: api.CodeTokenExpired}
	case op.admin && t.Type != TokenUser:
		return Caller{}, t, &authFailure{code: api.CodeNotAllowedTokenType}
	case op.scope != "" && !slices.Contains(t.Scopes, op.scope):
		return Caller{}, t, &authFailure{code: api.CodeMissingScope, needed: op.scope, provided: t.Scopes}
	}
	caller := Caller{UserID: u.ID, Role: u.Role}
	if op.admin && !caller.isAdmin() {
		return Caller{}, t, &authFailure{code: api.CodeNotAnAdmin}
	}
	return caller, t, nil
}

func (c Caller) isAdmin() bool {
	return c.Role == RoleAdmin || c.Role == RoleOwner || c.Role == RolePrimaryOwner
}

// subject is whom a call is about, for faults that pick calls by user or team.
type subject struct {
	users []string // user_id, user_ids, or the user of the session that session_id names
	teams []string // team_id, or the home teams of the users
}

// subject reads whom a call is about from its arguments, the same way for every method.
func (st *state) subject(args map[string]any) subject {
	var sub subject
	if u, ok := args["user_id"].(string); ok {
		sub.users = append(sub.users, u)
	}
	if list, ok := args["user_ids"].([]any); ok {
		for _, v := range list {
			if u, ok := v.(string); ok {
				sub.users = append(sub.users, u)
			}
		}
	}
	if id, ok := args["session_id"].(int64); ok && len(sub.users) == 0 {
		if ss, ok := st.session(id); ok {
			sub.users = append(sub.users, ss.UserID)
		}
	}
	if t, ok := args["team_id"].(string); ok {
		sub.teams = append(sub.teams, t)
	} else {
		for _, u := range sub.users {
			if user, ok := st.users[u]; ok {
				sub.teams = append(sub.teams, user.TeamID)
			}
		}
	}
	return sub
}

// invalidate ends the session id of userID, as admin.users.session.invalidate does; a
// non-empty team must be the session's team or the org's id.
func (st *state) invalidate(caller Caller, userID string, id int64, team string) api.ErrorCode {
	if _, ok := st.users[userID]; !ok {
		return api.CodeUserNotFound
	}
	ss, ok := st.session(id)
	if !ok || ss.UserID != userID || !st.inTeam(ss, team) {
		return api.CodeSessionNotFound
	}
	if st.users[ss.UserID].Role == RolePrimaryOwner && caller.Role != RolePrimaryOwner {
		return api.CodeCannotInvalidatePrimary
	}
	st.remove(ss)
	return ""
}

// mayReset answers why caller may not reset userID's sessions, or "" if they may: the
// rules of admin.users.session.reset, which resetBulk applies to each of its users.
func (st *state) mayReset(caller Caller, userID string) api.ErrorCode {
	u, ok := st.users[userID]
	switch {
	case !ok:
		return api.CodeUserNotFound
	case u.Role == RoleBot:
		return api.CodeCannotResetBot
	case u.Role == RolePrimaryOwner && caller.Role != RolePrimaryOwner:
		return api.CodeCannotResetPrimary
	}
	return ""
}

// reset ends the sessions of userID, as admin.users.session.reset does: all of them, or only
// the mobile or only the web ones. It answers how many ended.
func (st *state) reset(caller Caller, userID string, only ClientKind) (int, api.ErrorCode) {
	if code := st.mayReset(caller, userID); code != "" {
		return 0, code
	}
	n := 0
	for _, ss := range st.byUser[userID] {
		if only == "" || ss.Client == only {
			st.remove(ss)
			n++
		}
	}
	return n, ""
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

// listQuery is what a page of admin.users.session.list asks for.
type listQuery struct {
	userID, teamID string // both or neither
	limit          int
	after          int64 // the last session of the page before, 0 for the first page
}

// list answers a page of live sessions after q.after, ordered by id, as
// admin.users.session.list does: the org's, less those of bots, or one user's in one team.
// next is the cursor of the page after, "" on the last. Because pages follow the order of
// ids, a session live from the first page to the last is listed exactly once, whatever
// begins or ends between pages.
func (st *state) list(q listQuery) (page []*Session, next string, code api.ErrorCode) {
	take := func(ss *Session) bool {
		if len(page) == q.limit {
			next = encodeCursor(page[len(page)-1].SessionID)
			return false
		}
		page = append(page, ss)
		return true
	}
	if q.userID != "" {
		u, ok := st.users[q.userID]
		switch {
		case !ok:
			return nil, "", api.CodeUserNotFound
		case u.Role == RoleBot:
			return nil, "", api.CodeBotsNotAllowed
		}
		if st.teamID(q.teamID) == "" {
			return nil, "", api.CodeTeamNotFound
		}
		for _, ss := range st.userSessions(q.userID) {
			if ss.SessionID > q.after && st.inTeam(ss, q.teamID) && !take(ss) {
				break
			}
		}
		return page, next, ""
	}
	st.sessions.AscendGreaterOrEqual(&Session{SessionID: q.after + 1}, func(ss *Session) bool {
		if st.users[ss.UserID].Role == RoleBot {
			return true
		}
		return take(ss)
	})
	return page, next, ""
}

// settingsTargets checks the users of a settings method: each must exist (user_not_found,
// as Slack answers when "at least one of the requested users doesn't exist") and not be a
// bot (bots_not_allowed).
func (st *state) settingsTargets(userIDs []string) api.ErrorCode {
	for _, id := range userIDs {
		if _, ok := st.users[id]; !ok {
			return api.CodeUserNotFound
		}
	}
	for _, id := range userIDs {
		if st.users[id].Role == RoleBot {
			return api.CodeBotsNotAllowed
		}
	}
	return ""
}

// setSettings sets the session settings of userIDs, as admin.users.session.setSettings
// does: the fields set in change replace the users' own, the others stay.
func (st *state) setSettings(userIDs []string, change SessionSettings) api.ErrorCode {
	if code := st.settingsTargets(userIDs); code != "" {
		return code
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
	return ""
}

// clearSettings removes the session settings of userIDs, as
// admin.users.session.clearSettings does.
func (st *state) clearSettings(userIDs []string) api.ErrorCode {
	if code := st.settingsTargets(userIDs); code != "" {
		return code
	}
	for _, id := range userIDs {
		u := st.users[id]
		u.SessionSettings = nil
		st.users[id] = u
	}
	return ""
}

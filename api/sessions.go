package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/slack-contracts/admin-users-session/gen"
)

// The Slack methods this package calls.
const (
	methodInvalidate = "admin.users.session.invalidate"
	methodReset      = "admin.users.session.reset"
)

// InvalidateOption is an optional argument of InvalidateSession, such as OwnedBy.
type InvalidateOption func(*invalidateOptions)

type invalidateOptions struct {
	userID  string
	hasUser bool
}

// OwnedBy sends user_id with the call: Slack then ends the session only if it belongs to
// userID, and answers session_not_found if it does not (user_not_found if there is no
// such user).
func OwnedBy(userID string) InvalidateOption {
	return func(o *invalidateOptions) { o.userID, o.hasUser = userID, true }
}

// InvalidateSession ends one session, sessionID, in the workspace (T…) or org (E…)
// teamID: the user is signed out of that one client and their other sessions go on. It
// calls Slack's admin.users.session.invalidate
// (https://api.slack.com/methods/admin.users.session.invalidate).
//
// An empty teamID, a sessionID that is not positive or OwnedBy("") fails with an
// *ArgumentError before anything is sent. Slack's own refusals come as an *Error, such as
// session_not_found when no live session has that id in that team.
func (c *Client) InvalidateSession(ctx context.Context, teamID string, sessionID int64, opts ...InvalidateOption) error {
	var o invalidateOptions
	for _, f := range opts {
		if f != nil {
			f(&o)
		}
	}
	switch {
	case teamID == "":
		return &ArgumentError{Method: methodInvalidate, Arg: "team_id", Problem: "is empty"}
	case sessionID <= 0:
		return &ArgumentError{Method: methodInvalidate, Arg: "session_id", Problem: "must be positive, not " + strconv.FormatInt(sessionID, 10)}
	case o.hasUser && o.userID == "":
		return &ArgumentError{Method: methodInvalidate, Arg: "user_id", Problem: "is empty (leave OwnedBy out to send none)"}
	}
	args := gen.InvalidateSessionArgs{TeamID: teamID, SessionID: sessionID}
	if o.hasUser {
		args.UserID = &o.userID
	}
	return c.call(ctx, methodInvalidate, func(ctx context.Context) (*http.Response, error) {
		return c.raw.AdminUsersSessionInvalidateWithFormdataBody(ctx, args)
	})
}

// ResetScope says which of a user's sessions ResetSessions ends: AllSessions, MobileOnly or
// WebOnly. It is a string so that MobileOnly|WebOnly does not compile: Slack refuses
// mobile_only and web_only together.
type ResetScope string

// The scopes of ResetSessions.
const (
	AllSessions ResetScope = "all"         // every session of the user
	MobileOnly  ResetScope = "mobile_only" // only sessions on phones and tablets
	WebOnly     ResetScope = "web_only"    // only web sessions: browsers and the desktop app
)

// ResetSessions ends the sessions of userID in every workspace of the org: all of them, or
// only the mobile or only the web ones, as scope says. A user with no such sessions is not
// an error. It calls Slack's admin.users.session.reset
// (https://api.slack.com/methods/admin.users.session.reset).
//
// An empty userID or a scope other than AllSessions, MobileOnly and WebOnly fails with an
// *ArgumentError before anything is sent. Slack's own refusals come as an *Error, such as
// user_not_found or cannot_reset_bot.
func (c *Client) ResetSessions(ctx context.Context, userID string, scope ResetScope) error {
	if userID == "" {
		return &ArgumentError{Method: methodReset, Arg: "user_id", Problem: "is empty"}
	}
	args := gen.ResetSessionsArgs{UserID: userID}
	yes := true
	switch scope {
	case AllSessions:
	case MobileOnly:
		args.MobileOnly = &yes
	case WebOnly:
		args.WebOnly = &yes
	default:
		return &ArgumentError{Method: methodReset, Arg: "scope", Problem: strconv.Quote(string(scope)) + " is not AllSessions, MobileOnly or WebOnly"}
	}
	return c.call(ctx, methodReset, func(ctx context.Context) (*http.Response, error) {
		return c.raw.AdminUsersSessionResetWithFormdataBody(ctx, args)
	})
}

package api

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/slack-contracts/admin-users-session/gen"
)

// InvalidateOption is an optional argument of InvalidateSession, such as InTeam.
type InvalidateOption func(*invalidateOptions)

type invalidateOptions struct {
	teamID  string
	hasTeam bool
}

// InTeam sends team_id with the call: Slack then ends the session only if it is in the
// workspace (T…) teamID, or teamID is the org (E…), and answers session_not_found if not.
// Slack deprecated team_id on 2025-01-15; user_id is what names a session's owner now.
func InTeam(teamID string) InvalidateOption {
	return func(o *invalidateOptions) { o.teamID, o.hasTeam = teamID, true }
}

// InvalidateSession ends one session, sessionID, of the user userID: the user is signed
// out of that one client and their other sessions go on. It calls Slack's
// admin.users.session.invalidate
// (https://docs.slack.dev/reference/methods/admin.users.session.invalidate).
//
// An empty userID, a sessionID that is not positive or InTeam("") fails with an
// *ArgumentError before anything is sent. Slack's own refusals come as an *Error, such as
// session_not_found when the user has no live session with that id.
func (c *Client) InvalidateSession(ctx context.Context, userID string, sessionID int64, opts ...InvalidateOption) error {
	var o invalidateOptions
	for _, f := range opts {
		if f != nil {
			f(&o)
		}
	}
	switch {
	case userID == "":
		return &ArgumentError{Method: MethodInvalidate, Arg: "user_id", Problem: "is empty"}
	case sessionID <= 0:
		return &ArgumentError{Method: MethodInvalidate, Arg: "session_id", Problem: "must be positive, not " + strconv.FormatInt(sessionID, 10)}
	case o.hasTeam && o.teamID == "":
		return &ArgumentError{Method: MethodInvalidate, Arg: "team_id", Problem: "is empty (leave InTeam out to send none)"}
	}
	args := gen.InvalidateSessionForm{UserID: userID, SessionID: strconv.FormatInt(sessionID, 10)}
	if o.hasTeam {
		args.TeamID = &o.teamID
	}
	return c.call(ctx, MethodInvalidate, nil, func(ctx context.Context) (*http.Response, error) {
		return c.raw.AdminUsersSessionInvalidateWithFormdataBody(ctx, args)
	})
}

// ResetScope says which of a user's sessions ResetSessions and ResetSessionsBulk end:
// AllSessions (the zero value), MobileOnly or WebOnly. It is a string so that
// MobileOnly|WebOnly does not compile: Slack refuses mobile_only and web_only together.
type ResetScope string

// The scopes of ResetSessions.
const (
	AllSessions ResetScope = ""            // every session of the user
	MobileOnly  ResetScope = "mobile_only" // only sessions on phones and tablets
	WebOnly     ResetScope = "web_only"    // only web sessions: browsers and the desktop app
)

// formFlags are a ResetScope as the form fields mobile_only and web_only.
func (s ResetScope) formFlags(method string) (mobile, web *gen.FormBoolean, err error) {
	yes := gen.FormBoolean("true")
	switch s {
	case AllSessions:
	case MobileOnly:
		mobile = &yes
	case WebOnly:
		web = &yes
	default:
		err = &ArgumentError{Method: method, Arg: "scope", Problem: strconv.Quote(string(s)) + " is not AllSessions, MobileOnly or WebOnly"}
	}
	return mobile, web, err
}

// ResetSessions ends the sessions of userID in every workspace of the org: all of them, or
// only the mobile or only the web ones, as scope says. A user with no such sessions is not
// an error. It calls Slack's admin.users.session.reset
// (https://docs.slack.dev/reference/methods/admin.users.session.reset).
//
// An empty userID or a scope other than AllSessions, MobileOnly and WebOnly fails with an
// *ArgumentError before anything is sent. Slack's own refusals come as an *Error, such as
// user_not_found or cannot_reset_bot.
func (c *Client) ResetSessions(ctx context.Context, userID string, scope ResetScope) error {
	if userID == "" {
		return &ArgumentError{Method: MethodReset, Arg: "user_id", Problem: "is empty"}
	}
	mobile, web, err := scope.formFlags(MethodReset)
	if err != nil {
		return err
	}
	args := gen.ResetSessionsForm{UserID: userID, MobileOnly: mobile, WebOnly: web}
	return c.call(ctx, MethodReset, nil, func(ctx context.Context) (*http.Response, error) {
		return c.raw.AdminUsersSessionResetWithFormdataBody(ctx, args)
	})
}

// MaxUsersPerCall is how many user ids Slack takes in one call of resetBulk and the
// settings methods. The client splits longer lists over several calls.
const MaxUsersPerCall = 1000

// ResetSessionsBulk ends the sessions of every user in userIDs, as ResetSessions does for
// one, as scope says. It calls Slack's admin.users.session.resetBulk
// (https://docs.slack.dev/reference/methods/admin.users.session.resetBulk), once per
// MaxUsersPerCall users.
//
// Slack answers once it has queued the work: the sessions end soon after, not before
// ResetSessionsBulk returns. When one of several calls fails, the error is a *BatchError
// that says which users were sent before it and which part failed; the calls after it are
// not made.
func (c *Client) ResetSessionsBulk(ctx context.Context, userIDs []string, scope ResetScope) error {
	mobile, web, err := scope.formFlags(MethodResetBulk)
	if err != nil {
		return err
	}
	return c.batches(MethodResetBulk, userIDs, func(part []string) error {
		args := gen.ResetSessionsBulkForm{UserIDs: formList(part), MobileOnly: mobile, WebOnly: web}
		return c.call(ctx, MethodResetBulk, nil, func(ctx context.Context) (*http.Response, error) {
			return c.raw.AdminUsersSessionResetBulkWithFormdataBody(ctx, args)
		})
	})
}

// formList writes ids as a form value: comma-separated, as Slack's Python SDK sends them.
func formList(ids []string) gen.FormUserIDs { return strings.Join(ids, ",") }

// batches calls do once for each part of at most MaxUsersPerCall of userIDs, in order,
// and stops at the first failure, which it wraps in a *BatchError when there are several
// parts. Empty ids fail with an *ArgumentError before anything is sent.
func (c *Client) batches(method string, userIDs []string, do func(part []string) error) error {
	if len(userIDs) == 0 {
		return &ArgumentError{Method: method, Arg: "user_ids", Problem: "is empty"}
	}
	for i, id := range userIDs {
		if id == "" || strings.Contains(id, ",") {
			return &ArgumentError{Method: method, Arg: "user_ids", Problem: "item " + strconv.Itoa(i) + " is empty or holds a comma"}
		}
	}
	parts := (len(userIDs) + MaxUsersPerCall - 1) / MaxUsersPerCall
	for p := range parts {
		part := userIDs[p*MaxUsersPerCall : min((p+1)*MaxUsersPerCall, len(userIDs))]
		if err := do(part); err != nil {
			if parts == 1 {
				return err
			}
			return &BatchError{Method: method, Part: p + 1, Parts: parts,
				Sent: slices.Clone(userIDs[:p*MaxUsersPerCall]), Failed: slices.Clone(part), Err: err}
		}
	}
	return nil
}

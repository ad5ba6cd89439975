package api

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"strconv"

	"github.com/slack-contracts/admin-users-session/gen"
)

// Session is a live session, as admin.users.session.list tells of it.
type Session struct {
	SessionID int64  // the id InvalidateSession takes
	UserID    string // whose it is
	TeamID    string // the workspace it is in
	// Created is the device the session began on; Recent, when Slack has it, the device
	// it was last seen on, when that changed since.
	Created Device
	Recent  *Device
}

// Device is what Slack knows of the client of a session.
type Device struct {
	Hardware      string // such as iPhone or Mac
	OS, OSVersion string // such as iOS and 18.1
	ClientVersion string // the Slack app's version
	IP            string // the address it was seen at
}

// ListOptions choose the sessions ListSessions lists: the whole org's (the zero value), or
// one user's in one team, UserID and TeamID together.
type ListOptions struct {
	UserID, TeamID string // one user's sessions in one team; both empty for the org's
	// Limit is how many sessions a page holds, 1 to 1000; 0 lets Slack choose (1000).
	Limit int
}

// SessionPage is one page of ListSessionsPage.
type SessionPage struct {
	Sessions []Session // in the order of their ids
	// NextCursor is the cursor of the next page, "" on the last page.
	NextCursor string
}

// ListSessionsPage lists one page of live sessions, from cursor ("" for the first page).
// It calls Slack's admin.users.session.list
// (https://docs.slack.dev/reference/methods/admin.users.session.list), with the scope
// admin.users:read. Most callers want ListSessions, which follows the cursors.
//
// A UserID without a TeamID (or the other way round) or a Limit outside 0 to 1000 fails
// with an *ArgumentError before anything is sent.
func (c *Client) ListSessionsPage(ctx context.Context, opts ListOptions, cursor string) (SessionPage, error) {
	switch {
	case (opts.UserID == "") != (opts.TeamID == ""):
		return SessionPage{}, &ArgumentError{Method: MethodList, Arg: "user_id", Problem: "and team_id go together: set both, or neither for the whole org"}
	case opts.Limit < 0 || opts.Limit > 1000:
		return SessionPage{}, &ArgumentError{Method: MethodList, Arg: "limit", Problem: "must be 1 to 1000 (0 for Slack's default), not " + strconv.Itoa(opts.Limit)}
	}
	args := gen.ListSessionsForm{}
	if opts.UserID != "" {
		args.UserID, args.TeamID = &opts.UserID, &opts.TeamID
	}
	if opts.Limit > 0 {
		args.Limit = ptr(strconv.Itoa(opts.Limit))
	}
	if cursor != "" {
		args.Cursor = &cursor
	}
	var a gen.SessionListAnswer
	err := c.call(ctx, MethodList, &a, func(ctx context.Context) (*http.Response, error) {
		return c.raw.AdminUsersSessionListWithFormdataBody(ctx, args)
	})
	if err != nil {
		return SessionPage{}, err
	}
	var page SessionPage
	if a.ActiveSessions != nil {
		page.Sessions = make([]Session, len(*a.ActiveSessions))
		for i, s := range *a.ActiveSessions {
			page.Sessions[i] = Session{SessionID: s.SessionID, UserID: s.UserID, TeamID: s.TeamID, Created: device(&s.Created)}
			if s.Recent != nil {
				d := device(s.Recent)
				page.Sessions[i].Recent = &d
			}
		}
	}
	if md := a.ResponseMetadata; md != nil && md.NextCursor != nil {
		page.NextCursor = *md.NextCursor
	}
	return page, nil
}

func device(d *gen.SessionDevice) Device {
	return Device{Hardware: deref(d.DeviceHardware), OS: deref(d.OS), OSVersion: deref(d.OSVersion),
		ClientVersion: deref(d.SlackClientVersion), IP: deref(d.IP)}
}

// ListSessions lists every live session that opts choose, page after page, following
// Slack's cursors; a 429 is waited out as the retry policy allows. Range over it and stop
// at the first error:
//
//	for s, err := range c.ListSessions(ctx, api.ListOptions{}) {
//		if err != nil { return err }
//		…
//	}
//
// A session live from the first page to the last is listed exactly once.
func (c *Client) ListSessions(ctx context.Context, opts ListOptions) iter.Seq2[Session, error] {
	return func(yield func(Session, error) bool) {
		cursor := ""
		for {
			page, err := c.ListSessionsPage(ctx, opts, cursor)
			if err != nil {
				yield(Session{}, err)
				return
			}
			for _, s := range page.Sessions {
				if !yield(s, nil) {
					return
				}
			}
			if page.NextCursor == "" {
				return
			}
			if page.NextCursor == cursor {
				yield(Session{}, &ResponseError{Method: MethodList, StatusCode: http.StatusOK,
					Err: errors.New("the next cursor is the one just sent")})
				return
			}
			cursor = page.NextCursor
		}
	}
}

func ptr[T any](v T) *T { return &v }

func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}

package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/slack-contracts/admin-users-session/api/vocab"
	"github.com/slack-contracts/admin-users-session/gen"
)

// The bounds Slack sets on SessionSettings.Duration.
const (
	MinSessionDuration = vocab.MinSessionSeconds * time.Second // 8 hours
	MaxSessionDuration = vocab.MaxSessionSeconds * time.Second // ten years
)

// SessionSettings are a user's own session settings. A nil field is not set: on
// SetSessionSettings it stays as it was; from SessionSettings it has no value of its own.
type SessionSettings struct {
	// Duration is how long a session lasts, in whole seconds from MinSessionDuration to
	// MaxSessionDuration.
	Duration *time.Duration
	// DesktopAppBrowserQuit ends a session when the desktop app or browser quits.
	DesktopAppBrowserQuit *bool
}

// UserSessionSettings are the session settings of one user.
type UserSessionSettings struct {
	UserID string
	SessionSettings
}

// SetSessionSettings sets the session settings of every user in userIDs: the fields of s
// that are set, at least one. It calls Slack's admin.users.session.setSettings
// (https://docs.slack.dev/reference/methods/admin.users.session.setSettings), once per
// MaxUsersPerCall users; see ResetSessionsBulk for how a failure of one of several calls
// reads.
//
// No field set, or a Duration out of bounds or not whole seconds, fails with an
// *ArgumentError before anything is sent.
func (c *Client) SetSessionSettings(ctx context.Context, userIDs []string, s SessionSettings) error {
	args := gen.SetSessionSettingsForm{}
	switch {
	case s.Duration == nil && s.DesktopAppBrowserQuit == nil:
		return &ArgumentError{Method: MethodSetSettings, Arg: "settings", Problem: "set Duration, DesktopAppBrowserQuit or both"}
	case s.Duration != nil && (*s.Duration < MinSessionDuration || *s.Duration > MaxSessionDuration || *s.Duration%time.Second != 0):
		return &ArgumentError{Method: MethodSetSettings, Arg: "duration", Problem: "must be whole seconds from 8h to 315569520s, not " + s.Duration.String()}
	}
	if s.Duration != nil {
		args.Duration = ptr(strconv.FormatInt(int64(*s.Duration/time.Second), 10))
	}
	if s.DesktopAppBrowserQuit != nil {
		args.DesktopAppBrowserQuit = ptr(gen.FormBoolean(strconv.FormatBool(*s.DesktopAppBrowserQuit)))
	}
	return c.batches(MethodSetSettings, userIDs, func(part []string) error {
		args.UserIDs = formList(part)
		return c.call(ctx, MethodSetSettings, nil, func(ctx context.Context) (*http.Response, error) {
			return c.raw.AdminUsersSessionSetSettingsWithFormdataBody(ctx, args)
		})
	})
}

// SessionSettings reads the session settings of the users in userIDs: those that have
// settings of their own, and the ids of those that have none. It calls Slack's
// admin.users.session.getSettings
// (https://docs.slack.dev/reference/methods/admin.users.session.getSettings), with the
// scope admin.users:read, once per MaxUsersPerCall users.
func (c *Client) SessionSettings(ctx context.Context, userIDs []string) (settings []UserSessionSettings, none []string, err error) {
	err = c.batches(MethodGetSettings, userIDs, func(part []string) error {
		var a gen.SessionSettingsAnswer
		err := c.call(ctx, MethodGetSettings, &a, func(ctx context.Context) (*http.Response, error) {
			return c.raw.AdminUsersSessionGetSettingsWithFormdataBody(ctx, gen.GetSessionSettingsForm{UserIDs: formList(part)})
		})
		if err != nil {
			return err
		}
		for _, s := range deref(a.SessionSettings) {
			u := UserSessionSettings{UserID: s.UserID}
			u.DesktopAppBrowserQuit = s.DesktopAppBrowserQuit
			if s.Duration != nil {
				u.Duration = ptr(time.Duration(*s.Duration) * time.Second)
			}
			settings = append(settings, u)
		}
		none = append(none, deref(a.NoSettingsApplied)...)
		return nil
	})
	return settings, none, err
}

// ClearSessionSettings removes the session settings of the users in userIDs, so that the
// org's or workspace's apply to them again. It calls Slack's
// admin.users.session.clearSettings
// (https://docs.slack.dev/reference/methods/admin.users.session.clearSettings), once per
// MaxUsersPerCall users.
func (c *Client) ClearSessionSettings(ctx context.Context, userIDs []string) error {
	return c.batches(MethodClearSettings, userIDs, func(part []string) error {
		return c.call(ctx, MethodClearSettings, nil, func(ctx context.Context) (*http.Response, error) {
			return c.raw.AdminUsersSessionClearSettingsWithFormdataBody(ctx, gen.ClearSessionSettingsForm{UserIDs: formList(part)})
		})
	})
}

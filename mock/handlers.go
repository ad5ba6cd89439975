package mock

import (
	"fmt"
	"net/http"

	"github.com/oapi-codegen/runtime"

	"github.com/slack-contracts/admin-users-session/api/vocab"
	"github.com/slack-contracts/admin-users-session/gen"
	"github.com/slack-contracts/admin-users-session/mock/org"
)

// This file holds the handlers of the Slack methods, one each. The pipeline (pipeline.go) has
// checked the call and holds the org's lock: a handler binds the call's arguments to their
// generated type, asks the org for the method's effect (a method of org.Tx) and returns the
// answer. It neither writes the answer nor records the call: the pipeline does both.

// method is how the mock serves one Slack method.
type method struct {
	// changes says the method may change the org, so that it runs with the org locked for
	// writing; the others run with it locked for reading.
	changes bool
	serve   func(t *Tenant, tx *org.Tx, c *call) answer
}

// methods are the handlers, by the name of the Slack method. Every method of the spec must
// have one, and every one a method of the spec: the mock does not start otherwise (see
// readOperations).
var methods = map[string]method{
	vocab.MethodInvalidate:    {changes: true, serve: invalidate},
	vocab.MethodReset:         {changes: true, serve: reset},
	vocab.MethodList:          {serve: list},
	vocab.MethodResetBulk:     {changes: true, serve: resetBulk},
	vocab.MethodSetSettings:   {changes: true, serve: setSettings},
	vocab.MethodGetSettings:   {serve: getSettings},
	vocab.MethodClearSettings: {changes: true, serve: clearSettings},
	vocab.MethodAuthTest:      {serve: authTest},
	vocab.MethodAPITest:       {serve: apiTest},
}

// invalidate serves admin.users.session.invalidate: it ends one session.
func invalidate(_ *Tenant, tx *org.Tx, c *call) answer {
	args := bind[gen.InvalidateSessionArgs](c)
	return plain(tx.Invalidate(c.grant.Caller, args.UserID, args.SessionID, deref(args.TeamID)))
}

// reset serves admin.users.session.reset: it ends all of a user's sessions, or only the
// mobile or only the web ones.
func reset(_ *Tenant, tx *org.Tx, c *call) answer {
	args := bind[gen.ResetSessionsArgs](c)
	only, r := org.ResetScope(deref(args.MobileOnly), deref(args.WebOnly))
	if r == nil {
		_, r = tx.Reset(c.grant.Caller, args.UserID, only)
	}
	return plain(r)
}

// list serves admin.users.session.list: a page of the org's live sessions, or of one user's
// in one team.
func list(_ *Tenant, tx *org.Tx, c *call) answer {
	args := bind[gen.ListSessionsArgs](c)
	q := org.ListQuery{UserID: deref(args.UserID), TeamID: deref(args.TeamID), Cursor: deref(args.Cursor)}
	if args.Limit != nil {
		q.Limit = int(*args.Limit)
	}
	page, r := tx.List(q)
	if r != nil {
		return *refusal(r)
	}
	items := make([]gen.ActiveSession, len(page.Sessions))
	for i, ss := range page.Sessions {
		items[i] = activeSession(ss)
	}
	a := gen.SessionListAnswer{Ok: true, ActiveSessions: &items, ResponseMetadata: &gen.ResponseMetadata{NextCursor: &page.Next}}
	a.Warning, a.ResponseMetadata.Warnings = c.warningFields()
	return answer{status: http.StatusOK, body: a}
}

// activeSession is a session as admin.users.session.list answers it.
func activeSession(ss *org.Session) gen.ActiveSession {
	a := gen.ActiveSession{SessionID: ss.SessionID, UserID: ss.UserID, TeamID: ss.TeamID, Created: *device(ss.Created)}
	if ss.Recent != nil {
		a.Recent = device(ss.Recent)
	}
	return a
}

// device is a session's device facts as the spec spells them; a session without any has an
// empty one.
func device(d *org.Device) *gen.SessionDevice {
	if d == nil {
		return &gen.SessionDevice{}
	}
	return &gen.SessionDevice{DeviceHardware: nonEmpty(d.DeviceHardware), OS: nonEmpty(d.OS),
		OSVersion: nonEmpty(d.OSVersion), SlackClientVersion: nonEmpty(d.SlackClientVersion), IP: nonEmpty(d.IP)}
}

// resetBulk serves admin.users.session.resetBulk: it holds every user to reset's rules,
// queues a job that ends their sessions and answers at once; the job runs once the answer is
// written, as Slack's does.
func resetBulk(t *Tenant, tx *org.Tx, c *call) answer {
	args := bind[gen.ResetSessionsBulkArgs](c)
	only, r := org.ResetScope(deref(args.MobileOnly), deref(args.WebOnly))
	for _, u := range args.UserIDs {
		if r != nil {
			break
		}
		r = tx.MayReset(c.grant.Caller, u)
	}
	if r != nil {
		return *refusal(r)
	}
	job := &Job{Method: c.op.name, RequestID: c.entry.RequestID, UserIDs: args.UserIDs, Only: only,
		caller: c.grant.Caller, token: c.grant.Token.Token}
	t.jobs.queue(job)
	a := ok()
	a.then = func() { t.releaseJob(job) }
	return a
}

// setSettings serves admin.users.session.setSettings: it sets the session settings of up to
// 1000 users, all of them or none.
func setSettings(_ *Tenant, tx *org.Tx, c *call) answer {
	args := bind[gen.SetSessionSettingsArgs](c)
	change := org.SessionSettings{DesktopAppBrowserQuit: args.DesktopAppBrowserQuit}
	if args.Duration != nil {
		d := int(*args.Duration)
		change.Duration = &d
	}
	return plain(tx.SetSettings(args.UserIDs, change))
}

// getSettings serves admin.users.session.getSettings: the session settings of the users
// named, and which of them have none.
func getSettings(_ *Tenant, tx *org.Tx, c *call) answer {
	args := bind[gen.GetSessionSettingsArgs](c)
	set, none, r := tx.GetSettings(args.UserIDs)
	if r != nil {
		return *refusal(r)
	}
	items := make([]gen.UserSessionSettings, len(set))
	for i, us := range set {
		// Every item has all three keys, null for a setting not set, as Slack's reference
		// has it (the generated type has no omitempty on them).
		items[i] = gen.UserSessionSettings{UserID: us.UserID, DesktopAppBrowserQuit: us.DesktopAppBrowserQuit}
		if us.Duration != nil {
			d := int32(*us.Duration)
			items[i].Duration = &d
		}
	}
	a := gen.SessionSettingsAnswer{Ok: true, SessionSettings: &items, NoSettingsApplied: &none}
	a.Warning, a.ResponseMetadata = c.metadata()
	return answer{status: http.StatusOK, body: a}
}

// clearSettings serves admin.users.session.clearSettings: it removes the session settings of
// the users named.
func clearSettings(_ *Tenant, tx *org.Tx, c *call) answer {
	args := bind[gen.ClearSessionSettingsArgs](c)
	return plain(tx.ClearSettings(args.UserIDs))
}

// authTest serves auth.test: who the token is.
func authTest(_ *Tenant, tx *org.Tx, c *call) answer {
	id := tx.WhoIs(c.grant)
	a := gen.AuthTestAnswer{Ok: true, URL: &id.URL, Team: &id.Team, User: &id.User, TeamID: &id.TeamID,
		UserID: &id.UserID, IsEnterpriseInstall: &id.EnterpriseInstall, EnterpriseID: nonEmpty(id.EnterpriseID),
		BotID: nonEmpty(id.BotID)}
	a.Warning, a.ResponseMetadata = c.metadata()
	return answer{status: http.StatusOK, body: a}
}

// apiTest serves api.test: it echoes its arguments, and answers the error its error
// argument names.
func apiTest(_ *Tenant, _ *org.Tx, c *call) answer {
	echoed := make(map[string]string, len(c.args))
	for k, v := range c.args {
		echoed[k] = fmt.Sprint(v)
	}
	a := gen.APITestAnswer{Ok: true, Args: &echoed}
	code := echoed["error"]
	if code != "" {
		a.Ok, a.Error = false, &code
	}
	a.Warning, a.ResponseMetadata = c.metadata()
	return answer{status: http.StatusOK, code: vocab.ErrorCode(code), body: a}
}

// plain is the answer of a method that answers only ok or its refusal.
func plain(r *org.Refusal) answer {
	if r != nil {
		return *refusal(r)
	}
	return ok()
}

// bind binds the call's validated arguments to the generated type of its method's JSON body.
// They were typed and checked against the same schema, so this cannot fail for a call that
// passed the checks; it decodes no body.
func bind[T any](c *call) T {
	var v T
	if err := runtime.BindJSONValue(c.args, &v); err != nil {
		panic(fmt.Sprintf("mock: %s: arguments the spec took do not bind: %v", c.op.name, err))
	}
	return v
}

func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}

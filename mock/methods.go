package mock

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/slack-contracts/admin-users-session/api"
	"github.com/slack-contracts/admin-users-session/gen"
)

// This file holds the handlers of the Slack methods, one each, as the generated server
// interface names them. The gate has checked the call before: each handler binds its
// arguments, asks the state (state.go) for its effect and records the call in the journal
// in the same step, then writes the answer.

// AdminUsersSessionInvalidate serves admin.users.session.invalidate: it ends one session.
func (s *Server) AdminUsersSessionInvalidate(c echo.Context) error {
	cl := callOf(c)
	args, err := bindArgs[gen.InvalidateSessionArgs](cl)
	if err != nil {
		return err
	}
	return s.change(c, cl, func(st *state) api.ErrorCode {
		return st.invalidate(cl.caller, args.UserID, args.SessionID, deref(args.TeamID))
	})
}

// AdminUsersSessionReset serves admin.users.session.reset: it ends all of a user's
// sessions, or only the mobile or only the web ones.
func (s *Server) AdminUsersSessionReset(c echo.Context) error {
	cl := callOf(c)
	args, err := bindArgs[gen.ResetSessionsArgs](cl)
	if err != nil {
		return err
	}
	only, ok := resetScope(args.MobileOnly, args.WebOnly)
	if !ok {
		return s.answer(c, cl, api.CodeInvalidArguments, bothScopes)
	}
	return s.change(c, cl, func(st *state) api.ErrorCode {
		_, code := st.reset(cl.caller, args.UserID, only)
		return code
	})
}

// bothScopes explains the refusal of mobile_only and web_only together.
const bothScopes = "[ERROR] mobile_only and web_only exclude each other: set one, or neither to end every session"

// resetScope reads mobile_only and web_only: the kind of sessions to end ("" for every
// one), and false when both are set.
func resetScope(mobileOnly, webOnly *bool) (ClientKind, bool) {
	mobile, web := deref(mobileOnly), deref(webOnly)
	switch {
	case mobile && web:
		return "", false
	case mobile:
		return ClientMobile, true
	case web:
		return ClientWeb, true
	}
	return "", true
}

// AdminUsersSessionList serves admin.users.session.list: a page of the org's live
// sessions, or of one user's in one team.
func (s *Server) AdminUsersSessionList(c echo.Context) error {
	cl := callOf(c)
	args, err := bindArgs[gen.ListSessionsArgs](cl)
	if err != nil {
		return err
	}
	q := listQuery{userID: deref(args.UserID), teamID: deref(args.TeamID), limit: defaultListLimit}
	if args.Limit != nil {
		q.limit = int(*args.Limit)
	}
	switch {
	case q.userID != "" && q.teamID == "":
		return s.answer(c, cl, api.CodeMissingTeam, "[ERROR] user_id goes with team_id: name both, or neither for the whole org")
	case q.teamID != "" && q.userID == "":
		return s.answer(c, cl, api.CodeMissingUser, "[ERROR] team_id goes with user_id: name both, or neither for the whole org")
	}
	if cursor := deref(args.Cursor); cursor != "" {
		var ok bool
		if q.after, ok = decodeCursor(cursor); !ok {
			return s.answer(c, cl, api.CodeInvalidCursor, "[ERROR] the cursor is not a next_cursor this method gave")
		}
	}
	var (
		code  api.ErrorCode
		next  string
		items []gen.ActiveSession
	)
	s.store.view(func(st *state) {
		var page []*Session
		page, next, code = st.list(q)
		items = make([]gen.ActiveSession, len(page))
		for i, ss := range page {
			items[i] = activeSession(ss)
		}
		s.record(cl, http.StatusOK, code)
	})
	if code != "" {
		return s.answer(c, cl, code)
	}
	a := gen.SessionListAnswer{Ok: true, ActiveSessions: &items,
		ResponseMetadata: &gen.ResponseMetadata{NextCursor: &next}}
	a.Warning, a.ResponseMetadata.Warnings = cl.warningFields()
	return writeSlack(c, http.StatusOK, a)
}

// defaultListLimit is the page size of admin.users.session.list when the call sets none.
const defaultListLimit = 1000

// activeSession is a session as admin.users.session.list answers it.
func activeSession(ss *Session) gen.ActiveSession {
	a := gen.ActiveSession{SessionID: ss.SessionID, UserID: ss.UserID, TeamID: ss.TeamID,
		Created: *device(ss.Created)}
	if ss.Recent != nil {
		a.Recent = device(ss.Recent)
	}
	return a
}

// device is a session's device facts as the spec spells them; a session without any
// has an empty one.
func device(d *Device) *gen.SessionDevice {
	if d == nil {
		return &gen.SessionDevice{}
	}
	return &gen.SessionDevice{DeviceHardware: nonEmpty(d.DeviceHardware), OS: nonEmpty(d.OS),
		OSVersion: nonEmpty(d.OSVersion), SlackClientVersion: nonEmpty(d.SlackClientVersion), IP: nonEmpty(d.IP)}
}

// nonEmpty is a pointer to s, or nil for "".
func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// AdminUsersSessionResetBulk serves admin.users.session.resetBulk: it checks every user
// as reset does, queues a job that ends their sessions and answers at once; the job runs
// once the answer is written.
func (s *Server) AdminUsersSessionResetBulk(c echo.Context) error {
	cl := callOf(c)
	args, err := bindArgs[gen.ResetSessionsBulkArgs](cl)
	if err != nil {
		return err
	}
	only, ok := resetScope(args.MobileOnly, args.WebOnly)
	if !ok {
		return s.answer(c, cl, api.CodeInvalidArguments, bothScopes)
	}
	var (
		code api.ErrorCode
		job  *Job
	)
	s.store.update(func(st *state) {
		for _, u := range args.UserIDs {
			if code = st.mayReset(cl.caller, u); code != "" {
				break
			}
		}
		if code == "" {
			job = &Job{Method: cl.op.name, RequestID: cl.entry.RequestID, UserIDs: args.UserIDs,
				Only: only, caller: cl.caller, token: cl.token.Token}
			s.jobs.queue(job)
		}
		s.record(cl, http.StatusOK, code)
	})
	if job != nil {
		cl.after = func() { s.releaseJob(job) }
	}
	return s.answer(c, cl, code)
}

// AdminUsersSessionSetSettings serves admin.users.session.setSettings: it sets the session
// settings of up to 1000 users, all of them or none.
func (s *Server) AdminUsersSessionSetSettings(c echo.Context) error {
	cl := callOf(c)
	args, err := bindArgs[gen.SetSessionSettingsArgs](cl)
	if err != nil {
		return err
	}
	if args.Duration == nil && args.DesktopAppBrowserQuit == nil {
		return s.answer(c, cl, api.CodeAtLeastOneSetting, "[ERROR] set duration, desktop_app_browser_quit or both")
	}
	change := SessionSettings{DesktopAppBrowserQuit: args.DesktopAppBrowserQuit}
	if args.Duration != nil {
		change.Duration = ptr(int(*args.Duration))
	}
	return s.change(c, cl, func(st *state) api.ErrorCode { return st.setSettings(args.UserIDs, change) })
}

// AdminUsersSessionGetSettings serves admin.users.session.getSettings: the session
// settings of the users named, and which of them have none.
func (s *Server) AdminUsersSessionGetSettings(c echo.Context) error {
	cl := callOf(c)
	args, err := bindArgs[gen.GetSessionSettingsArgs](cl)
	if err != nil {
		return err
	}
	var (
		code api.ErrorCode
		set  = []gen.UserSessionSettings{}
		none = []string{}
	)
	s.store.view(func(st *state) {
		if code = st.settingsTargets(args.UserIDs); code == "" {
			seen := make(map[string]bool, len(args.UserIDs))
			for _, id := range args.UserIDs {
				if seen[id] {
					continue
				}
				seen[id] = true
				us := st.users[id].SessionSettings
				if us == nil {
					none = append(none, id)
					continue
				}
				// Every item has all three keys, null for a setting not set, as Slack's
				// reference has it (the generated type has no omitempty on them).
				item := gen.UserSessionSettings{UserID: id, DesktopAppBrowserQuit: us.DesktopAppBrowserQuit}
				if us.Duration != nil {
					item.Duration = ptr(int32(*us.Duration))
				}
				set = append(set, item)
			}
		}
		s.record(cl, http.StatusOK, code)
	})
	if code != "" {
		return s.answer(c, cl, code)
	}
	a := gen.SessionSettingsAnswer{Ok: true, SessionSettings: &set, NoSettingsApplied: &none}
	a.Warning, a.ResponseMetadata = cl.metadata()
	return writeSlack(c, http.StatusOK, a)
}

// AdminUsersSessionClearSettings serves admin.users.session.clearSettings: it removes the
// session settings of the users named.
func (s *Server) AdminUsersSessionClearSettings(c echo.Context) error {
	cl := callOf(c)
	args, err := bindArgs[gen.ClearSessionSettingsArgs](cl)
	if err != nil {
		return err
	}
	return s.change(c, cl, func(st *state) api.ErrorCode { return st.clearSettings(args.UserIDs) })
}

// AuthTest serves auth.test: who the token is.
func (s *Server) AuthTest(c echo.Context) error {
	cl := callOf(c)
	var a gen.AuthTestAnswer
	s.store.view(func(st *state) {
		u := st.users[cl.token.UserID]
		t := st.teams[u.TeamID]
		a = gen.AuthTestAnswer{Ok: true, URL: ptr("https://" + t.Domain + ".slack.com/"), Team: ptr(t.Name),
			User: ptr(u.Name), TeamID: ptr(t.ID), UserID: ptr(u.ID), IsEnterpriseInstall: ptr(cl.token.EnterpriseInstall)}
		if st.org != nil {
			a.EnterpriseID = ptr(st.org.ID)
		}
		if cl.token.EnterpriseInstall { // the fixture's check saw to an org
			a.URL, a.Team, a.TeamID = ptr("https://"+st.org.Domain+".enterprise.slack.com/"), ptr(st.org.Name), ptr(st.org.ID)
		}
		if cl.token.Type == TokenBot {
			a.BotID = ptr(cl.token.BotID)
		}
		s.record(cl, http.StatusOK, "")
	})
	a.Warning, a.ResponseMetadata = cl.metadata()
	return writeSlack(c, http.StatusOK, a)
}

// APITest serves api.test: it echoes its arguments, and answers the error its error
// argument names.
func (s *Server) APITest(c echo.Context) error {
	cl := callOf(c)
	echoed := make(map[string]string, len(cl.args))
	for k, v := range cl.args {
		echoed[k] = fmt.Sprint(v)
	}
	a := gen.APITestAnswer{Ok: true, Args: &echoed}
	if e := echoed["error"]; e != "" {
		a.Ok, a.Error = false, ptr(e)
	}
	a.Warning, a.ResponseMetadata = cl.metadata()
	cl.code = api.ErrorCode(deref(a.Error))
	return writeSlack(c, http.StatusOK, a)
}

// change makes the effect of a call with a plain answer: f, in one update of the state with
// the call's journal entry, so that the journal lists the calls in the order they took
// effect. Then it writes the answer of f's code.
func (s *Server) change(c echo.Context, cl *call, f func(*state) api.ErrorCode) error {
	var code api.ErrorCode
	s.store.update(func(st *state) {
		code = f(st)
		s.record(cl, http.StatusOK, code)
	})
	return s.answer(c, cl, code)
}

// answer writes the plain answer of a call: ok when code is empty, otherwise the error with
// messages; with the call's warnings either way.
func (s *Server) answer(c echo.Context, cl *call, code api.ErrorCode, messages ...string) error {
	if code == "" && len(cl.warnings) == 0 {
		return c.Blob(http.StatusOK, answerType, okBody)
	}
	return writeSlack(c, http.StatusOK, cl.answer(code, messages...))
}

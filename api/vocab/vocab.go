// Package vocab is the kit's one vocabulary: the names of the Slack methods, the OAuth scopes,
// the error and warning codes and the bounds of a session's length, declared once here. Package
// api re-exports them for its users, and package mock answers with them, so client and server
// share one vocabulary without the mock importing the client. A test of package api checks
// them against openapi.yaml both ways. It imports nothing.
package vocab

// The Slack Web API methods of the kit, by their names (the operationIds of openapi.yaml).
const (
	MethodInvalidate    = "admin.users.session.invalidate"    // end one session
	MethodReset         = "admin.users.session.reset"         // end a user's sessions
	MethodList          = "admin.users.session.list"          // list the org's live sessions
	MethodResetBulk     = "admin.users.session.resetBulk"     // end the sessions of many users, as a job
	MethodGetSettings   = "admin.users.session.getSettings"   // read users' session settings
	MethodSetSettings   = "admin.users.session.setSettings"   // set users' session settings
	MethodClearSettings = "admin.users.session.clearSettings" // remove users' session settings
	MethodAuthTest      = "auth.test"                         // who a token is
	MethodAPITest       = "api.test"                          // echo the arguments back
)

// The OAuth scopes the methods need.
const (
	ScopeAdminUsersRead  = "admin.users:read"  // list and getSettings
	ScopeAdminUsersWrite = "admin.users:write" // every method that changes something
)

// ErrorCode is the value of the "error" field of Slack's answer when "ok" is false. The mock
// answers with these same constants, so client and server share one vocabulary. Slack adds
// codes over time: an unknown code is still an error, carried in api.Error.Code as it came.
type ErrorCode string

// Errors every Slack Web API method can answer: auth and token.
const (
	CodeNotAuthed               ErrorCode = "not_authed"                            // no token was sent
	CodeInvalidAuth             ErrorCode = "invalid_auth"                          // the token is unknown
	CodeAccountInactive         ErrorCode = "account_inactive"                      // the token's user is deactivated
	CodeTokenRevoked            ErrorCode = "token_revoked"                         // the token was revoked
	CodeTokenExpired            ErrorCode = "token_expired"                         // the token has expired
	CodeNotAllowedTokenType     ErrorCode = "not_allowed_token_type"                // e.g. a bot token where a user token is needed
	CodeMissingScope            ErrorCode = "missing_scope"                         // the token lacks a scope; see api.Error.Needed and Provided
	CodeNoPermission            ErrorCode = "no_permission"                         // the workspace token lacks permission
	CodeTeamAccessNotGranted    ErrorCode = "team_access_not_granted"               // the token has no access to the workspace
	CodeTwoFactorSetupRequired  ErrorCode = "two_factor_setup_required"             // the caller must set up two-factor auth
	CodeAccessDenied            ErrorCode = "access_denied"                         // access to the resource is denied
	CodeNotAnAdmin              ErrorCode = "not_an_admin"                          // the caller is not an org admin or owner
	CodeFeatureNotEnabled       ErrorCode = "feature_not_enabled"                   // the org lacks the feature (not Enterprise Grid)
	CodeEnterpriseIsRestricted  ErrorCode = "enterprise_is_restricted"              // the org restricts this method
	CodeEKMAccessDenied         ErrorCode = "ekm_access_denied"                     // Enterprise Key Management denied access
	CodeOrgLoginRequired        ErrorCode = "org_login_required"                    // the workspace is migrating to the org
	CodeTeamAddedToOrg          ErrorCode = "team_added_to_org"                     // the workspace just joined an org
	CodeMethodDeprecated        ErrorCode = "method_deprecated"                     // the method is deprecated
	CodeDeprecatedEndpoint      ErrorCode = "deprecated_endpoint"                   // the endpoint is deprecated
	CodeUnknownMethod           ErrorCode = "unknown_method"                        // no method of that name
	CodeRatelimited             ErrorCode = "ratelimited"                           // too many calls; comes with HTTP 429 and Retry-After
	CodeAccessLimited           ErrorCode = "accesslimited"                         // access to the method is limited for this token
	CodeFatalError              ErrorCode = "fatal_error"                           // Slack failed; try again later
	CodeInternalError           ErrorCode = "internal_error"                        // Slack failed; try again later
	CodeServiceUnavailable      ErrorCode = "service_unavailable"                   // Slack is unavailable; try again later
	CodeRequestTimeout          ErrorCode = "request_timeout"                       // the request body was missing or truncated
	CodeInvalidArguments        ErrorCode = "invalid_arguments"                     // an argument is missing or malformed; see api.Error.Messages
	CodeInvalidArgName          ErrorCode = "invalid_arg_name"                      // an argument name is invalid
	CodeInvalidArrayArg         ErrorCode = "invalid_array_arg"                     // an array was passed where it is not allowed
	CodeInvalidCharset          ErrorCode = "invalid_charset"                       // the Content-Type charset is not utf-8
	CodeInvalidFormData         ErrorCode = "invalid_form_data"                     // the form body cannot be parsed
	CodeInvalidPostType         ErrorCode = "invalid_post_type"                     // the Content-Type is not form or JSON
	CodeMissingPostType         ErrorCode = "missing_post_type"                     // a body came without a Content-Type
	CodeInvalidJSON             ErrorCode = "invalid_json"                          // the JSON body cannot be parsed
	CodeJSONNotObject           ErrorCode = "json_not_object"                       // the JSON body is not an object
	CodeUserNotFound            ErrorCode = "user_not_found"                        // no user of the org has that id
	CodeSessionNotFound         ErrorCode = "session_not_found"                     // invalidate: no live session with that id in that team
	CodeSessionExpired          ErrorCode = "session_expired"                       // invalidate: the session already expired
	CodeSessionInvalidationFail ErrorCode = "session_invalidation_failed"           // invalidate: Slack could not end the session
	CodeCannotInvalidatePrimary ErrorCode = "cannot_invalidate_primary_owner"       // invalidate: only the primary owner may end their sessions
	CodeUserSessionResetFailed  ErrorCode = "user_session_reset_failed"             // reset: Slack could not end the sessions
	CodeCannotResetPrimary      ErrorCode = "cannot_reset_primary_owner"            // reset: only the primary owner may reset themselves
	CodeCannotResetBot          ErrorCode = "cannot_reset_bot"                      // reset: the user is a bot
	CodeIsBot                   ErrorCode = "is_bot"                                // reset: older name of cannot_reset_bot
	CodeAdminUnauthorized       ErrorCode = "admin_unauthorized"                    // the admin may not act on that user or team
	CodeMissingTeam             ErrorCode = "missing_team"                          // list: user_id came without team_id
	CodeMissingUser             ErrorCode = "missing_user"                          // list: team_id came without user_id
	CodeTeamNotFound            ErrorCode = "team_not_found"                        // list: no team of the org has that id
	CodeBotsNotAllowed          ErrorCode = "bots_not_allowed"                      // list and settings: the user is a bot
	CodeInvalidCursor           ErrorCode = "invalid_cursor"                        // list: the cursor is not one Slack gave
	CodeNoActiveSessions        ErrorCode = "no_active_sessions"                    // list: the user has no live session
	CodeFailedForSomeUsers      ErrorCode = "failed_for_some_users"                 // resetBulk: some users' sessions did not end
	CodeSessionResetNotAllowed  ErrorCode = "session_reset_not_allowed"             // resetBulk: a user's sessions may not be reset
	CodeAtLeastOneSetting       ErrorCode = "at_least_one_session_setting_required" // setSettings: neither duration nor desktop_app_browser_quit
	CodeUnableToUpdateSessions  ErrorCode = "unable_to_update_existing_sessions"    // setSettings: live sessions kept their settings
)

// Warnings Slack may attach to an answer, in "warning" and "response_metadata.warnings".
const (
	// WarningMissingCharset says a JSON body came without "; charset=utf-8".
	WarningMissingCharset = "missing_charset"
	// WarningSuperfluousCharset says a form body came with a charset, which forms do not need.
	WarningSuperfluousCharset = "superfluous_charset"
)

// Error returns the code itself. It makes an ErrorCode an error, so that the constants
// above are sentinels: errors.Is(err, CodeSessionNotFound) holds when err is, or wraps, an
// *api.Error with that code (and errors.Is(err, CodeRatelimited) for an *api.RateLimitError).
func (c ErrorCode) Error() string { return string(c) }

// Known reports whether c is one of the codes above, the ones Slack documents for these methods.
func (c ErrorCode) Known() bool {
	_, ok := knownCodes[c]
	return ok
}

var knownCodes = func() map[ErrorCode]struct{} {
	m := make(map[ErrorCode]struct{})
	for _, c := range []ErrorCode{
		CodeNotAuthed, CodeInvalidAuth, CodeAccountInactive, CodeTokenRevoked, CodeTokenExpired,
		CodeNotAllowedTokenType, CodeMissingScope, CodeNoPermission, CodeTeamAccessNotGranted,
		CodeTwoFactorSetupRequired, CodeAccessDenied, CodeNotAnAdmin, CodeFeatureNotEnabled,
		CodeEnterpriseIsRestricted, CodeEKMAccessDenied, CodeOrgLoginRequired, CodeTeamAddedToOrg,
		CodeMethodDeprecated, CodeDeprecatedEndpoint, CodeUnknownMethod, CodeRatelimited, CodeAccessLimited,
		CodeFatalError, CodeInternalError, CodeServiceUnavailable, CodeRequestTimeout,
		CodeInvalidArguments, CodeInvalidArgName, CodeInvalidArrayArg, CodeInvalidCharset,
		CodeInvalidFormData, CodeInvalidPostType, CodeMissingPostType, CodeInvalidJSON,
		CodeJSONNotObject, CodeUserNotFound, CodeSessionNotFound, CodeSessionExpired,
		CodeSessionInvalidationFail, CodeCannotInvalidatePrimary, CodeUserSessionResetFailed,
		CodeCannotResetPrimary, CodeCannotResetBot, CodeIsBot, CodeAdminUnauthorized,
		CodeMissingTeam, CodeMissingUser, CodeTeamNotFound, CodeBotsNotAllowed, CodeInvalidCursor,
		CodeNoActiveSessions, CodeFailedForSomeUsers, CodeSessionResetNotAllowed,
		CodeAtLeastOneSetting, CodeUnableToUpdateSessions,
	} {
		m[c] = struct{}{}
	}
	return m
}()

// The bounds of a user's session length, as admin.users.session.setSettings takes it, in
// seconds: 8 hours to ten years.
const (
	MinSessionSeconds = 28800
	MaxSessionSeconds = 315569520
)

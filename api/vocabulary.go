package api

import "github.com/slack-contracts/admin-users-session/api/vocab"

// This file gives the kit's vocabulary (package vocab: the Slack methods, scopes, error and
// warning codes, declared once there and shared with the mock) its names in this package.
// TestReexportsTheVocabulary checks that every name of vocab is here, with its value.

// ErrorCode is the value of the "error" field of Slack's answer when "ok" is false, such as
// CodeSessionNotFound. It is an error itself, so that the constants are sentinels:
// errors.Is(err, CodeSessionNotFound) holds when err is, or wraps, an *Error with that code
// (and errors.Is(err, CodeRatelimited) for a *RateLimitError). Known reports whether Slack
// documents the code for these methods; Slack adds codes over time, and an unknown code is
// still an error, carried in Error.Code as it came.
type ErrorCode = vocab.ErrorCode

// The Slack Web API methods of the kit, by their names (the operationIds of openapi.yaml).
const (
	MethodInvalidate    = vocab.MethodInvalidate    // end one session
	MethodReset         = vocab.MethodReset         // end a user's sessions
	MethodList          = vocab.MethodList          // list the org's live sessions
	MethodResetBulk     = vocab.MethodResetBulk     // end the sessions of many users, as a job
	MethodGetSettings   = vocab.MethodGetSettings   // read users' session settings
	MethodSetSettings   = vocab.MethodSetSettings   // set users' session settings
	MethodClearSettings = vocab.MethodClearSettings // remove users' session settings
	MethodAuthTest      = vocab.MethodAuthTest      // who a token is
	MethodAPITest       = vocab.MethodAPITest       // echo the arguments back
)

// The OAuth scopes the methods need.
const (
	ScopeAdminUsersRead  = vocab.ScopeAdminUsersRead  // list and getSettings
	ScopeAdminUsersWrite = vocab.ScopeAdminUsersWrite // every method that changes something
)

// The error codes Slack documents for these methods, beside those every method can answer.
const (
	CodeNotAuthed               = vocab.CodeNotAuthed               // no token was sent
	CodeInvalidAuth             = vocab.CodeInvalidAuth             // the token is unknown
	CodeAccountInactive         = vocab.CodeAccountInactive         // the token's user is deactivated
	CodeTokenRevoked            = vocab.CodeTokenRevoked            // the token was revoked
	CodeTokenExpired            = vocab.CodeTokenExpired            // the token has expired
	CodeNotAllowedTokenType     = vocab.CodeNotAllowedTokenType     // e.g. a bot token where a user token is needed
	CodeMissingScope            = vocab.CodeMissingScope            // the token lacks a scope; see Error.Needed and Error.Provided
	CodeNoPermission            = vocab.CodeNoPermission            // the workspace token lacks permission
	CodeTeamAccessNotGranted    = vocab.CodeTeamAccessNotGranted    // the token has no access to the workspace
	CodeTwoFactorSetupRequired  = vocab.CodeTwoFactorSetupRequired  // the caller must set up two-factor auth
	CodeAccessDenied            = vocab.CodeAccessDenied            // access to the resource is denied
	CodeNotAnAdmin              = vocab.CodeNotAnAdmin              // the caller is not an org admin or owner
	CodeFeatureNotEnabled       = vocab.CodeFeatureNotEnabled       // the org lacks the feature (not Enterprise Grid)
	CodeEnterpriseIsRestricted  = vocab.CodeEnterpriseIsRestricted  // the org restricts this method
	CodeEKMAccessDenied         = vocab.CodeEKMAccessDenied         // Enterprise Key Management denied access
	CodeOrgLoginRequired        = vocab.CodeOrgLoginRequired        // the workspace is migrating to the org
	CodeTeamAddedToOrg          = vocab.CodeTeamAddedToOrg          // the workspace just joined an org
	CodeMethodDeprecated        = vocab.CodeMethodDeprecated        // the method is deprecated
	CodeDeprecatedEndpoint      = vocab.CodeDeprecatedEndpoint      // the endpoint is deprecated
	CodeUnknownMethod           = vocab.CodeUnknownMethod           // no method of that name
	CodeRatelimited             = vocab.CodeRatelimited             // too many calls; comes with HTTP 429 and Retry-After
	CodeAccessLimited           = vocab.CodeAccessLimited           // access to the method is limited for this token
	CodeFatalError              = vocab.CodeFatalError              // Slack failed; try again later
	CodeInternalError           = vocab.CodeInternalError           // Slack failed; try again later
	CodeServiceUnavailable      = vocab.CodeServiceUnavailable      // Slack is unavailable; try again later
	CodeRequestTimeout          = vocab.CodeRequestTimeout          // the request body was missing or truncated
	CodeInvalidArguments        = vocab.CodeInvalidArguments        // an argument is missing or malformed; see Error.Messages
	CodeInvalidArgName          = vocab.CodeInvalidArgName          // an argument name is invalid
	CodeInvalidArrayArg         = vocab.CodeInvalidArrayArg         // an array was passed where it is not allowed
	CodeInvalidCharset          = vocab.CodeInvalidCharset          // the Content-Type charset is not utf-8
	CodeInvalidFormData         = vocab.CodeInvalidFormData         // the form body cannot be parsed
	CodeInvalidPostType         = vocab.CodeInvalidPostType         // the Content-Type is not form or JSON
	CodeMissingPostType         = vocab.CodeMissingPostType         // a body came without a Content-Type
	CodeInvalidJSON             = vocab.CodeInvalidJSON             // the JSON body cannot be parsed
	CodeJSONNotObject           = vocab.CodeJSONNotObject           // the JSON body is not an object
	CodeUserNotFound            = vocab.CodeUserNotFound            // no user of the org has that id
	CodeSessionNotFound         = vocab.CodeSessionNotFound         // invalidate: no live session with that id in that team
	CodeSessionExpired          = vocab.CodeSessionExpired          // invalidate: the session already expired
	CodeSessionInvalidationFail = vocab.CodeSessionInvalidationFail // invalidate: Slack could not end the session
	CodeCannotInvalidatePrimary = vocab.CodeCannotInvalidatePrimary // invalidate: only the primary owner may end their sessions
	CodeUserSessionResetFailed  = vocab.CodeUserSessionResetFailed  // reset: Slack could not end the sessions
	CodeCannotResetPrimary      = vocab.CodeCannotResetPrimary      // reset: only the primary owner may reset themselves
	CodeCannotResetBot          = vocab.CodeCannotResetBot          // reset: the user is a bot
	CodeIsBot                   = vocab.CodeIsBot                   // reset: older name of cannot_reset_bot
	CodeAdminUnauthorized       = vocab.CodeAdminUnauthorized       // the admin may not act on that user or team
	CodeMissingTeam             = vocab.CodeMissingTeam             // list: user_id came without team_id
	CodeMissingUser             = vocab.CodeMissingUser             // list: team_id came without user_id
	CodeTeamNotFound            = vocab.CodeTeamNotFound            // list: no team of the org has that id
	CodeBotsNotAllowed          = vocab.CodeBotsNotAllowed          // list and settings: the user is a bot
	CodeInvalidCursor           = vocab.CodeInvalidCursor           // list: the cursor is not one Slack gave
	CodeNoActiveSessions        = vocab.CodeNoActiveSessions        // list: the user has no live session
	CodeFailedForSomeUsers      = vocab.CodeFailedForSomeUsers      // resetBulk: some users' sessions did not end
	CodeSessionResetNotAllowed  = vocab.CodeSessionResetNotAllowed  // resetBulk: a user's sessions may not be reset
	CodeAtLeastOneSetting       = vocab.CodeAtLeastOneSetting       // setSettings: neither duration nor desktop_app_browser_quit
	CodeUnableToUpdateSessions  = vocab.CodeUnableToUpdateSessions  // setSettings: live sessions kept their settings
)

// Warnings Slack may attach to an answer, in "warning" and "response_metadata.warnings".
const (
	WarningMissingCharset     = vocab.WarningMissingCharset     // a JSON body came without "; charset=utf-8"
	WarningSuperfluousCharset = vocab.WarningSuperfluousCharset // a form body came with a charset, which forms do not need
)

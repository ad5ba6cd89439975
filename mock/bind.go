package mock

import "github.com/slack-contracts/admin-users-session/gen"

// This file binds a call's arguments to the generated type of its method's JSON body. The
// gate has typed every argument as the spec says (argSchema.fromForm, fromJSON) and
// validated them with kin-openapi, so each value already has its Go type: a string, a bool,
// an int64 for an integer, a []any of strings for an array. Reading them with a type
// assertion each gives what runtime.BindJSONValue gives (bind_test.go holds them to that),
// without its reflection on every call.

// arguments are a call's arguments, typed and validated against the spec.
type arguments map[string]any

// str is the string argument name, or "" when absent.
func (a arguments) str(name string) string {
	v, _ := a[name].(string)
	return v
}

// optStr is the string argument name, or nil when absent.
func (a arguments) optStr(name string) *string {
	if v, ok := a[name].(string); ok {
		return &v
	}
	return nil
}

// optBool is the boolean argument name, or nil when absent.
func (a arguments) optBool(name string) *bool {
	if v, ok := a[name].(bool); ok {
		return &v
	}
	return nil
}

// int64 is the integer argument name, or 0 when absent.
func (a arguments) int64(name string) int64 {
	v, _ := a[name].(int64)
	return v
}

// optInt32 is the integer argument name, or nil when absent; the spec bounds every int32
// argument within int32's range.
func (a arguments) optInt32(name string) *int32 {
	if v, ok := a[name].(int64); ok {
		n := int32(v)
		return &n
	}
	return nil
}

// strs is the array argument name, or nil when absent; an empty array is an empty slice.
func (a arguments) strs(name string) []string {
	list, ok := a[name].([]any)
	if !ok {
		return nil
	}
	out := make([]string, len(list))
	for i, v := range list {
		out[i], _ = v.(string)
	}
	return out
}

// The binders, one for each method whose body has a schema.

func bindInvalidate(a arguments) gen.InvalidateSessionArgs {
	return gen.InvalidateSessionArgs{SessionID: a.int64("session_id"), TeamID: a.optStr("team_id"), UserID: a.str("user_id")}
}

func bindReset(a arguments) gen.ResetSessionsArgs {
	return gen.ResetSessionsArgs{MobileOnly: a.optBool("mobile_only"), UserID: a.str("user_id"), WebOnly: a.optBool("web_only")}
}

func bindList(a arguments) gen.ListSessionsArgs {
	return gen.ListSessionsArgs{Cursor: a.optStr("cursor"), Limit: a.optInt32("limit"), TeamID: a.optStr("team_id"), UserID: a.optStr("user_id")}
}

func bindResetBulk(a arguments) gen.ResetSessionsBulkArgs {
	return gen.ResetSessionsBulkArgs{MobileOnly: a.optBool("mobile_only"), UserIDs: a.strs("user_ids"), WebOnly: a.optBool("web_only")}
}

func bindSetSettings(a arguments) gen.SetSessionSettingsArgs {
	return gen.SetSessionSettingsArgs{DesktopAppBrowserQuit: a.optBool("desktop_app_browser_quit"), Duration: a.optInt32("duration"), UserIDs: a.strs("user_ids")}
}

func bindGetSettings(a arguments) gen.GetSessionSettingsArgs {
	return gen.GetSessionSettingsArgs{UserIDs: a.strs("user_ids")}
}

func bindClearSettings(a arguments) gen.ClearSessionSettingsArgs {
	return gen.ClearSessionSettingsArgs{UserIDs: a.strs("user_ids")}
}

package mock

import (
	"reflect"
	"testing"

	"github.com/oapi-codegen/runtime"

	"github.com/slack-contracts/admin-users-session/gen"
)

// TestBindersMatchBindJSONValue holds each binder to runtime.BindJSONValue, the generated
// code's own binding, on arguments as the gate types them: every property of the method's
// schema set (so that a property the binder forgets, or a field the generated type gains,
// shows), then the same with every array empty, then none; and it checks that every method
// whose body has a schema has its binder.
func TestBindersMatchBindJSONValue(t *testing.T) {
	ops := mustOperations()
	// sample is a value of each JSON type as the gate types it.
	sample := map[string]any{"string": "W0BOB0001", "boolean": true, "integer": int64(28800),
		"array": []any{"W0BOB0001", "W0ALICE01"}}
	checked := map[string]bool{}
	check := func(method string, bind func(arguments) any, into any) {
		t.Helper()
		checked[method] = true
		op := ops[method]
		full, empty := arguments{}, arguments{}
		for name := range op.args.schema.Properties {
			v, ok := sample[op.args.types[name]]
			if !ok {
				t.Fatalf("%s: property %s has type %q, which the binders do not read", method, name, op.args.types[name])
			}
			full[name], empty[name] = v, v
			if _, ok := v.([]any); ok {
				empty[name] = []any{}
			}
		}
		for _, args := range []arguments{full, empty, {}} {
			want := reflect.New(reflect.TypeOf(into))
			if err := runtime.BindJSONValue(map[string]any(args), want.Interface()); err != nil {
				t.Fatalf("%s: BindJSONValue(%v): %v", method, args, err)
			}
			if got := bind(args); !reflect.DeepEqual(got, want.Elem().Interface()) {
				t.Errorf("%s: bound %v as %+v, BindJSONValue as %+v", method, args, got, want.Elem().Interface())
			}
		}
	}
	check("admin.users.session.invalidate", func(a arguments) any { return bindInvalidate(a) }, gen.InvalidateSessionArgs{})
	check("admin.users.session.reset", func(a arguments) any { return bindReset(a) }, gen.ResetSessionsArgs{})
	check("admin.users.session.list", func(a arguments) any { return bindList(a) }, gen.ListSessionsArgs{})
	check("admin.users.session.resetBulk", func(a arguments) any { return bindResetBulk(a) }, gen.ResetSessionsBulkArgs{})
	check("admin.users.session.setSettings", func(a arguments) any { return bindSetSettings(a) }, gen.SetSessionSettingsArgs{})
	check("admin.users.session.getSettings", func(a arguments) any { return bindGetSettings(a) }, gen.GetSessionSettingsArgs{})
	check("admin.users.session.clearSettings", func(a arguments) any { return bindClearSettings(a) }, gen.ClearSessionSettingsArgs{})
	for name, op := range ops {
		// api.test binds nothing: it echoes its arguments as they came.
		if len(op.args.schema.Properties) > 0 && !checked[name] && name != "api.test" {
			t.Errorf("%s has arguments but no binder here", name)
		}
	}
}

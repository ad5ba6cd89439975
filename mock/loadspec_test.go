package mock

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/slack-contracts/admin-users-session/gen/spec"
)

// TestLoadSpecIsGetSpec checks that loadSpec, which reads the embedded spec as JSON, loads
// the document spec.GetSpec loads, and that the operations read from either are the same.
func TestLoadSpecIsGetSpec(t *testing.T) {
	want, err := spec.GetSpec()
	if err != nil {
		t.Fatal(err)
	}
	got, err := loadSpec()
	if err != nil {
		t.Fatal(err)
	}
	if a, b := loadSpecJSON(t, want), loadSpecJSON(t, got); a != b {
		t.Fatalf("loadSpec and spec.GetSpec load different documents:\n%s\n%s", b, a)
	}
	wantOps, err := readOperations(want, methods)
	if err != nil {
		t.Fatal(err)
	}
	gotOps, err := readOperations(got, methods)
	if err != nil {
		t.Fatal(err)
	}
	if len(gotOps) != len(wantOps) {
		t.Fatalf("%d operations, want %d", len(gotOps), len(wantOps))
	}
	for name, w := range wantOps {
		g := gotOps[name]
		if g == nil {
			t.Errorf("no operation %s", name)
			continue
		}
		if loadSpecJSON(t, g.args.schema) != loadSpecJSON(t, w.args.schema) || !reflect.DeepEqual(g.args.types, w.args.types) {
			t.Errorf("%s: the arguments differ", name)
		}
		gc, wc := *g, *w
		gc.args, wc.args = nil, nil
		gc.method, wc.method = method{}, method{} // funcs: the same handler, by name
		if !reflect.DeepEqual(gc, wc) {
			t.Errorf("%s: %+v, want %+v", name, gc, wc)
		}
	}
}

func loadSpecJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

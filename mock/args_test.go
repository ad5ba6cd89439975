package mock

import (
	"net/url"
	"reflect"
	"testing"

	"github.com/slack-contracts/admin-users-session/api"
)

// formBodySeeds are form bodies for comparing fromFormBody with fromForm of url.ParseQuery.
var formBodySeeds = []string{
	"", "user_id=W0BOB0001", "user_id=W0BOB0001&mobile_only=true", "user_id=W0BOB0001&mobile_only=1&web_only=0",
	"user_ids=W1,W2&duration=28800&desktop_app_browser_quit=false", `user_ids=["W1","W2"]&duration=2147483648`,
	"session_id=9223372036854775807&user_id=W1", "session_id=9223372036854775808", "session_id=-1", "session_id=1e3",
	"user_id=W1&user_id=W2", "mobile_only=yes", "a=%41&b=%zz", "user_id=W%30", "user%5Fid=W1", "user_id=W+1",
	"&&user_id=W1&", "=x", "user_id", "user_id=W1;web_only=true", "token=xoxp-x&user_id=W1", "a=b=c",
	"user_ids%5B%5D=W1&user_id=W2", "user_ids[]=W1", "profile[a]=b", "a][=1", "[x]=1",
	"limit=0&cursor=c2Vzc2lvbjox", "user_ids=", "user_ids=[]", "user_ids=[1]", "user_ids=[\"W1\"", "%",
}

// TestFromFormBody checks that fromFormBody, where it takes a body, types what fromForm
// types of the first values url.ParseQuery reads, and that it takes the bodies most calls
// send.
func TestFromFormBody(t *testing.T) {
	for _, seed := range formBodySeeds {
		compareFormBody(t, seed)
	}
	schema := mustOperations()[api.MethodReset].args
	if _, _, ok := schema.fromFormBody("user_id=W0BOB0001&mobile_only=true"); !ok {
		t.Error("fromFormBody refused a plain reset body")
	}
}

// FuzzFromFormBody compares fromFormBody with fromForm of url.ParseQuery on any body.
func FuzzFromFormBody(f *testing.F) {
	for _, seed := range formBodySeeds {
		f.Add(seed)
	}
	f.Fuzz(compareFormBody)
}

// compareFormBody checks fromFormBody against fromForm(firstValues(url.ParseQuery(raw)))
// for the arguments of every method: the same arguments and the same faults where it takes
// raw, and never a body that url.ParseQuery refuses.
func compareFormBody(t *testing.T, raw string) {
	for name, op := range mustOperations() {
		args, bad, ok := op.args.fromFormBody(raw)
		if !ok {
			continue
		}
		form, err := url.ParseQuery(raw)
		if err != nil {
			t.Fatalf("%s: fromFormBody took %q, which url.ParseQuery refuses: %v", name, raw, err)
		}
		if _, hasToken := form["token"]; hasToken {
			t.Fatalf("%s: fromFormBody took %q, which holds a token", name, raw)
		}
		if arrayArgs(form) != nil {
			t.Fatalf("%s: fromFormBody took %q, whose field named as an array is invalid_array_arg", name, raw)
		}
		wantArgs, wantBad := op.args.fromForm(firstValues(form))
		if !reflect.DeepEqual(args, wantArgs) || !reflect.DeepEqual(bad, wantBad) {
			t.Errorf("%s: %q: fromFormBody typed %#v, %v; fromForm %#v, %v", name, raw, args, bad, wantArgs, wantBad)
		}
	}
}

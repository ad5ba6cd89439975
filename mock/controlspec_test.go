package mock_test

import (
	"context"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/slack-contracts/admin-users-session/gen/spec"
	"github.com/slack-contracts/admin-users-session/mock"
	"github.com/slack-contracts/admin-users-session/mock/mocktest"
	"github.com/slack-contracts/admin-users-session/mock/org"
)

// controlDoc loads control.yaml as the mock embeds it.
func controlDoc(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(mock.ControlSpec())
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// queryPattern is the pattern control.yaml gives the query parameter name of method path.
func queryPattern(t *testing.T, doc *openapi3.T, method, path, name string) string {
	t.Helper()
	op := doc.Paths.Find(path).GetOperation(method)
	if op == nil {
		t.Fatalf("control.yaml has no %s %s", method, path)
	}
	p := op.Parameters.GetByInAndName("query", name)
	if p == nil || p.Schema == nil || p.Schema.Value == nil {
		t.Fatalf("control.yaml: %s %s has no query parameter %s", method, path, name)
	}
	return p.Schema.Value.Pattern
}

// TestControlDurationPatterns checks that the mock takes the durations of wait and ttl that
// control.yaml's patterns allow, and no other: the patterns are the same text in both, and
// they allow exactly a whole number (no leading zero) and a unit of those listed, within the
// bounds, as an independent reading of the same words works out on every number near a
// bound.
func TestControlDurationPatterns(t *testing.T) {
	t.Parallel()
	doc := controlDoc(t)
	goWait, goTTL := mock.DurationPatterns()
	for _, c := range []struct {
		name, method, path, param, goPattern string
		units                                []string
		min, max                             time.Duration
	}{
		{"wait", "GET", "/_mock/jobs", "wait", goWait, []string{"ms", "s", "m"}, 0, time.Minute},
		{"ttl", "POST", "/_mock/orgs", "ttl", goTTL, []string{"ms", "s", "m", "h"}, time.Millisecond, 168 * time.Hour},
	} {
		t.Run(c.name, func(t *testing.T) {
			spec := queryPattern(t, doc, c.method, c.path, c.param)
			if spec != c.goPattern {
				t.Fatalf("control.yaml's pattern for %s\n\t%s\nis not the mock's\n\t%s", c.param, spec, c.goPattern)
			}
			re := regexp.MustCompile(spec)
			unitOf := map[string]time.Duration{"ms": time.Millisecond, "s": time.Second, "m": time.Minute, "h": time.Hour}
			words := regexp.MustCompile(`^(0|[1-9][0-9]*)([a-zµ]+)$`)
			taken := func(s string) bool { // the words of the description, read independently
				m := words.FindStringSubmatch(s)
				if s == "" {
					return true
				}
				if m == nil || !slices.Contains(c.units, m[2]) {
					return false
				}
				n, _ := new(big.Int).SetString(m[1], 10)
				v := n.Mul(n, big.NewInt(int64(unitOf[m[2]])))
				return v.Cmp(big.NewInt(int64(c.min))) >= 0 && v.Cmp(big.NewInt(int64(c.max))) <= 0
			}
			check := func(s string) {
				if got, want := re.MatchString(s), taken(s); got != want {
					t.Errorf("%s=%q: the pattern says %v, the description %v", c.param, s, got, want)
				}
			}
			// Every number up to 20,000, and every one within 200 of a power of ten, of a
			// multiple of one by a bound's leading digits, or of a bound; fewer for the units
			// no pattern takes.
			var near []int64
			for p := int64(1); p <= 1e12; p *= 10 {
				near = append(near, p, 6*p, 60*p, 604*p, 6048*p, 1008*p, 168*p)
			}
			for _, unit := range []string{"ms", "s", "m", "h", "ns", "us", "µs", "d", "S", ""} {
				upTo, within := int64(20_000), int64(200)
				if !slices.Contains([]string{"ms", "s", "m", "h"}, unit) {
					upTo, within = 100, 2
				}
				for n := int64(0); n <= upTo; n++ {
					check(strconv.FormatInt(n, 10) + unit)
				}
				for _, x := range near {
					for n := max(0, x-within); n <= x+within; n++ {
						check(strconv.FormatInt(n, 10) + unit)
					}
				}
			}
			for _, s := range []string{"05s", "00s", "+5s", "-0s", "-1m", "1.5s", "1m0s", "1h30m", " 5s", "5s ", "5s\n", "\n5s", "soon", "1e3ms", "0x10s", "٥s"} {
				check(s)
			}
		})
	}
}

// TestControlFaultMethods checks that the methods control.yaml's Fault names are openapi.yaml's
// operations, and that a job's fault names those marked x-slack-async: the methods the mock
// takes in a fault's method, and in a job's fault.
func TestControlFaultMethods(t *testing.T) {
	t.Parallel()
	api, err := spec.GetSpec()
	if err != nil {
		t.Fatal(err)
	}
	var all, async []string
	for path, item := range api.Paths.Map() {
		all = append(all, strings.TrimPrefix(path, "/"))
		if op := item.Post; op != nil && op.Extensions["x-slack-async"] == true {
			async = append(async, strings.TrimPrefix(path, "/"))
		}
	}
	slices.Sort(all)
	slices.Sort(async)
	fault := controlDoc(t).Components.Schemas["Fault"].Value // allOf: its members, then anyOf its kinds
	if got := enumOf(fault.AllOf[0].Value.Properties["method"].Value); !slices.Equal(got, all) {
		t.Errorf("Fault's method is one of\n\t%v\nwant openapi.yaml's\n\t%v", got, all)
	}
	var job *openapi3.Schema
	for _, branch := range fault.AllOf[1].Value.AnyOf {
		if branch.Value.Title == "A job's fault" {
			job = branch.Value
		}
	}
	if job == nil {
		t.Fatal(`Fault has no anyOf branch titled "A job's fault"`)
	}
	if got := enumOf(job.Properties["method"].Value); !slices.Equal(got, async) {
		t.Errorf("a job's fault's method is one of %v, want the methods marked x-slack-async, %v", got, async)
	}
}

// enumOf is s's enum, as strings, sorted.
func enumOf(s *openapi3.Schema) []string {
	var out []string
	for _, v := range s.Enum {
		out = append(out, fmt.Sprint(v))
	}
	slices.Sort(out)
	return out
}

// TestControlFixtureNullIsNone checks that a fixture's members may be null or left out, as
// control.yaml says (YAML spells an empty value null), and that GET /_mock/fixture answers
// what the spec says of them then: a token left without scopes has [], never null.
func TestControlFixtureNullIsNone(t *testing.T) {
	t.Parallel()
	m := mocktest.Start(t)
	cc := newControlClient(t, m)
	cc.control(http.MethodPost, "/_mock/fixture", `{"org":null,"teams":[{"id":"T1","name":null,"domain":null}],`+
		`"users":[{"id":"W1","team_id":"T1","role":null,"name":null,"deleted":null,"session_settings":{"duration":null,"desktop_app_browser_quit":null}}],`+
		`"tokens":[{"token":"xoxp-1","user_id":"W1","type":null,"scopes":null,"revoked":null,"expired":null,"bot_id":null,"enterprise_install":null},{"token":"xoxb-2","user_id":"W1"}],`+
		`"sessions":[{"session_id":1,"user_id":"W1","team_id":"T1","client":"web","created_at":null,"created":null,"recent":{"ip":null}}]}`, 200, nil)
	var f org.Fixture
	cc.control(http.MethodGet, "/_mock/fixture", "", 200, &f) // checked against control.yaml
	if len(f.Tokens) != 2 || f.Tokens[0].Scopes == nil || f.Tokens[1].Scopes == nil || f.Users[0].Role != org.RoleMember {
		t.Errorf("GET /_mock/fixture answered %+v, want two tokens with scopes [] and a member", f)
	}
	cc.control(http.MethodPost, "/_mock/fixture", `{"teams":null,"users":null,"tokens":null,"sessions":null}`, 200, nil)
	cc.control(http.MethodPost, "/_mock/fixture", `{}`, 200, nil)
}

// TestControlTakesWhatTheSpecAllows sends the control API bodies and query strings near every
// rule control.yaml states, and checks that the mock takes each one the spec allows (2xx) and
// refuses each one it forbids (400), as kin-openapi reads the spec: the same property
// Schemathesis checks over generated calls (contract/schemathesis, control.toml), here on the
// cases that matter, in go test. A fixture's rules that tie entries together, which no schema
// can say, are kept by every fixture here.
func TestControlTakesWhatTheSpecAllows(t *testing.T) {
	t.Parallel()
	m := mocktest.Start(t)
	cc := newControlClient(t, m)
	const (
		teams = `"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}]`
		reset = `"method":"admin.users.session.reset"`
	)
	for _, c := range []struct {
		method, path, body string
	}{
		// Faults: each kind, and next to each rule.
		{"POST", "/_mock/faults", `{` + reset + `,"status":429,"retry_after":5,"times":1}`},
		{"POST", "/_mock/faults", `{"status":503}`},
		{"POST", "/_mock/faults", `{"status":503,"retry_after":0}`},
		{"POST", "/_mock/faults", `{"status":503,"retry_after":1}`},
		{"POST", "/_mock/faults", `{"status":600}`},
		{"POST", "/_mock/faults", `{"status":418,"error":"teapot"}`},
		{"POST", "/_mock/faults", `{"status":0,"error":"teapot"}`},
		{"POST", "/_mock/faults", `{"status":200,"error":"fatal_error","delay_ms":5}`},
		{"POST", "/_mock/faults", `{"status":200}`},
		{"POST", "/_mock/faults", `{"error":"fatal_error","user_id":"W1","team_id":"T1","token":"xoxp-1"}`},
		{"POST", "/_mock/faults", `{"error":"Fatal"}`},
		{"POST", "/_mock/faults", `{"error":""}`},
		{"POST", "/_mock/faults", `{"delay_ms":1}`},
		{"POST", "/_mock/faults", `{"delay_ms":60000,"times":0}`},
		{"POST", "/_mock/faults", `{"delay_ms":60001}`},
		{"POST", "/_mock/faults", `{"delay_ms":0}`},
		{"POST", "/_mock/faults", `{}`},
		{"POST", "/_mock/faults", `{"delay_ms":5,"times":-1}`},
		{"POST", "/_mock/faults", `{"delay_ms":5,"user_id":""}`},
		{"POST", "/_mock/faults", `{"delay_ms":5,"method":""}`},
		{"POST", "/_mock/faults", `{"delay_ms":5,"method":"chat.postMessage"}`},
		{"POST", "/_mock/faults", `{"delay_ms":5,"job":false}`},
		{"POST", "/_mock/faults", `{"delay_ms":5,"job":null}`},
		{"POST", "/_mock/faults", `{"delay_ms":5,"colour":"red"}`},
		{"POST", "/_mock/faults", `{"job":true}`},
		{"POST", "/_mock/faults", `{"job":true,"method":"admin.users.session.resetBulk","error":"fatal_error","times":2}`},
		{"POST", "/_mock/faults", `{"job":true,` + reset + `}`},
		{"POST", "/_mock/faults", `{"job":true,"delay_ms":0}`},
		{"POST", "/_mock/faults", `{"job":true,"retry_after":0}`},
		{"POST", "/_mock/faults", `{"job":true,"status":429}`},
		// Rate limits.
		{"PUT", "/_mock/ratelimit", `{"per_minute":20,"burst":20}`},
		{"PUT", "/_mock/ratelimit", `{"per_minute":20,"burst":20,"tiers":false}`},
		{"PUT", "/_mock/ratelimit", `{"per_minute":0,"burst":20}`},
		{"PUT", "/_mock/ratelimit", `{"per_minute":20}`},
		{"PUT", "/_mock/ratelimit", `{"tiers":true}`},
		{"PUT", "/_mock/ratelimit", `{"tiers":true,"burst":1}`},
		{"PUT", "/_mock/ratelimit", `{"tiers":true,"per_minute":0}`},
		{"PUT", "/_mock/ratelimit", `{"tiers":false}`},
		{"PUT", "/_mock/ratelimit", `{"per_minute":1,"burst":1,"tiers":null}`},
		{"PUT", "/_mock/ratelimit", `{}`},
		// Fixtures.
		{"POST", "/_mock/fixture", `{}`},
		{"POST", "/_mock/fixture", `{"org":null,"teams":null,"users":null,"tokens":null,"sessions":null}`},
		{"POST", "/_mock/fixture", `{"org":{"id":""}}`},
		{"POST", "/_mock/fixture", `{"org":{"id":"E1","name":null,"domain":null}}`},
		{"POST", "/_mock/fixture", `{"teams":[{"id":""}]}`},
		{"POST", "/_mock/fixture", `{"teams":[null]}`},
		{"POST", "/_mock/fixture", `{"teams":[{"id":"T1","slug":"x"}]}`},
		{"POST", "/_mock/fixture", `{` + teams[:len(teams)-2] + `,"role":null,"deleted":null,"name":null,"session_settings":null}]}`},
		{"POST", "/_mock/fixture", `{` + teams[:len(teams)-2] + `,"role":"king"}]}`},
		{"POST", "/_mock/fixture", `{` + teams[:len(teams)-2] + `,"session_settings":{"duration":28799}}]}`},
		{"POST", "/_mock/fixture", `{` + teams[:len(teams)-2] + `,"session_settings":{"duration":28800,"desktop_app_browser_quit":null}}]}`},
		{"POST", "/_mock/fixture", `{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":null}]}`},
		{"POST", "/_mock/fixture", `{` + teams + `,"tokens":[{"token":"xoxp-1","user_id":"W1"}]}`},
		{"POST", "/_mock/fixture", `{` + teams + `,"tokens":[{"token":"xoxb-1","user_id":"W1","scopes":null,"type":null,"bot_id":null}]}`},
		{"POST", "/_mock/fixture", `{` + teams + `,"tokens":[{"token":"abc","user_id":"W1"}]}`},
		{"POST", "/_mock/fixture", `{` + teams + `,"tokens":[{"token":"abc","user_id":"W1","type":"bot"}]}`},
		{"POST", "/_mock/fixture", `{` + teams + `,"tokens":[{"token":"abc","user_id":"W1","type":null}]}`},
		{"POST", "/_mock/fixture", `{` + teams + `,"tokens":[{"token":"xoxp-1","user_id":"W1","scopes":[""]}]}`},
		{"POST", "/_mock/fixture", `{` + teams + `,"tokens":[{"token":"xoxp-1","user_id":"W1","scopes":["a",null]}]}`},
		{"POST", "/_mock/fixture", `{` + teams + `,"sessions":[{"session_id":1,"user_id":"W1","team_id":"T1","client":"web","created_at":null,"created":null,"recent":{"ip":null}}]}`},
		{"POST", "/_mock/fixture", `{` + teams + `,"sessions":[{"session_id":0,"user_id":"W1","team_id":"T1","client":"web"}]}`},
		{"POST", "/_mock/fixture", `{` + teams + `,"sessions":[{"session_id":9223372036854775807,"user_id":"W1","team_id":"T1","client":"mobile","created_at":"2026-01-02T03:04:05Z"}]}`},
		{"POST", "/_mock/fixture", `{` + teams + `,"sessions":[{"session_id":1,"user_id":"W1","team_id":"T1","client":"desktop"}]}`},
		{"POST", "/_mock/fixture", `{` + teams + `,"sessions":[{"session_id":1,"user_id":"W1","team_id":"T1","client":"web","created_at":"yesterday"}]}`},
		// Durations.
		{"GET", "/_mock/jobs?wait=", ""},
		{"GET", "/_mock/jobs?wait=60000ms", ""},
		{"GET", "/_mock/jobs?wait=61s", ""},
		{"GET", "/_mock/jobs?wait=_x", ""},
		{"POST", "/_mock/orgs?ttl=168h", ""},
		{"POST", "/_mock/orgs?ttl=10081m", ""},
		{"POST", "/_mock/orgs?ttl=0ms", ""},
		{"DELETE", "/_mock/faults/9223372036854775808", ""},
	} {
		req, err := http.NewRequest(c.method, cc.base+c.path, strings.NewReader(c.body))
		if err != nil {
			t.Fatal(err)
		}
		if c.body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		route, params, err := cc.router.FindRoute(req)
		if err != nil {
			t.Fatalf("%s %s: not in control.yaml: %v", c.method, c.path, err)
		}
		specErr := openapi3filter.ValidateRequest(context.Background(), &openapi3filter.RequestValidationInput{
			Request: req, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
		})
		req.Body = io.NopCloser(strings.NewReader(c.body)) // ValidateRequest read it
		res, data := roundTrip(t, req)
		if taken := res.StatusCode < 300; taken != (specErr == nil) {
			t.Errorf("%s %s %s: the mock answered %d %s; control.yaml says %v", c.method, c.path, c.body, res.StatusCode, data, orAllowed(specErr))
		}
	}
}

// orAllowed says what a request validation error says, or that there was none.
func orAllowed(err error) string {
	if err == nil {
		return "it is allowed"
	}
	return "it is not: " + err.Error()
}

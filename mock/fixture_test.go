package mock_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/slack-contracts/admin-users-session/api"
	"github.com/slack-contracts/admin-users-session/mock"
	"github.com/slack-contracts/admin-users-session/mock/org"
)

// smallJSON and smallYAML are one fixture, spelt both ways; it leaves the defaults out.
const smallJSON = `{
  "org": {"id": "E1", "name": "Org"},
  "teams": [{"id": "T1", "name": "One"}, {"id": "T2"}],
  "users": [
    {"id": "W1", "team_id": "T1", "role": "admin", "name": "Ada"},
    {"id": "W2", "team_id": "T2"},
    {"id": "W3", "team_id": "T1", "role": "bot", "deleted": true}
  ],
  "tokens": [
    {"token": "xoxp-1", "user_id": "W1", "scopes": ["admin.users:write"]},
    {"token": "xoxb-3", "user_id": "W3", "scopes": []},
    {"token": "legacy-2", "user_id": "W2", "type": "user", "scopes": ["admin.users:read"], "revoked": true, "expired": true}
  ],
  "sessions": [
    {"session_id": 9223372036854775807, "user_id": "W2", "team_id": "T2", "client": "mobile",
     "created_at": "2026-11-02T09:15:00Z",
     "created": {"device_hardware": "iPhone", "os": "iOS", "os_version": "18.1", "slack_client_version": "24.10.10", "ip": "203.0.113.7"},
     "recent": {"ip": "203.0.113.9"}},
    {"session_id": 1, "user_id": "W1", "team_id": "T1", "client": "web"}
  ]
}`

const smallYAML = `# The same fixture as smallJSON.
org:
  id: E1
  name: Org
teams:
  - id: T1
    name: One
  - id: T2
users:
  - {id: W1, team_id: T1, role: admin, name: Ada}
  - id: W2
    team_id: T2
  - id: W3
    team_id: T1
    role: bot
    deleted: true
tokens:
  - token: xoxp-1
    user_id: W1
    scopes: [admin.users:write]
  - token: xoxb-3
    user_id: W3
    scopes: []
  - token: legacy-2
    user_id: W2
    type: user
    scopes:
      - admin.users:read
    revoked: true
    expired: true
sessions:
  - session_id: 9223372036854775807
    user_id: W2
    team_id: T2
    client: mobile
    created_at: 2026-11-02T09:15:00Z
    created:
      device_hardware: iPhone
      os: iOS
      os_version: "18.1"
      slack_client_version: 24.10.10
      ip: 203.0.113.7
    recent: {ip: 203.0.113.9}
  - session_id: 1
    user_id: W1
    team_id: T1
    client: web
`

func parse(t *testing.T, doc string) *org.Fixture {
	t.Helper()
	f, err := org.ParseFixture(strings.NewReader(doc))
	if err != nil {
		t.Fatalf("ParseFixture: %v", err)
	}
	return f
}

func TestParseFixtureJSONAndYAMLAlike(t *testing.T) {
	t.Parallel()
	fromJSON, fromYAML := parse(t, smallJSON), parse(t, smallYAML)
	if !reflect.DeepEqual(fromJSON, fromYAML) {
		t.Fatalf("JSON and YAML differ:\nJSON %s\nYAML %s", mustMarshal(t, fromJSON), mustMarshal(t, fromYAML))
	}
	created := time.Date(2026, 11, 2, 9, 15, 0, 0, time.UTC)
	want := org.Session{
		SessionID: 9223372036854775807, UserID: "W2", TeamID: "T2", Client: org.ClientMobile,
		CreatedAt: &created,
		Created:   &org.Device{DeviceHardware: "iPhone", OS: "iOS", OSVersion: "18.1", SlackClientVersion: "24.10.10", IP: "203.0.113.7"},
		Recent:    &org.Device{IP: "203.0.113.9"},
	}
	for name, f := range map[string]*org.Fixture{"json": fromJSON, "yaml": fromYAML} {
		if len(f.Sessions) != 2 {
			t.Fatalf("%s: %d sessions, want 2", name, len(f.Sessions))
		}
		got := f.Sessions[0]
		if got.CreatedAt == nil || !got.CreatedAt.Equal(created) {
			t.Errorf("%s: created_at %v, want %v", name, got.CreatedAt, created)
		}
		got.CreatedAt, want.CreatedAt = nil, nil
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: session %+v, want %+v", name, got, want)
		}
	}
}

func TestParseFixtureFillsDefaults(t *testing.T) {
	t.Parallel()
	for name, doc := range map[string]string{"json": smallJSON, "yaml": smallYAML} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := parse(t, doc)
			roles := map[string]org.Role{}
			for _, u := range f.Users {
				roles[u.ID] = u.Role
			}
			if want := map[string]org.Role{"W1": org.RoleAdmin, "W2": org.RoleMember, "W3": org.RoleBot}; !reflect.DeepEqual(roles, want) {
				t.Errorf("roles %v, want %v", roles, want)
			}
			types := map[string]org.TokenType{}
			for _, tk := range f.Tokens {
				types[tk.Token] = tk.Type
			}
			if want := map[string]org.TokenType{"xoxp-1": org.TokenUser, "xoxb-3": org.TokenBot, "legacy-2": org.TokenUser}; !reflect.DeepEqual(types, want) {
				t.Errorf("token types %v, want %v", types, want)
			}
		})
	}
}

func TestParseFixtureRefuses(t *testing.T) {
	t.Parallel()
	// fixture builds a JSON fixture from a valid base, with its sections replaced.
	fixture := func(sections map[string]string) string {
		base := map[string]string{
			"teams":    `[{"id":"T1"},{"id":"T2"}]`,
			"users":    `[{"id":"W1","team_id":"T1","role":"admin"},{"id":"W2","team_id":"T2"}]`,
			"tokens":   `[{"token":"xoxp-1","user_id":"W1","scopes":["admin.users:write"]}]`,
			"sessions": `[{"session_id":1,"user_id":"W1","team_id":"T1","client":"web"},{"session_id":2,"user_id":"W2","team_id":"T2","client":"mobile"}]`,
		}
		for k, v := range sections {
			base[k] = v
		}
		var parts []string
		for _, k := range []string{"org", "teams", "users", "tokens", "sessions"} {
			if v, ok := base[k]; ok {
				parts = append(parts, `"`+k+`":`+v)
			}
		}
		if v, ok := base["extra"]; ok {
			parts = append(parts, v)
		}
		return "{" + strings.Join(parts, ",") + "}"
	}
	if _, err := org.ParseFixture(strings.NewReader(fixture(nil))); err != nil {
		t.Fatalf("the base of the cases is refused: %v", err)
	}
	cases := []struct {
		name     string
		sections map[string]string
		want     []string // the message holds each
	}{
		{"unknown user in a session", map[string]string{"sessions": `[{"session_id":1,"user_id":"W1","team_id":"T1","client":"web"},{"session_id":2,"user_id":"W0NOPE","team_id":"T2","client":"web"}]`},
			[]string{"sessions[1]", `"W0NOPE"`}},
		{"unknown team in a session", map[string]string{"sessions": `[{"session_id":1,"user_id":"W1","team_id":"T9","client":"web"}]`},
			[]string{"sessions[0]", `"T9"`}},
		{"duplicate session ids", map[string]string{"sessions": `[{"session_id":7,"user_id":"W1","team_id":"T1","client":"web"},{"session_id":7,"user_id":"W2","team_id":"T2","client":"web"}]`},
			[]string{"sessions[1]", "7"}},
		{"session id zero", map[string]string{"sessions": `[{"session_id":0,"user_id":"W1","team_id":"T1","client":"web"}]`},
			[]string{"sessions[0]", "session_id"}},
		{"session id negative", map[string]string{"sessions": `[{"session_id":-4,"user_id":"W1","team_id":"T1","client":"web"}]`},
			[]string{"sessions[0]", "session_id"}},
		{"session id over int64", map[string]string{"sessions": `[{"session_id":9223372036854775808,"user_id":"W1","team_id":"T1","client":"web"}]`},
			[]string{"sessions[0]", "session_id"}},
		{"session id a string", map[string]string{"sessions": `[{"session_id":"1","user_id":"W1","team_id":"T1","client":"web"}]`},
			[]string{"sessions[0]", "session_id"}},
		{"bad client", map[string]string{"sessions": `[{"session_id":1,"user_id":"W1","team_id":"T1","client":"desktop"}]`},
			[]string{"sessions[0]", `"desktop"`}},
		{"no client", map[string]string{"sessions": `[{"session_id":1,"user_id":"W1","team_id":"T1"}]`},
			[]string{"sessions[0]", "client"}},
		{"duplicate users", map[string]string{"users": `[{"id":"W1","team_id":"T1"},{"id":"W2","team_id":"T2"},{"id":"W1","team_id":"T2"}]`},
			[]string{"users[2]", `"W1"`}},
		{"user of an unknown team", map[string]string{"users": `[{"id":"W1","team_id":"T1"},{"id":"W2","team_id":"T0NOPE"}]`},
			[]string{"users[1]", `"T0NOPE"`}},
		{"user without id", map[string]string{"users": `[{"team_id":"T1"}]`},
			[]string{"users[0]", "id"}},
		{"bad role", map[string]string{"users": `[{"id":"W1","team_id":"T1","role":"superuser"},{"id":"W2","team_id":"T2"}]`},
			[]string{"users[0]", `"superuser"`}},
		{"duplicate teams", map[string]string{"teams": `[{"id":"T1"},{"id":"T2"},{"id":"T1"}]`},
			[]string{"teams[2]", `"T1"`}},
		{"org id a team's", map[string]string{"org": `{"id":"T1"}`}, []string{"org", `"T1"`}},
		{"token without type, prefix neither", map[string]string{"tokens": `[{"token":"xoxp-1","user_id":"W1","scopes":[]},{"token":"xoxa-2","user_id":"W1","scopes":[]}]`},
			[]string{"tokens[1]", "xoxp-", "xoxb-"}},
		{"token of a bad type", map[string]string{"tokens": `[{"token":"xoxp-1","user_id":"W1","type":"app","scopes":[]}]`},
			[]string{"tokens[0]", `"app"`}},
		{"token of an unknown user", map[string]string{"tokens": `[{"token":"xoxp-1","user_id":"W9","scopes":[]}]`},
			[]string{"tokens[0]", `"W9"`}},
		{"duplicate tokens", map[string]string{"tokens": `[{"token":"xoxp-1","user_id":"W1","scopes":[]},{"token":"xoxp-1","user_id":"W2","scopes":[]}]`},
			[]string{"tokens[1]"}},
		{"empty token", map[string]string{"tokens": `[{"token":"","user_id":"W1","scopes":[]}]`},
			[]string{"tokens[0]"}},
		{"empty scope", map[string]string{"tokens": `[{"token":"xoxp-1","user_id":"W1","scopes":["admin.users:read",""]}]`},
			[]string{"tokens[0]", "scopes[1]"}},
		{"null scope", map[string]string{"tokens": `[{"token":"xoxp-1","user_id":"W1","scopes":[null]}]`},
			[]string{"tokens[0]", "scopes[0]"}},
		{"unknown field at the top", map[string]string{"extra": `"workspaces":[]`}, []string{`"workspaces"`}},
		{"unknown field of a team", map[string]string{"teams": `[{"id":"T1"},{"id":"T2","slug":"acme"}]`}, []string{"teams[1]", `"slug"`}},
		{"unknown field of a user", map[string]string{"users": `[{"id":"W1","team_id":"T1"},{"id":"W2","team_id":"T2","is_admin":true}]`}, []string{"users[1]", `"is_admin"`}},
		{"unknown field of a token", map[string]string{"tokens": `[{"token":"xoxp-1","user_id":"W1","scope":"admin.users:write"}]`}, []string{"tokens[0]", `"scope"`}},
		{"unknown field of a session", map[string]string{"sessions": `[{"session_id":1,"user_id":"W1","team_id":"T1","client":"web","kind":"web"}]`}, []string{"sessions[0]", `"kind"`}},
		{"unknown field of a device", map[string]string{"sessions": `[{"session_id":1,"user_id":"W1","team_id":"T1","client":"web","created":{"hw":"x"}}]`}, []string{"sessions[0]", `"hw"`}},
		{"unknown field of the org", map[string]string{"org": `{"id":"E1","url":"acme"}`}, []string{"org", `"url"`}},
		{"org-wide install without an org", map[string]string{"org": "null", "tokens": `[{"token":"xoxp-1","user_id":"W1","scopes":[],"enterprise_install":true}]`},
			[]string{"tokens[0]", "enterprise_install"}},
		{"a session in another org", map[string]string{"sessions": `[{"session_id":1,"user_id":"W1","team_id":"E9","client":"web"}]`},
			[]string{"sessions[0]", `"E9"`}},
	}
	for _, tc := range cases {
		doc := fixture(tc.sections)
		// The YAML reader takes JSON too (JSON is YAML); a leading comment sends the very
		// same document down the YAML path.
		for spelling, d := range map[string]string{"json": doc, "yaml": "# as YAML\n" + doc} {
			t.Run(spelling+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				f, err := org.ParseFixture(strings.NewReader(d))
				if err == nil {
					t.Fatalf("ParseFixture accepted %s: %+v", d, f)
				}
				for _, w := range tc.want {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q does not name %s", err, w)
					}
				}
			})
		}
	}
}

func TestParseFixtureRefusesNonFixtures(t *testing.T) {
	t.Parallel()
	for name, doc := range map[string]string{
		"empty":          "",
		"blank":          " \n\t",
		"two documents":  `{"teams":[]} {"teams":[]}`,
		"trailing junk":  `{"teams":[]} x`,
		"a list":         "- teams\n- users\n",
		"a string":       `"fixture"`,
		"broken JSON":    `{"teams":[`,
		"broken YAML":    "teams: [\n",
		"sections wrong": `{"teams":{"id":"T1"}}`,
		"JSON null":      "null",
		"YAML null":      "---\n",
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if f, err := org.ParseFixture(strings.NewReader(doc)); err == nil {
				t.Errorf("ParseFixture accepted %q: %+v", doc, f)
			} else if !strings.HasPrefix(err.Error(), "fixture: ") {
				t.Errorf("error %q does not start with fixture:", err)
			}
		})
	}
}

// TestOrgFixtureRoundTrips checks that what an org answers as its fixture, ParseFixture and
// a new org take back unchanged, in JSON and in YAML, after a change too.
func TestOrgFixtureRoundTrips(t *testing.T) {
	t.Parallel()
	for name, f := range map[string]*org.Fixture{"demo": org.DemoFixture(), "small": parse(t, smallJSON)} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := org.New(f)
			if name == "demo" {
				if err := s.AddSession(org.Session{SessionID: maxSession, UserID: userA, TeamID: team2, Client: org.ClientWeb}); err != nil {
					t.Fatal(err)
				}
			}
			got := s.Fixture()
			data := mustMarshal(t, got)
			back := parse(t, string(data))
			if !reflect.DeepEqual(back, got) {
				t.Errorf("Org.Fixture() does not round-trip through ParseFixture:\nbefore %s\nafter  %s", data, mustMarshal(t, back))
			}
			if again := org.New(back).Fixture(); !reflect.DeepEqual(again, got) {
				t.Errorf("an org loaded from Org.Fixture() answers another fixture:\nbefore %s\nafter  %s", data, mustMarshal(t, again))
			}
			if got, want := len(got.Sessions), len(f.Sessions); name == "small" && got != want {
				t.Errorf("%d sessions, want %d", got, want)
			}
		})
	}
}

// controlAnswer is the answer of the control API: ok, or an error with a message.
type controlAnswer struct {
	OK      bool   `json:"ok"`
	Error   string `json:"error"`
	Message string `json:"message"`
}

func readControl(t *testing.T, data []byte) controlAnswer {
	t.Helper()
	var a controlAnswer
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		t.Fatalf("control answer %s: %v", data, err)
	}
	return a
}

func TestControlFixtureRefusesABadOne(t *testing.T) {
	t.Parallel()
	cases := map[string]struct{ contentType, body, names string }{
		"unknown user in a session": {"application/json",
			`{"teams":[{"id":"T1"}],"users":[],"tokens":[],"sessions":[{"session_id":1,"user_id":"W0NOPE","team_id":"T1","client":"web"}]}`, "sessions[0]"},
		"bad role in YAML": {"application/yaml", "teams: [{id: T1}]\nusers: [{id: W1, team_id: T1, role: king}]\n", "users[0]"},
		"unknown field":    {"application/json", `{"teams":[{"id":"T1","colour":"red"}]}`, "teams[0]"},
		"not a fixture":    {"application/json", `[]`, "fixture"},
		"empty":            {"application/json", ``, "empty"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c := start(t)
			before := c.fixture(t)
			status, data := c.post(t, "/_mock/fixture", tc.contentType, tc.body)
			if status != http.StatusBadRequest {
				t.Errorf("HTTP %d, want 400: %s", status, data)
			}
			a := readControl(t, data)
			if a.OK || a.Error != "invalid_fixture" || !strings.Contains(a.Message, tc.names) {
				t.Errorf("answer %s, want ok:false, invalid_fixture and a message naming %s", data, tc.names)
			}
			if after := c.fixture(t); !bytes.Equal(before, after) {
				t.Errorf("a refused fixture changed the state:\nbefore %s\nafter  %s", before, after)
			}
			// The demo tokens still work.
			wantOK(t, c.do(t, slackCall(t, api.MethodReset, formEnc, tokAdmin, args{"user_id": userB})))
		})
	}
}

func TestControlFixtureReplacesTheState(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct{ contentType, body string }{
		"json": {"application/json", smallJSON},
		"yaml": {"application/yaml", smallYAML},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c := start(t)
			initial := c.fixture(t)
			status, data := c.post(t, "/_mock/fixture", tc.contentType, tc.body)
			if a := readControl(t, data); status != http.StatusOK || !a.OK {
				t.Fatalf("HTTP %d %s, want 200 ok:true", status, data)
			}
			var got org.Fixture
			if err := json.Unmarshal(c.fixture(t), &got); err != nil {
				t.Fatal(err)
			}
			if want := org.New(parse(t, smallJSON)).Fixture(); !reflect.DeepEqual(&got, want) {
				t.Errorf("GET /_mock/fixture answers %s, want %s", mustMarshal(t, &got), mustMarshal(t, want))
			}
			if ids := c.sessionIDs(t, "user_id=W2"); !reflect.DeepEqual(ids, []int64{maxSession}) {
				t.Errorf("W2's sessions %v, want [%d]", ids, maxSession)
			}

			// The Slack methods answer from the new state: the demo's tokens are gone, the
			// new ones work, and the largest session id ends.
			for _, e := range encodings {
				wantError(t, c.do(t, slackCall(t, api.MethodReset, e, tokAdmin, args{"user_id": "W2"})), api.CodeInvalidAuth)
				wantError(t, c.do(t, slackCall(t, api.MethodReset, e, "xoxp-1", args{"user_id": userB})), api.CodeUserNotFound)
				wantError(t, c.do(t, slackCall(t, api.MethodReset, e, "xoxp-1", args{"user_id": "W3"})), api.CodeCannotResetBot)
				wantError(t, c.do(t, slackCall(t, api.MethodReset, e, "legacy-2", args{"user_id": "W2"})), api.CodeTokenRevoked)
			}
			wantOK(t, c.do(t, slackCall(t, api.MethodInvalidate, jsonEnc, "xoxp-1", args{"user_id": "W2", "team_id": "E1", "session_id": maxSession})))
			if ids := c.sessionIDs(t, ""); !reflect.DeepEqual(ids, []int64{1}) {
				t.Errorf("sessions %v, want [1]", ids)
			}

			// POST /_mock/restore goes back to the fixture the mock started with.
			status, data = c.post(t, "/_mock/restore", "", "")
			if a := readControl(t, data); status != http.StatusOK || !a.OK {
				t.Fatalf("POST /_mock/restore: HTTP %d %s", status, data)
			}
			if after := c.fixture(t); !bytes.Equal(after, initial) {
				t.Errorf("after POST /_mock/restore:\n%s\nwant the start fixture:\n%s", after, initial)
			}
			wantOK(t, c.do(t, slackCall(t, api.MethodReset, formEnc, tokAdmin, args{"user_id": userB})))
		})
	}
}

func TestControlResetReturnsToTheStartFixture(t *testing.T) {
	t.Parallel()
	c := start(t, mock.WithFixture(parse(t, smallYAML)))
	initial := c.fixture(t)
	wantOK(t, c.do(t, slackCall(t, api.MethodReset, formEnc, "xoxp-1", args{"user_id": "W2"})))
	if ids := c.sessionIDs(t, ""); !reflect.DeepEqual(ids, []int64{1}) {
		t.Fatalf("sessions %v, want [1]", ids)
	}
	status, data := c.post(t, "/_mock/restore", "", "")
	if a := readControl(t, data); status != http.StatusOK || !a.OK {
		t.Fatalf("POST /_mock/restore: HTTP %d %s", status, data)
	}
	if after := c.fixture(t); !bytes.Equal(after, initial) {
		t.Errorf("after POST /_mock/restore:\n%s\nwant the start fixture, not the demo:\n%s", after, initial)
	}
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

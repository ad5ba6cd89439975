package org_test

import (
	"strings"
	"testing"

	"github.com/slack-contracts/admin-users-session/mock/org"
)

// TestParseFixtureSaysWhereAndWhat checks the whole message of ParseFixture for a document
// that does not parse or holds a value of the wrong type: the line and column of a syntax
// error in JSON and in YAML, and the field of a wrong value in the fixture's own terms, never
// Go's (int64, mock.Session, json:).
func TestParseFixtureSaysWhereAndWhat(t *testing.T) {
	t.Parallel()
	const sessions = `{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"sessions":[` +
		`{"session_id":1,"user_id":"W1","team_id":"T1","client":"web"},` +
		`{"session_id":2,"user_id":"W1","team_id":"T1","client":"web"},` +
		`{"session_id":"abc","user_id":"W1","team_id":"T1","client":"web"}]}`
	for _, tc := range []struct{ doc, want string }{
		// Syntax, JSON.
		{"{\"teams\": [\n  {\"id\": \"T1\",}\n]}", `fixture: line 2, column 14: invalid character ',' at start of value`}, // the comma before }
		{"{\"teams\": [\n  {\"id\": \"T1\" \"name\": \"Acme\"}\n]}", `fixture: line 2, column 15: invalid character '"' after object value (expecting ',' or '}')`},
		{"{\"teams\": [], \"teams\": []}", `fixture: line 1, column 15: "teams" is given twice`},
		{"{\"teams\": [{\"id\": \"T1\", \"id\": \"T2\"}]}", `fixture: line 1, column 25: "id" is given twice in teams[0]`},
		{"{\"teams\": [{\"id\": \"T\xff\"}]}", `fixture: line 1, column 21: invalid UTF-8`},
		{"{\"teams\": [\n  {\"id\": \"T1\"}\n", `fixture: line 2, column 15: the document ends before all its { and [ are closed`},
		{`{"teams":[]} {"teams":[]}`, `fixture: line 1, column 14: more after the end of the document`},
		// Syntax, YAML.
		{"teams:\n  - id: T1\n   name: Acme\n", `fixture: line 3, column 4: did not find expected '-' indicator (while parsing a block collection at line 2, column 3)`},
		{"teams: [{id: T1}\nusers: []\n", `fixture: line 2, column 1: did not find expected ',' or ']' (while parsing a flow sequence at line 1, column 8)`},
		{"teams: []\nteams: []\n", `fixture: line 2, column 1: mapping key "teams" already defined at line 1`},
		// Types, in JSON and YAML alike.
		{sessions, `fixture: sessions[2].session_id: want a whole number, got "abc"`},
		{"sessions:\n  - {session_id: 1.5}\n", `fixture: sessions[0].session_id: want a whole number from -9223372036854775808 to 9223372036854775807, got 1.5`},
		{`{"sessions":[{"session_id":1,"created_at":"yesterday"}]}`, `fixture: sessions[0].created_at: want a time such as 2026-11-02T09:15:00Z, got "yesterday"`},
		{`{"sessions":[{"session_id":1,"created":{"ip":203}}]}`, `fixture: sessions[0].created.ip: want a string, got 203`},
		{`{"tokens":[{"token":"xoxp-1","scopes":"admin.users:write"}]}`, `fixture: tokens[0].scopes: want a list, got "admin.users:write"`},
		{"tokens:\n  - {token: xoxp-1, scopes: [admin.users:read, 5]}\n", `fixture: tokens[0].scopes[1]: want a string, got 5`},
		{`{"users":[{"id":"W1","deleted":"yes"}]}`, `fixture: users[0].deleted: want true or false, got "yes"`},
		{`{"org":{"id":7}}`, `fixture: org.id: want a string, got 7`},
		{`{"teams":{"id":"T1"}}`, `fixture: teams: want a list, got an object`},
		{"- teams\n", `fixture: the document: want an object, got a list`},
		{"teams:\n  - {id: .nan}\n", `fixture: the document holds a key that is not a name (as teams and user_id are) or a number that is not finite (.nan, .inf)`},
		// Names, exactly.
		{`{"Teams":[]}`, `fixture: unknown field "Teams" (a fixture has org, teams, users, tokens, sessions)`},
		{`{"workspaces":[]}`, `fixture: unknown field "workspaces" (a fixture has org, teams, users, tokens, sessions)`},
		{`{"teams":[{"id":"T1","colour":"red"}]}`, `fixture: teams[0]: unknown field "colour"`},
	} {
		_, err := org.ParseFixture(strings.NewReader(tc.doc))
		if err == nil {
			t.Errorf("ParseFixture(%q) = nil, want %s", tc.doc, tc.want)
			continue
		}
		if msg := err.Error(); msg != tc.want {
			t.Errorf("ParseFixture(%q):\n got %s\nwant %s", tc.doc, msg, tc.want)
		}
		for _, goSpeak := range []string{"int64", "mock.", "json:", "Go struct", "\n"} {
			if strings.Contains(err.Error(), goSpeak) {
				t.Errorf("ParseFixture(%q) speaks Go (%q): %v", tc.doc, goSpeak, err)
			}
		}
	}
}

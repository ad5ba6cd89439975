package org

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// fastSeeds are fixtures for comparing the fast way of ParseFixture with the general way:
// the shapes the fast way takes, and every kind of spelling it must leave to the general way.
var fastSeeds = []string{
	string(demoJSON),
	`{}`,
	` {"teams":[],"users":[],"tokens":[],"sessions":[]} `,
	`{"sessions":[]}`,
	`{"sessions":null}`,
	`{"org":null,"teams":null}`,
	"{\n\t\"teams\" : [ {\"id\":\"T1\"} ] ,\r\n \"users\":[{\"id\":\"W1\",\"team_id\":\"T1\"}],\"sessions\" :\n[ { \"session_id\" : 1 , \"user_id\" : \"W1\" , \"team_id\" : \"T1\" , \"client\" : \"web\" } ]\n}\n",
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"sessions":[{"session_id":1,"user_id":"W1","team_id":"T1","client":"web","created_at":"2026-11-02T09:15:00Z","created":{"device_hardware":"iPhone","os":"iOS","os_version":"18.1","slack_client_version":"25.1","ip":"203.0.113.7"},"recent":{}}]}`,
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"sessions":[{"session_id":2,"user_id":"W1","team_id":"T1","client":"web"},{"session_id":1,"user_id":"W1","team_id":"T1","client":"mobile"}]}`,
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"sessions":[{"session_id":1,"user_id":"W1","team_id":"T1","client":"web"},{"session_id":1,"user_id":"W1","team_id":"T1","client":"mobile"}]}`,
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"sessions":[{"session_id":1,"user_id":"W2","team_id":"T1","client":"web"}]}`,
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"sessions":[{"session_id":1,"user_id":"W1","team_id":"T1","client":"tablet"}]}`,
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"sessions":[{"session_id":0,"user_id":"W1","team_id":"T1","client":"web"}]}`,
	// Spellings the fast way leaves to the general way.
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"sessions":[{"session_id":1,"user_id":"W\u0031","team_id":"T1","client":"web"}]}`,
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"sessions":[{"Session_ID":1,"user_id":"W1","team_id":"T1","client":"web"}]}`,
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"Sessions":[{"session_id":1,"user_id":"W1","team_id":"T1","client":"web"}]}`,
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"sessions":[{"session_id":1,"session_id":2,"user_id":"W1","team_id":"T1","client":"web"}]}`,
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"sessions":[],"sessions":[{"session_id":1,"user_id":"W1","team_id":"T1","client":"web"}]}`,
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"sessions":[{"session_id":1,"user_id":"W1","team_id":"T1","client":"web","colour":"red"}]}`,
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"sessions":[{"session_id":1e3,"user_id":"W1","team_id":"T1","client":"web"}]}`,
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"sessions":[{"session_id":1.0,"user_id":"W1","team_id":"T1","client":"web"}]}`,
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"sessions":[{"session_id":-0,"user_id":"W1","team_id":"T1","client":"web"}]}`,
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"sessions":[{"session_id":01,"user_id":"W1","team_id":"T1","client":"web"}]}`,
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"sessions":[{"session_id":9223372036854775808,"user_id":"W1","team_id":"T1","client":"web"}]}`,
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"sessions":[{"session_id":"1","user_id":"W1","team_id":"T1","client":"web"}]}`,
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"sessions":[{"session_id":null,"user_id":"W1","team_id":"T1","client":"web"}]}`,
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"sessions":[{"session_id":1,"user_id":"W1","team_id":"T1","client":"web","created_at":null}]}`,
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"sessions":[{"session_id":1,"user_id":"W1","team_id":"T1","client":"web","created_at":"yesterday"}]}`,
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"sessions":[{"session_id":1,"user_id":"W1","team_id":"T1","client":"web","created_at":"2026-11-02T09:15:00.123456789+02:00"}]}`,
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"sessions":[{"session_id":1,"user_id":"W1","team_id":"T1","client":"web","created":{"ip":"x","ip":"y"}}]}`,
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"sessions":[{"session_id":1,"user_id":"W1","team_id":"T1","client":"web","created":{"model":"x"}}]}`,
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"sessions":[{"session_id":1,"user_id":"W1","team_id":"T1","client":"web","recent":null}]}`,
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"sessions":[{"session_id":1,"user_id":"W1","team_id":"T1","client":"web","recent":{"ip":5}}]}`,
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"sessions":[{"session_id":1,"user_id":"W1","team_id":"T1","client":"web"},]}`,
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"sessions":[{"session_id":1,"user_id":"W1","team_id":"T1","client":"web",}]}`,
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"sessions":[{"session_id":1,"user_id":"W1","team_id":"T1","client":"web"}],}`,
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"sessions":[{"session_id":1,"user_id":"W1","team_id":"T1","client":"web"}]}{}`,
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"sessions":[{"session_id":1,"user_id":"W1","team_id":"T1","client":"web"}]}]`,
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"sessions":[{"session_id":1,"user_id":"W1","team_id":"T1","client":"web"}`,
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"sessions":[{"session_id":1,"user_id":"W1","team_id":"T1","client":"web"]}}`,
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"sessions":[{"session_id":1 "user_id":"W1"}]}`,
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"sessions":{"session_id":1}}`,
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"sessions":[[]]}`,
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"sessions":[{"session_id":1,"user_id":"Wé","team_id":"T1","client":"web"}]}`,
	"{\"teams\":[{\"id\":\"T1\"}],\"users\":[{\"id\":\"W1\",\"team_id\":\"T1\"}],\"sessions\":[{\"session_id\":1,\"user_id\":\"W\xff\",\"team_id\":\"T1\",\"client\":\"web\"}]}",
	"{\"teams\":[{\"id\":\"T1\"}],\"users\":[{\"id\":\"W1\",\"team_id\":\"T1\"}],\"sessions\":[{\"session_id\":1,\"user_id\":\"W\t1\",\"team_id\":\"T1\",\"client\":\"web\"}]}",
	`{"teams":[{"id":"T1","colour":"red"}],"sessions":[]}`,
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"tokens":[{"token":"xoxp-1","user_id":"W1","scopes":["admin.users:read"]}],"sessions":[]}`,
	`{"teams":[{"id":"T1"}],"org":{"id":"E1","name":"Org"},"users":[{"id":"W1","team_id":"T1","role":"admin","session_settings":{"duration":28800}}],"sessions":[]}`,
	`{"teams":[{"id":"T1"}],"extra":1,"sessions":[]}`,
	`{"sessions":[{"session_id":1,"user_id":"W1","team_id":"T1","client":"web"}],"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}]}`,
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"sessions":[{"session_id":1,"user_id":"W1","team_id":"T1","client":"web"}],"tokens":[{"token":"xoxp-1","user_id":"W1","scopes":[]}],"org":{"id":"E1"}}`,
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"sessions":[{"session_id":1,"user_id":"W1","team_id":"T1","client":"web"}],"users":[]}`,
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"sessions":[{"session_id":1,"user_id":"W1","team_id":"T1","client":"web"}],"tokens":[{"token":5}]}`,
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":7}],"sessions":[{"session_id":1,"user_id":"W1","team_id":"T1","client":"web"}]}`,
	`{"teams":[{"id":"T1"}],"teams":[],"sessions":[]}`,
	`{"teams":[{"id":"T1"],"sessions":[]}`,
	`{"teams":5,"sessions":[]}`,
	`{"teams":tru,"sessions":[]}`,
	`{"org":"x"}`,
	`{"org":{"id":"E1"} , "teams":[{"id":"T1"}] }`,
	`{"te\u0061ms":[{"id":"T1"}]}`,
	`{"teams":[{"id":"T\"1"}],"sessions":[]}`,
	`{"teams":[{"id":"T1"}],"users":[{"id":"W1","team_id":"T1"}],"sessions":[{"session_id":1,"user_id":"W1","team_id":"T1","client":"web"}]} `,
	`{`,
	`{"`,
	`{"sessions":`,
	`{"sessions":[`,
	`{"sessions":[{`,
	`{"sessions":[{"session_id":`,
	`{"sessions":[{"session_id":-`,
	`{"sessions":[{"session_id":1`,
	`{"sessions":[{"user_id":"`,
	`{"sessions":[{"created":{`,
	`{"sessions":[{"created":{"ip":"x"`,
	`{"a":"\`,
}

// TestParseFixtureFast checks that the fast way of ParseFixture reads every seed as the
// general way does: the same fixture, or the same error; and that it is taken for the
// shapes it is for.
func TestParseFixtureFast(t *testing.T) {
	for _, seed := range append(fastSeeds, benchLikeFixture(t, 1000)) {
		compareFast(t, []byte(seed))
	}
	for _, taken := range []string{string(demoJSON), fastSeeds[7], benchLikeFixture(t, 1000)} {
		if _, ok := parseFixtureFast([]byte(taken)); !ok {
			t.Errorf("the fast way refused %.200s", taken)
		}
	}
}

// FuzzParseFixtureFast compares the two ways of ParseFixture on any document.
func FuzzParseFixtureFast(f *testing.F) {
	for _, seed := range fastSeeds {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) { compareFast(t, data) })
}

// compareFast checks that where the fast way takes data, it reads what the general way
// reads, or refuses it with the same words. (Where it does not take data, ParseFixture
// takes the general way alone, so there is nothing to compare.)
func compareFast(t *testing.T, data []byte) {
	t.Helper()
	if _, ok := parseFixtureFast(data); !ok {
		return
	}
	fast, fastErr := parseFixture(data, true)
	general, err := parseFixture(data, false)
	switch {
	case (fastErr == nil) != (err == nil):
		t.Errorf("%.300q: the fast way answered %v, the general way %v", data, fastErr, err)
	case err != nil:
		if fastErr.Error() != err.Error() {
			t.Errorf("%.300q: the fast way answered %v, the general way %v", data, fastErr, err)
		}
	case !reflect.DeepEqual(fast, general):
		a, _ := json.Marshal(fast)
		b, _ := json.Marshal(general)
		t.Errorf("%.300q: the fast way read\n%.500s\nthe general way\n%.500s", data, a, b)
	}
}

// benchLikeFixture is a fixture of n sessions shaped as the load harness and the
// benchmarks make them, with device facts on some.
func benchLikeFixture(t *testing.T, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(`{"org":{"id":"E1"},"teams":[{"id":"T1"},{"id":"T2"}],"users":[`)
	for i := range 10 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"W%d","team_id":"T%d"}`, i, 1+i%2)
	}
	b.WriteString(`],"tokens":[{"token":"xoxp-a","user_id":"W0","scopes":["admin.users:read"]}],"sessions":[`)
	at := time.Date(2026, 11, 2, 9, 15, 0, 0, time.UTC)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"session_id":%d,"user_id":"W%d","team_id":"T%d","client":%q,"created_at":%q`,
			i+1, i%10, 1+i%2, []string{"mobile", "web"}[i%2], at.Add(time.Duration(i)*time.Second).Format(time.RFC3339))
		if i%3 == 0 {
			fmt.Fprintf(&b, `,"created":{"os":"iOS","ip":"203.0.113.%d"},"recent":{"device_hardware":"iPhone"}`, i%256)
		}
		b.WriteByte('}')
	}
	b.WriteString("]}")
	return b.String()
}

// TestParseFixtureMapped checks that a fixture file that ParseFixture maps (see
// parseMapped) reads as the same document read from memory does: the fast way, the general
// way, a failed check, a syntax error, YAML; and that a file that shrinks under its mapping
// is read the ordinary way instead.
func TestParseFixtureMapped(t *testing.T) {
	dir := t.TempDir()
	doc := benchLikeFixture(t, 100)
	for name, doc := range map[string]string{
		"fast":    doc,
		"general": strings.Replace(doc, `"W1"`, `"W\u0031"`, 1),
		"check":   strings.Replace(doc, `"client":"web"`, `"client":"tablet"`, 1),
		"syntax":  doc[:len(doc)-3],
		"yaml":    "# yaml\nteams: []\n",
		"empty":   " \n",
	} {
		path := filepath.Join(dir, name+".json")
		if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
			t.Fatal(err)
		}
		file, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		p, mapped := parseMapped(file, 1)
		file.Close()
		if !mapped && mapFileWorks {
			t.Errorf("%s: not mapped", name)
			continue
		}
		want, wantErr := parseFixture([]byte(doc), false)
		if mapped && (fmt.Sprint(p.err) != fmt.Sprint(wantErr) || !reflect.DeepEqual(p.fixture, want)) {
			t.Errorf("%s: mapped, it reads %v (%v); read from memory, %v (%v)", name, p.fixture != nil, p.err, want != nil, wantErr)
		}
	}

	if !mapFileWorks {
		return
	}
	path := filepath.Join(dir, "shrinks.json")
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	file, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	data, unmap, ok := mapFile(file, len(doc))
	if !ok {
		t.Fatal("mapFile failed")
	}
	defer unmap()
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}
	if f, copied, faulted := readMapped(data); !faulted {
		t.Errorf("reading a mapping whose file shrank answered %v, %d bytes, not a fault", f != nil, len(copied))
	}
}

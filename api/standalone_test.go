package api_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The programs of TestClientStandsAlone: the same one call of admin.users.session.reset,
// through this package and through net/http and encoding/json alone.
const (
	withAPI = `package main

import (
	"context"
	"fmt"
	"os"

	"github.com/slack-contracts/admin-users-session/api"
)

func main() {
	c, err := api.New(os.Getenv("SLACK_TOKEN"), api.WithBaseURL(os.Getenv("SLACK_API_URL")))
	if err == nil {
		err = c.ResetSessions(context.Background(), os.Args[1], api.AllSessions)
	}
	fmt.Println(err)
}
`
	withHTTP = `package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
)

func main() {
	req, err := http.NewRequest("POST", os.Getenv("SLACK_API_URL")+"admin.users.session.reset",
		strings.NewReader(url.Values{"user_id": {os.Args[1]}}.Encode()))
	if err != nil {
		panic(err)
	}
	req.Header.Set("Authorization", "Bearer "+os.Getenv("SLACK_TOKEN"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	defer res.Body.Close()
	var answer struct {
		OK    bool   ` + "`json:\"ok\"`" + `
		Error string ` + "`json:\"error\"`" + `
	}
	fmt.Println(json.NewDecoder(res.Body).Decode(&answer), answer)
}
`
	withMock = `package main

import (
	"fmt"

	"github.com/slack-contracts/admin-users-session/mock"
)

func main() {
	_, err := mock.New()
	fmt.Println(err)
}
`
)

// TestClientStandsAlone builds, in a module of its own that requires this one, a program
// that makes one call through package api, the same call made with net/http alone, and a
// program that starts the mock. The first builds in nothing of a server (no echo, no
// kin-openapi) and nothing of the code generator, and is at most 1.15 times the size of the
// second. Neither the client nor the mock reaches the generator, which tools.go pins in the
// root package: a module that imports them gets nothing of it in its go.sum.
func TestClientStandsAlone(t *testing.T) {
	if testing.Short() {
		t.Skip("builds three programs in a module of their own")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/standalone\n\ngo 1.25.0\n\n"+
		"require github.com/slack-contracts/admin-users-session v0.0.0\n\n"+
		"replace github.com/slack-contracts/admin-users-session => "+root+"\n")
	write("withapi/main.go", withAPI)
	write("withhttp/main.go", withHTTP)
	write("withmock/main.go", withMock)
	// The outside module needs the modules this one needs, and their sums: the module cache
	// holds them all (they build this one), and this module's go.sum has their sums, so the
	// build needs no network.
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	write("go.sum", string(sum))

	// With every build tag a module's go mod tidy sees (tools among them: tools.go pins the
	// generator), neither program reaches the generator.
	for _, pkg := range []string{"./withapi", "./withmock"} {
		deps := goCmd(t, dir, "list", "-deps", "-tags", "tools", pkg)
		for _, banned := range []string{"github.com/oapi-codegen/oapi-codegen", "golang.org/x/tools"} {
			if strings.Contains(deps, banned) {
				t.Errorf("%s builds in %s", pkg, banned)
			}
		}
		if pkg == "./withapi" {
			for _, banned := range []string{"github.com/labstack/echo", "github.com/getkin/kin-openapi"} {
				if strings.Contains(deps, banned) {
					t.Errorf("a program that imports only api builds in %s", banned)
				}
			}
		}
	}
	size := func(pkg string) int64 {
		t.Helper()
		out := filepath.Join(dir, filepath.Base(pkg)+".bin")
		goCmd(t, dir, "build", "-o", out, pkg)
		fi, err := os.Stat(out)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	api, plain := size("./withapi"), size("./withhttp")
	ratio := float64(api) / float64(plain)
	t.Logf("one call through api: %.1f MB; with net/http: %.1f MB; %.2f×", float64(api)/1e6, float64(plain)/1e6, ratio)
	if ratio > 1.15 {
		t.Errorf("a program that makes one call through api is %.2f× the same call with net/http, over 1.15×", ratio)
	}
}

// goCmd runs the go command in dir, offline, and answers its output; it fails t if the
// command fails.
func goCmd(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

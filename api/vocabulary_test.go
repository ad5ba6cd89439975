package api

import (
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"iter"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/slack-contracts/admin-users-session/gen/spec"
)

// vocabulary reads the constants of package vocab by the prefix of their names: Method,
// Scope, Code or Warning, each with its value.
func vocabulary(t *testing.T) map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]string{"Method": {}, "Scope": {}, "Code": {}, "Warning": {}}
	for name, value := range constants(t, "vocab/vocab.go") {
		lit, ok := value.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			continue
		}
		v, _ := strconv.Unquote(lit.Value)
		for prefix := range out {
			if strings.HasPrefix(name, prefix) {
				out[prefix][v] = name
			}
		}
	}
	return out
}

// constants reads the Go file path and yields each of its constants' names with its value.
func constants(t *testing.T, path string) iter.Seq2[string, ast.Expr] {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	return func(yield func(string, ast.Expr) bool) {
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, spec := range g.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if !yield(name.Name, vs.Values[i]) {
						return
					}
				}
			}
		}
	}
}

// strings lists the strings of a spec extension.
func stringList(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, e := range list {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// TestVocabularyMatchesSpec checks the constants of package vocab against openapi.yaml both
// ways: every method, scope, error code and warning of the spec has its constant, and every
// constant is in the spec; and every error code is Known.
func TestVocabularyMatchesSpec(t *testing.T) {
	doc, err := spec.GetSpec()
	if err != nil {
		t.Fatal(err)
	}
	inSpec := map[string][]string{
		"Code":    stringList(doc.Extensions["x-slack-common-errors"]),
		"Warning": stringList(doc.Extensions["x-slack-warnings"]),
	}
	for _, item := range doc.Paths.Map() {
		op := item.Post
		if op == nil {
			continue
		}
		inSpec["Method"] = append(inSpec["Method"], op.OperationID)
		inSpec["Code"] = append(inSpec["Code"], stringList(op.Extensions["x-slack-errors"])...)
		if op.Security != nil {
			for _, req := range *op.Security {
				inSpec["Scope"] = append(inSpec["Scope"], req["slackOAuth"]...)
			}
		}
	}
	if len(inSpec["Code"]) == 0 || len(inSpec["Warning"]) == 0 {
		t.Fatal("the spec has no x-slack-common-errors or x-slack-warnings")
	}
	consts := vocabulary(t)
	for kind, values := range inSpec {
		for _, v := range values {
			if consts[kind][v] == "" {
				t.Errorf("the spec's %s %q has no constant in package vocab", strings.ToLower(kind), v)
			}
		}
		for v, name := range consts[kind] {
			if !slices.Contains(values, v) {
				t.Errorf("%s = %q is not in the spec", name, v)
			}
		}
	}
	for v, name := range consts["Code"] {
		if !ErrorCode(v).Known() {
			t.Errorf("%s is not Known", name)
		}
	}
}

// TestReexportsTheVocabulary checks that vocabulary.go gives every name of package vocab its
// name in this package, as the same constant: a name added to vocab and not here fails.
func TestReexportsTheVocabulary(t *testing.T) {
	want := map[string]bool{}
	for _, byValue := range vocabulary(t) {
		for _, name := range byValue {
			want[name] = true
		}
	}
	for name, value := range constants(t, "vocabulary.go") {
		sel, ok := value.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != name || sel.X.(*ast.Ident).Name != "vocab" {
			t.Errorf("%s is not vocab.%s", name, name)
		}
		delete(want, name)
	}
	for name := range want {
		t.Errorf("vocab.%s has no name in package api", name)
	}
}

// TestEveryMethodHasAClientMethod checks, as go-github checks its method list against the
// API's, that every method of the spec has its method of Client, named by the link to the
// Slack method's page in its doc comment (api.test: Raw, which reaches it), and that this
// method has a runnable example.
func TestEveryMethodHasAClientMethod(t *testing.T) {
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var sources, tests []*ast.File
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(name, "_test.go") {
			tests = append(tests, f)
		} else {
			sources = append(sources, f)
		}
	}
	pkg, err := doc.NewFromFiles(fset, append(sources, tests...), "github.com/slack-contracts/admin-users-session/api")
	if err != nil {
		t.Fatal(err)
	}
	var client *doc.Type
	for _, typ := range pkg.Types {
		if typ.Name == "Client" {
			client = typ
		}
	}
	if client == nil {
		t.Fatal("no type Client")
	}
	swagger, err := spec.GetSpec()
	if err != nil {
		t.Fatal(err)
	}
	for _, item := range swagger.Paths.Map() {
		name := item.Post.OperationID
		page := "https://docs.slack.dev/reference/methods/" + name + ")"
		i := slices.IndexFunc(client.Methods, func(m *doc.Func) bool { return strings.Contains(m.Doc, "("+page) })
		if i < 0 {
			t.Errorf("no method of Client links %s in its doc comment", page)
			continue
		}
		if m := client.Methods[i]; len(m.Examples) == 0 {
			t.Errorf("Client.%s, which calls %s, has no example (ExampleClient_%s)", m.Name, name, m.Name)
		}
	}
}

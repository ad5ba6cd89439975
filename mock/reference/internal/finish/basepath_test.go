package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// page is a page as build-docs writes it, with options and prerendered markup of its own.
func page(options, markup string) []byte {
	return []byte("<!DOCTYPE html>\n<html><head><style>a{}</style></head><body>\n" +
		`      <div id="redoc">` + markup + "</div>\n" +
		"      <script type=\"module\">\n" +
		"      const __redoc_definition = {\"openapi\":\"3.1.0\",\"x\":\"<a href=\\\"/auth\\\">\"};\n" +
		"      const __redoc_options = " + options + ";\n" +
		"      hydrate(__redoc_definition, __redoc_options, document.getElementById('redoc'));\n" +
		"      </script>\n</body></html>\n")
}

const markup = `<nav><a href="/" class="x">Overview</a><a href="/auth">auth</a>` +
	`<a href="/section/calling-conventions-(shared)">Calling</a>` +
	`<a href="https://slack.com/api">Slack</a><a href="//example.com/x">x</a><a href="#redocly-link-icon">#</a></nav>` +
	`<section data-section-id="/"></section><section data-section-id="/auth/auth.test"></section>`

func TestUnderBasePathPutsTheLinksUnderTheBasePath(t *testing.T) {
	got, err := underBasePath(page(`{"basePath":"/_mock/docs","router":"history","skipBundle":true}`, markup))
	if err != nil {
		t.Fatal(err)
	}
	want := `<nav><a href="/_mock/docs" class="x">Overview</a><a href="/_mock/docs/auth">auth</a>` +
		`<a href="/_mock/docs/section/calling-conventions-(shared)">Calling</a>` +
		`<a href="https://slack.com/api">Slack</a><a href="//example.com/x">x</a><a href="#redocly-link-icon">#</a></nav>` +
		`<section data-section-id="/_mock/docs"></section><section data-section-id="/_mock/docs/auth/auth.test"></section>`
	if !strings.Contains(string(got), `<div id="redoc">`+want+"</div>") {
		t.Errorf("the markup is not rewritten as the script renders it:\n%s\nwant\n%s", got, want)
	}
	// Before Redoc's script, one empties the markup at any path but the page's own.
	if !strings.Contains(string(got), want+"</div>\n      <script>\n") ||
		!strings.Contains(string(got), `if (location.pathname.replace(/\/+$/, "") !== "/_mock/docs") document.getElementById("redoc").replaceChildren();`+"\n      </script>\n      <script type=\"module\">") {
		t.Errorf("no script that empties the markup elsewhere, before Redoc's:\n%s", got)
	}
	// Redoc's script and its data are the page's own.
	if !strings.Contains(string(got), `{"openapi":"3.1.0","x":"<a href=\"/auth\">"}`) {
		t.Errorf("the definition changed:\n%s", got)
	}
	// A second run finds no link to the root, and refuses, rather than prefix twice.
	if _, err := underBasePath(got); err == nil || !strings.Contains(err.Error(), "rewritten already") {
		t.Errorf("a second rewrite answers %v, want a refusal", err)
	}
}

func TestUnderBasePathRefuses(t *testing.T) {
	for _, tc := range []struct{ options, markup, want string }{
		{`{"basePath":"/docs"}`, markup, `render it with --openapi.router=history`},
		{`{"basePath":"/docs","router":"hash"}`, markup, `routes with "hash"`},
		{`{"router":"history"}`, markup, `basePath ""`},
		{`{"basePath":"/","router":"history"}`, markup, `basePath "/"`},
		{`{"basePath":"/docs/","router":"history"}`, markup, `basePath "/docs/"`},
		{`{"basePath":"/docs","router":"history"}`, `<a href="/auth">auth</a>`, `no link to "/"`},
		{`{"basePath":"/docs","router":"history"}`, markup + `<img src="/logo.svg">`, `src="/logo.svg"`},
	} {
		if _, err := underBasePath(page(tc.options, tc.markup)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("underBasePath of options %s and markup %.40s… = %v, want an error with %q", tc.options, tc.markup, err, tc.want)
		}
	}
	if _, err := underBasePath([]byte("<html><script>\nconst __redoc_options = {\"basePath\":\"/docs\",\"router\":\"history\"};\n</script></html>")); err == nil || !strings.Contains(err.Error(), "no prerendered markup") {
		t.Errorf("a page without markup: %v", err)
	}
	if _, err := underBasePath([]byte(`<html><div id="redoc"><a href="/">x</a></div><script type="module"></script></html>`)); err == nil || !strings.Contains(err.Error(), "no __redoc_options") {
		t.Errorf("a page without options: %v", err)
	}
}

// rootedValue matches a root-relative attribute value anywhere.
var rootedValue = regexp.MustCompile(`\s[A-Za-z][A-Za-z0-9:_-]*="/(?:[^/"][^"]*)?"`)

// TestCommittedPagesAreUnderTheirBasePath checks the pages package reference embeds, as
// `make docs` left them: every root-relative value of the prerendered markup is under the
// page's base path.
func TestCommittedPagesAreUnderTheirBasePath(t *testing.T) {
	for _, file := range []string{"../../api.html", "../../control.html"} {
		p, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		base, err := basePath(p)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		s := string(p)
		start := strings.Index(s, markupStart)
		end := strings.Index(s, scriptStart)
		if start < 0 || end < start {
			t.Fatalf("%s: no prerendered markup", file)
		}
		n := 0
		for _, m := range rootedValue.FindAllString(s[start:end], -1) {
			_, value, _ := strings.Cut(m, `="`)
			value = strings.TrimSuffix(value, `"`)
			if value != base && !strings.HasPrefix(value, base+"/") {
				t.Errorf("%s: %s is not under %s: run `make docs`", file, strings.TrimSpace(m), base)
			}
			n++
		}
		if n == 0 {
			t.Errorf("%s: no links in the prerendered markup", file)
		}
	}
}

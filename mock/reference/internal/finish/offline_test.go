package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

func TestInertMakesRedoclysHostsInert(t *testing.T) {
	page := "<img src=\"https://cdn.redoc.ly/redoc/logo-mini.svg\">" +
		"<script>const icons = {fa:`https://cdn.redocly.com/icons/fa/7.0.0`}; const traces = 'https://otel.cloud.redocly.com/v1/traces';" +
		" const docs = `https://redocly.com/redoc/`;</script>"
	got := string(inert([]byte(page)))
	for _, host := range []string{"cdn.redoc.ly", "cdn.redocly.com", "otel.cloud.redocly.com"} {
		if strings.Contains(got, host) {
			t.Errorf("%s is left in %s", host, got)
		}
	}
	if n := strings.Count(got, inertURL); n != 3 {
		t.Errorf("%d inert URLs in %s, want 3", n, got)
	}
	if !strings.Contains(got, "`https://redocly.com/redoc/`") {
		t.Errorf("a link was rewritten: %s", got)
	}
	if left := check([]byte(got)); len(left) != 0 {
		t.Errorf("check finds %q in the rewritten page", left)
	}
}

func TestCheckFindsResources(t *testing.T) {
	for _, page := range []string{
		`<script src="https://unpkg.com/redoc/bundles/redoc.standalone.js"></script>`,
		`<script type="module" src='//example.com/x.js'></script>`,
		`<link rel="stylesheet" href="https://example.com/style.css">`,
		`<img alt="logo" src="http://example.com/logo.png">`,
		`<style>@import url("https://example.com/a.css");</style>`,
		`<style>@import 'https://example.com/a.css';</style>`,
		`<style>body { background: url(https://example.com/bg.png) }</style>`,
		`<script>const f = "https://fonts.googleapis.com/css?family=Roboto";</script>`,
		`<script>const f = "https://cdnjs.cloudflare.com/x.js";</script>`,
		"<script>const f = `https://cdn.jsdelivr.net/npm/x`;</script>",
	} {
		if left := check([]byte("<html>\n" + page)); len(left) != 1 || !strings.HasPrefix(left[0], "line 2: ") {
			t.Errorf("check(%s) = %q, want one place, on line 2", page, left)
		}
	}
	for _, page := range []string{
		`<a href="https://api.slack.com/web">Using the Slack Web API</a>`,
		`<svg xmlns="http://www.w3.org/2000/svg"></svg>`,
		`<img src="data:image/png;base64,AAAA">`,
		`<script>const servers = ["https://slack.com/api", "http://127.0.0.1:8080"];</script>`,
	} {
		if left := check([]byte(page)); len(left) != 0 {
			t.Errorf("check(%s) = %q, want nothing", page, left)
		}
	}
}

// TestCommittedPagesAreOffline checks the pages package reference embeds, as `make docs` left
// them.
func TestCommittedPagesAreOffline(t *testing.T) {
	for _, file := range []string{"../../api.html", "../../control.html"} {
		page, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if rewritten := inert(page); !bytes.Equal(rewritten, page) {
			t.Errorf("%s names Redocly's hosts: run `make docs`", file)
		}
		if left := check(page); len(left) != 0 {
			t.Errorf("%s loads from the network: %q", file, left)
		}
	}
}

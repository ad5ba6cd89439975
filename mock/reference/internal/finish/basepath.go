package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// The markers around the prerendered markup: the element the script hydrates, and the
// script, which follows it.
const (
	markupStart = `<div id="redoc">`
	scriptStart = `<script type="module">`
)

// options matches the options build-docs writes into the page for its script.
var options = regexp.MustCompile(`(?m)^\s*const __redoc_options = (\{.*\});\s*$`)

// rooted matches an attribute whose value is a root-relative path (not a protocol-relative
// URL, //host/…): group 1 is its name, group 2 its value.
var rooted = regexp.MustCompile(`\s([A-Za-z][A-Za-z0-9:_-]*)="(/(?:[^/"][^"]*)?)"`)

// routed are the attributes whose root-relative values name a place in the page, which the
// script renders under the base path.
var routed = map[string]bool{"href": true, "data-section-id": true}

// underBasePath answers page with its prerendered links under the base path of its options.
//
// A page of `redocly build-docs` holds the reference
// twice: as markup prerendered for a browser to show at once, and as the script that then
// takes the page over (hydrates it) and routes within it. The script honours the page's
// basePath (--openapi.basePath): with --openapi.router=history its links are real paths
// under the page's path, /docs/auth for the tag auth of the page served at /docs. Redocly CLI
// 2.77.0 prerenders the markup for the base path "/" whatever the option says, so the
// prerendered links read /auth, and hydration keeps them: React does not patch an attribute
// that differs from what it would render. A reader who opens such a link in a new tab, or
// copies it, asks the server for /auth, which is not the page.
//
// underBasePath reads the base path from the page's own options and prefixes it to every
// root-relative link (href) and section id (data-section-id) of the prerendered markup, as
// the script renders them: "/" becomes "/docs" and "/auth" becomes "/docs/auth". The markup
// is the page at its base path, /docs; opened at another path under it, /docs/auth, a script
// that underBasePath adds empties it, and Redoc's script renders that place afresh. It fails
// on a page it cannot read that way: no history routing, no prerendered markup, no link to
// the root (which a page it has already rewritten no longer has), or a root-relative value in
// an attribute of another kind, which a newer Redocly may need rewritten too.
func underBasePath(page []byte) ([]byte, error) {
	base, err := basePath(page)
	if err != nil {
		return nil, err
	}
	start := bytes.Index(page, []byte(markupStart))
	end := -1
	if start >= 0 {
		end = bytes.Index(page[start:], []byte(scriptStart))
	}
	if start < 0 || end < 0 || bytes.Count(page, []byte(markupStart)) != 1 {
		return nil, fmt.Errorf("no prerendered markup: one %s followed by %s", markupStart, scriptStart)
	}
	end += start
	markup := page[start:end]
	if !bytes.Contains(markup, []byte(` href="/"`)) {
		return nil, fmt.Errorf(`the prerendered markup has no link to "/": is it rewritten already? (make docs renders the pages anew)`)
	}
	var bad []string
	markup = rooted.ReplaceAllFunc(markup, func(m []byte) []byte {
		sub := rooted.FindSubmatch(m)
		name, value := string(sub[1]), string(sub[2])
		if !routed[name] {
			bad = append(bad, fmt.Sprintf("%s=%q", name, value))
			return m
		}
		return []byte(fmt.Sprintf(` %s="%s"`, name, under(base, value)))
	})
	if len(bad) > 0 {
		return nil, fmt.Errorf("root-relative values in attributes finish does not know: %s", strings.Join(bad, ", "))
	}
	out := make([]byte, 0, len(page)+len(markup)-(end-start)+256)
	out = append(out, page[:start]...)
	out = append(out, markup...)
	out = append(out, elsewhere(base)...)
	return append(out, page[end:]...), nil
}

// elsewhere answers a script that runs as the browser reads the page, before Redoc's script
// (a module, which runs once the page is read), and empties the prerendered markup when the
// page is opened at a path under base rather than at base itself. The markup is the page at
// base; hydrating it elsewhere would keep what differs only in attributes from the place the
// address names, such as which sidebar item is highlighted. Given an empty element, Redoc's
// hydrate renders the place afresh.
func elsewhere(base string) string {
	quoted, _ := json.Marshal(base) // a JSON string is a JavaScript string
	return "<script>\n" +
		"      // The markup above is the page at " + base + ": elsewhere under it, Redoc renders the place its address names.\n" +
		"      if (location.pathname.replace(/\\/+$/, \"\") !== " + string(quoted) + ") document.getElementById(\"redoc\").replaceChildren();\n" +
		"      </script>\n      "
}

// basePath answers the base path of the page's options, which must route with the history
// router: the links are then paths, which the base path prefixes.
func basePath(page []byte) (string, error) {
	m := options.FindSubmatch(page)
	if m == nil {
		return "", fmt.Errorf("no __redoc_options in the page")
	}
	var opts struct {
		BasePath string `json:"basePath"`
		Router   string `json:"router"`
	}
	if err := json.Unmarshal(m[1], &opts); err != nil {
		return "", fmt.Errorf("the page's __redoc_options: %w", err)
	}
	if opts.Router != "history" {
		return "", fmt.Errorf(`the page routes with %q, not "history": render it with --openapi.router=history`, opts.Router)
	}
	b := opts.BasePath
	if !strings.HasPrefix(b, "/") || b == "/" || strings.HasSuffix(b, "/") || strings.ContainsAny(b, `"<>&`) {
		return "", fmt.Errorf(`the page's basePath %q is not a path below "/" such as /docs`, b)
	}
	return b, nil
}

// under answers the path p of the page (such as "/" or "/auth") under the base path.
func under(base, p string) string {
	if p == "/" {
		return base
	}
	return base + p
}

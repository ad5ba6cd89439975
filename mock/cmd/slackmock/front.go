package main

import (
	"bytes"
	"fmt"
	"html/template"
	"mime"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/slack-contracts/admin-users-session/mock/reference"
)

// frontPage answers GET and HEAD of / with a short page naming what the mock serves, with
// each URL in full, so that a reader who opens the mock's address in a browser, or curls it,
// finds the way in. A browser, which asks for text/html, gets HTML with links; any other
// client (curl sends Accept: */*) gets the same as plain text, to read in a terminal. The
// page names the URLs as the reader reached the mock (the request's Host) and, where it can
// say nothing safe of that, as the mock listens (base). It shows no token: the demo's are in
// slackmock -h, and the control token is a secret. It says only whether the control API
// needs one.
func frontPage(base string, controlToken bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f := front{Base: base, ControlToken: controlToken, Readme: readme,
			APIDocs: reference.APIPath, ControlDocs: reference.ControlPath}
		if validHost.MatchString(r.Host) {
			f.Base = "http://" + r.Host
		}
		var b bytes.Buffer
		w.Header().Set("Vary", "Accept")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		if wantsHTML(r.Header.Values("Accept")) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			if err := frontHTML.Execute(&b, f); err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
		} else {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			f.writeText(&b)
		}
		w.Header().Set("Content-Length", strconv.Itoa(b.Len()))
		if r.Method != http.MethodHead {
			w.Write(b.Bytes())
		}
	})
}

// validHost matches a Host header that is a host name, an IPv4 address or a bracketed IPv6
// address, with an optional port: all that the page puts in its URLs of the request.
var validHost = regexp.MustCompile(`^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?$`)

// front is what the front page says.
type front struct {
	Base                 string // such as http://127.0.0.1:8080
	ControlToken         bool   // the control API requires the control token
	Readme               string
	APIDocs, ControlDocs string // the paths of the references
}

// entry is one line of the front page: what a URL is for, the URL, and how it is used.
type entry struct{ What, URL, Use string }

// Entries answers the lines of the front page, in the order a newcomer needs them.
func (f front) Entries() []entry {
	control := "seed the state, read the calls made, wait for jobs, inject faults"
	if f.ControlToken {
		control += "; send the control token as Authorization: Bearer"
	}
	orgs := "POST makes an org of its own (api_url, control_url), GET lists them"
	if f.ControlToken {
		orgs += " (the control token too)"
	}
	return []entry{
		{"Slack methods", f.Base + "/api/", "the base URL to give any Slack client, such as " + f.Base + "/api/auth.test"},
		{"Control API", f.Base + "/_mock/", control},
		{"Reference of the Slack methods", f.Base + f.APIDocs, "for a browser"},
		{"Reference of the control API", f.Base + f.ControlDocs, "for a browser"},
		{"Spec of the Slack methods", f.Base + "/openapi.yaml", "OpenAPI; the mock checks each call against it"},
		{"Spec of the control API", f.Base + "/_mock/openapi.yaml", "OpenAPI"},
		{"Orgs", f.Base + "/_mock/orgs", orgs},
		{"README", f.Readme, "fixtures, faults, examples; slackmock -h lists the demo tokens"},
	}
}

// writeText writes the front page as plain text: each entry's name and URL on a line, and
// its use indented below, to fit a terminal.
func (f front) writeText(b *bytes.Buffer) {
	b.WriteString("slackmock: a stateful fake of Slack's admin.users.session Web API, for contract tests.\n")
	for _, e := range f.Entries() {
		fmt.Fprintf(b, "\n%s: %s\n  %s\n", e.What, e.URL, e.Use)
	}
}

// wantsHTML reports whether the Accept header values ask for text/html (or XHTML) by name, at
// least as much as for plain text, as a browser's do. A client that only takes anything
// (*/*), as curl does, or names nothing, reads plain text.
func wantsHTML(accept []string) bool {
	html, plain := -1.0, -1.0 // the q of each, by its own name or by text/*; -1 when unnamed
	named := false
	for _, v := range accept {
		for _, part := range strings.Split(v, ",") {
			mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
			if err != nil {
				continue
			}
			q := 1.0
			if s, ok := params["q"]; ok {
				if f, err := strconv.ParseFloat(s, 64); err == nil {
					q = f
				}
			}
			switch mt {
			case "text/html", "application/xhtml+xml":
				named = named || q > 0
				html = max(html, q)
			case "text/plain":
				plain = max(plain, q)
			case "text/*":
				if html < 0 {
					html = q
				}
				if plain < 0 {
					plain = q
				}
			}
		}
	}
	return named && html >= plain
}

// frontHTML is the front page for a browser.
var frontHTML = template.Must(template.New("front").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>slackmock</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1d1c1d; }
code { font-family: ui-monospace, monospace; background: #f4f4f4; padding: 0 .2em; }
dt { font-weight: 600; margin-top: .8rem; }
dd { margin-left: 0; }
</style>
</head>
<body>
<h1>slackmock</h1>
<p>A stateful fake of Slack's <code>admin.users.session</code> Web API, for contract tests in any language.
Any Slack client works against it by changing only its base URL.</p>
<dl>
{{- range .Entries}}
<dt>{{.What}}</dt>
<dd><a href="{{.URL}}">{{.URL}}</a>: {{.Use}}</dd>
{{- end}}
</dl>
</body>
</html>
`))

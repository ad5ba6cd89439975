// Package reference holds the kit's two API references, each rendered to one self-contained
// HTML page that loads nothing from the network: the Slack methods of openapi.yaml, and the
// mock's control API of mock/control.yaml. `make docs` renders them with the pinned Redocly
// CLI of tools/lint, and `make check` fails when they no longer match the specs. The slackmock
// binary serves them at APIPath and ControlPath:
//
//	mux.Handle(reference.APIPath, reference.APIHandler())
//	mux.Handle(reference.APIPath+"/", reference.APIHandler())
package reference

import (
	"bytes"
	"crypto/sha256"
	_ "embed" // for the rendered pages
	"encoding/hex"
	"net/http"
	"slices"
	"strings"
	"time"
)

// The paths the pages are rendered for. Each page's links are paths under its own, such as
// /docs/auth for the tag auth, and its script takes the part of the URL after its path as
// the place in the page to show, so serve a page at its path and everything under it. The
// Makefile's `docs` passes the same paths to Redocly.
const (
	APIPath     = "/docs"
	ControlPath = "/_mock/docs"
)

//go:embed api.html
var apiHTML []byte

//go:embed control.html
var controlHTML []byte

// API returns the reference of the Slack methods, rendered from openapi.yaml, as an HTML page.
func API() []byte { return slices.Clone(apiHTML) }

// Control returns the reference of the mock's control API, rendered from mock/control.yaml,
// as an HTML page.
func Control() []byte { return slices.Clone(controlHTML) }

// APIHandler serves the page of API to GET and HEAD, whatever the request's path (but one
// that ends in a slash, see below); mount it at APIPath and under it.
func APIHandler() http.Handler { return page(apiHTML) }

// ControlHandler serves the page of Control to GET and HEAD, whatever the request's path (but
// one that ends in a slash); mount it at ControlPath and under it.
func ControlHandler() http.Handler { return page(controlHTML) }

// page serves html with an ETag of its content, so that a browser that has it asks again
// cheaply: the pages weigh megabytes, as the renderer's scripts are inlined in them.
//
// A path that ends in a slash, such as /docs/ or /docs/auth/, names no place in the page (its
// script would show its own "no page at this address"): page redirects it to the path
// without the slashes, /docs or /docs/auth, with a 302, which a browser does not keep, as
// another server may later listen on the same address.
func page(html []byte) http.Handler {
	sum := sha256.Sum256(html)
	etag := `"` + hex.EncodeToString(sum[:16]) + `"`
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed: the reference is read with GET", http.StatusMethodNotAllowed)
			return
		}
		// Not to a path that starts with two slashes, which a browser reads as another host.
		if p := strings.TrimRight(r.URL.EscapedPath(), "/"); p != r.URL.EscapedPath() && p != "" && !strings.HasPrefix(p, "//") {
			if r.URL.RawQuery != "" {
				p += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, p, http.StatusFound)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("ETag", etag)
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(html))
	})
}

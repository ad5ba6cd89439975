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
	"time"
)

// The paths the pages are rendered for. Each page's script takes the part of the URL after
// its path as the place in the page to show, so serve a page at its path and everything
// under it. The Makefile's `docs` passes the same paths to Redocly.
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

// APIHandler serves the page of API to GET and HEAD, whatever the request's path; mount it
// at APIPath.
func APIHandler() http.Handler { return page(apiHTML) }

// ControlHandler serves the page of Control to GET and HEAD, whatever the request's path;
// mount it at ControlPath.
func ControlHandler() http.Handler { return page(controlHTML) }

// page serves html with an ETag of its content, so that a browser that has it asks again
// cheaply: the pages weigh megabytes, as the renderer's scripts are inlined in them.
func page(html []byte) http.Handler {
	sum := sha256.Sum256(html)
	etag := `"` + hex.EncodeToString(sum[:16]) + `"`
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed: the reference is read with GET", http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("ETag", etag)
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(html))
	})
}

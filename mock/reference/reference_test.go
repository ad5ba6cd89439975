package reference_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/slack-contracts/admin-users-session/mock/reference"
)

// pages are the two references with what they must hold.
var pages = []struct {
	name    string
	handler http.Handler
	body    []byte
	path    string // where the page is rendered to be served
	spec    string // the spec it is rendered from
}{
	{"api", reference.APIHandler(), reference.API(), reference.APIPath, "../../openapi.yaml"},
	{"control", reference.ControlHandler(), reference.Control(), reference.ControlPath, "../control.yaml"},
}

// TestPagesAreRenderedForTheirPath checks that each page was rendered for the path this package
// names (the Makefile gives Redocly the same path), with links that are paths under it
// (history routing), so that its links lead back to it.
func TestPagesAreRenderedForTheirPath(t *testing.T) {
	for _, p := range pages {
		if want := `"basePath":"` + p.path + `"`; !bytes.Contains(p.body, []byte(want)) {
			t.Errorf("%s: the page's options do not hold %s: is the Makefile's docs in step with reference.%sPath?", p.name, want, p.name)
		}
		if want := `"router":"history"`; !bytes.Contains(p.body, []byte(want)) {
			t.Errorf("%s: the page's options do not hold %s: its links would be fragments (#/…) that the prerendered markup does not have", p.name, want)
		}
		if !bytes.HasPrefix(bytes.TrimSpace(p.body), []byte("<!DOCTYPE html>")) {
			t.Errorf("%s: not an HTML page: %.80q", p.name, p.body)
		}
	}
}

// TestHandlersServeThePage checks what each handler answers: the page to GET and HEAD at its
// path and under it, a 304 to a browser that has it, a 405 to other methods.
func TestHandlersServeThePage(t *testing.T) {
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			srv := httptest.NewServer(p.handler)
			t.Cleanup(srv.Close)
			var etag string
			for _, path := range []string{p.path, p.path + "/admin.users.session"} {
				resp, body := send(t, http.MethodGet, srv.URL+path, "")
				if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/html; charset=utf-8" || !bytes.Equal(body, p.body) {
					t.Fatalf("GET %s: HTTP %d %s, %d bytes; want 200, the page (%d bytes) as HTML", path, resp.StatusCode, resp.Header.Get("Content-Type"), len(body), len(p.body))
				}
				etag = resp.Header.Get("ETag")
			}
			if etag == "" {
				t.Fatal("no ETag")
			}
			if resp, body := send(t, http.MethodHead, srv.URL+p.path, ""); resp.StatusCode != http.StatusOK || len(body) != 0 {
				t.Errorf("HEAD: HTTP %d with %d bytes, want 200 and none", resp.StatusCode, len(body))
			}
			if resp, _ := send(t, http.MethodGet, srv.URL+p.path, etag); resp.StatusCode != http.StatusNotModified {
				t.Errorf("GET with If-None-Match %s: HTTP %d, want 304", etag, resp.StatusCode)
			}
			if resp, _ := send(t, http.MethodPost, srv.URL+p.path, ""); resp.StatusCode != http.StatusMethodNotAllowed || !strings.Contains(resp.Header.Get("Allow"), "GET") {
				t.Errorf("POST: HTTP %d, Allow %q; want 405 allowing GET", resp.StatusCode, resp.Header.Get("Allow"))
			}
		})
	}
}

// TestHandlersRedirectATrailingSlash checks that a path that ends in a slash, which names no
// place in the page, is sent to the path without it, its query kept, with a redirect that a
// browser does not keep; and that no redirect leads to another host.
func TestHandlersRedirectATrailingSlash(t *testing.T) {
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, p := range pages {
		srv := httptest.NewServer(p.handler)
		t.Cleanup(srv.Close)
		for path, want := range map[string]string{
			p.path + "/":                    p.path,
			p.path + "//":                   p.path,
			p.path + "/auth/auth.test/?x=1": p.path + "/auth/auth.test?x=1",
			p.path + "/section/a-(b)%2Fc/":  p.path + "/section/a-(b)%2Fc",
			"//example.com/":                "",
			"/":                             "",
		} {
			for _, method := range []string{http.MethodGet, http.MethodHead} {
				req, err := http.NewRequest(method, srv.URL, nil)
				if err != nil {
					t.Fatal(err)
				}
				req.URL.Opaque = path // as sent, not cleaned by the client
				resp, err := noFollow.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				switch {
				case want == "" && resp.StatusCode != http.StatusOK:
					t.Errorf("%s %s: HTTP %d to %q, want the page", method, path, resp.StatusCode, resp.Header.Get("Location"))
				case want != "" && (resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != want):
					t.Errorf("%s %s: HTTP %d to %q, want 302 to %q", method, path, resp.StatusCode, resp.Header.Get("Location"), want)
				}
			}
		}
	}
}

// TestGettersCopy checks that a caller changing what API returns does not change the page.
func TestGettersCopy(t *testing.T) {
	b := reference.API()
	b[0] = 'x'
	if reference.API()[0] == 'x' {
		t.Error("API returns the package's own bytes")
	}
}

func send(t *testing.T, method, url, ifNoneMatch string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if ifNoneMatch != "" {
		req.Header.Set("If-None-Match", ifNoneMatch)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

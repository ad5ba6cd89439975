package main

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/slack-contracts/admin-users-session/mock/org"
)

// browserAccept is what Chromium and Firefox send for a page.
const browserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"

// TestFrontPage checks what GET / answers, to a browser and to curl, on a mock that requires a
// control token: every URL the mock serves, in full, each of which works as the page says,
// and no token, not the demo's nor the control token.
func TestFrontPage(t *testing.T) {
	const controlToken = "ctl-front-canary7Q"
	p := startRun(t, "-addr", "127.0.0.1:0", "-control-token", controlToken)
	base := p.baseURL(t)
	want := []string{base + "/api/", base + "/_mock/", base + "/docs", base + "/_mock/docs",
		base + "/openapi.yaml", base + "/_mock/openapi.yaml", base + "/_mock/orgs", readme}

	for _, tc := range []struct{ accept, contentType string }{
		{browserAccept, "text/html; charset=utf-8"},
		{"*/*", "text/plain; charset=utf-8"}, // curl
		{"", "text/plain; charset=utf-8"},
		{"text/plain", "text/plain; charset=utf-8"},
		{"application/json", "text/plain; charset=utf-8"},
		{"text/html;q=0.5, text/plain", "text/plain; charset=utf-8"},
	} {
		wantFrontPage(t, base+"/", tc.accept, tc.contentType, want, controlToken)
	}
	wantFrontPageLinks(t, base, want, controlToken)

	// Other methods on / reach the mock, which answers them as before.
	if resp, body := fetch(t, http.MethodPost, base+"/", "", ""); resp.StatusCode != http.StatusNotFound || !strings.Contains(body, `"not_found"`) {
		t.Errorf("POST /: HTTP %d %s, want the mock's 404 not_found", resp.StatusCode, body)
	}
	if err := p.stop(); err != nil {
		t.Fatalf("run = %v", err)
	}
}

// wantFrontPage checks what GET and HEAD of the page answer with Accept accept: the content
// type chosen, every URL of want, that the control API needs the control token, and no
// token.
func wantFrontPage(t *testing.T, page, accept, contentType string, want []string, controlToken string) {
	t.Helper()
	resp, body := fetch(t, http.MethodGet, page, accept, "")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != contentType || resp.Header.Get("Vary") != "Accept" {
		t.Errorf("GET / with Accept %q: HTTP %d %q, Vary %q; want 200 %q, Vary Accept", accept, resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Vary"), contentType)
	}
	for _, u := range want {
		if !strings.Contains(body, u) {
			t.Errorf("GET / with Accept %q does not name %s:\n%s", accept, u, body)
		}
	}
	if !strings.Contains(body, "control token") {
		t.Errorf("GET / with Accept %q does not say that the control API needs the control token:\n%s", accept, body)
	}
	wantNoToken(t, "GET / with Accept "+accept, body, controlToken)

	head, headBody := fetch(t, http.MethodHead, page, accept, "")
	if head.StatusCode != http.StatusOK || head.Header.Get("Content-Type") != contentType ||
		head.Header.Get("Content-Length") != resp.Header.Get("Content-Length") || headBody != "" {
		t.Errorf("HEAD / with Accept %q: HTTP %d %q, Content-Length %q, %d bytes; want GET's headers and no body",
			accept, head.StatusCode, head.Header.Get("Content-Type"), head.Header.Get("Content-Length"), len(headBody))
	}
}

// wantFrontPageLinks checks that the page's links are the URLs of want, and that each is
// what the page says.
func wantFrontPageLinks(t *testing.T, base string, want []string, controlToken string) {
	t.Helper()
	_, html := fetch(t, http.MethodGet, base+"/", browserAccept, "")
	var links []string
	for _, m := range regexp.MustCompile(`href="([^"]*)"`).FindAllStringSubmatch(html, -1) {
		links = append(links, m[1])
	}
	if !slices.Equal(links, want) {
		t.Errorf("the page links %q, want %q", links, want)
	}
	if got := post(t, base+"/api/api.test", "", url.Values{"x": {"1"}}); got["ok"] != true { // the base URL of the Slack methods
		t.Errorf("POST %s/api/api.test: %v", base, got)
	}
	get(t, base+"/_mock/sessions", controlToken, http.StatusOK)
	get(t, base+"/_mock/orgs", controlToken, http.StatusOK)
	for _, u := range []string{base + "/docs", base + "/_mock/docs", base + "/openapi.yaml", base + "/_mock/openapi.yaml"} {
		if resp, _ := fetch(t, http.MethodGet, u, "", controlToken); resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: HTTP %d", u, resp.StatusCode)
		}
	}

}

// TestFrontPageNamesTheHostAsReached checks that the page's URLs are those of the host the
// reader reached the mock by, and the address it listens on when the request names no host
// the page can safely repeat; and that without a control token the page does not ask for one.
func TestFrontPageNamesTheHostAsReached(t *testing.T) {
	h := frontPage("http://127.0.0.1:8080", false)
	for host, want := range map[string]string{
		"localhost:8080":      "http://localhost:8080/api/",
		"[::1]:8080":          "http://[::1]:8080/api/",
		"192.0.2.7:9000":      "http://192.0.2.7:9000/api/",
		"":                    "http://127.0.0.1:8080/api/",
		`x"><script>y</x>`:    "http://127.0.0.1:8080/api/",
		"user@evil.example:1": "http://127.0.0.1:8080/api/",
	} {
		for _, accept := range []string{browserAccept, "*/*"} {
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.Host = host
			req.Header.Set("Accept", accept)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			body := rec.Body.String()
			if !strings.Contains(body, want) {
				t.Errorf("Host %q, Accept %q: the page does not name %s:\n%s", host, accept, want, body)
			}
			if strings.Contains(body, "<script") || strings.Contains(body, "control token") {
				t.Errorf("Host %q, Accept %q: the page has a script or asks for a control token:\n%s", host, accept, body)
			}
		}
	}
}

func TestWantsHTML(t *testing.T) {
	for accept, want := range map[string]bool{
		browserAccept:                       true,
		"text/html":                         true,
		"application/xhtml+xml":             true,
		"text/html, text/plain":             true,
		"*/*":                               false,
		"":                                  false,
		"text/*":                            false,
		"text/plain":                        false,
		"application/json":                  false,
		"text/html;q=0":                     false,
		"text/html;q=0.5, text/plain":       false,
		"text/html;q=0.9, text/plain;q=0.8": true,
		"text/plain;q=0.2, text/html":       true,
		"text/html;q=0.5, text/*":           false,
	} {
		var values []string
		if accept != "" {
			values = []string{accept}
		}
		if got := wantsHTML(values); got != want {
			t.Errorf("wantsHTML(%q) = %v, want %v", accept, got, want)
		}
	}
}

// wantNoToken fails t if body holds a token of the demo fixture, the control token, or
// anything shaped like a Slack token.
func wantNoToken(t *testing.T, what, body, controlToken string) {
	t.Helper()
	if strings.Contains(body, controlToken) || strings.Contains(body, canary) {
		t.Errorf("%s shows the control token:\n%s", what, body)
	}
	for _, tok := range org.DemoFixture().Tokens {
		if strings.Contains(body, tok.Token) {
			t.Errorf("%s shows the demo token %s", what, tok.Token)
		}
	}
	if m := regexp.MustCompile(`xox[a-z]-`).FindString(body); m != "" {
		t.Errorf("%s shows something shaped like a Slack token (%s…)", what, m)
	}
}

// fetch sends method to u with the Accept header accept and the control token, each where
// not empty, and answers the response and its body.
func fetch(t *testing.T, method, u, accept, controlToken string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	if controlToken != "" {
		req.Header.Set("Authorization", "Bearer "+controlToken)
	}
	resp, body := send(t, req)
	return resp, string(body)
}

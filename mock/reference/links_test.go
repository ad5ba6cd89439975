package reference_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/getkin/kin-openapi/openapi3"
)

// labelText defines, in the page, labelText, which answers the text of a sidebar item's label
// (without the HTTP method an operation's item shows beside it), and active, the selector of
// the active item's label.
const labelText = `const active = '[data-testid="menu-item-label"][data-active="true"]';
	const labelText = (label) => {
		const text = label && label.querySelector('[data-text]');
		return text ? text.getAttribute('data-text') : '';
	};`

// routeShown runs in the page and answers "" once the page shows the place path names as a
// reader who opened it expects, or else what it shows instead: the browser still at path;
// path's item in the sidebar, the active one; and on screen, the section path names, which
// reads the item's label. It reads textContent, not innerText, so as not to lay the page out
// on every poll.
const routeShown = `(path) => {
	` + labelText + `
	const at = (href) => new URL(href, location.href).pathname;
	if (location.pathname !== path) return 'the browser is at ' + location.pathname;
	const items = [...document.querySelectorAll('[data-component-name="Menu/MenuItem"] > a[href]')];
	const item = items.find((a) => at(a.getAttribute('href')) === path);
	if (!item) return 'no item of the sidebar links it (' + items.length + ' items)';
	const label = item.querySelector('[data-testid="menu-item-label"]');
	const text = labelText(label);
	if (!label || label.dataset.active !== 'true') {
		return 'its sidebar item "' + text + '" is not the active one, "' + labelText(document.querySelector(active)) + '" is';
	}
	const section = [...document.querySelectorAll('[data-section-id]')].find((e) => e.getAttribute('data-section-id') === path);
	if (!section) return 'no section of the page is ' + path + ' (404: ' + document.body.textContent.includes('No page at this address') + ')';
	if (!section.textContent.includes(text)) return 'its section does not read "' + text + '": ' + section.textContent.slice(0, 80);
	const top = section.getBoundingClientRect().top;
	if (top < -1 || top >= window.innerHeight) return 'its section is off screen, at ' + Math.round(top) + 'px';
	return '';
}`

// linksOnPage runs in the page and answers what it shows: the label of the active sidebar item
// and the text of the section at the top of the screen, and the address of every link it
// has, as the browser resolves it, without the fragment, which a browser does not send.
const linksOnPage = `() => {
	` + labelText + `
	return {
		active: labelText(document.querySelector(active)),
		links: [...document.querySelectorAll('a[href]')]
			.filter((a) => a instanceof HTMLAnchorElement)
			.map((a) => { const u = new URL(a.href); u.hash = ''; return u.href; }),
	};
}`

// shown is what linksOnPage answers.
type shown struct {
	Active string   `json:"active"`
	Links  []string `json:"links"`
}

// TestEveryLinkOpensInANewTab opens each page, served as the binary serves it (at its path and
// every path under it) on 127.0.0.1, then every link of this server that it makes, each in a
// fresh tab of its own, as a reader does who opens a link in a new tab, copies it or reloads:
// the tab asks the server for the link's URL and must show the place the link names, its
// sidebar item active and its section on screen. The sidebar's links are found as they show:
// a tag's operations when the tag's link is open. Every link must stay under the page's path,
// every operation of the spec must be among the places opened, the page at its own path must
// show the spec it is rendered from, and so must that path typed with a slash at the end.
func TestEveryLinkOpensInANewTab(t *testing.T) {
	browser := findBrowser(t)
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			doc, err := openapi3.NewLoader().LoadFromFile(p.spec)
			if err != nil {
				t.Fatal(err)
			}
			mux := http.NewServeMux()
			mux.Handle(p.path, p.handler)
			mux.Handle(p.path+"/", p.handler)
			srv := httptest.NewServer(mux)
			t.Cleanup(srv.Close)

			ctx := openBrowser(t, browser, 5*time.Minute)
			if err := chromedp.Do(ctx); err != nil { // starts the browser, whose tabs follow
				t.Fatal(err)
			}
			root := srv.URL + p.path
			opened := map[string]string{} // the URLs opened, each with its active sidebar label
			queue := []string{root}
			for len(queue) > 0 {
				u := queue[0]
				queue = queue[1:]
				if _, done := opened[u]; done {
					continue
				}
				got := openInNewTab(t, ctx, u, u)
				opened[u] = got.Active
				for _, l := range got.Links {
					if !strings.HasPrefix(l, srv.URL+"/") {
						continue // a page elsewhere, such as Slack's docs
					}
					if l != root && !strings.HasPrefix(l, root+"/") {
						t.Errorf("%s links %s, outside the page's path %s", u, l, p.path)
						continue
					}
					queue = append(queue, l)
				}
			}

			// An address typed with a slash at the end shows the page at its path.
			openInNewTab(t, ctx, root+"/", root)

			if title := doc.Info.Title; !strings.HasPrefix(opened[root], title) {
				t.Errorf("%s shows %q, not the reference of %s (%q)", p.path, opened[root], p.spec, title)
			}
			labels := make([]string, 0, len(opened))
			for _, label := range opened {
				labels = append(labels, label)
			}
			for _, op := range operations(t, p.spec) {
				if !slices.Contains(labels, op.summary) {
					t.Errorf("no link opened to %s %s (%q)", op.method, op.path, op.summary)
				}
			}
			t.Logf("opened %d links, each in a new tab", len(opened))
		})
	}
}

// openInNewTab opens u in a new tab, checks that the server answers the page and that the
// page shows the place the URL at names, which is u unless the server redirects it, and
// answers what the page shows.
func openInNewTab(t *testing.T, browser context.Context, u, at string) shown {
	t.Helper()
	tab, closeTab := chromedp.NewContext(browser)
	defer closeTab()
	resp, err := chromedp.RunResponse(tab, chromedp.Navigate(u))
	if err != nil {
		t.Fatalf("opening %s: %v", u, err)
	}
	if resp.Status != http.StatusOK || resp.MimeType != "text/html" {
		t.Errorf("GET %s: HTTP %d %s, want 200 and the page", u, resp.Status, resp.MimeType)
		return shown{}
	}
	parsed, err := url.Parse(at)
	if err != nil {
		t.Fatal(err)
	}
	path := parsed.EscapedPath() // as the browser's location.pathname spells it
	if _, err := chromedp.Run(tab, chromedp.PollFunction[bool](`(path) => (`+routeShown+`)(path) === ''`,
		chromedp.WithPollingArgs(path), chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		arg, _ := json.Marshal(path)
		why, _ := chromedp.Run(tab, chromedp.Evaluate[string](fmt.Sprintf("(%s)(%s)", routeShown, arg)))
		t.Errorf("%s in a new tab: %s (%v)", u, why, err)
	}
	got, err := chromedp.Run(tab, chromedp.Evaluate[shown]("("+linksOnPage+")()"))
	if err != nil {
		t.Fatalf("reading %s: %v", u, err)
	}
	return got
}

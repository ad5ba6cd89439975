package reference_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/getkin/kin-openapi/openapi3"
)

// browsers are where findBrowser looks for a Chromium after $CHROMIUM: Debian's package
// first (what `make setup` installs), then other names on $PATH.
var browsers = []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"}

// findBrowser answers the path of a Chromium to drive. Without one the test is skipped, but
// not in CI ($CI set), where it fails: CI installs chromium, so a missing one is a broken setup.
func findBrowser(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range browsers {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := fmt.Sprintf("no Chromium to open the pages in ($CHROMIUM, %s): `make setup` installs Debian's chromium", strings.Join(browsers, ", "))
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// operation is an operation of a spec, as a reader finds it on the page.
type operation struct{ id, method, path, summary string }

// operations reads the operations of the spec in file.
func operations(t *testing.T, file string) []operation {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var ops []operation
	for _, path := range doc.Paths.InMatchingOrder() {
		for method, op := range doc.Paths.Find(path).Operations() {
			ops = append(ops, operation{op.OperationID, method, path, op.Summary})
		}
	}
	if len(ops) == 0 {
		t.Fatalf("%s has no operations", file)
	}
	return ops
}

// onLoopback reports whether a page may load u without leaving the machine: from 127.0.0.1
// or localhost, or from the page itself (data:, blob:, about:).
func onLoopback(u string) bool {
	p, err := url.Parse(u)
	if err != nil {
		return false
	}
	switch p.Scheme {
	case "data", "blob", "about":
		return true
	case "http", "https", "ws", "wss":
		h := p.Hostname()
		return h == "localhost" || net.ParseIP(h).IsLoopback()
	}
	return false
}

// findAll runs in the page on every animation frame until it answers true: it opens every
// list of operations folded behind "+ Show", scrolls on by half a screen (back to the top at
// the bottom), and notes which of the wanted strings the rendered page holds, in case it only
// renders what comes into view. It reads the text the page's elements show, less that of its
// scripts and styles (which hold the spec itself), from the DOM: innerText would make a loaded
// machine lay out megabytes every frame.
// window.__missing keeps those not seen yet.
const findAll = `(wanted) => {
	for (const b of document.querySelectorAll('button')) {
		if (b.innerText.trim() === '+ Show') b.click();
	}
	const seen = window.__seen = window.__seen || new Set();
	let text = '';
	const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
		acceptNode: (n) => ['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE'].includes(n.parentNode.nodeName)
			? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
	});
	for (let n = walk.nextNode(); n; n = walk.nextNode()) text += n.nodeValue + '\n';
	for (const w of wanted) if (text.includes(w)) seen.add(w);
	window.__missing = wanted.filter((w) => !seen.has(w));
	const end = document.documentElement.scrollHeight - window.innerHeight - 1;
	if (window.scrollY >= end) window.scrollTo(0, 0); else window.scrollBy(0, window.innerHeight / 2);
	return window.__missing.length === 0;
}`

// TestPagesRenderOffline opens each page in headless Chromium, served by its handler on
// 127.0.0.1 at its path, and checks that a reader finds every operation of its spec on it,
// that it asked nothing of any other host and threw no exception, and saves a screenshot of
// the page's list of operations for a person to look at.
//
// A reader finds a Slack method by its name, the operationId (admin.users.session.reset);
// the control API's operationIds (listSessions) are for code generators and not shown, so
// there the reader looks for the method, path and summary of each operation.
func TestPagesRenderOffline(t *testing.T) {
	browser := findBrowser(t)
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			ops := operations(t, p.spec)
			var wanted []string
			for _, op := range ops {
				wanted = append(wanted, op.path, op.summary)
				if p.name == "api" {
					wanted = append(wanted, op.id)
				}
			}
			mux := http.NewServeMux()
			mux.Handle(p.path, p.handler)
			mux.Handle(p.path+"/", p.handler)
			srv := httptest.NewServer(mux) // on 127.0.0.1
			t.Cleanup(srv.Close)

			ctx := openBrowser(t, browser, time.Minute)
			seen := watchPage(t, ctx, srv.URL)
			if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+p.path)); err != nil {
				t.Fatal(err)
			}
			select {
			case <-seen.idle:
			case <-ctx.Done():
				t.Fatal("the page's requests never settled")
			}

			if _, err := chromedp.Run(ctx, chromedp.PollFunction[bool](findAll,
				chromedp.WithPollingArgs(wanted), chromedp.WithPollingTimeout(30*time.Second))); err != nil {
				missing, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.__missing || []`))
				t.Errorf("not on the page after a scroll through it: %q (%v)", missing, err)
			}
			screenshot(t, ctx, filepath.Join(artifactDir(t), p.name+".png"), ops[0].path)
			seen.check(t)
		})
	}
}

// pageWatch is what a page asked for and threw while it loaded, as watchPage sees it.
type pageWatch struct {
	mu         sync.Mutex
	requested  []string
	exceptions []string
	docLoader  cdp.LoaderID
	idle       chan struct{} // closed once the page has settled
}

// watchPage notes what the page served from base asks for and throws in the browser of ctx,
// and when it has settled: when the browser has had no request in flight for half a second
// after it loaded (Chromium's networkIdle).
func watchPage(t *testing.T, ctx context.Context, base string) *pageWatch {
	t.Helper()
	w := &pageWatch{idle: make(chan struct{})}
	// Listen's func runs on the goroutine that reads the browser's messages: it must only
	// note what it sees.
	if err := chromedp.Listen(ctx, func(ev any) {
		w.mu.Lock()
		defer w.mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			w.requested = append(w.requested, ev.Request.URL)
			if ev.Type == network.ResourceTypeDocument && strings.HasPrefix(ev.Request.URL, base) {
				w.docLoader = ev.LoaderID
			}
		case *network.EventWebSocketCreated:
			w.requested = append(w.requested, ev.URL)
		case *runtime.EventExceptionThrown:
			w.exceptions = append(w.exceptions, ev.ExceptionDetails.Text+" "+describe(ev.ExceptionDetails.Exception))
		case *page.EventLifecycleEvent:
			if ev.Name == "networkIdle" && w.docLoader != "" && ev.LoaderID == w.docLoader && !closed(w.idle) {
				close(w.idle)
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	return w
}

// check fails t for every request the page made beyond loopback and every exception it
// threw.
func (w *pageWatch) check(t *testing.T) {
	t.Helper()
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, u := range w.requested {
		if !onLoopback(u) {
			t.Errorf("the page asked for %.200s", u)
		}
	}
	for _, e := range w.exceptions {
		t.Errorf("the page threw: %.300s", e)
	}
	t.Logf("%d requests, all on loopback or the page's own: %.100q", len(w.requested), w.requested)
}

// openBrowser starts a headless Chromium for t, with a profile of its own and nothing of the
// browser's own chatter (updates, sync, safe browsing lists), and answers its context, which
// ends with t or after limit.
func openBrowser(t *testing.T, path string, limit time.Duration) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	t.Cleanup(cancel)
	actx, cancel := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(path),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true), // /dev/shm is small in containers
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	t.Cleanup(cancel)
	bctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() {
		if err := chromedp.Cancel(bctx); err != nil && !errors.Is(err, context.Canceled) {
			t.Logf("closing the browser: %v", err)
		}
		cancel()
	})
	return bctx
}

// showText runs in the page on every animation frame until it answers true: it scrolls on
// until an element reads text, brings it to the middle of the screen and waits for the page to
// be still (no animation running), so that a screenshot shows what a reader sees there.
const showText = `(text) => {
	const e = [...document.querySelectorAll('body *')].find((e) => e.children.length === 0 && e.textContent.trim() === text);
	if (!e) {
		const end = document.documentElement.scrollHeight - window.innerHeight - 1;
		if (window.scrollY >= end) window.scrollTo(0, 0); else window.scrollBy(0, window.innerHeight / 2);
		return false;
	}
	const r = e.getBoundingClientRect();
	if (r.top < 0 || r.bottom > window.innerHeight) {
		e.scrollIntoView({block: 'center'});
		return false;
	}
	return document.getAnimations().every((a) => a.playState !== 'running');
}`

// screenshot saves what the browser shows to file once text is on screen, and logs its path.
func screenshot(t *testing.T, ctx context.Context, file, text string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.PollFunction[bool](showText, chromedp.WithPollingArgs(text), chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Errorf("showing %q: %v", text, err)
		return
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", file)
}

// describe answers the description of a thrown value, if the browser sent one.
func describe(o *runtime.RemoteObject) string {
	if o == nil {
		return ""
	}
	return o.Description
}

func closed(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

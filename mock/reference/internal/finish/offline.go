package main

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
)

// inertURL replaces every URL of a resource: an empty SVG image, which is what the logo and the
// icons are, and which any other use (a script's fetch of the telemetry endpoint) reads as an
// empty answer without a request. It holds no quote or backtick, so that it fits in any string.
const inertURL = "data:image/svg+xml,%3Csvg%20xmlns=%22http://www.w3.org/2000/svg%22%20width=%220%22%20height=%220%22/%3E"

// known matches the URLs of Redocly's own hosts, up to the end of the string they are in.
var known = regexp.MustCompile("https://(cdn\\.redoc\\.ly|cdn\\.redocly\\.com|otel\\.cloud\\.redocly\\.com)/[^\"'`\\s)]*")

// resources match what would still make a browser fetch from the network once known is gone,
// in a page whose ASCII letters are in lower case. Each starts with a literal, which keeps the
// scan of pages of megabytes fast.
var resources = []*regexp.Regexp{
	regexp.MustCompile(`<(script|img|iframe|source|audio|video|embed|object|input)\b[^>]*\bsrc\s*=\s*["']?\s*(https?:)?//`), // external script, image, frame
	regexp.MustCompile(`<link\b[^>]*\bhref\s*=\s*["']?\s*(https?:)?//`),                                                     // external stylesheet, font, icon
	regexp.MustCompile(`url\(\s*["']?\s*(https?:)?//`),                                                                      // CSS url()
	regexp.MustCompile(`@import\s+["']?\s*(https?:)?//`),                                                                    // CSS @import
	regexp.MustCompile(`fonts\.(googleapis|gstatic)\.com`),                                                                  // Google Fonts
	regexp.MustCompile(`//(cdn|unpkg|cdnjs)\.[a-z0-9.-]+|cdn\.jsdelivr\.net`),                                               // any CDN
}

// offline answers page with the URLs of Redocly's hosts made inert, or an error naming every
// place check still finds.
//
// Even with --inlineBundle, Redocly's page names a few hosts of its own: its logo on its CDN
// (fetched for the "API docs by" footer), its icon sets on another CDN, and its telemetry
// endpoint (off in our build, but still in the script). offline rewrites each of those URLs to
// an inert data: URL, so that a browser showing the page asks nothing of any host, and then
// fails, naming the line, on anything left that looks like a resource from the network: an
// external script, stylesheet, image or frame, a CSS url() or @import, Google Fonts, or any
// other CDN. Links a reader clicks (to Slack's docs, to the repository) are no resources and
// stay.
func offline(page []byte) ([]byte, error) {
	page = inert(page)
	if left := check(page); len(left) > 0 {
		var msg bytes.Buffer
		msg.WriteString("it still loads from the network:")
		for _, l := range left {
			fmt.Fprintf(&msg, "\n\t%s", l)
		}
		return nil, fmt.Errorf("%s\n(add the host to known in mock/reference/internal/finish if the page can do without it)", msg.Bytes())
	}
	return page, nil
}

// inert answers page with the URLs of Redocly's hosts made inert.
func inert(page []byte) []byte {
	return known.ReplaceAll(page, []byte(inertURL))
}

// check answers "line N: …" for each place of page that resources match, in the order of the
// page.
func check(page []byte) []string {
	lower := asciiLower(page)
	var at [][]int
	for _, re := range resources {
		at = append(at, re.FindAllIndex(lower, -1)...)
	}
	slices.SortFunc(at, func(a, b []int) int { return a[0] - b[0] })
	var left []string
	end := 0 // of the last place named: a place two patterns match is named once
	for _, m := range at {
		if m[0] < end {
			continue
		}
		end = m[1]
		line := bytes.Count(page[:m[0]], []byte("\n")) + 1
		left = append(left, fmt.Sprintf("line %d: %q", line, page[max(0, m[0]-40):min(len(page), m[1]+40)]))
	}
	return left
}

// asciiLower answers a copy of b with its ASCII letters in lower case, and every other byte
// where it was, so that offsets in the copy are offsets in b.
func asciiLower(b []byte) []byte {
	l := make([]byte, len(b))
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		l[i] = c
	}
	return l
}

package org

import (
	"bytes"
	"os"
	"testing"
)

// BenchmarkParseSmallFixture parses the README's fixture, as a test does that posts its own
// org's fixture (POST /_mock/orgs): what a small fixture costs, a few dozen µs, not the
// chunks a million sessions need.
func BenchmarkParseSmallFixture(b *testing.B) {
	data, err := os.ReadFile("../../examples/org.json")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseFixture(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

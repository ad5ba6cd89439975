// Command finish makes the pages that Redocly CLI renders ready for the mock to serve.
// `make docs` runs it on mock/reference/*.html, fresh from Redocly:
//
//	go run ./mock/reference/internal/finish FILE...
//
// It does two things to each page, and writes it back only when both succeed:
//   - offline (offline.go): the page loads nothing from the network, which it checks;
//   - underBasePath (basepath.go): the prerendered links are paths under the page's own
//     path, so that each opens in a new tab.
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: finish FILE...")
		os.Exit(2)
	}
	failed := false
	for _, file := range os.Args[1:] {
		if err := finish(file); err != nil {
			fmt.Fprintln(os.Stderr, "finish:", err)
			failed = true
		}
	}
	if failed {
		os.Exit(1)
	}
}

// finish rewrites file in place, offline and under its base path.
func finish(file string) error {
	page, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	if page, err = offline(page); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	if page, err = underBasePath(page); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	return os.WriteFile(file, page, 0o644)
}

//go:build go1.26

package reference_test

import "testing"

// artifactDir answers where t keeps what it leaves for a person to look at: with
// `go test -artifacts`, a directory kept under the output directory; otherwise a temporary one.
func artifactDir(t *testing.T) string { return t.ArtifactDir() }

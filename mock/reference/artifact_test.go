//go:build !go1.26

package reference_test

import "testing"

// artifactDir answers where t keeps what it leaves for a person to look at: before Go 1.26,
// which has t.ArtifactDir and go test -artifacts, a temporary directory.
func artifactDir(t *testing.T) string { return t.TempDir() }

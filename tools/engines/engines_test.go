package engines

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/Masterminds/semver/v3"
)

// supported are the Node.js versions the README asks for: 20.19 or later on the 20 line, and
// 22.12 or later (Redocly CLI 2.77.0 declares ">=22.12.0 || >=20.19.0 <21.0.0"). Each must
// satisfy every package of every lock.
var supported = []string{"20.19.0", "22.12.0"}

// TestEveryPinnedPackageRunsOnTheNodeTheREADMEAsks checks each package-lock.json of the
// repository (outside node_modules) against supported.
func TestEveryPinnedPackageRunsOnTheNodeTheREADMEAsks(t *testing.T) {
	locks := lockfiles(t, "../..")
	if len(locks) < 4 {
		t.Fatalf("found only %q", locks)
	}
	for _, lock := range locks {
		for pkg, rng := range enginesNode(t, lock) {
			for _, v := range supported {
				ok, err := satisfies(v, rng)
				if err != nil {
					t.Errorf("%s: %s: engines.node %q: %v", lock, pkg, rng, err)
				} else if !ok {
					t.Errorf("%s: %s declares engines.node %q, which Node %s does not meet: pin a version that runs on it, or change the Node the README asks for (and supported)",
						lock, pkg, rng, v)
				}
			}
		}
	}
}

// lockfiles answers the package-lock.json files below root, outside what installs made.
func lockfiles(t *testing.T, root string) []string {
	t.Helper()
	var locks []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == ".git" || d.Name() == ".venv" || d.Name() == "target") {
			return filepath.SkipDir
		}
		if d.Name() == "package-lock.json" {
			locks = append(locks, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return locks
}

// nodeArchs are the values of Node's process.arch: npm installs a package whose cpu field
// names none of them (such as wasm32, for a WebAssembly build) only when told to with --cpu.
var nodeArchs = []string{"arm", "arm64", "ia32", "loong64", "mips", "mipsel", "ppc64", "riscv64", "s390x", "x64"}

// installable reports whether npm installs a package with this cpu field on some platform
// Node runs on, by default: no cpu field, or one that names an arch of Node's (a "!x64"
// exclusion leaves the others).
func installable(cpu []string) bool {
	if len(cpu) == 0 {
		return true
	}
	for _, c := range cpu {
		if strings.HasPrefix(c, "!") || slices.Contains(nodeArchs, c) {
			return true
		}
	}
	return false
}

// enginesNode reads a lockfile and answers, for each package that declares one and that npm
// installs by default on some platform (see installable), its engines.node range, by the
// package's name and version.
func enginesNode(t *testing.T, lock string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(lock)
	if err != nil {
		t.Fatal(err)
	}
	var l struct {
		Packages map[string]struct {
			Version string
			Engines json.RawMessage
			CPU     []string `json:"cpu"`
		}
	}
	if err := json.Unmarshal(b, &l); err != nil {
		t.Fatalf("%s: %v", lock, err)
	}
	out := map[string]string{}
	for path, p := range l.Packages {
		var engines struct{ Node string }
		// A few old packages give engines as a list of strings: npm ignores it, and so does
		// this test.
		if json.Unmarshal(p.Engines, &engines) != nil || engines.Node == "" || !installable(p.CPU) {
			continue
		}
		out[strings.TrimPrefix(path, "node_modules/")+"@"+p.Version] = engines.Node
	}
	return out
}

// satisfies reports whether version meets the npm range r, as Masterminds/semver reads the
// ranges of engines fields (alternatives joined by ||, comparators with ^, ~, x and partial
// versions).
func satisfies(version, r string) (bool, error) {
	c, err := semver.NewConstraint(r)
	if err != nil {
		return false, err
	}
	return c.Check(semver.MustParse(version)), nil
}

func TestSatisfies(t *testing.T) {
	for _, tc := range []struct {
		v, r string
		want bool
	}{
		{"20.19.0", ">=22.12.0 || >=20.19.0 <21.0.0", true},
		{"20.18.3", ">=22.12.0 || >=20.19.0 <21.0.0", false},
		{"21.7.3", ">=22.12.0 || >=20.19.0 <21.0.0", false},
		{"22.11.0", ">=22.12.0 || >=20.19.0 <21.0.0", false},
		{"22.12.0", ">=22.12.0 || >=20.19.0 <21.0.0", true},
		{"20.19.0", ">=24.18.0", false},
		{"20.19.0", ">= 20.16.0", true},
		{"20.15.0", ">= 20.16.0", false},
		{"20.19.0", "^12.20 || >=14.13", true},
		{"12.22.0", "^12.20 || >=14.13", true},
		{"13.0.0", "^12.20 || >=14.13", false},
		{"20.19.0", "^8.16.0 || ^10.6.0 || >=11.0.0", true},
		{"9.0.0", "^8.16.0 || ^10.6.0 || >=11.0.0", false},
		{"20.19.0", "6.* || 8.* || >= 10.*", true},
		{"7.1.0", "6.* || 8.* || >= 10.*", false},
		{"20.19.0", "4.x || >=6.0.0", true},
		{"5.0.0", "4.x || >=6.0.0", false},
		{"20.19.0", ">=0.6.x", true},
		{"20.19.0", ">=10.8", true},
		{"20.19.0", "20", true},
		{"21.0.0", "20", false},
		{"20.19.0", "~20.18", false},
		{"20.18.9", "~20.18", true},
		{"20.19.0", "<=20", true},
		{"21.0.0", "<=20", false},
		{"21.0.0", ">20", true},
		{"20.19.0", ">20", false},
		{"0.2.5", "^0.2.3", true},
		{"0.3.0", "^0.2.3", false},
	} {
		got, err := satisfies(tc.v, tc.r)
		if err != nil || got != tc.want {
			t.Errorf("satisfies(%q, %q) = %v, %v; want %v", tc.v, tc.r, got, err, tc.want)
		}
	}
	if _, err := satisfies("20.19.0", "!20"); err == nil {
		t.Error("satisfies takes the comparator !20")
	}
}

func TestInstallable(t *testing.T) {
	for _, tc := range []struct {
		cpu  []string
		want bool
	}{
		{nil, true},
		{[]string{"x64"}, true},
		{[]string{"arm64", "x64"}, true},
		{[]string{"!ia32"}, true},
		{[]string{"wasm32"}, false},
		{[]string{"wasm32", "x64"}, true},
	} {
		if got := installable(tc.cpu); got != tc.want {
			t.Errorf("installable(%q) = %v, want %v", tc.cpu, got, tc.want)
		}
	}
}

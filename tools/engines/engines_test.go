package engines

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// supported are the Node.js versions the README asks for: 20.19 or later on the 20 line, and
// 22.12 or later (Redocly CLI 2.77.0 declares ">=22.12.0 || >=20.19.0 <21.0.0"). Each must
// satisfy every package of every lock.
var supported = []string{"20.19.0", "22.12.0"}

// TestEveryPinnedPackageRunsOnTheNodeTheREADMEAsks checks each package-lock.json of the
// repository (outside node_modules) against supported.
func TestEveryPinnedPackageRunsOnTheNodeTheREADMEAsks(t *testing.T) {
	root := "../.."
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
	if len(locks) < 4 {
		t.Fatalf("found only %q", locks)
	}
	for _, lock := range locks {
		b, err := os.ReadFile(lock)
		if err != nil {
			t.Fatal(err)
		}
		var l struct {
			Packages map[string]struct {
				Version string
				Engines json.RawMessage
			}
		}
		if err := json.Unmarshal(b, &l); err != nil {
			t.Fatalf("%s: %v", lock, err)
		}
		for path, p := range l.Packages {
			var engines struct{ Node string }
			// A few old packages give engines as a list of strings: npm ignores it, and so
			// does this test.
			if json.Unmarshal(p.Engines, &engines) != nil || engines.Node == "" {
				continue
			}
			for _, v := range supported {
				ok, err := satisfies(v, engines.Node)
				if err != nil {
					t.Errorf("%s: %s@%s: engines.node %q: %v", lock, path, p.Version, engines.Node, err)
				} else if !ok {
					t.Errorf("%s: %s@%s declares engines.node %q, which Node %s does not meet: pin a version that runs on it, or change the Node the README asks for (and supported)",
						lock, strings.TrimPrefix(path, "node_modules/"), p.Version, engines.Node, v)
				}
			}
		}
	}
}

// satisfies reports whether version (major.minor.patch) meets the npm range r, in the forms
// that engines fields use: alternatives joined by ||, each a list of comparators (>=, >,
// <=, <, =, ^, ~ or none) on versions that may be partial (18, 20.19) or have x or * parts.
func satisfies(version, r string) (bool, error) {
	v, _, err := parse(version)
	if err != nil {
		return false, err
	}
	for _, alt := range strings.Split(r, "||") {
		fields := strings.Fields(alt)
		// ">= 20" is one comparator, written with a space.
		for i := 0; i < len(fields)-1; i++ {
			if strings.Trim(fields[i], "<>=^~") == "" {
				fields[i] += fields[i+1]
				fields = append(fields[:i+1], fields[i+2:]...)
			}
		}
		all := true
		for _, c := range fields {
			ok, err := meets(v, c)
			if err != nil {
				return false, err
			}
			all = all && ok
		}
		if all {
			return true, nil
		}
	}
	return false, nil
}

// meets reports whether v meets one comparator c.
func meets(v [3]int, c string) (bool, error) {
	op := strings.TrimRight(c[:len(c)-len(strings.TrimLeft(c, "<>=^~"))], " ")
	w, n, err := parse(strings.TrimLeft(c, "<>=^~"))
	if err != nil {
		return false, err
	}
	cmp := compare(v, w)
	// upper is the first version past a partial or x-range version w of n parts given: 20 → 21.
	upper := func(n int) [3]int {
		u := w
		if n == 0 {
			return [3]int{1 << 30}
		}
		u[n-1]++
		for i := n; i < 3; i++ {
			u[i] = 0
		}
		return u
	}
	switch op {
	case ">=":
		return cmp >= 0, nil
	case ">":
		return compare(v, upper(n)) >= 0, nil
	case "<":
		return cmp < 0, nil
	case "<=":
		return compare(v, upper(n)) < 0, nil
	case "", "=":
		return cmp >= 0 && compare(v, upper(n)) < 0, nil
	case "~":
		return cmp >= 0 && compare(v, upper(min(n, 2))) < 0, nil
	case "^":
		k := 1 // the first part that is not zero, which may not change
		for k < n && w[k-1] == 0 {
			k++
		}
		return cmp >= 0 && compare(v, upper(k)) < 0, nil
	}
	return false, strconv.ErrSyntax
}

// parse reads a version of up to three parts, and how many it gives before any x or *.
func parse(s string) (v [3]int, n int, err error) {
	s = strings.TrimPrefix(s, "v")
	if s == "" || s == "*" || s == "x" {
		return v, 0, nil
	}
	parts := strings.Split(s, ".")
	if len(parts) > 3 {
		return v, 0, strconv.ErrSyntax
	}
	for i, p := range parts {
		if p == "x" || p == "X" || p == "*" {
			return v, i, nil
		}
		if v[i], err = strconv.Atoi(p); err != nil {
			return v, 0, err
		}
		n = i + 1
	}
	return v, n, nil
}

func compare(a, b [3]int) int {
	for i := range a {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	return 0
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

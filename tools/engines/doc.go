// Package engines holds a test, and nothing else: that every package pinned in the
// repository's package-lock.json files declares (engines.node) that it runs on each Node.js
// version the README asks for, so that the README's requirement stays true as packages are
// bumped. `go test ./tools/engines` runs it; it reads the lock files, not the network.
package engines

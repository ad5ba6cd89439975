//go:build !linux

package org

import "os"

// mapFile maps files on Linux only: elsewhere ParseFixture reads them.
func mapFile(*os.File, int) ([]byte, func(), bool) { return nil, nil, false }

// mapFileWorks says whether mapFile maps files here.
const mapFileWorks = false

package org

import (
	"os"
	"syscall"
)

// mapFile maps the whole of the regular file f, of size bytes, read-only, its pages read
// in at once: for ParseFixture of a big fixture file, whose bytes are then never copied and
// whose memory goes back to the OS the moment unmap is called, without waiting for a
// garbage collection. It answers false when f cannot be mapped.
func mapFile(f *os.File, size int) (data []byte, unmap func(), ok bool) {
	data, err := syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ, syscall.MAP_PRIVATE|syscall.MAP_POPULATE)
	if err != nil {
		return nil, nil, false
	}
	return data, func() { _ = syscall.Munmap(data) }, true
}

// mapFileWorks says whether mapFile maps files here.
const mapFileWorks = true

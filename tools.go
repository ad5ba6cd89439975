//go:build tools

// Package tools pins the code generator in go.mod, so that `go generate ./...` on a fresh
// machine needs nothing but the Go toolchain.
package tools

import (
	_ "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
)

// Package adminuserssession is the contract kit for Slack's admin.users.session API: the
// hand-maintained OpenAPI description of the admin.users.session family (invalidate, reset,
// list, resetBulk, getSettings, setSettings, clearSettings), auth.test and api.test, from
// which package gen is generated. Package api is the Go client; package mock is a stateful
// fake of Slack that serves the same contract.
package adminuserssession

import _ "embed" // for the spec below

//go:embed openapi.yaml
var openAPI string

// OpenAPI returns openapi.yaml, the source of truth of the kit, exactly as written.
func OpenAPI() string { return openAPI }

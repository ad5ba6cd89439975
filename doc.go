// Package adminuserssession is the contract kit for Slack's admin.users.session API. Its
// source of truth is openapi.yaml, beside this file: the hand-maintained description of the
// admin.users.session family (invalidate, reset, list, resetBulk, getSettings, setSettings,
// clearSettings), auth.test and api.test. Package gen is generated from it (gen/spec holds
// the spec itself), package api is the Go client, and package mock a stateful fake of Slack
// that serves the same contract. This package holds no code: its tests check the spec.
package adminuserssession

package mock

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/slack-contracts/admin-users-session/gen/spec"
	"github.com/slack-contracts/admin-users-session/mock/internal/redact"
	"github.com/slack-contracts/admin-users-session/mock/org"
)

// operation is what the mock knows of one Slack method, read from openapi.yaml, with the
// handler that serves it: the pipeline, the faults, the rate limiter and the journal read it,
// so that none of them names a method. (Its own error codes, x-slack-errors, are for clients
// and tools: the vocabulary test of package api reads them.)
type operation struct {
	name   string     // the Slack method: the operationId, such as admin.users.session.reset
	access org.Access // the scope it needs (its security's slackOAuth) and whether only admins may call it
	// authed says it reads a token: all do but those marked x-slack-no-auth (api.test).
	authed bool
	// async says it answers once it has queued a job, which does the work after
	// (x-slack-async): resetBulk.
	async bool
	// tier is its Slack rate tier (x-slack-rate-tier): "1" to "4", or "special".
	tier string
	args *argSchema // its arguments, as the JSON body's schema types them
	// method is its handler (handlers.go), found by its name when the table is built: a
	// method of the spec without one stops the mock from starting, and TestEveryMethodHasRows
	// fails.
	method method
}

// operations are the Slack methods of the spec, by name.
type operations map[string]*operation

// specOperations reads the operations of the embedded spec once per process: every mock
// shares the table, and nothing in it changes after.
var specOperations = sync.OnceValues(func() (operations, error) {
	doc, err := loadSpec()
	if err != nil {
		return nil, fmt.Errorf("mock: loading the embedded spec: %w", err)
	}
	return readOperations(doc, methods)
})

// loadSpec is spec.GetSpec, the embedded spec loaded and its references resolved, but read
// as the JSON it is embedded as: kin-openapi's loader reads every document as YAML first,
// which takes three times as long, and this is most of what the slackmock binary does
// before its first answer. The document is the same (the spec tests compare them).
func loadSpec() (*openapi3.T, error) {
	data, err := spec.GetSpecJSON()
	if err != nil {
		return nil, err
	}
	doc := &openapi3.T{}
	if err := json.Unmarshal(data, doc); err != nil {
		return nil, err
	}
	if err := openapi3.NewLoader().ResolveRefsIn(doc, nil); err != nil {
		return nil, err
	}
	return doc, nil
}

// mustOperations is specOperations for code that runs once the table was built, which
// New ensures.
func mustOperations() operations {
	ops, err := specOperations()
	if err != nil {
		panic(err)
	}
	return ops
}

// readOperations builds the table from the POST operations of doc, each with its handler
// of byName: every operation must have one, and every handler an operation.
func readOperations(doc *openapi3.T, byName map[string]method) (operations, error) {
	ops := make(operations)
	for _, item := range doc.Paths.Map() {
		o := item.Post
		if o == nil {
			continue
		}
		op := &operation{name: o.OperationID}
		var ok bool
		if op.method, ok = byName[op.name]; !ok {
			return nil, fmt.Errorf("mock: the spec's method %s has no handler in handlers.go", op.name)
		}
		var err error
		if op.access.Scope, err = oauthScope(o); err != nil {
			return nil, fmt.Errorf("mock: %s: %w", op.name, err)
		}
		noAuth, _ := o.Extensions["x-slack-no-auth"].(bool)
		op.authed = !noAuth
		op.access.Admin, _ = o.Extensions["x-slack-admin"].(bool)
		op.async, _ = o.Extensions["x-slack-async"].(bool)
		switch t := o.Extensions["x-slack-rate-tier"].(type) {
		case string:
			op.tier = t
		case float64:
			op.tier = strconv.FormatFloat(t, 'f', -1, 64)
		}
		if _, ok := tierLimits[op.tier]; !ok {
			return nil, fmt.Errorf("mock: %s: x-slack-rate-tier %v is not 1 to 4 or special", op.name, o.Extensions["x-slack-rate-tier"])
		}
		if op.args, err = newArgSchema(o); err != nil {
			return nil, fmt.Errorf("mock: %s: %w", op.name, err)
		}
		ops[op.name] = op
	}
	for name := range byName {
		if ops[name] == nil {
			return nil, fmt.Errorf("mock: handlers.go serves %s, which the spec has not", name)
		}
	}
	return ops, nil
}

// oauthScope is the scope an operation's slackOAuth security requirement names, if any.
func oauthScope(o *openapi3.Operation) (string, error) {
	if o.Security == nil {
		return "", nil
	}
	for _, req := range *o.Security {
		scopes, ok := req["slackOAuth"]
		switch {
		case !ok || len(scopes) == 0:
		case len(scopes) == 1:
			return scopes[0], nil
		default:
			return "", fmt.Errorf("slackOAuth names %d scopes; the mock checks one", len(scopes))
		}
	}
	return "", nil
}

// names lists the operations' names, sorted.
func (ops operations) names() []string {
	out := make([]string, 0, len(ops))
	for n := range ops {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// knownMethod checks that name is a Slack method of the spec, for filters that name one.
func (ops operations) knownMethod(name string) error {
	if _, ok := ops[name]; ok {
		return nil
	}
	return fmt.Errorf("method %s is not one of %s", redact.Quote(name), strings.Join(ops.names(), ", "))
}

package mock

import (
	"bytes"
	"context"
	"crypto/subtle"
	_ "embed" // for the control API's spec
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/labstack/echo/v4"

	"github.com/slack-contracts/admin-users-session/gen/spec"
	"github.com/slack-contracts/admin-users-session/mock/internal/redact"
	"github.com/slack-contracts/admin-users-session/mock/org"
)

// controlSpec is control.yaml, the OpenAPI description of the control API.
//
//go:embed control.yaml
var controlSpec []byte

// ControlSpec returns control.yaml, the OpenAPI description of the control API under /_mock/.
func ControlSpec() []byte { return slices.Clone(controlSpec) }

// openAPIYAML is openapi.yaml as written, which the mock serves at /openapi.yaml.
var openAPIYAML = spec.YAML()

// controlError is the answer of the control API when it refuses a request.
type controlError struct {
	OK      bool   `json:"ok"`      // always false
	Error   string `json:"error"`   // a code, such as invalid_fixture
	Message string `json:"message"` // what is wrong, for people
}

// sessionList is the answer of GET /_mock/sessions.
type sessionList struct {
	Sessions []org.Session `json:"sessions"`
}

// okAnswer is the answer of the control API when a change succeeded.
type okAnswer struct {
	OK bool `json:"ok"`
}

// sharedEcho is the echo that serves the control API and the spec for every org of every mock
// of the process, built once: an echo and its routes cost more than all the rest of a mock's
// New, which a test that starts a mock of its own pays. Its routes hold no state: each handler
// finds the org a request is for in the request's context (tenantOf), where serveControl puts
// it.
var sharedEcho = sync.OnceValue(func() *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.Logger.SetOutput(os.Stderr) // only handleError logs, for what should never happen
	e.HTTPErrorHandler = handleError
	e.Use(requireControlToken)
	routeControl(e)
	return e
})

// tenantKey is where serveControl puts the org of a request in its context.
type tenantKey struct{}

// serveControl serves r, a request of the control API or for the spec, for org t.
func (s *Server) serveControl(w http.ResponseWriter, r *http.Request, t *Tenant) {
	sharedEcho().ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), tenantKey{}, t)))
}

// tenantOf is the org a request to the shared echo is for.
func tenantOf(c echo.Context) *Tenant { return c.Request().Context().Value(tenantKey{}).(*Tenant) }

// withTenant is h for the shared echo: h serves the org the request is for.
func withTenant(h func(t *Tenant, c echo.Context) error) echo.HandlerFunc {
	return func(c echo.Context) error { return h(tenantOf(c), c) }
}

// handleError answers what echo itself refuses (an unknown path, a wrong HTTP method) in the
// control API's shape, so that no mistake meets an echo error page or a 500.
func handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status, msg := http.StatusInternalServerError, http.StatusText(http.StatusInternalServerError)
	var he *echo.HTTPError
	if errors.As(err, &he) {
		status, msg = he.Code, fmt.Sprint(he.Message)
	} else {
		c.Logger().Errorf("mock: %s %s: %v", c.Request().Method, c.Request().URL.Path, err)
	}
	_ = writeControlError(c, status, statusCode(status), msg)
}

// routeControl adds the control API and the spec. Its routes are registered one by one, not
// in a group with middleware, so that a wrong HTTP method answers 405 with Allow.
func routeControl(e *echo.Echo) {
	// get routes GET and HEAD, which HTTP gives every path that takes GET (RFC 9110, 9.3.2):
	// net/http answers a HEAD with the GET's status and headers, and drops its body.
	get := func(path string, h echo.HandlerFunc) {
		e.GET(path, h)
		e.HEAD(path, h)
	}
	get("/openapi.yaml", withTenant(func(t *Tenant, c echo.Context) error {
		return c.Blob(http.StatusOK, "application/yaml", openAPIYAML)
	}))
	const p = "/_mock"
	get(p+"/openapi.yaml", withTenant(func(t *Tenant, c echo.Context) error {
		return c.Blob(http.StatusOK, "application/yaml", controlSpec)
	}))
	get(p+"/sessions", withTenant(func(t *Tenant, c echo.Context) error {
		return c.JSON(http.StatusOK, sessionList{Sessions: t.org.Sessions(c.QueryParam("user_id"), c.QueryParam("team_id"))})
	}))
	get(p+"/fixture", withTenant(func(t *Tenant, c echo.Context) error {
		return c.JSON(http.StatusOK, t.org.Fixture())
	}))
	e.POST(p+"/fixture", withTenant(func(t *Tenant, c echo.Context) error {
		body := http.MaxBytesReader(c.Response(), c.Request().Body, t.srv.maxFixture)
		f, err := org.ParseFixture(body)
		if err != nil {
			return writeControlError(c, http.StatusBadRequest, "invalid_fixture", err.Error())
		}
		t.org.Load(f) // f is this request's own
		return c.JSON(http.StatusOK, okAnswer{OK: true})
	}))
	e.POST(p+"/restore", withTenant(func(t *Tenant, c echo.Context) error {
		t.Restore()
		return c.JSON(http.StatusOK, okAnswer{OK: true})
	}))

	get(p+"/requests", withTenant(func(t *Tenant, c echo.Context) error {
		entries, dropped := t.journal.list(c.QueryParam("method"))
		return c.JSON(http.StatusOK, requestList{Requests: entries, Dropped: dropped})
	}))
	e.DELETE(p+"/requests", withTenant(func(t *Tenant, c echo.Context) error {
		t.ClearRequests()
		return c.JSON(http.StatusOK, okAnswer{OK: true})
	}))

	get(p+"/jobs", withTenant(func(t *Tenant, c echo.Context) error {
		if w := c.QueryParam("wait"); w != "" {
			d, err := parseBounded(waitPattern, w)
			if err != nil || d < 0 || d > jobWait {
				return writeControlError(c, http.StatusBadRequest, "invalid_wait",
					"wait must be a whole number of ms, s or m, at most 1m, such as 5s or 500ms")
			}
			ctx, cancel := context.WithTimeout(c.Request().Context(), d)
			defer cancel()
			if err := t.WaitJobs(ctx); err != nil {
				return writeControlError(c, http.StatusRequestTimeout, "jobs_pending",
					"jobs were still pending when the wait ended")
			}
		}
		return c.JSON(http.StatusOK, jobList{Jobs: t.Jobs()})
	}))

	get(p+"/faults", withTenant(func(t *Tenant, c echo.Context) error {
		return c.JSON(http.StatusOK, faultList{Faults: t.Faults()})
	}))
	e.POST(p+"/faults", withTenant(func(t *Tenant, c echo.Context) error {
		var f Fault
		given, err := decodeControl(c, &f)
		if err == nil {
			err = checkGiven(f, given)
		}
		if err != nil {
			return writeControlError(c, http.StatusBadRequest, "invalid_fault", err.Error())
		}
		id, err := t.faults.add(f)
		if err != nil {
			return writeControlError(c, http.StatusBadRequest, "invalid_fault", "fault: "+err.Error())
		}
		return c.JSON(http.StatusOK, faultAdded{OK: true, ID: id})
	}))
	e.DELETE(p+"/faults", withTenant(func(t *Tenant, c echo.Context) error {
		t.ClearFaults()
		return c.JSON(http.StatusOK, okAnswer{OK: true})
	}))
	e.DELETE(p+"/faults/:id", withTenant(func(t *Tenant, c echo.Context) error {
		id, err := strconv.Atoi(c.Param("id"))
		if err != nil {
			return writeControlError(c, http.StatusBadRequest, "invalid_fault", "fault id must be a number")
		}
		if !t.RemoveFault(id) {
			return writeControlError(c, http.StatusNotFound, "not_found", fmt.Sprintf("no fault %d is in force", id))
		}
		return c.JSON(http.StatusOK, okAnswer{OK: true})
	}))

	routeOrgs(e, get)

	e.PUT(p+"/ratelimit", withTenant(func(t *Tenant, c echo.Context) error {
		var rl RateLimit
		given, err := decodeControl(c, &rl)
		if err != nil {
			return writeControlError(c, http.StatusBadRequest, "invalid_rate_limit", err.Error())
		}
		if rl.Tiers && (given["per_minute"] || given["burst"]) {
			// check would take a per_minute or burst of 0, which means none in Go, beside tiers.
			return writeControlError(c, http.StatusBadRequest, "invalid_rate_limit", "rate limit: tiers goes without per_minute and burst")
		}
		if err := t.limiter.set(&rl); err != nil {
			return writeControlError(c, http.StatusBadRequest, "invalid_rate_limit", "rate limit: "+err.Error())
		}
		return c.JSON(http.StatusOK, okAnswer{OK: true})
	}))
	e.DELETE(p+"/ratelimit", withTenant(func(t *Tenant, c echo.Context) error {
		_ = t.limiter.set(nil)
		return c.JSON(http.StatusOK, okAnswer{OK: true})
	}))
}

// The durations the control API takes in a query string, as control.yaml's patterns spell
// them (TestControlDurationPatterns holds the two to the same text): a whole number and a unit,
// without leading zeros, whose bounds the patterns themselves hold, so that a generated client
// or a property-based tester can tell from the spec alone what is taken. Empty means none.
var (
	// waitPattern is GET /_mock/jobs?wait=: 0 to a minute (jobWait), in ms, s or m.
	waitPattern = regexp.MustCompile(`^(|(0|[1-9][0-9]{0,3}|[1-5][0-9]{4}|60000)ms|(0|[1-9]|[1-5][0-9]|60)s|[01]m)$`)
	// ttlPattern is POST /_mock/orgs?ttl=: 1ms to 168 hours (maxOrgTTL), in ms, s, m or h.
	ttlPattern = regexp.MustCompile(`^(|([1-9][0-9]{0,7}|[1-5][0-9]{8}|60[0-3][0-9]{6}|604[0-7][0-9]{5}|604800000)ms` +
		`|([1-9][0-9]{0,4}|[1-5][0-9]{5}|60[0-3][0-9]{3}|604[0-7][0-9]{2}|604800)s` +
		`|([1-9][0-9]{0,3}|100[0-7][0-9]|10080)m|([1-9][0-9]?|1[0-5][0-9]|16[0-8])h)$`)
)

// parseBounded reads s, a duration that pattern (waitPattern, ttlPattern) must match.
func parseBounded(pattern *regexp.Regexp, s string) (time.Duration, error) {
	if !pattern.MatchString(s) {
		return 0, errors.New("not a duration the control API takes")
	}
	return time.ParseDuration(s)
}

// jobList is the answer of GET /_mock/jobs.
type jobList struct {
	Jobs []Job `json:"jobs"`
}

// requestList is the answer of GET /_mock/requests.
type requestList struct {
	Requests []Call `json:"requests"`
	Dropped  int    `json:"dropped"` // entries dropped, oldest first, to keep the journal bounded
}

// faultList is the answer of GET /_mock/faults.
type faultList struct {
	Faults []FaultInForce `json:"faults"`
}

// faultAdded is the answer of POST /_mock/faults.
type faultAdded struct {
	OK bool `json:"ok"`
	ID int  `json:"id"` // for DELETE /_mock/faults/{id}
}

// maxControlBody caps the small JSON bodies of the control API (faults, rate limits).
const maxControlBody = 64 << 10

// decodeControl reads a small JSON body into v, a struct, strictly: one JSON object whose
// members are v's, spelled exactly and each given once (an unknown one is refused, by name),
// none of them null (a member left out takes its default; null is not a spelling of that). It
// answers the names of the members given, for rules that tell a member given from one left out.
func decodeControl(c echo.Context, v any) (map[string]bool, error) {
	const notExpected = "the body is not the JSON expected: "
	data, err := io.ReadAll(http.MaxBytesReader(c.Response(), c.Request().Body, maxControlBody))
	if err != nil {
		return nil, errors.New(notExpected + err.Error())
	}
	if err := jsonv2.Unmarshal(data, v, jsonv2.RejectUnknownMembers(true)); err != nil {
		return nil, errors.New(notExpected + controlDecodeError(err))
	}
	// The body is one valid object or null, of v's members: only the names are left to read.
	d := jsontext.NewDecoder(bytes.NewReader(data))
	if tok, err := d.ReadToken(); err != nil || tok.Kind() != '{' {
		return nil, errors.New(notExpected + "an object, not null")
	}
	given := make(map[string]bool)
	for d.PeekKind() == '"' {
		tok, err := d.ReadToken()
		if err != nil {
			return nil, errors.New(notExpected + err.Error())
		}
		name := tok.String()
		if d.PeekKind() == 'n' {
			return nil, fmt.Errorf("%s%s is null: leave it out for its default", notExpected, name)
		}
		if err := d.SkipValue(); err != nil {
			return nil, errors.New(notExpected + err.Error())
		}
		given[name] = true
	}
	return given, nil
}

// controlDecodeError says what is wrong with a control body that json refused, naming the
// member at fault, but never a value (it could be a token).
func controlDecodeError(err error) string {
	var (
		syn *jsontext.SyntacticError
		sem *jsonv2.SemanticError
	)
	switch {
	case errors.As(err, &syn) && errors.Is(syn.Err, jsontext.ErrDuplicateName):
		return redact.Quote(syn.JSONPointer.LastToken()) + " is given twice"
	case errors.As(err, &syn):
		return fmt.Sprintf("not JSON at byte %d", syn.ByteOffset)
	case errors.As(err, &sem) && errors.Is(sem.Err, jsonv2.ErrUnknownName):
		return "unknown member " + redact.Quote(sem.JSONPointer.LastToken())
	case errors.As(err, &sem) && sem.JSONPointer != "" && sem.GoType != nil:
		want := map[reflect.Kind]string{reflect.Int: "a whole number", reflect.Bool: "true or false", reflect.String: "a string"}[sem.GoType.Kind()]
		if want == "" {
			want = "a " + sem.GoType.Kind().String()
		}
		return fmt.Sprintf("%s must be %s", redact.Tokens(sem.JSONPointer.LastToken()), want)
	}
	return "an object"
}

// requireControlToken refuses requests under /_mock/ without the control token, when the
// mock has one.
func requireControlToken(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		path := c.Request().URL.Path
		if (path == "/_mock" || strings.HasPrefix(path, "/_mock/")) && !tenantOf(c).srv.controlAllowed(c.Request()) {
			return writeControlError(c, http.StatusUnauthorized, "not_authed", notAuthedMessage)
		}
		return next(c)
	}
}

// notAuthedMessage is what a control request without the control token is told.
const notAuthedMessage = "this mock requires its control token as Authorization: Bearer <token>"

// controlAllowed reports whether r may use the control API: always, when the mock has no
// control token; with it as a bearer token otherwise. The comparison takes the same time
// however close a guess is.
func (s *Server) controlAllowed(r *http.Request) bool {
	if s.controlToken == "" {
		return true
	}
	got, _ := bearer(r.Header.Get("Authorization"))
	return subtle.ConstantTimeCompare([]byte(got), []byte(s.controlToken)) == 1
}

// writeControlJSON writes v, an answer of the control API, as JSON with the status given,
// outside echo.
func writeControlJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeControlError answers a refused control request: its HTTP status, a code and a message.
func writeControlError(c echo.Context, status int, code, message string) error {
	return c.JSON(status, controlError{Error: code, Message: message})
}

// statusCode turns an HTTP status into a control error code: 404 is not_found.
func statusCode(status int) string {
	return strings.ReplaceAll(strings.ToLower(http.StatusText(status)), " ", "_")
}

// routeOrgs adds the control API's management of orgs, which only the mock's own control API
// (/_mock/orgs) serves: an org's control URL does not.
func routeOrgs(e *echo.Echo, get func(string, echo.HandlerFunc)) {
	const p = "/_mock/orgs"
	root := func(h func(s *Server, c echo.Context) error) echo.HandlerFunc {
		return withTenant(func(t *Tenant, c echo.Context) error {
			if t.id != "" {
				return writeControlError(c, http.StatusNotFound, "not_found",
					"orgs are made and ended at the mock's own /_mock/orgs, not under an org's control URL")
			}
			return h(t.srv, c)
		})
	}
	e.POST(p, root(func(s *Server, c echo.Context) error {
		var ttl time.Duration
		if v := c.QueryParam("ttl"); v != "" {
			var err error
			if ttl, err = parseBounded(ttlPattern, v); err != nil || ttl <= 0 || ttl > maxOrgTTL {
				return writeControlError(c, http.StatusBadRequest, "invalid_ttl",
					"ttl must be a whole number of ms, s, m or h, from 1ms to 168h, such as 10m")
			}
		}
		f, err := readOrgFixture(c, s)
		if err != nil {
			return writeControlError(c, http.StatusBadRequest, "invalid_fixture", err.Error())
		}
		t, err := s.NewOrg(f, ttl)
		if errors.Is(err, ErrTooManyOrgs) {
			return writeControlError(c, http.StatusConflict, "too_many_orgs",
				fmt.Sprintf("this mock serves %d orgs, its cap (-max-orgs): end one (DELETE /_mock/orgs/{id}) first", s.orgs.max))
		}
		if err != nil {
			return writeControlError(c, http.StatusBadRequest, "invalid_org", err.Error())
		}
		info := infoOf(t, baseOf(c.Request()))
		info.OK = true
		return c.JSON(http.StatusCreated, info)
	}))
	get(p, root(func(s *Server, c echo.Context) error {
		base := baseOf(c.Request())
		list := orgList{Orgs: []orgInfo{}}
		for _, t := range s.Orgs() {
			list.Orgs = append(list.Orgs, infoOf(t, base))
		}
		return c.JSON(http.StatusOK, list)
	}))
	e.DELETE(p+"/:id", root(func(s *Server, c echo.Context) error {
		dropped, ok := s.EndOrg(c.Param("id"))
		if !ok {
			return writeControlError(c, http.StatusNotFound, "org_not_found",
				fmt.Sprintf("this mock serves no org %s: it ended, or never was", quoteID(c.Param("id"))))
		}
		return c.JSON(http.StatusOK, orgEnded{OK: true, DroppedJobs: dropped})
	}))
}

// readOrgFixture reads the fixture of POST /_mock/orgs: the body's, or, for an empty body,
// the one the mock started with, parsed once and shared.
func readOrgFixture(c echo.Context, s *Server) (*org.Fixture, error) {
	body := http.MaxBytesReader(c.Response(), c.Request().Body, s.maxFixture)
	var first [1]byte
	n, _ := io.ReadFull(body, first[:])
	if n == 0 {
		return s.fixture, nil
	}
	return org.ParseFixture(io.MultiReader(bytes.NewReader(first[:n]), body))
}

// orgList is the answer of GET /_mock/orgs.
type orgList struct {
	Orgs []orgInfo `json:"orgs"`
}

// orgEnded is the answer of DELETE /_mock/orgs/{id}.
type orgEnded struct {
	OK          bool `json:"ok"`
	DroppedJobs int  `json:"dropped_jobs"` // its pending jobs, dropped
}

package mock

import (
	"net/http"

	"github.com/slack-contracts/admin-users-session/gen"
)

// replay is an answer as the generated strict server writes it, recorded once and written
// again as recorded. The methods give their plain {"ok":true}, the answer of most calls,
// this way: it is encoded once, by the generated code, instead of on every call.
type replay struct {
	header http.Header
	status int
	body   []byte
}

// The plain ok answers of the two methods.
var (
	okInvalidate = recordAnswer(gen.AdminUsersSessionInvalidate200JSONResponse{
		AnswerJSONResponse: gen.AnswerJSONResponse{Ok: true}}.VisitAdminUsersSessionInvalidateResponse)
	okReset = recordAnswer(gen.AdminUsersSessionReset200JSONResponse{
		AnswerJSONResponse: gen.AnswerJSONResponse{Ok: true}}.VisitAdminUsersSessionResetResponse)
)

// recordAnswer records what visit writes.
func recordAnswer(visit func(http.ResponseWriter) error) *replay {
	rec := &recorder{replay: replay{header: http.Header{}}}
	if err := visit(rec); err != nil {
		panic("mock: recording an answer: " + err.Error())
	}
	return &rec.replay
}

// write writes the recorded answer to w. The recorded header values are shared with w,
// never changed.
func (r *replay) write(w http.ResponseWriter) error {
	h := w.Header()
	for k, v := range r.header {
		h[k] = v
	}
	w.WriteHeader(r.status)
	_, err := w.Write(r.body)
	return err
}

// VisitAdminUsersSessionInvalidateResponse writes the recorded answer.
func (r *replay) VisitAdminUsersSessionInvalidateResponse(w http.ResponseWriter) error {
	return r.write(w)
}

// VisitAdminUsersSessionResetResponse writes the recorded answer.
func (r *replay) VisitAdminUsersSessionResetResponse(w http.ResponseWriter) error {
	return r.write(w)
}

// recorder is the http.ResponseWriter that recordAnswer hands the generated code.
type recorder struct{ replay }

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	r.WriteHeader(http.StatusOK)
	r.body = append(r.body, b...)
	return len(b), nil
}

package mock_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"

	"github.com/slack-contracts/admin-users-session/api"
	"github.com/slack-contracts/admin-users-session/mock"
)

// BenchmarkNewOrg makes an org of the demo fixture in process and ends it: what a Go suite
// that shares one mock pays for a test's own org (target: 200 µs).
func BenchmarkNewOrg(b *testing.B) {
	m, err := mock.New()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		o, err := m.NewOrg(nil, 0)
		if err != nil {
			b.Fatal(err)
		}
		m.EndOrg(o.ID())
	}
}

// BenchmarkNewOrgOverLoopback makes an org with POST /_mock/orgs and ends it with DELETE, over
// a kept-alive loopback connection: what a suite in another language pays for a test's own
// org (target: 1 ms).
func BenchmarkNewOrgOverLoopback(b *testing.B) {
	m, err := mock.New()
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(m)
	defer srv.Close()
	c := srv.Client()
	for b.Loop() {
		res, err := c.Post(srv.URL+"/_mock/orgs", "", nil)
		if err != nil || res.StatusCode != http.StatusCreated {
			b.Fatalf("POST /_mock/orgs: %v %v", res, err)
		}
		var id struct{ ID string }
		if err := decodeJSON(res, &id); err != nil {
			b.Fatal(err)
		}
		req, _ := http.NewRequest(http.MethodDelete, srv.URL+"/_mock/orgs/"+id.ID, nil)
		if res, err = c.Do(req); err != nil || res.StatusCode != http.StatusOK {
			b.Fatalf("DELETE: %v %v", res, err)
		}
		res.Body.Close()
	}
}

// BenchmarkCallOnOneOf calls reset on one org, through the whole handler, with 1 and with
// 10,000 orgs live: a call's cost must not grow with the orgs around it (target: within
// 1.2×).
func BenchmarkCallOnOneOf(b *testing.B) {
	for _, n := range []int{1, 10000} {
		b.Run(fmt.Sprintf("orgs=%d", n), func(b *testing.B) {
			m, err := mock.New()
			if err != nil {
				b.Fatal(err)
			}
			var path string
			for i := range n {
				o, err := m.NewOrg(nil, 0)
				if err != nil {
					b.Fatal(err)
				}
				if i == n/2 {
					path = o.Path()
				}
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := resetOn(m, path); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCallsInParallel calls reset from every CPU at once, through the whole handler:
// all on one org, then each goroutine on an org of its own. A call takes its own org's lock
// only, so orgs of their own serve at least what one shared org does (no lock shared by all
// orgs on a call's path).
func BenchmarkCallsInParallel(b *testing.B) {
	for _, own := range []bool{false, true} {
		b.Run(map[bool]string{false: "one_org", true: "own_orgs"}[own], func(b *testing.B) {
			m, err := mock.New()
			if err != nil {
				b.Fatal(err)
			}
			shared, err := m.NewOrg(nil, 0)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				o := shared
				if own {
					var err error
					if o, err = m.NewOrg(nil, 0); err != nil {
						b.Error(err)
						return
					}
				}
				for pb.Next() {
					if err := resetOn(m, o.Path()); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}

// BenchmarkTenThousandOrgs makes 10,000 orgs of the demo fixture and reports the heap they
// hold, in MB (the binary's RSS with them is measured by make load; target: 200 MB).
func BenchmarkTenThousandOrgs(b *testing.B) {
	const n = 10000
	var m *mock.Server
	var before uint64
	for b.Loop() {
		b.StopTimer()
		m = nil
		before = heapInUse()
		b.StartTimer()
		var err error
		if m, err = mock.New(mock.WithJournalSize(mock.DefaultJournalSize)); err != nil {
			b.Fatal(err)
		}
		for range n {
			if _, err := m.NewOrg(nil, 0); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(heapInUse()-before)/1e6, "heap-MB")
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*n), "µs/org")
	runtime.KeepAlive(m)
}

// resetOn serves, through m's whole handler, the form reset of Bob's mobile sessions that
// Slack's SDKs send, on the org at path, and answers an error unless it is HTTP 200.
func resetOn(m *mock.Server, path string) error {
	req := httptest.NewRequest(http.MethodPost, path+"/api/"+api.MethodReset, strings.NewReader("user_id=W0BOB0001&mobile_only=true"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+tokAdmin)
	rec := httptest.NewRecorder()
	m.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		return fmt.Errorf("reset: %d %s", rec.Code, rec.Body)
	}
	return nil
}

// decodeJSON decodes the body of res into v and closes it.
func decodeJSON(res *http.Response, v any) error {
	defer res.Body.Close()
	return json.NewDecoder(res.Body).Decode(v)
}

package mock

import (
	"net/url"
	"sync"
	"time"
)

// DefaultJournalSize is how many calls the journal keeps before it drops the oldest.
const DefaultJournalSize = 10000

// JournalBytes is how many bytes of request bodies the journal keeps, at most, before it
// drops the oldest calls, whatever its size: 10,000 calls with bodies near the 64 KiB cap
// would otherwise hold over 600 MB.
const JournalBytes = 16 << 20

// Entry records one call to a Slack method: what the client sent, without its token, and
// what the mock answered.
type Entry struct {
	Time        time.Time `json:"time"`
	Method      string    `json:"method"`       // such as admin.users.session.reset
	ContentType string    `json:"content_type"` // as the client sent it
	// TokenFrom says where the token came from: "header", "form", or "" when none was read.
	TokenFrom string `json:"token_from"`
	// Args are the arguments as sent: strings from a form, JSON values from a JSON body.
	// The token is never among them.
	Args   map[string]any `json:"args"`
	Status int            `json:"status"`          // the HTTP status of the answer
	Error  string         `json:"error,omitempty"` // the answer's error code; empty when ok
	// Fault is true when an injected fault made the answer.
	Fault bool `json:"fault,omitempty"`

	// sentForm is the body of a form call, less any token, while the entry is in the
	// journal (isForm says there is one): Args is parsed from it only when the journal is
	// read, so that recording a call builds nothing and a kept entry holds one string.
	sentForm string
	isForm   bool
	// weight is the length of the body the call sent, which bounds what the entry holds.
	weight int
}

// journal is a ring of the latest calls, bounded in memory however long the mock runs: by
// a count of calls and by JournalBytes of their bodies. It grows to its size, then reuses
// its slots, so that a full journal records a call without allocating.
type journal struct {
	mu      sync.Mutex
	ring    []Entry // the entries are the n from head on, wrapping round once ring is full
	head    int     // the oldest entry
	n       int     // how many entries there are
	size    int     // the most entries kept
	weight  int     // the sum of the entries' weights
	dropped int
}

func newJournal(size int) *journal {
	return &journal{size: size, ring: make([]Entry, 0, min(size, 1024))}
}

func (j *journal) add(e Entry) {
	j.mu.Lock()
	defer j.mu.Unlock()
	for j.n > 0 && (j.n >= j.size || j.weight+e.weight > JournalBytes) {
		j.weight -= j.ring[j.head].weight
		j.ring[j.head] = Entry{} // so the ring does not keep what was dropped
		j.head = (j.head + 1) % len(j.ring)
		j.n--
		j.dropped++
	}
	switch {
	case len(j.ring) < j.size:
		// Until the ring has all its slots the entries end at its end: a new one goes there.
		if j.n == 0 {
			j.ring, j.head = j.ring[:0], 0
		}
		j.ring = append(j.ring, e)
	default:
		j.ring[(j.head+j.n)%len(j.ring)] = e
	}
	j.n++
	j.weight += e.weight
}

// list returns the entries of method (all when empty), oldest first, and how many entries
// were dropped since the journal was last cleared.
func (j *journal) list(method string) ([]Entry, int) {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := make([]Entry, 0, j.n)
	for i := range j.n {
		e := j.ring[(j.head+i)%len(j.ring)]
		if method != "" && e.Method != method {
			continue
		}
		if e.isForm {
			form, _ := url.ParseQuery(e.sentForm) // it parsed when the call came
			e.Args = make(map[string]any, len(form))
			for k, v := range form {
				e.Args[k] = v[0]
			}
			e.sentForm, e.isForm = "", false
		}
		if e.Args == nil { // a call refused before its body was parsed
			e.Args = map[string]any{}
		}
		out = append(out, e)
	}
	return out, j.dropped
}

func (j *journal) clear() {
	j.mu.Lock()
	defer j.mu.Unlock()
	clear(j.ring)
	j.ring, j.head, j.n, j.weight, j.dropped = j.ring[:0], 0, 0, 0, 0
}

// Requests returns the journal of calls to method (to every Slack method when empty),
// oldest first. Calls that reached the state are in the order their changes took effect, so
// that replaying them in order gives each the answer it got.
func (s *Server) Requests(method string) []Entry {
	e, _ := s.journal.list(method)
	return e
}

// Dropped returns how many calls the journal dropped, oldest first, to stay within its size.
func (s *Server) Dropped() int {
	s.journal.mu.Lock()
	defer s.journal.mu.Unlock()
	return s.journal.dropped
}

// ClearRequests empties the journal.
func (s *Server) ClearRequests() { s.journal.clear() }

package mock

import (
	"maps"
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

// Call is the journal's record of one call under /api/, known method or not: what the
// client sent, without its token, and what the mock answered.
type Call struct {
	// Seq numbers the calls in the order they were recorded, from 1.
	Seq  int       `json:"seq"`
	Time time.Time `json:"time"` // when the call came
	// Method is the Slack method called, such as admin.users.session.reset: the last
	// part of the path, also when it names no method, if it is shaped like a method's name,
	// and [redacted] otherwise, so that a token pasted into a path never shows.
	Method      string `json:"method"`
	HTTPMethod  string `json:"http_method"`  // GET, POST, or what the client sent
	ContentType string `json:"content_type"` // as the client sent it
	// TokenFrom says where the token came from: "header", "form", or "" when none was read.
	TokenFrom string `json:"token_from"`
	// Args are the arguments as sent, the query string's and the body's (the body's win):
	// strings from a query string or form, JSON values from a JSON body. The token is
	// never among them.
	Args      map[string]any `json:"args"`
	Status    int            `json:"status"`          // the HTTP status of the answer
	Error     string         `json:"error,omitempty"` // the answer's error code; empty when ok
	RequestID string         `json:"request_id"`      // the answer's X-Slack-Req-Id
	// Fault is true when an injected fault made the answer.
	Fault bool `json:"fault,omitempty"`

	// While the call is in the journal, its query string and form body, less any token,
	// and its JSON body are kept as sent: Args is built from them only when the journal is
	// read, so that recording a call builds nothing.
	sentQuery, sentForm, sentJSON string
	// weight is the length of the query string and body the call sent, which bounds what
	// the entry holds.
	weight int
}

// args builds Args from what the call sent.
func (e *Call) args() map[string]any {
	out := map[string]any{}
	for _, raw := range []string{e.sentQuery, e.sentForm} {
		form, _ := url.ParseQuery(raw) // it parsed when the call came
		for k, v := range form {
			out[k] = v[0]
		}
	}
	if e.sentJSON != "" {
		if obj, code := decodeObject([]byte(e.sentJSON)); code == "" { // as the pipeline read it
			delete(obj, "token") // never read from JSON, so never shown
			maps.Copy(out, obj)
		}
	}
	return out
}

// journal is a ring of the latest calls, bounded in memory however long the mock runs: by
// a count of calls and by JournalBytes of their bodies. It starts empty and grows as calls
// come, up to its size (so that a mock whose test makes a few calls pays for a few
// entries, not for thousands), then reuses its slots, so that a full journal records a
// call without allocating.
type journal struct {
	mu      sync.Mutex
	ring    []Call // the entries are the n from head on, wrapping round once ring is full
	head    int    // the oldest entry
	n       int    // how many entries there are
	size    int    // the most entries kept
	weight  int    // the sum of the entries' weights
	dropped int
	seq     int // the Seq of the latest call recorded
}

func newJournal(size int) *journal {
	return &journal{size: size}
}

// add records a copy of e, numbered.
func (j *journal) add(e *Call) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.seq++
	e.Seq = j.seq
	for j.n > 0 && (j.n >= j.size || j.weight+e.weight > JournalBytes) {
		j.weight -= j.ring[j.head].weight
		j.ring[j.head] = Call{} // so the ring does not keep what was dropped
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
		j.ring = append(j.ring, *e)
	default:
		j.ring[(j.head+j.n)%len(j.ring)] = *e
	}
	j.n++
	j.weight += e.weight
}

// list returns the entries of method (all when empty), oldest first, and how many entries
// were dropped since the journal was last cleared.
func (j *journal) list(method string) ([]Call, int) {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := make([]Call, 0, j.n)
	for i := range j.n {
		e := j.ring[(j.head+i)%len(j.ring)]
		if method != "" && e.Method != method {
			continue
		}
		e.Args = e.args()
		e.sentQuery, e.sentForm, e.sentJSON = "", "", ""
		out = append(out, e)
	}
	return out, j.dropped
}

// lastSeq is the Seq of the latest call recorded.
func (j *journal) lastSeq() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.seq
}

// clear empties the journal.
func (j *journal) clear() {
	j.mu.Lock()
	defer j.mu.Unlock()
	clear(j.ring)
	j.ring, j.head, j.n, j.weight, j.dropped = j.ring[:0], 0, 0, 0, 0
}

// droppedCalls is how many calls the journal dropped, oldest first, to stay within its size.
func (j *journal) droppedCalls() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.dropped
}

package server

import (
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// metrics counts requests and their durations per route pattern, in the
// Prometheus text format. Labels are route patterns, never raw paths, so
// the number of series stays bounded.
type metrics struct {
	mu       sync.Mutex
	requests map[reqKey]uint64
	hist     map[string]*histogram
	inflight atomic.Int64
	started  time.Time
}

type reqKey struct {
	pattern, method string
	code            int
}

var buckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5}

type histogram struct {
	counts []uint64 // per bucket, not cumulative
	sum    float64
	n      uint64
}

func newMetrics() *metrics {
	return &metrics{requests: map[reqKey]uint64{}, hist: map[string]*histogram{}, started: time.Now()}
}

func (m *metrics) observe(pattern, method string, code int, d time.Duration) {
	if pattern == "" {
		pattern = "unmatched"
	}
	sec := d.Seconds()
	m.mu.Lock()
	m.requests[reqKey{pattern, method, code}]++
	h := m.hist[pattern]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(buckets)+1)}
		m.hist[pattern] = h
	}
	i := sort.SearchFloat64s(buckets, sec)
	h.counts[i]++
	h.sum += sec
	h.n++
	m.mu.Unlock()
}

func (m *metrics) write(w io.Writer) {
	m.mu.Lock()
	defer m.mu.Unlock()
	fmt.Fprintln(w, "# HELP talentloket_http_requests_total HTTP requests by route pattern, method and status.")
	fmt.Fprintln(w, "# TYPE talentloket_http_requests_total counter")
	keys := make([]reqKey, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.pattern != b.pattern {
			return a.pattern < b.pattern
		}
		if a.method != b.method {
			return a.method < b.method
		}
		return a.code < b.code
	})
	for _, k := range keys {
		fmt.Fprintf(w, "talentloket_http_requests_total{route=%q,method=%q,code=\"%d\"} %d\n", k.pattern, k.method, k.code, m.requests[k])
	}
	fmt.Fprintln(w, "# HELP talentloket_http_request_duration_seconds HTTP request durations by route pattern.")
	fmt.Fprintln(w, "# TYPE talentloket_http_request_duration_seconds histogram")
	pats := make([]string, 0, len(m.hist))
	for p := range m.hist {
		pats = append(pats, p)
	}
	sort.Strings(pats)
	for _, p := range pats {
		h := m.hist[p]
		var cum uint64
		for i, b := range buckets {
			cum += h.counts[i]
			fmt.Fprintf(w, "talentloket_http_request_duration_seconds_bucket{route=%q,le=%q} %d\n", p, strconv.FormatFloat(b, 'g', -1, 64), cum)
		}
		fmt.Fprintf(w, "talentloket_http_request_duration_seconds_bucket{route=%q,le=\"+Inf\"} %d\n", p, h.n)
		fmt.Fprintf(w, "talentloket_http_request_duration_seconds_sum{route=%q} %g\n", p, h.sum)
		fmt.Fprintf(w, "talentloket_http_request_duration_seconds_count{route=%q} %d\n", p, h.n)
	}
	fmt.Fprintln(w, "# HELP talentloket_http_requests_in_flight Requests being served.")
	fmt.Fprintln(w, "# TYPE talentloket_http_requests_in_flight gauge")
	fmt.Fprintf(w, "talentloket_http_requests_in_flight %d\n", m.inflight.Load())
	fmt.Fprintln(w, "# HELP talentloket_uptime_seconds Seconds since the server started.")
	fmt.Fprintln(w, "# TYPE talentloket_uptime_seconds gauge")
	fmt.Fprintf(w, "talentloket_uptime_seconds %d\n", int(time.Since(m.started).Seconds()))
}

func (m *metrics) handler(token string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if token != "" && r.Header.Get("Authorization") != "Bearer "+token {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		m.write(w)
	}
}

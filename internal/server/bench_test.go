package server_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"talentloket/internal/domain"
)

// The middleware stack against a bare net/http handler, in process:
// BenchmarkHandler/bare is the baseline, /stack the same answer through
// request ids, logs, metrics, security headers, cross-origin protection,
// authentication, language and the permission guard.
func BenchmarkHandler(b *testing.B) {
	e := newEnv(b)
	bare := http.NewServeMux()
	bare.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, "ok\n")
	})
	for _, c := range []struct {
		name string
		h    http.Handler
	}{{"bare", bare}, {"stack", e.h}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					r := httptest.NewRequest("GET", "/healthz", nil)
					w := httptest.NewRecorder()
					c.h.ServeHTTP(w, r)
					if w.Code != 200 {
						b.Fatal(w.Code)
					}
				}
			})
		})
	}
}

// BenchmarkLoad200 serves over loopback TCP to 200 concurrent keep-alive
// connections and reports latency percentiles and errors: healthz/bare is
// the baseline without our stack, healthz/stack the same through it, and
// page/placements a signed-in coordinator's list page on the database.
func BenchmarkLoad200(b *testing.B) {
	e := newEnv(b)
	cookie := e.session(e.f.A.Users[domain.RoleCoordinator])
	bare := http.NewServeMux()
	bare.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "ok\n") })
	cases := []struct {
		name, path string
		h          http.Handler
		cookie     *http.Cookie
	}{
		{"healthz/bare", "/healthz", bare, nil},
		{"healthz/stack", "/healthz", e.h, nil},
		{"page/placements", "/placements", e.h, cookie},
		{"api/placements", "/api/v1/placements", e.h, cookie},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				b.Fatal(err)
			}
			srv := &http.Server{Handler: c.h}
			go srv.Serve(ln)
			defer srv.Shutdown(context.Background())
			const conns = 200
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns, DisableCompression: true}}
			url := "http://" + ln.Addr().String() + c.path
			var errs atomic.Int64
			lat := make([][]time.Duration, conns)
			var next atomic.Int64
			b.ResetTimer()
			var wg sync.WaitGroup
			for g := 0; g < conns; g++ {
				wg.Add(1)
				go func(g int) {
					defer wg.Done()
					for next.Add(1) <= int64(b.N) {
						req, _ := http.NewRequest("GET", url, nil)
						if c.cookie != nil {
							req.AddCookie(c.cookie)
						}
						t0 := time.Now()
						resp, err := client.Do(req)
						if err != nil {
							errs.Add(1)
							continue
						}
						_, _ = io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
						if resp.StatusCode != 200 {
							errs.Add(1)
						}
						lat[g] = append(lat[g], time.Since(t0))
					}
				}(g)
			}
			wg.Wait()
			b.StopTimer()
			var all []time.Duration
			for _, l := range lat {
				all = append(all, l...)
			}
			sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
			if len(all) > 0 {
				b.ReportMetric(float64(all[len(all)/2].Microseconds())/1000, "p50-ms")
				b.ReportMetric(float64(all[len(all)*99/100].Microseconds())/1000, "p99-ms")
			}
			b.ReportMetric(float64(errs.Load()), "errors")
		})
	}
}

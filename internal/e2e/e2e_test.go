// Package e2e drives the real server in a real Chromium: the binary's own
// demo command serves a generated demo region, and each test walks a
// journey of one role through the pages as a user would.
package e2e

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"talentloket/internal/cli"
	"talentloket/internal/store"
	"talentloket/internal/store/sqlite"
)

const password = "e2e-demo-password"

// EnvRequireBrowser makes a missing Chromium a failure instead of a skip;
// CI sets it.
const EnvRequireBrowser = "TALENTLOKET_REQUIRE_BROWSER"

type site struct {
	base   string
	dbPath string
	db     *store.DB
}

var (
	siteOnce sync.Once
	theSite  *site
	siteErr  error
	stopSite context.CancelFunc
	siteDone chan struct{}
)

func TestMain(m *testing.M) {
	code := m.Run()
	if stopSite != nil {
		stopSite()
		select {
		case <-siteDone:
		case <-time.After(30 * time.Second):
			fmt.Fprintln(os.Stderr, "e2e: server did not stop within 30 s")
			code = 1
		}
	}
	if theSite != nil {
		theSite.db.Close()
		os.RemoveAll(filepath.Dir(theSite.dbPath))
	}
	os.Exit(code)
}

// chromiumPath finds Debian's Chromium, or skips (fails under CI).
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("TALENTLOKET_CHROMIUM"), "/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p == "" {
			continue
		}
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv(EnvRequireBrowser) != "" {
		t.Fatal("Chromium not found but " + EnvRequireBrowser + " is set: install it (apt-get install chromium)")
	}
	t.Skip("Chromium not found: browser journeys skipped (apt-get install chromium)")
	return ""
}

// demoSite starts `talentloket demo` once for the package, on a free port.
func demoSite(t *testing.T) *site {
	t.Helper()
	siteOnce.Do(func() {
		dir, err := os.MkdirTemp("", "tl-e2e-")
		if err != nil {
			siteErr = err
			return
		}
		dbPath := filepath.Join(dir, "demo.db")
		ctx, cancel := context.WithCancel(context.Background())
		stopSite = cancel
		siteDone = make(chan struct{})
		pr, pw := io.Pipe()
		go func() {
			defer close(siteDone)
			code := cli.Run(ctx, []string{"demo", "--db", dbPath, "--addr", "127.0.0.1:0", "--seed", "7",
				"--demo-password", password, "--log-level", "warn"}, pw, os.Stderr)
			pw.CloseWithError(fmt.Errorf("talentloket demo exited with %d", code))
		}()
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			line := sc.Text()
			if i := strings.Index(line, " at http://"); i >= 0 {
				theSite = &site{base: strings.TrimSpace(line[i+4:]), dbPath: dbPath}
				break
			}
		}
		if theSite == nil {
			siteErr = fmt.Errorf("demo server did not start: %v", sc.Err())
			return
		}
		go func() { _, _ = io.Copy(io.Discard, pr) }()
		theSite.db, siteErr = sqlite.Open(context.Background(), dbPath)
	})
	if siteErr != nil {
		t.Fatal(siteErr)
	}
	return theSite
}

// browser starts a fresh Chromium (its own cookies) for one user.
func browser(t *testing.T, width, height int) context.Context {
	t.Helper()
	path := chromiumPath(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.Headless,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("lang", "nl-NL"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancelCtx()
		cancelAlloc()
	})
	// The first action starts the browser; it must not run under a timeout.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// stepTimeout bounds each group of steps.
const stepTimeout = 30 * time.Second

func run(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(sctx, steps...); err != nil {
		fail(t, ctx, err)
	}
}

// value runs one action that returns a value.
func value[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(sctx, a)
	if err != nil {
		fail(t, ctx, err)
	}
	return v
}

func fail(t *testing.T, ctx context.Context, err error) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	loc, _ := chromedp.Run(sctx, chromedp.Location())
	body, _ := chromedp.Run(sctx, chromedp.Text(chromedp.CSS("main")))
	if len(body) > 800 {
		body = body[:800]
	}
	t.Fatalf("%v\nat %s:\n%s", err, loc, body)
}

// login signs in through the form.
func login(t *testing.T, ctx context.Context, s *site, email string) {
	t.Helper()
	run(t, ctx,
		chromedp.Navigate(s.base+"/login"),
		chromedp.WaitVisible(chromedp.ID("f-email")),
		chromedp.SendKeys(chromedp.ID("f-email"), email),
		chromedp.SendKeys(chromedp.ID("f-password"), password),
	)
	clickNav(t, ctx, chromedp.CSS("main form button[type=submit]"))
	run(t, ctx, chromedp.WaitVisible(chromedp.CSS("nav.main")))
	checkPage(t, ctx)
}

// checkPage runs accessibility checks on the current page: one main, one
// h1, a lang attribute, a label for every control, alt text on images, no
// horizontal scrolling at the window's width.
func checkPage(t *testing.T, ctx context.Context) {
	t.Helper()
	const js = `(() => {
 const p = [];
 if (document.querySelectorAll('main').length !== 1) p.push('expected one <main>');
 if (document.querySelectorAll('h1').length !== 1) p.push('expected one <h1>, found ' + document.querySelectorAll('h1').length);
 if (!document.documentElement.lang) p.push('no lang on <html>');
 for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
   const byFor = el.id && document.querySelector('label[for="' + el.id + '"]');
   const fs = el.closest('fieldset');
   if (!(byFor || el.closest('label') || el.getAttribute('aria-label') || (fs && fs.querySelector('legend')))) p.push('unlabelled control ' + (el.name || el.type));
 }
 for (const img of document.querySelectorAll('img:not([alt])')) p.push('image without alt');
 for (const b of document.querySelectorAll('button, a[href]')) { if (!b.textContent.trim() && !b.getAttribute('aria-label')) p.push('control without text: ' + b.outerHTML.slice(0, 80)); }
 if (document.documentElement.scrollWidth > window.innerWidth + 1) p.push('horizontal scroll: ' + document.documentElement.scrollWidth + ' > ' + window.innerWidth);
 return p;
})()`
	problems := value(t, ctx, chromedp.Evaluate[[]string](js))
	loc := value(t, ctx, chromedp.Location())
	for _, p := range problems {
		t.Errorf("%s: %s", loc, p)
	}
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	return value(t, ctx, chromedp.Text(chromedp.CSS(sel)))
}

func mustContain(t *testing.T, ctx context.Context, sel, want string) {
	t.Helper()
	if got := text(t, ctx, sel); !strings.Contains(got, want) {
		t.Fatalf("%s does not contain %q:\n%s", sel, want, got)
	}
}

// clickNav clicks something that loads a new page and waits until the new
// document has loaded, so that later steps never see the old page.
func clickNav(t *testing.T, ctx context.Context, sel any) {
	t.Helper()
	_ = value(t, ctx, chromedp.Evaluate[bool](`window.__tlOld = true`))
	var click chromedp.Action[chromedp.Void]
	switch s := sel.(type) {
	case chromedp.CSS:
		click = chromedp.Click(s)
	case chromedp.ID:
		click = chromedp.Click(s)
	case string:
		click = chromedp.Click(s)
	default:
		t.Fatalf("clickNav: selector type %T", sel)
	}
	run(t, ctx, click)
	deadline := time.Now().Add(stepTimeout)
	for time.Now().Before(deadline) {
		sctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		done, err := chromedp.Run(sctx, chromedp.Evaluate[bool](`!window.__tlOld && document.readyState === 'complete'`))
		cancel()
		if err == nil && done {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	fail(t, ctx, fmt.Errorf("no new page after clicking %v", sel))
}

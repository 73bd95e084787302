package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"talentloket/internal/config"
	"talentloket/internal/domain"
	"talentloket/internal/server"
	"talentloket/internal/store"
	"talentloket/internal/store/storetest"
)

func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t)
	c := e.session(e.f.A.Users[domain.RoleCoordinator])
	for _, path := range []string{"/login", "/home", "/api/v1/me", "/does-not-exist"} {
		w := e.do("GET", path, nil, c)
		h := w.Result().Header
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-eval") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP allows unsafe code: %q", path, csp)
		}
		for k, v := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin", "Cache-Control": "no-store",
			"X-Frame-Options": "DENY"} {
			if h.Get(k) != v {
				t.Errorf("%s: %s = %q, want %q", path, k, h.Get(k), v)
			}
		}
		if h.Get("X-Request-ID") == "" {
			t.Errorf("%s: no request id", path)
		}
	}
	// Static assets are cached for a year under their checksum name.
	w := e.do("GET", assetURL(e), nil, nil)
	if w.Code != 200 || !strings.Contains(w.Result().Header.Get("Cache-Control"), "immutable") || w.Result().Header.Get("Content-Type") != "text/css; charset=utf-8" {
		t.Fatalf("asset: %d %v", w.Code, w.Result().Header)
	}
}

func TestSessionCookie(t *testing.T) {
	for _, secure := range []bool{false, true} {
		e := newEnv(t, func(c *config.Config) { c.SecureCookies = secure })
		w := e.do("POST", "/login", url.Values{"email": {"coach@alpha.test"}, "password": {storetest.Password}}, nil)
		if w.Code != http.StatusSeeOther || w.Result().Header.Get("Location") != "/home" {
			t.Fatalf("login: %d %s", w.Code, w.Body.String())
		}
		var sc *http.Cookie
		for _, c := range w.Result().Cookies() {
			if c.Name == server.SessionCookie {
				sc = c
			}
		}
		if sc == nil || !sc.HttpOnly || sc.SameSite != http.SameSiteLaxMode || sc.Secure != secure || sc.Path != "/" {
			t.Fatalf("secure=%v: cookie %+v", secure, sc)
		}
		// A second login renews the token; the old one still stands until
		// logout, and logout ends it on the server.
		w2 := e.do("POST", "/login", url.Values{"email": {"coach@alpha.test"}, "password": {storetest.Password}}, sc)
		var sc2 *http.Cookie
		for _, c := range w2.Result().Cookies() {
			if c.Name == server.SessionCookie {
				sc2 = c
			}
		}
		if sc2 == nil || sc2.Value == sc.Value {
			t.Fatal("login did not renew the session token")
		}
		if w := e.do("GET", "/home", nil, sc); w.Code != http.StatusSeeOther {
			t.Fatalf("the session replaced at login still works: %d", w.Code)
		}
		if w := e.do("GET", "/home", nil, sc2); w.Code != 200 {
			t.Fatalf("home with new session: %d", w.Code)
		}
		if w := e.do("POST", "/logout", url.Values{}, sc2); w.Code != http.StatusSeeOther {
			t.Fatalf("logout: %d", w.Code)
		}
		if w := e.do("GET", "/home", nil, sc2); w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Result().Header.Get("Location"), "/login") {
			t.Fatalf("session alive after logout: %d", w.Code)
		}
	}
}

func TestLoginMessagesAndRateLimit(t *testing.T) {
	e := newEnv(t)
	w := e.do("POST", "/login", url.Values{"email": {"coach@alpha.test"}, "password": {"wrong"}}, nil)
	if w.Code != http.StatusUnauthorized || !strings.Contains(w.Body.String(), "E-mailadres of wachtwoord klopt niet.") {
		t.Fatalf("wrong password: %d", w.Code)
	}
	if strings.Contains(w.Body.String(), `value="wrong"`) {
		t.Fatal("password echoed back into the form")
	}
	for i := 0; i < 5; i++ {
		e.do("POST", "/login", url.Values{"email": {"school@alpha.test"}, "password": {"wrong"}}, nil)
	}
	w = e.do("POST", "/login", url.Values{"email": {"school@alpha.test"}, "password": {storetest.Password}}, nil)
	if w.Code != http.StatusTooManyRequests || !strings.Contains(w.Body.String(), "Te veel mislukte pogingen") {
		t.Fatalf("rate limit: %d", w.Code)
	}
	entries, _ := e.db.Audit(t.Context(), store.AuditFilter{RegionID: e.f.A.Region.ID, Action: domain.AuditLoginFailed, Page: store.Page{Limit: 50}})
	if len(entries) < 6 {
		t.Fatalf("failed logins audited: %d", len(entries))
	}
}

func TestCrossOriginRefused(t *testing.T) {
	e := newEnv(t)
	c := e.session(e.f.A.Users[domain.RoleCompany])
	form := url.Values{"reason": {"weg"}}
	target := "/placements/" + itoa(e.f.A.Placement.ID) + "/close"
	w := e.do("POST", target, form, c, "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site")
	if w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), "andere website") {
		t.Fatalf("cross-site POST: %d", w.Code)
	}
	p, _ := e.db.Placement(t.Context(), e.f.A.Region.ID, e.f.A.Placement.ID)
	if p.Status != domain.PlacementOpen {
		t.Fatal("cross-site request changed state")
	}
	w = e.doJSONWith("POST", "/api/v1/placements/"+itoa(e.f.A.Placement.ID)+"/close", "{}", c, "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site")
	if w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), `"code":"forbidden"`) {
		t.Fatalf("cross-site API POST: %d %s", w.Code, w.Body.String())
	}
	// Same origin passes.
	w = e.do("POST", target, form, c, "Origin", "http://example.com", "Sec-Fetch-Site", "same-origin")
	if w.Code != http.StatusSeeOther {
		t.Fatalf("same-origin POST: %d %s", w.Code, w.Body.String())
	}
}

func TestNoStateChangeBehindGET(t *testing.T) {
	e := newEnv(t)
	for _, rt := range e.srv.Routes() {
		if rt.Method != http.MethodGet {
			continue
		}
		for _, word := range []string{"close", "erase", "disable", "enable", "revoke", "apply", "logout", "password"} {
			if strings.Contains(rt.Pattern, word) {
				t.Errorf("GET %s looks like a state change", rt.Pattern)
			}
		}
	}
}

func TestTemplatesEscape(t *testing.T) {
	e := newEnv(t)
	c := e.session(e.f.A.Users[domain.RoleCompany])
	payload := `<script>alert("x")</script><img src=x onerror=alert(1)>`
	form := url.Values{"kind": {"job"}, "title": {payload}, "location": {itoa(e.f.A.CompanyLoc.ID)}, "capacity": {"1"},
		"status": {"open"}, "description": {payload}, "skills": {payload}}
	w := e.do("POST", "/placements", form, c)
	if w.Code != http.StatusSeeOther {
		t.Fatalf("create: %d %s", w.Code, w.Body.String())
	}
	page := e.do("GET", w.Result().Header.Get("Location"), nil, c).Body.String()
	if strings.Contains(page, "<script>alert") || strings.Contains(page, "<img src=x") {
		t.Fatal("payload rendered unescaped")
	}
	if !strings.Contains(page, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
		t.Fatal("payload not shown escaped")
	}
	// The search result list escapes it too.
	sc := e.session(e.f.A.Users[domain.RoleCoordinator])
	res := e.do("GET", "/search?q="+url.QueryEscape("script"), nil, sc).Body.String()
	if strings.Contains(res, "<script>alert") {
		t.Fatal("search result unescaped")
	}
}

func TestErrorPages(t *testing.T) {
	e := newEnv(t)
	c := e.session(e.f.A.Users[domain.RoleStudent])
	w := e.do("GET", "/no/such/page", nil, c)
	if w.Code != 404 || !strings.Contains(w.Body.String(), "Deze pagina bestaat niet.") || !strings.Contains(w.Body.String(), "Kenmerk voor de helpdesk") {
		t.Fatalf("404 page: %d", w.Code)
	}
	w = e.do("GET", "/admin/users", nil, c)
	if w.Code != 403 || !strings.Contains(w.Body.String(), "Je rol geeft geen toegang") {
		t.Fatalf("403 page: %d", w.Code)
	}
	// English on request.
	w = e.do("GET", "/admin/users", nil, c, "Cookie", "tl_lang=en; "+c.Name+"="+c.Value)
	if !strings.Contains(w.Body.String(), "Your role gives no access") {
		t.Fatalf("English error page: %s", w.Body.String())
	}
	// A permission failure leaves an audit row.
	entries, _ := e.db.Audit(t.Context(), store.AuditFilter{RegionID: e.f.A.Region.ID, Action: domain.AuditPermissionDeny, Page: store.Page{Limit: 10}})
	if len(entries) == 0 || entries[0].UserID != e.f.A.StudentUser.ID || entries[0].RequestID == "" {
		t.Fatalf("permission failure not audited: %+v", entries)
	}
	// Malformed ids are "not found", never a 500.
	for _, p := range []string{"/placements/abc", "/students/-1", "/applications/99999999999999999999"} {
		if w := e.do("GET", p, nil, e.session(e.f.A.Users[domain.RoleCoordinator])); w.Code != 404 {
			t.Errorf("%s: %d", p, w.Code)
		}
	}
}

func TestValidationMessagesNameTheField(t *testing.T) {
	e := newEnv(t)
	c := e.session(e.f.A.Users[domain.RoleCompany])
	form := url.Values{"kind": {"internship"}, "title": {""}, "location": {itoa(e.f.A.CompanyLoc.ID)}, "capacity": {"0"},
		"crebos": {"123"}, "start": {"31-02-2027"}, "status": {"open"}}
	w := e.do("POST", "/placements", form, c)
	body := w.Body.String()
	if w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", w.Code)
	}
	for _, want := range []string{`href="#f-title"`, "Vul dit veld in.", "Een crebo-code heeft vijf cijfers.", "Het aantal plekken is 1 tot 500.",
		"Vul een datum in als dd-mm-jjjj.", `aria-invalid="true"`} {
		if !strings.Contains(body, want) {
			t.Errorf("form errors lack %q", want)
		}
	}
	// Nothing was stored.
	list, total, _ := e.db.Placements(t.Context(), store.PlacementFilter{RegionID: e.f.A.Region.ID})
	if total != 2 || len(list) != 2 {
		t.Fatalf("a failed form stored something: %d", total)
	}
}

func TestLanguageSwitch(t *testing.T) {
	e := newEnv(t)
	c := e.session(e.f.A.Users[domain.RoleCoach])
	w := e.do("POST", "/language", url.Values{"lang": {"en"}, "next": {"/home"}}, c)
	if w.Code != http.StatusSeeOther || w.Result().Header.Get("Location") != "/home" {
		t.Fatalf("switch: %d", w.Code)
	}
	u, _ := e.db.User(t.Context(), e.f.A.Users[domain.RoleCoach].ID)
	if u.Locale != "en" {
		t.Fatal("choice not stored on the account")
	}
	page := e.do("GET", "/home", nil, c).Body.String()
	if !strings.Contains(page, `<html lang="en">`) || !strings.Contains(page, "Welcome, ") {
		t.Fatal("page not in English after switching")
	}
	// An open redirect through next is refused.
	w = e.do("POST", "/language", url.Values{"lang": {"nl"}, "next": {"//evil.example/"}}, c)
	if loc := w.Result().Header.Get("Location"); loc != "/home" {
		t.Fatalf("open redirect to %q", loc)
	}
}

func TestOperations(t *testing.T) {
	e := newEnv(t)
	if w := e.do("GET", "/healthz", nil, nil); w.Code != 200 {
		t.Fatalf("healthz %d", w.Code)
	}
	if w := e.do("GET", "/readyz", nil, nil); w.Code != 200 {
		t.Fatalf("readyz %d", w.Code)
	}
	e.do("GET", "/placements/"+itoa(e.f.A.Placement.ID), nil, e.session(e.f.A.Users[domain.RoleStudent]))
	e.do("GET", "/placements/"+itoa(e.f.A.OtherPlacement.ID), nil, e.session(e.f.A.Users[domain.RoleStudent]))
	m := e.do("GET", "/metrics", nil, nil).Body.String()
	if !strings.Contains(m, `talentloket_http_requests_total{route="GET /placements/{id}",method="GET",code="200"} 2`) {
		t.Fatalf("metrics not labelled by route pattern:\n%s", m)
	}
	if strings.Contains(m, "/placements/"+itoa(e.f.A.Placement.ID)) {
		t.Fatal("metrics carry raw paths")
	}
	// readyz fails when the database is gone.
	e.db.Close()
	if w := e.do("GET", "/readyz", nil, nil); w.Code != http.StatusServiceUnavailable {
		t.Fatalf("readyz on a closed database: %d", w.Code)
	}
}

func TestMetricsToken(t *testing.T) {
	e := newEnv(t, func(c *config.Config) { c.MetricsToken = "s3cret" })
	if w := e.do("GET", "/metrics", nil, nil); w.Code != http.StatusUnauthorized {
		t.Fatalf("metrics without token: %d", w.Code)
	}
	if w := e.do("GET", "/metrics", nil, nil, "Authorization", "Bearer s3cret"); w.Code != 200 {
		t.Fatalf("metrics with token: %d", w.Code)
	}
}

func TestBodyLimit(t *testing.T) {
	e := newEnv(t)
	c := e.session(e.f.A.Users[domain.RoleCompany])
	big := url.Values{"title": {strings.Repeat("x", 2<<20)}}
	w := e.do("POST", "/placements", big, c)
	if w.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("2 MiB form: %d", w.Code)
	}
}

package web

import (
	"net/http"

	"talentloket/internal/overview"
)

// HomeView is a role's home page.
type HomeView struct {
	Page
	overview.Home
	Recommendations *Recommendations // a student's best-fitting placements
}

func (h *Handler) home(w http.ResponseWriter, r *http.Request) {
	home, err := h.app.Overview.Home(r.Context())
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	p := h.page(r, "home.title")
	p.Flash = h.takeFlash(w, r)
	v := HomeView{Page: p, Home: home}
	if home.Student != nil {
		v.Recommendations = h.recommendationsFor(r, home.Student.ID)
	}
	h.render(w, r, http.StatusOK, "home.html", v)
}

package web

import (
	"net/http"

	"talentloket/internal/overview"
)

// HomeView is a role's home page.
type HomeView struct {
	Page
	overview.Home
}

func (h *Handler) home(w http.ResponseWriter, r *http.Request) {
	home, err := h.app.Overview.Home(r.Context())
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	p := h.page(r, "home.title")
	p.Flash = h.takeFlash(w, r)
	h.render(w, r, http.StatusOK, "home.html", HomeView{Page: p, Home: home})
}

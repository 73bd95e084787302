package web

import (
	"net/http"

	"talentloket/internal/auth"
	"talentloket/internal/request"
)

// routeSets are the page routes of the product's other parts (desk,
// monitor, matching rounds ...): each part's file adds its set in init.
var routeSets []func(h *Handler) []request.Route

// Routes returns every page route with the permission that guards it.
func (h *Handler) Routes() []request.Route {
	routes := h.coreRoutes()
	for _, set := range routeSets {
		routes = append(routes, set(h)...)
	}
	return routes
}

// pageRoute builds a page route.
func pageRoute(method, pattern string, act auth.Action, fn http.HandlerFunc) request.Route {
	return request.Route{Method: method, Pattern: pattern, Action: act, Kind: request.Page, Handler: fn}
}

func (h *Handler) coreRoutes() []request.Route {
	page := pageRoute
	return []request.Route{
		page("GET", "/{$}", auth.Public, h.root),
		page("GET", "/static/{file}", auth.Public, h.serveStatic),
		page("GET", "/login", auth.Public, h.loginPage),
		page("POST", "/login", auth.Public, h.login),
		page("POST", "/logout", auth.SignedIn, h.logout),
		page("POST", "/language", auth.Public, h.setLanguage),
		page("GET", "/home", auth.SignedIn, h.home),
		page("GET", "/account", auth.SignedIn, h.account),
		page("POST", "/account/password", auth.SignedIn, h.changePassword),
		page("POST", "/account/tokens", auth.SignedIn, h.createToken),
		page("POST", "/account/tokens/{id}/revoke", auth.SignedIn, h.revokeToken),

		page("GET", "/organisations", auth.ViewOrganisations, h.organisations),
		page("GET", "/organisations/new", auth.ManageOrgs, h.newOrganisation),
		page("POST", "/organisations", auth.ManageOrgs, h.createOrganisation),
		page("GET", "/organisations/{id}", auth.ViewOrganisations, h.organisation),
		page("GET", "/organisations/{id}/edit", auth.EditOrganisation, h.editOrganisation),
		page("POST", "/organisations/{id}", auth.EditOrganisation, h.updateOrganisation),
		page("POST", "/organisations/{id}/locations", auth.EditOrganisation, h.addLocation),
		page("GET", "/programmes", auth.ViewOrganisations, h.programmes),
		page("GET", "/programmes/new", auth.ManageProgrammes, h.newProgramme),
		page("POST", "/programmes", auth.ManageProgrammes, h.createProgramme),

		page("GET", "/students", auth.ListStudents, h.students),
		page("GET", "/students/new", auth.CreateStudent, h.newStudent),
		page("POST", "/students", auth.CreateStudent, h.createStudent),
		page("GET", "/students/{id}", auth.ViewStudent, h.student),
		page("GET", "/students/{id}/edit", auth.EditStudent, h.editStudent),
		page("POST", "/students/{id}", auth.EditStudent, h.updateStudent),
		page("GET", "/students/{id}/export", auth.ExportStudent, h.exportStudent),
		page("POST", "/students/{id}/erase", auth.EraseStudent, h.eraseStudent),

		page("GET", "/placements", auth.ViewPlacements, h.placementsList),
		page("GET", "/placements/new", auth.CreatePlacement, h.newPlacement),
		page("POST", "/placements", auth.CreatePlacement, h.createPlacement),
		page("GET", "/placements/{id}", auth.ViewPlacements, h.placement),
		page("GET", "/placements/{id}/edit", auth.EditPlacement, h.editPlacement),
		page("POST", "/placements/{id}", auth.EditPlacement, h.updatePlacement),
		page("POST", "/placements/{id}/close", auth.EditPlacement, h.closePlacement),
		page("POST", "/placements/{id}/apply", auth.Apply, h.apply),
		page("GET", "/search", auth.SearchPlacements, h.search),
		page("GET", "/applications", auth.ViewApplications, h.applications),
		page("GET", "/applications/{id}", auth.ViewApplications, h.application),
		page("POST", "/applications/{id}/{action}", auth.ActOnApplication, h.actOnApplication),

		page("GET", "/admin/users", auth.ManageUsers, h.users),
		page("POST", "/admin/users", auth.ManageUsers, h.createUser),
		page("POST", "/admin/users/{id}/disable", auth.ManageUsers, h.setUserDisabled(true)),
		page("POST", "/admin/users/{id}/enable", auth.ManageUsers, h.setUserDisabled(false)),
		page("GET", "/admin/audit", auth.ViewAudit, h.audit),
	}
}

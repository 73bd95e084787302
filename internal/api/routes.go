package api

import (
	"net/http"

	"talentloket/internal/auth"
	"talentloket/internal/request"
)

var pageQuery = []request.Param{
	{Name: "limit", Type: "integer", Description: "items per page, 1-500 (default 50)"},
	{Name: "offset", Type: "integer", Description: "items to skip"},
}

func withPage(ps ...request.Param) []request.Param { return append(ps, pageQuery...) }

// routeSets are the API routes of the product's other parts: each part's
// file adds its set in init.
var routeSets []func(h *Handler) []request.Route

// apiRoute builds an API route under /api/v1.
func apiRoute(method, pattern string, act auth.Action, fn http.HandlerFunc, d request.Doc) request.Route {
	return request.Route{Method: method, Pattern: "/api/v1" + pattern, Action: act, Kind: request.API, Handler: fn, Doc: &d}
}

// Routes returns every API route with its permission and documentation.
func (h *Handler) Routes() []request.Route {
	routes := h.coreRoutes()
	for _, set := range routeSets {
		routes = append(routes, set(h)...)
	}
	return routes
}

func (h *Handler) coreRoutes() []request.Route {
	api := apiRoute
	return []request.Route{
		api("GET", "/openapi.json", auth.Public, h.openapi, request.Doc{Summary: "This OpenAPI document", Tag: "meta", Response: "OpenAPI"}),
		api("GET", "/me", auth.SignedIn, h.me, request.Doc{Summary: "The signed-in user", Tag: "meta", Response: "Me"}),
		api("GET", "/stats", auth.ViewAggregates, h.stats, request.Doc{Summary: "Aggregate figures of the region (no personal data)", Tag: "meta", Response: "Stats"}),
		api("GET", "/organisations", auth.ViewOrganisations, h.organisations, request.Doc{Summary: "List organisations", Tag: "partners",
			Query: withPage(request.Param{Name: "kind", Type: "string", Description: "school, company, association, government or other"},
				request.Param{Name: "q", Type: "string", Description: "name, BRIN or KvK number contains"}), Response: "Organisation", List: true}),
		api("POST", "/organisations", auth.ManageOrgs, h.createOrganisation, request.Doc{Summary: "Create an organisation", Tag: "partners",
			Body: "OrganisationInput", Response: "Organisation", Status: 201}),
		api("GET", "/organisations/{id}", auth.ViewOrganisations, h.organisation, request.Doc{Summary: "One organisation", Tag: "partners", Response: "Organisation"}),
		api("GET", "/programmes", auth.ViewOrganisations, h.programmes, request.Doc{Summary: "List programmes", Tag: "partners",
			Query: withPage(request.Param{Name: "stage", Type: "string", Description: "vmbo, mbo or hbo"},
				request.Param{Name: "school_id", Type: "integer", Description: "only this school"},
				request.Param{Name: "q", Type: "string", Description: "name, crebo or field contains"}), Response: "Programme", List: true}),
		api("GET", "/students", auth.ListStudents, h.students, request.Doc{Summary: "List the students you may see", Tag: "students",
			Query: withPage(request.Param{Name: "q", Type: "string", Description: "name or crebo contains"},
				request.Param{Name: "status", Type: "string", Description: "looking, placed or inactive"},
				request.Param{Name: "stage", Type: "string", Description: "vmbo, mbo or hbo"}), Response: "Student", List: true}),
		api("POST", "/students", auth.CreateStudent, h.createStudent, request.Doc{Summary: "Create a student profile", Tag: "students",
			Body: "StudentInput", Response: "Student", Status: 201}),
		api("GET", "/students/{id}", auth.ViewStudent, h.student, request.Doc{Summary: "One student", Tag: "students", Response: "Student"}),
		api("PUT", "/students/{id}", auth.EditStudent, h.updateStudent, request.Doc{Summary: "Replace a student profile", Tag: "students",
			Body: "StudentInput", Response: "Student"}),
		api("GET", "/placements", auth.ViewPlacements, h.placementsList, request.Doc{Summary: "List placements", Tag: "placements",
			Query: withPage(request.Param{Name: "q", Type: "string", Description: "text contains"},
				request.Param{Name: "kind", Type: "string", Description: "internship, apprenticeship, graduation, holiday_job or job"},
				request.Param{Name: "status", Type: "string", Description: "draft, open, filled or closed"}), Response: "Placement", List: true}),
		api("POST", "/placements", auth.CreatePlacement, h.createPlacement, request.Doc{Summary: "Publish a placement", Tag: "placements",
			Body: "PlacementInput", Response: "Placement", Status: 201}),
		api("GET", "/placements/{id}", auth.ViewPlacements, h.placement, request.Doc{Summary: "One placement", Tag: "placements", Response: "Placement"}),
		api("PUT", "/placements/{id}", auth.EditPlacement, h.updatePlacement, request.Doc{Summary: "Replace a placement", Tag: "placements",
			Body: "PlacementInput", Response: "Placement"}),
		api("POST", "/placements/{id}/close", auth.EditPlacement, h.closePlacement, request.Doc{Summary: "Close a placement", Tag: "placements",
			Body: "CloseInput", Response: "Placement"}),
		api("POST", "/placements/{id}/applications", auth.Apply, h.apply, request.Doc{Summary: "Apply to a placement (students)", Tag: "applications",
			Body: "ApplyInput", Response: "ApplicationDetail", Status: 201}),
		api("GET", "/search", auth.SearchPlacements, h.search, request.Doc{Summary: "Search open placements", Tag: "placements",
			Query: withPage(request.Param{Name: "q", Type: "string", Description: "crebo, programme name or text"},
				request.Param{Name: "kind", Type: "string", Description: "placement kind"},
				request.Param{Name: "level", Type: "integer", Description: "the student's mbo level (1-4)"},
				request.Param{Name: "pathway", Type: "string", Description: "BOL or BBL"},
				request.Param{Name: "postcode", Type: "string", Description: "centre for distance: 1234 AB or 1234"},
				request.Param{Name: "radius_km", Type: "integer", Description: "maximum distance from the postcode"},
				request.Param{Name: "from", Type: "string", Description: "period start, YYYY-MM-DD"},
				request.Param{Name: "until", Type: "string", Description: "period end, YYYY-MM-DD"}), Response: "Hit", List: true}),
		api("GET", "/applications", auth.ViewApplications, h.applications, request.Doc{Summary: "List the applications you may see", Tag: "applications",
			Query: withPage(request.Param{Name: "status", Type: "string", Description: "application status"},
				request.Param{Name: "placement_id", Type: "integer", Description: "only this placement"}), Response: "Application", List: true}),
		api("GET", "/applications/{id}", auth.ViewApplications, h.application, request.Doc{Summary: "One application with its history", Tag: "applications", Response: "ApplicationDetail"}),
		api("POST", "/applications/{id}/{action}", auth.ActOnApplication, h.act, request.Doc{Summary: "Take a step: invite, offer, reject, accept, decline or withdraw", Tag: "applications",
			Body: "ActInput", Response: "ApplicationDetail"}),
	}
}

// SetDocument stores the OpenAPI document served at /api/v1/openapi.json.
func (h *Handler) SetDocument(doc []byte) { h.doc.Store(&doc) }

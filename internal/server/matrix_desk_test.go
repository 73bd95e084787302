package server_test

import (
	"talentloket/internal/domain"
	"talentloket/internal/store/storetest"
)

// The desk's rows of the route matrix. The fixture's question (Extra
// "question") was filed by Company and is routed to School's offer, so the
// company contact is its company side, School's staff its partner and the
// coordinator its desk; the offer (Extra "offer") is School's.
func init() {
	qID := func(r storetest.RegionFixture, _ domain.User, _ *env) int64 { return r.Extra["question"] }
	offerID := func(r storetest.RegionFixture, _ domain.User, _ *env) int64 { return r.Extra["offer"] }
	for k, v := range map[string]row{
		"GET /desk":                              {route: "K"},
		"GET /questions":                         {route: "TBK"},
		"GET /questions/new":                     {route: "TBK"},
		"POST /questions":                        {route: "TBK"},
		"GET /questions/{id}":                    {route: "TBK", id: qID},
		"POST /questions/{id}/steps":             {route: "TBK", id: qID},
		"POST /questions/{id}/comments":          {route: "TBK", id: qID},
		"GET /offers":                            {route: "TBK"},
		"GET /offers/new":                        {route: "TBK"},
		"POST /offers":                           {route: "TBK"},
		"GET /offers/{id}":                       {route: "TBK", id: offerID},
		"GET /offers/{id}/edit":                  {route: "TBK", own: "TK", id: offerID},
		"POST /offers/{id}":                      {route: "TBK", own: "TK", id: offerID},
		"POST /offers/{id}/delete":               {route: "TBK", own: "TK", id: offerID},
		"GET /notifications":                     {route: "TBK"},
		"POST /notifications/read":               {route: "TBK"},
		"POST /notifications/mode":               {route: "TBK"},
		"GET /desk-figures":                      {route: "KVA"},
		"GET /desk-figures.csv":                  {route: "KVA"},
		"GET /desk-figures.xlsx":                 {route: "KVA"},
		"GET /admin/mail":                        {route: "A"},
		"POST /admin/mail/test":                  {route: "A"},
		"GET /api/v1/questions":                  {route: "TBK"},
		"POST /api/v1/questions":                 {route: "TBK"},
		"GET /api/v1/questions/{id}":             {route: "TBK", id: qID},
		"POST /api/v1/questions/{id}/steps":      {route: "TBK", id: qID},
		"POST /api/v1/questions/{id}/comments":   {route: "TBK", id: qID},
		"GET /api/v1/questions/{id}/suggestions": {route: "K", id: qID},
		"GET /api/v1/desk/board":                 {route: "K"},
		"GET /api/v1/desk/figures":               {route: "KVA"},
		"GET /api/v1/offers":                     {route: "TBK"},
		"POST /api/v1/offers":                    {route: "TBK"},
		"GET /api/v1/offers/{id}":                {route: "TBK", id: offerID},
		"PUT /api/v1/offers/{id}":                {route: "TBK", own: "TK", id: offerID},
		"DELETE /api/v1/offers/{id}":             {route: "TBK", own: "TK", id: offerID},
		"GET /api/v1/notifications":              {route: "TBK"},
	} {
		matrix[k] = v
	}
}

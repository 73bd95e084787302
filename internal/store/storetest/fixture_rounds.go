package storetest

import (
	"testing"

	"talentloket/internal/domain"
	"talentloket/internal/store"
)

// Every fixture region has a draft matching round, Extra["round"].
func init() {
	RegisterFixture(func(tb testing.TB, db *store.DB, r *RegionFixture) {
		tb.Helper()
		id, err := db.CreateRound(ctx, domain.Round{RegionID: r.Region.ID, Name: "Stages " + r.Region.Name, Seed: 7,
			CreatedBy: r.Users[domain.RoleCoordinator].ID, Params: domain.RoundParams{Kinds: []domain.PlacementKind{domain.KindInternship}}})
		if err != nil {
			tb.Fatal(err)
		}
		r.Extra["round"] = id
	})
}

package app

import (
	"context"

	"talentloket/internal/matching"
	"talentloket/internal/store"
)

// matchingDB lets the matching use cases run in a transaction of the
// store.
type matchingDB struct{ *store.DB }

func (d matchingDB) InTx(ctx context.Context, fn func(matching.Store) error) error {
	return d.DB.InTx(ctx, func(q *store.Queries) error { return fn(q) })
}

package app

import (
	"context"
	"time"

	"talentloket/internal/dataimport"
	"talentloket/internal/regionmonitor"
	"talentloket/internal/store"
)

// newMonitor builds the regional monitor: the import service, the engine
// that keeps each region's table in memory, and the monitor's use cases.
// After every import the region's table is rebuilt and swapped. Its
// background job marks imports a stopped process left running as failed,
// builds every region's table at start-up, and at shutdown waits for
// running imports.
func newMonitor(a *App, db *store.DB) {
	eng := regionmonitor.NewEngine(db, a.Log, a.Now)
	a.Monitor = regionmonitor.New(db, eng, a.Now)
	a.Imports = dataimport.New(importDB{db}, a.Log, a.Now)
	a.Imports.OnImported(func(ctx context.Context, regionID int64) {
		if err := eng.Rebuild(ctx, regionID); err != nil {
			a.Log.Error("monitor: rebuilding after an import", "region", regionID, "err", err)
		}
	})
	a.Background = append(a.Background, func(ctx context.Context) {
		if err := a.Imports.Recover(ctx); err != nil {
			a.Log.Warn("monitor: recovering interrupted imports", "err", err)
		}
		eng.Warm(ctx)
		<-ctx.Done()
		wait, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		a.Imports.Wait(wait)
	})
}

// importDB lets the import use cases run in a transaction of the store.
type importDB struct{ *store.DB }

func (d importDB) InTx(ctx context.Context, fn func(dataimport.Store) error) error {
	return d.DB.InTxBulk(ctx, func(q *store.Queries) error { return fn(q) })
}

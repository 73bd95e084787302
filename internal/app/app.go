// Package app wires Talentloket together: it opens the database with the
// right engine and builds every use-case service on it. The server, the
// command line and the end-to-end tests share it.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"talentloket/internal/accounts"
	"talentloket/internal/auth"
	"talentloket/internal/dataimport"
	desk "talentloket/internal/desk/service"
	"talentloket/internal/matching"
	"talentloket/internal/overview"
	"talentloket/internal/partners"
	"talentloket/internal/placements"
	"talentloket/internal/regionmonitor"
	"talentloket/internal/store"
	"talentloket/internal/store/postgres"
	"talentloket/internal/store/sqlite"
	"talentloket/internal/students"
)

// OpenDB opens the database named by dsn: a postgres:// URL (or key=value
// DSN) for PostgreSQL, otherwise an SQLite file path.
func OpenDB(ctx context.Context, dsn string) (*store.DB, error) {
	if postgres.IsDSN(dsn) {
		return postgres.Open(ctx, dsn)
	}
	return sqlite.Open(ctx, dsn)
}

// Options tune the services.
type Options struct {
	Auth auth.Config
	Now  func() time.Time // nil = time.Now
	Log  *slog.Logger
	Desk desk.Options // the desk's mail server, public URL and service levels
}

// App holds the services.
type App struct {
	DB         *store.DB
	Log        *slog.Logger
	Now        func() time.Time
	Auth       *auth.Service
	Accounts   *accounts.Service
	Partners   *partners.Service
	Students   *students.Service
	Placements *placements.Service
	Overview   *overview.Service
	Matching   *matching.Service
	Desk       *desk.Service
	Monitor    *regionmonitor.Service // the regional monitor's figures
	Imports    *dataimport.Service    // open-data imports for the monitor

	// Background are long-running jobs of the product's parts (mail
	// delivery, imports ...). The server runs each in its own goroutine
	// until shutdown and waits for them to return.
	Background []func(ctx context.Context)
}

// New builds the services on an open, migrated database.
func New(db *store.DB, o Options) *App {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	db.SetClock(o.Now)
	a := &App{DB: db, Log: o.Log, Now: o.Now}
	a.Auth = auth.NewService(db, o.Auth, o.Now, o.Log)
	a.Accounts = accounts.New(db, a.Auth.Config().Params)
	a.Partners = partners.New(db)
	a.Students = students.New(db)
	a.Placements = placements.New(placementsDB{db}, o.Now)
	a.Overview = overview.New(db)
	a.Matching = matching.New(matchingDB{db}, o.Now, o.Log, matching.Options{})
	a.Placements.SetFinder(a.Matching)
	a.Background = append(a.Background, a.Matching.Run)
	a.Desk = desk.New(deskDB{db}, o.Desk, o.Now, o.Log)
	a.Background = append(a.Background, a.Desk.RunMailer)
	newMonitor(a, db)
	return a
}

// placementsDB lets the placement use cases run in a transaction of the
// store.
type placementsDB struct{ *store.DB }

func (d placementsDB) InTx(ctx context.Context, fn func(placements.Store) error) error {
	return d.DB.InTx(ctx, func(q *store.Queries) error { return fn(q) })
}

// deskDB lets the desk's use cases run in a transaction of the store.
type deskDB struct{ *store.DB }

func (d deskDB) InTx(ctx context.Context, fn func(desk.Store) error) error {
	return d.DB.InTx(ctx, func(q *store.Queries) error { return fn(q) })
}

// CheckSchema refuses a database whose schema is newer or broken, and an
// older one unless migrate is set, in which case it migrates.
func CheckSchema(ctx context.Context, db *store.DB, migrate bool, log *slog.Logger) error {
	_, err := db.CheckSchema(ctx)
	if err == nil {
		return nil
	}
	if !migrate {
		return err
	}
	applied, err := db.Migrate(ctx)
	for _, m := range applied {
		log.Info("migrated", "version", m.Version, "name", m.Name)
	}
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

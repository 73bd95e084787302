// Package demo generates a realistic, deterministic demo of Talentloket:
// two regional networks, Twente and Noord-Veluwe, with their real
// municipalities, towns and PC4 areas, real technical mbo qualifications,
// fictional schools, companies, students and placements, and applications in
// every state with a plausible history.
//
// Everything the demo needs is hard-coded; it reads no files. The same seed
// and the same Options.Now give the same data: all randomness comes from
// math/rand/v2 PCG streams derived from the seed, dates are relative to
// Options.Now, and no output depends on map iteration order. Every object
// is written through the store's validating Create methods inside one
// transaction, so a failure leaves nothing behind.
//
// Each region has one demo account per role (<role>@<region>.demo, see
// Accounts) whose journeys are scripted: the demo student has an internship
// offer to accept, the demo company has applications to act on, the demo
// coach and school staff see the demo student.
package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"talentloket/internal/domain"
	"talentloket/internal/store"
)

// Options control a generation.
type Options struct {
	// Seed selects the generated data; the same seed gives the same data.
	Seed int64
	// PasswordHash is stored for every demo account (see Accounts); the
	// other generated accounts get no password and cannot sign in.
	PasswordHash string
	// Now is the demo's today: periods, applications and creation times are
	// relative to it. The zero time means the current time (which makes the
	// result depend on when it runs).
	Now time.Time
}

// ErrNotEmpty is returned (wrapped, together with domain.ErrConflict) when
// the database already holds regions: the demo goes into a fresh database
// only.
var ErrNotEmpty = errors.New("demo: the database already holds regions; generate the demo into a fresh database")

// Env is what a part of the demo gets: its own seeded random source, the
// demo's today, and a way to set the store's clock for the rows it writes
// next (so that histories can lie in the past).
type Env struct {
	Rand  *rand.Rand
	Now   time.Time
	Clock func(time.Time)
}

// Part adds the demo data of one part of the product (desk questions,
// monitor figures, matching rounds ...) after the core demo, inside the
// same transaction: it reads what it needs through q and returns one line
// for the summary.
type Part func(ctx context.Context, q *store.Queries, env Env) (string, error)

type namedPart struct {
	name string
	fn   Part
}

var parts []namedPart

// Register adds a part to every generated demo, in registration order;
// call it from init in a file of this package.
func Register(name string, fn Part) { parts = append(parts, namedPart{name, fn}) }

func hashName(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// Generate fills an empty database with the demo and returns what it made.
// It refuses a database that already holds regions. During the generation
// the store's clock follows the planned times; afterwards it is set back to
// the wall clock, so Generate must not run while the database serves
// requests.
func Generate(ctx context.Context, db *store.DB, opt Options) (Summary, error) {
	start := time.Now()
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	now = now.UTC().Truncate(time.Second)
	w := plan(opt.Seed, now, opt.PasswordHash)

	clk := &clock{t: now}
	var partLines []string
	previous := db.SetClock(clk.now)
	defer db.SetClock(previous)
	err := db.InTx(ctx, func(q *store.Queries) error {
		regions, err := q.Regions(ctx)
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		if len(regions) > 0 {
			return fmt.Errorf("%w (%d regions, e.g. %q): %w", ErrNotEmpty, len(regions), regions[0].Slug, domain.ErrConflict)
		}
		if err := w.insert(ctx, q, clk); err != nil {
			return err
		}
		for _, p := range parts {
			line, err := p.fn(ctx, q, Env{Rand: rand.New(rand.NewPCG(uint64(opt.Seed), hashName(p.name))), Now: now, Clock: func(t time.Time) { clk.t = t }})
			if err != nil {
				return fmt.Errorf("demo %s: %w", p.name, err)
			}
			partLines = append(partLines, line)
		}
		return nil
	})
	if err != nil {
		return Summary{}, err
	}
	sum := w.summary()
	sum.Parts = partLines
	sum.Elapsed = time.Since(start)
	return sum, nil
}

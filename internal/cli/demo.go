package cli

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"time"

	"talentloket/internal/app"
	"talentloket/internal/auth"
	"talentloket/internal/config"
	"talentloket/internal/demo"
	"talentloket/internal/domain"
	"talentloket/internal/store/postgres"
)

func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("demo", "demo [--db talentloket-demo.db] [--reset] [--seed N] [--demo-password P] [serve flags]", stderr)
	cfg := config.Default()
	cfg.DB = "talentloket-demo.db"
	if err := cfg.FromEnv(os.Getenv); err != nil {
		return err
	}
	cfg.Bind(fs)
	reset := fs.Bool("reset", false, "delete the SQLite file first (a PostgreSQL database must be empty)")
	seed := fs.Int64("seed", 1, "seed of the generator: the same seed gives the same demo")
	password := fs.String("demo-password", "", "password of every demo account (default: a random one, printed)")
	noServe := fs.Bool("no-serve", false, "generate only, do not serve")
	today := fs.String("today", "", "the demo's today as dd-mm-jjjj (default: the real date); with --seed it fixes the data exactly")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	if *reset {
		if postgres.IsDSN(cfg.DB) {
			return errors.New("--reset only deletes SQLite files; give the demo an empty PostgreSQL database")
		}
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if err := os.Remove(cfg.DB + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
				return fmt.Errorf("--reset: %w", err)
			}
		}
	}
	pw := *password
	if pw == "" {
		pw = randomPassword()
	}
	hash, err := auth.HashPassword(pw, auth.DefaultParams)
	if err != nil {
		return err
	}
	db, err := app.OpenDB(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	if regions, err := db.Regions(ctx); err != nil {
		return err
	} else if len(regions) > 0 {
		return fmt.Errorf("%s already holds data (%d regions): use --reset or another --db", config.MaskDSN(cfg.DB), len(regions))
	}
	start := time.Now()
	if *today != "" {
		d, err := domain.ParseDate(*today)
		if err != nil {
			return fmt.Errorf("--today %q: not a date like 21-11-2026", *today)
		}
		start = d.Add(12 * time.Hour)
	}
	sum, err := demo.Generate(ctx, db, demo.Options{Seed: *seed, PasswordHash: hash, Now: start})
	if err != nil {
		return fmt.Errorf("generate demo: %w", err)
	}
	fmt.Fprintf(stdout, "%s\nPassword of every demo account: %s\n\n", sum, pw)
	if *noServe {
		return nil
	}
	return serve(ctx, cfg, db, stdout, stderr)
}

// randomPassword returns 4 groups of 4 letters and digits: easy to type,
// about 80 bits of entropy.
func randomPassword() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
	b := make([]byte, 0, 19)
	for i := 0; i < 16; i++ {
		if i > 0 && i%4 == 0 {
			b = append(b, '-')
		}
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		if err != nil {
			panic(err)
		}
		b = append(b, alphabet[n.Int64()])
	}
	return string(b)
}

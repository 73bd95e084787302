package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"

	"talentloket/internal/app"
	"talentloket/internal/auth"
	"talentloket/internal/config"
	desk "talentloket/internal/desk/service"
	"talentloket/internal/server"
	"talentloket/internal/store"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", "serve [flags]", stderr)
	cfg := config.Default()
	if err := cfg.FromEnv(os.Getenv); err != nil {
		return err
	}
	cfg.Bind(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	return serve(ctx, cfg, nil, stdout, stderr)
}

// serve opens the database, checks its schema and serves until ctx ends.
// db may be given (the demo passes the one it filled).
func serve(ctx context.Context, cfg config.Config, db *store.DB, stdout, stderr io.Writer) error {
	log := newLogger(stderr, cfg.LogFormat, cfg.LogLevel)
	if db == nil {
		var err error
		if db, err = app.OpenDB(ctx, cfg.DB); err != nil {
			return err
		}
		defer db.Close()
	}
	if err := app.CheckSchema(ctx, db, cfg.Migrate, log); err != nil {
		if errors.Is(err, store.ErrSchemaOlder) {
			return fmt.Errorf("%w\n(start with --migrate, or run: talentloket migrate --db %s)", err, config.MaskDSN(cfg.DB))
		}
		return err
	}
	a := app.New(db, app.Options{Log: log, Auth: auth.Config{IdleTimeout: cfg.SessionIdle, AbsoluteTimeout: cfg.SessionAbsolute},
		Desk: desk.Options{Mail: cfg.Mail(), BaseURL: cfg.BaseURL}})
	srv, err := server.New(a, cfg)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	fmt.Fprintf(stdout, "Talentloket %s (%s) at http://%s\n", Version, db.Engine.Name(), ln.Addr())
	fmt.Fprintln(stdout, "Configuration:")
	cfg.Print(stdout)
	return srv.Run(ctx, ln)
}

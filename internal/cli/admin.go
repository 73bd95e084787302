package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"talentloket/internal/accounts"
	"talentloket/internal/app"
	"talentloket/internal/auth"
	"talentloket/internal/domain"
	"talentloket/internal/store"
	"talentloket/internal/store/sqlite"
)

// openMigrated opens a database that must be at the current schema.
func openMigrated(ctx context.Context, dsn string) (*store.DB, error) {
	db, err := app.OpenDB(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if _, err := db.CheckSchema(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func runMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("migrate", "migrate --db FILE|DSN", stderr)
	dsn := dbFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := app.OpenDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	applied, err := db.Migrate(ctx)
	for _, m := range applied {
		fmt.Fprintf(stdout, "applied %04d_%s\n", m.Version, m.Name)
	}
	if err != nil {
		return err
	}
	st, err := db.CheckSchema(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "schema at version %d (%s)\n", st.Current, db.Engine.Name())
	return nil
}

func runUser(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fmt.Fprintln(stderr, "Usage: talentloket user add|list|disable|enable [flags]  (talentloket user add --help)")
		return errUsage
	}
	switch args[0] {
	case "add":
		return userAdd(ctx, args[1:], stdout, stderr)
	case "list":
		return userList(ctx, args[1:], stdout, stderr)
	case "disable", "enable":
		return userDisable(ctx, args[0], args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "talentloket user: unknown subcommand %q (add, list, disable, enable)\n", args[0])
	return errUsage
}

func userAdd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("user add", "user add --db … --region SLUG --email E --name N --role ROLE [--org ID] [--student ID] --password-stdin", stderr)
	dsn := dbFlag(fs)
	region := fs.String("region", "", "region slug, e.g. twente")
	email := fs.String("email", "", "e-mail address (the login)")
	name := fs.String("name", "", "full name")
	role := fs.String("role", "", "student, coach, school_staff, company_contact, coordinator, viewer or admin")
	org := fs.Int64("org", 0, "organisation id (school staff, coaches, company contacts)")
	student := fs.Int64("student", 0, "student profile id (students)")
	stdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	if err := parse(fs, args); err != nil {
		return err
	}
	pw := os.Getenv("TALENTLOKET_PASSWORD")
	if *stdin {
		line, err := bufio.NewReader(os.Stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("read password: %w", err)
		}
		pw = strings.TrimRight(line, "\r\n")
	}
	if pw == "" {
		return errors.New("no password: pass --password-stdin (or set TALENTLOKET_PASSWORD)")
	}
	db, err := openMigrated(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	r, err := db.RegionBySlug(ctx, *region)
	if err != nil {
		return fmt.Errorf("--region %q: no such region", *region)
	}
	svc := accounts.New(db, auth.DefaultParams)
	id, err := svc.Create(accounts.Trusted(ctx), domain.User{RegionID: r.ID, Email: *email, Name: *name, Role: domain.Role(*role),
		OrganisationID: *org, StudentID: *student}, pw)
	if err != nil {
		return explain(err)
	}
	fmt.Fprintf(stdout, "created user %d <%s> (%s, %s)\n", id, strings.ToLower(*email), *role, r.Slug)
	return nil
}

// explain turns a validation error into a message naming the flags.
func explain(err error) error {
	var ve *domain.ValidationError
	if errors.As(err, &ve) {
		parts := make([]string, 0, len(ve.Fields))
		for _, f := range ve.Fields {
			parts = append(parts, "--"+f.Field+": "+f.Key)
		}
		return fmt.Errorf("invalid input: %s", strings.Join(parts, "; "))
	}
	return err
}

func userList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("user list", "user list --db … [--region SLUG] [--role ROLE]", stderr)
	dsn := dbFlag(fs)
	region := fs.String("region", "", "only this region")
	role := fs.String("role", "", "only this role")
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := openMigrated(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	f := store.UserFilter{Role: domain.Role(*role), Page: store.Page{Limit: 500}}
	regions, err := db.Regions(ctx)
	if err != nil {
		return err
	}
	slug := map[int64]string{}
	for _, r := range regions {
		slug[r.ID] = r.Slug
		if r.Slug == *region {
			f.RegionID = r.ID
		}
	}
	if *region != "" && f.RegionID == 0 {
		return fmt.Errorf("--region %q: no such region", *region)
	}
	users, err := accounts.New(db, auth.DefaultParams).List(accounts.Trusted(ctx), f)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tEMAIL\tNAME\tROLE\tREGION\tSTATUS")
	for _, u := range users {
		st := "active"
		if u.Disabled {
			st = "disabled"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", u.ID, u.Email, u.Name, u.Role, slug[u.RegionID], st)
	}
	return tw.Flush()
}

func userDisable(ctx context.Context, verb string, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("user "+verb, "user "+verb+" --db … --email E", stderr)
	dsn := dbFlag(fs)
	email := fs.String("email", "", "the account's e-mail address")
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := openMigrated(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.UserByEmail(ctx, strings.ToLower(strings.TrimSpace(*email)))
	if err != nil {
		return fmt.Errorf("--email %q: no such account", *email)
	}
	if err := accounts.New(db, auth.DefaultParams).SetDisabled(accounts.Trusted(ctx), u.ID, verb == "disable"); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%sd %s\n", verb, u.Email)
	return nil
}

func runBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("backup", "backup --db FILE --to BACKUP.db", stderr)
	dsn := dbFlag(fs)
	to := fs.String("to", "", "the backup file to write (must not exist)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *to == "" {
		fs.Usage()
		return errUsage
	}
	db, err := app.OpenDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if db.Engine.Name() != "sqlite" {
		return errors.New("backup works on SQLite files; for PostgreSQL use pg_dump (see README: Backups)")
	}
	if err := sqlite.Backup(ctx, db, *to); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup written to %s\n", *to)
	return nil
}

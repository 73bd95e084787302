package storetest

import (
	"context"
	"errors"
	"os"
	"reflect"
	"testing"

	"talentloket/internal/store"
	"talentloket/internal/store/postgres"
	"talentloket/internal/store/sqlite"
)

func TestContract(t *testing.T) {
	if os.Getenv("TALENTLOKET_REQUIRE_POSTGRES") != "" && os.Getenv(EnvPostgres) == "" {
		t.Fatal("TALENTLOKET_REQUIRE_POSTGRES is set but " + EnvPostgres + " is empty: the contract suite must run on PostgreSQL too")
	}
	for _, e := range Engines() {
		t.Run(e.Name, func(t *testing.T) { Contract(t, e.Open) })
	}
}

// TestMigrationsMatch proves both engines have the same migrations and reach
// the same tables and columns.
func TestMigrationsMatch(t *testing.T) {
	ls, err := store.LoadMigrations(sqlite.Engine.Migrations())
	if err != nil {
		t.Fatal(err)
	}
	lp, err := store.LoadMigrations(postgres.Engine.Migrations())
	if err != nil {
		t.Fatal(err)
	}
	if len(ls) != len(lp) {
		t.Fatalf("sqlite has %d migrations, postgres %d", len(ls), len(lp))
	}
	for i := range ls {
		if ls[i].Version != lp[i].Version || ls[i].Name != lp[i].Name {
			t.Errorf("migration %d: sqlite %04d_%s, postgres %04d_%s", i, ls[i].Version, ls[i].Name, lp[i].Version, lp[i].Name)
		}
	}
	if len(Engines()) < 2 {
		t.Skip(EnvPostgres + " not set: schema comparison needs both engines")
	}
	var schemas []map[string][]string
	for _, e := range Engines() {
		db := e.Open(t)
		cols, err := db.Engine.Columns(context.Background(), db.Read)
		if err != nil {
			t.Fatal(err)
		}
		schemas = append(schemas, cols)
	}
	if !reflect.DeepEqual(schemas[0], schemas[1]) {
		for tbl, c := range schemas[0] {
			if !reflect.DeepEqual(c, schemas[1][tbl]) {
				t.Errorf("table %s: sqlite %v, postgres %v", tbl, c, schemas[1][tbl])
			}
		}
		for tbl := range schemas[1] {
			if _, ok := schemas[0][tbl]; !ok {
				t.Errorf("table %s only on postgres", tbl)
			}
		}
	}
}

// TestSchemaChecks: a fresh database is older than the binary; after
// Migrate it is current; a database with a migration the binary does not
// know is newer; a changed migration is broken.
func TestSchemaChecks(t *testing.T) {
	for _, e := range Engines() {
		t.Run(e.Name, func(t *testing.T) {
			ctx := context.Background()
			db := e.Open(t) // migrated
			st, err := db.CheckSchema(ctx)
			if err != nil || st.Current != st.Latest || st.Current == 0 {
				t.Fatalf("fresh: %+v %v", st, err)
			}
			again, err := db.Migrate(ctx)
			if err != nil || len(again) != 0 {
				t.Fatalf("second migrate applied %d: %v", len(again), err)
			}
			if _, err := db.Write.Exec(db.Engine.Rebind("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, 'future', 'x', 'now')"), st.Latest+1); err != nil {
				t.Fatal(err)
			}
			if _, err := db.CheckSchema(ctx); !errors.Is(err, store.ErrSchemaNewer) {
				t.Fatalf("newer: %v", err)
			}
			if _, err := db.Migrate(ctx); !errors.Is(err, store.ErrSchemaNewer) {
				t.Fatalf("migrate on newer: %v", err)
			}
			if _, err := db.Write.Exec(db.Engine.Rebind("DELETE FROM schema_migrations WHERE version = ?"), st.Latest+1); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Write.Exec("UPDATE schema_migrations SET checksum = 'tampered' WHERE version = 1"); err != nil {
				t.Fatal(err)
			}
			if _, err := db.CheckSchema(ctx); !errors.Is(err, store.ErrSchemaBroken) {
				t.Fatalf("broken: %v", err)
			}
		})
	}
}

func TestSchemaOlder(t *testing.T) {
	db, err := sqlite.Open(context.Background(), t.TempDir()+"/old.db")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.CheckSchema(context.Background()); !errors.Is(err, store.ErrSchemaOlder) {
		t.Fatalf("empty database: %v", err)
	}
}

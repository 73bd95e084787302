package cli_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"talentloket/internal/domain"
	"talentloket/internal/shareddata"
	"talentloket/internal/store/sqlite"
)

// TestImportDUOCommand: import duo reads a file into a region, says what
// it stored, recognises the same file again and rejects a bad one with its
// line and column.
func TestImportDUOCommand(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "t.db")
	if code, _, errs := run(t, "", "migrate", "--db", dbPath); code != 0 {
		t.Fatal(errs)
	}
	db, err := sqlite.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, slug := range []string{"twente", "noord-veluwe"} {
		if _, err := db.CreateRegion(context.Background(), domain.Region{Slug: slug, Name: slug}); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	file := filepath.Join("..", "opendata", "testdata", "mbo-studenten-per-instelling_cp1252.csv")
	if code, _, errs := run(t, "", "import", "duo", file, "--db", dbPath); code != 1 || !strings.Contains(errs, "--region") {
		t.Fatalf("two regions without --region: %d %s", code, errs)
	}
	code, out, errs := run(t, "", "import", "duo", "--db", dbPath, "--region", "twente", file)
	if code != 0 || !strings.Contains(out, "mbo-studenten-per-instelling") || !strings.Contains(out, "facts stored") {
		t.Fatalf("import: %d %s %s", code, out, errs)
	}
	code, out, _ = run(t, "", "import", "duo", file, "--region", "twente", "--db", dbPath)
	if code != 0 || !strings.Contains(out, "already imported") {
		t.Fatalf("again: %d %s", code, out)
	}
	bad := filepath.Join(dir, "bad.csv")
	b, _ := os.ReadFile(file)
	if err := os.WriteFile(bad, []byte(strings.Replace(string(b), ";812;", ";acht;", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errs = run(t, "", "import", "duo", bad, "--region", "twente", "--db", dbPath)
	if code != 1 || !strings.Contains(errs, `line 2, column "BBL"`) || !strings.Contains(errs, "nothing imported") {
		t.Fatalf("bad file: %d %s", code, errs)
	}
	inflow := filepath.Join("..", "opendata", "testdata", "instromende-mbo-studenten_cp1252_comma.csv")
	if code, _, errs := run(t, "", "import", "duo", inflow, "--region", "twente", "--db", dbPath); code != 1 || !strings.Contains(errs, "JAAR") {
		t.Fatalf("inflow without --year: %d %s", code, errs)
	}
	if code, out, errs := run(t, "", "import", "duo", inflow, "--year", "2024", "--region", "twente", "--db", dbPath); code != 0 || !strings.Contains(out, "[2024]") {
		t.Fatalf("inflow with --year: %d %s %s", code, out, errs)
	}
	if code, _, _ := run(t, "", "import", "duo", "--db", dbPath); code != 2 {
		t.Fatalf("no file: %d", code)
	}
	// School locations are reference data for every region.
	loc := shareddata.Path(t, "locaties", "mbo_locaties.csv")
	if code, out, errs := run(t, "", "import", "locations", loc, "--db", dbPath); code != 0 || !strings.Contains(out, "imported 679 school locations") {
		t.Fatalf("locations: %d %s %s", code, out, errs)
	}
}

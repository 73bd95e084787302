package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"talentloket/internal/dataimport"
	"talentloket/internal/domain"
	"talentloket/internal/opendata"
	"talentloket/internal/store"
)

// The regional monitor's imports: open-data files into a region's
// monitor (import duo, import labour) and mbo school locations as
// reference data for every region (import locations).
var importKinds = map[string]func(ctx context.Context, args []string, stdout, stderr io.Writer) error{
	"duo":       runImportDUO,
	"labour":    runImportDUO, // the same importer: it tells the files apart by content
	"locations": runImportLocations,
}

// importDB lets the import service run transactions of the store.
type importDB struct{ *store.DB }

func (d importDB) InTx(ctx context.Context, fn func(dataimport.Store) error) error {
	return d.DB.InTxBulk(ctx, func(q *store.Queries) error { return fn(q) })
}

// fileAndFlags parses flags given before or after the one file argument.
func fileAndFlags(fs *flag.FlagSet, args []string) (string, error) {
	file := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		file, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return "", err
		}
		return "", errUsage
	}
	rest := fs.Args()
	if file == "" && len(rest) > 0 {
		file, rest = rest[0], rest[1:]
	}
	if file == "" || len(rest) > 0 {
		fs.Usage()
		return "", errUsage
	}
	return file, nil
}

func runImportDUO(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	const synopsis = "import duo FILE --region SLUG [--year N] [--stage hbo|wo] --db …  (also CBS vacancies CSV and the Wij Techniek prognosis JSON)"
	fs := newFlags("import duo", synopsis, stderr)
	dsn := dbFlag(fs)
	region := fs.String("region", "", "the region (slug) whose monitor gets the file; may be left out when the database has one region")
	year := fs.Int("year", 0, "year of the counts, for DUO layouts without a year column (instromende-mbo-studenten)")
	stage := fs.String("stage", "", "hbo or wo, for the layouts both share (default: from the file name)")
	file, err := fileAndFlags(fs, args)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	db, err := openMigrated(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	r, err := pickRegion(ctx, db, *region)
	if err != nil {
		return err
	}
	svc := dataimport.New(importDB{db}, newLogger(stderr, "text", "warn"), nil)
	imp, dup, err := svc.Import(ctx, r.ID, 0, dataimport.File{Name: filepath.Base(file), Data: data, Year: *year, Stage: *stage})
	if dup {
		fmt.Fprintf(stdout, "already imported into %s as import %d on %s: nothing changed\n", r.Slug, imp.ID, imp.CreatedAt.Format("2006-01-02 15:04"))
		return nil
	}
	var ve *opendata.ValidationError
	if errors.As(err, &ve) {
		for _, p := range ve.Problems {
			fmt.Fprintf(stderr, "%s: %s\n", file, p.Error())
		}
		if ve.Total > len(ve.Problems) {
			fmt.Fprintf(stderr, "%s: and %d more problems\n", file, ve.Total-len(ve.Problems))
		}
		return fmt.Errorf("nothing imported: the file was rejected (import %d)", imp.ID)
	}
	if err != nil {
		var de *domain.ValidationError
		if errors.As(err, &de) {
			return fmt.Errorf("nothing imported: %v", de)
		}
		return fmt.Errorf("nothing imported: %w", err)
	}
	fmt.Fprintf(stdout, "import %d into %s: %s (%s), years %v, %d rows, %d counts, %d facts stored (%d suppressed), %d replaced, %d lines skipped\n",
		imp.ID, r.Slug, imp.Layout, imp.Dataset, imp.Years, imp.Rows, imp.Records, imp.Facts, imp.Suppressed, imp.Replaced, imp.Skipped)
	if n := len(imp.Unmapped); n > 0 {
		fmt.Fprintf(stdout, "%d names could not be placed in a municipality (counted nationally only), e.g.:\n", n)
		for _, u := range imp.Unmapped[:min(n, 10)] {
			fmt.Fprintf(stdout, "  %s %q: %d lines, first on line %d\n", u.Kind, u.Name, u.Lines, u.FirstLine)
		}
	}
	return nil
}

// pickRegion returns the region named by slug, or the only region.
func pickRegion(ctx context.Context, db *store.DB, slug string) (domain.Region, error) {
	if slug != "" {
		return db.RegionBySlug(ctx, slug)
	}
	regions, err := db.Regions(ctx)
	if err != nil {
		return domain.Region{}, err
	}
	if len(regions) != 1 {
		names := make([]string, len(regions))
		for i, r := range regions {
			names[i] = r.Slug
		}
		return domain.Region{}, fmt.Errorf("name the region with --region (the database has %d: %s)", len(regions), strings.Join(names, ", "))
	}
	return regions[0], nil
}

func runImportLocations(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("import locations", "import locations FILE --db …  (mbo school locations: brinvest;name;street;zip;city;url)", stderr)
	dsn := dbFlag(fs)
	file, err := fileAndFlags(fs, args)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	db, err := openMigrated(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := dataimport.New(importDB{db}, newLogger(stderr, "text", "warn"), nil)
	n, unmapped, err := svc.ImportLocations(ctx, data)
	if err != nil {
		return fmt.Errorf("nothing imported: %w", err)
	}
	fmt.Fprintf(stdout, "imported %d school locations (%d towns not placed in a municipality: import refdata first)\n", n, unmapped)
	return nil
}

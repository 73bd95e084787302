package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"talentloket/internal/reference"
)

func runImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		if run, ok := importKinds[args[0]]; ok {
			return run(ctx, args[1:], stdout, stderr)
		}
	}
	if len(args) == 0 || args[0] != "refdata" {
		fmt.Fprintln(stderr, "Usage: talentloket import refdata --db … [--municipalities F] [--places F] [--postcodes F] [--qualifications F]")
		fmt.Fprintln(stderr, "       talentloket import duo|labour FILE --region SLUG --db …   talentloket import locations FILE --db …")
		return errUsage
	}
	fs := newFlags("import refdata", "import refdata --db … [--municipalities F] [--places F] [--postcodes F] [--qualifications F]", stderr)
	dsn := dbFlag(fs)
	munis := fs.String("municipalities", "", "CBS municipalities with COROP, labour-market region and province (CSV)")
	places := fs.String("places", "", "CBS place names (woonplaatsen) with their municipality (CSV)")
	postcodes := fs.String("postcodes", "", "PC4 postcode centroids (CSV, the 4pp layout)")
	quals := fs.String("qualifications", "", "mbo qualifications: crebo list (CSV)")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	var src reference.Sources
	var files []*os.File
	defer func() {
		for _, f := range files {
			f.Close()
		}
	}()
	for _, in := range []struct {
		path string
		dst  *io.Reader
	}{{*munis, &src.Municipalities}, {*places, &src.Places}, {*postcodes, &src.Postcodes}, {*quals, &src.Qualifications}} {
		if in.path == "" {
			continue
		}
		f, err := os.Open(in.path)
		if err != nil {
			return err
		}
		files = append(files, f)
		*in.dst = f
	}
	if len(files) == 0 {
		fs.Usage()
		return errors.New("name at least one file to import")
	}
	db, err := openMigrated(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := reference.Load(ctx, db, src)
	if err != nil {
		return fmt.Errorf("nothing imported: %w", err)
	}
	fmt.Fprintf(stdout, "imported %s\n", rep)
	return nil
}

package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"talentloket/internal/domain"
	"talentloket/internal/store"
)

func runRegion(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fmt.Fprintln(stderr, "Usage: talentloket region add|list [flags]  (talentloket region add --help)")
		return errUsage
	}
	switch args[0] {
	case "add":
		return regionAdd(ctx, args[1:], stdout, stderr)
	case "list":
		return regionList(ctx, args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "talentloket region: unknown subcommand %q (add, list)\n", args[0])
	return errUsage
}

func regionAdd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("region add", "region add --db … --slug twente --name Twente --municipalities GM0153,GM0164,…", stderr)
	dsn := dbFlag(fs)
	slug := fs.String("slug", "", "short name: lower-case letters, digits and hyphens (used in URLs and demo accounts)")
	name := fs.String("name", "", "display name")
	munis := fs.String("municipalities", "", "comma-separated CBS codes of the region's municipalities (GM####)")
	if err := parse(fs, args); err != nil {
		return err
	}
	var codes []string
	for _, c := range strings.Split(*munis, ",") {
		if c = strings.TrimSpace(c); c != "" {
			code, err := domain.ParseCBSCode("GM", c)
			if err != nil {
				return fmt.Errorf("--municipalities: %q is not a CBS municipality code like GM0153", c)
			}
			codes = append(codes, code)
		}
	}
	db, err := openMigrated(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	var id int64
	err = db.InTx(ctx, func(q *store.Queries) error {
		var err error
		if id, err = q.CreateRegion(ctx, domain.Region{Slug: *slug, Name: *name}); err != nil {
			return err
		}
		return q.SetRegionMunicipalities(ctx, id, codes)
	})
	if err != nil {
		return explain(err)
	}
	fmt.Fprintf(stdout, "created region %d %q (%s) with %d municipalities\n", id, *name, *slug, len(codes))
	return nil
}

func regionList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("region list", "region list --db …", stderr)
	dsn := dbFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := openMigrated(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	regions, err := db.Regions(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSLUG\tNAME\tMUNICIPALITIES")
	for _, r := range regions {
		ms, err := db.RegionMunicipalities(ctx, r.ID)
		if err != nil {
			return err
		}
		names := make([]string, len(ms))
		for i, m := range ms {
			names[i] = m.Name
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", r.ID, r.Slug, r.Name, strings.Join(names, ", "))
	}
	return tw.Flush()
}

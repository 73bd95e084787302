package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"talentloket/internal/match"
)

const matchHelp = `Usage: talentloket match --in ROUND.json --out RESULT.json [--seed N] [--report]
       talentloket match --students students.csv --placements placements.csv --out RESULT.json

Runs a matching round: student-proposing deferred acceptance with capacities,
which gives the stable matching every student likes best. Ties at placements
without their own ranking are broken by one lottery drawn from the seed, so
the same files and seed always give the same RESULT.json.

ROUND.json:
  {"students":   [{"id": "s1", "preferences": ["p2", "p1"]}],
   "placements": [{"id": "p1", "capacity": 2, "preferences": ["s1", "s3"]}],
   "seed": 42}
  A placement without "preferences" accepts every student who lists it, in
  lottery order; with them, students it does not list are unacceptable.

students.csv:   id, then the placement ids in order of preference (one per
                cell, or together in one cell separated by ; or ,)
placements.csv: id, capacity, then optionally the student ids it ranks
  The separator (; or ,) is detected from the first line; a header row is
  skipped.

RESULT.json holds every student as assigned (with the rank of the placement
on its own list) or unassigned (with a reason: no_preferences,
none_acceptable or all_full), the placements with seats left and totals.
On bad input nothing is written.

Flags:
`

// runMatch is the "match" subcommand.
func runMatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("match", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "", "round as JSON (ROUND.json)")
	students := fs.String("students", "", "students as CSV (use with --placements)")
	placements := fs.String("placements", "", "placements as CSV (use with --students)")
	seedFlag := fs.String("seed", "", "lottery seed, a whole number >= 0; overrides the seed in the file (default: the file's, else 0)")
	out := fs.String("out", "", "file to write RESULT.json to (required)")
	report := fs.Bool("report", false, "print a summary in Dutch to stdout")
	fs.Usage = func() {
		fmt.Fprint(stderr, matchHelp)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w (see talentloket match --help)", err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q (see talentloket match --help)", fs.Args())
	}
	if *out == "" {
		return errors.New("--out is required (see talentloket match --help)")
	}
	csvMode := *students != "" || *placements != ""
	switch {
	case *in != "" && csvMode:
		return errors.New("give either --in or --students with --placements, not both")
	case csvMode && (*students == "" || *placements == ""):
		return errors.New("--students and --placements go together")
	case *in == "" && !csvMode:
		return errors.New("give --in ROUND.json, or --students and --placements (see talentloket match --help)")
	}
	var seed *uint64
	if *seedFlag != "" {
		v, err := strconv.ParseUint(strings.TrimSpace(*seedFlag), 10, 64)
		if err != nil {
			return fmt.Errorf("--seed %q: want a whole number >= 0", *seedFlag)
		}
		seed = &v
	}

	round, err := matchReadRound(*in, *students, *placements)
	if err != nil {
		return err
	}
	if seed != nil {
		round.Seed = *seed
	}
	rep, err := match.MatchRound(ctx, round, match.Options{})
	if err != nil {
		return fmt.Errorf("matching: %w", err)
	}
	if err := matchWriteAtomic(*out, rep); err != nil {
		return err
	}
	if *report {
		matchSummary(stdout, rep)
	}
	return nil
}

func matchReadRound(in, students, placements string) (*match.Round, error) {
	if in != "" {
		f, err := os.Open(in)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r, err := match.ReadRoundJSON(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", in, err)
		}
		return r, nil
	}
	sf, err := os.Open(students)
	if err != nil {
		return nil, err
	}
	defer sf.Close()
	pf, err := os.Open(placements)
	if err != nil {
		return nil, err
	}
	defer pf.Close()
	r, err := match.ReadRoundCSV(sf, pf)
	if err != nil {
		return nil, fmt.Errorf("%s, %s: %w", students, placements, err)
	}
	return r, nil
}

// matchWriteAtomic writes the report to a temporary file in the target's
// folder and renames it into place, so readers never see half a file and a
// failure leaves any earlier file untouched.
func matchWriteAtomic(path string, rep *match.Report) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("writing result: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	enc := json.NewEncoder(tmp)
	enc.SetIndent("", "  ")
	if err = enc.Encode(rep); err != nil {
		return fmt.Errorf("writing result: %w", err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("writing result: %w", err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("writing result: %w", err)
	}
	if err = os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("writing result: %w", err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing result: %w", err)
	}
	return nil
}

var matchReasonNL = map[string]string{
	"no_preferences":  "zonder voorkeuren",
	"none_acceptable": "geen plek die hen accepteert",
	"all_full":        "al hun plekken vol",
}

// matchSummary prints the round's outcome in Dutch, e.g.
// "12.345 studenten geplaatst (87,1%), 1.829 niet geplaatst".
func matchSummary(w io.Writer, rep *match.Report) {
	st := rep.Stats
	fmt.Fprintf(w, "%s studenten geplaatst (%s), %s niet geplaatst.\n",
		matchNum(int64(st.Assigned)), matchPct(int64(st.Assigned), int64(st.Students)), matchNum(int64(st.Unassigned)))
	var top3 int64
	for i, c := range st.RankDistribution {
		if i < 3 {
			top3 += c
		}
		if i < 5 && c > 0 {
			fmt.Fprintf(w, "  %de keuze: %s (%s)\n", i+1, matchNum(c), matchPct(c, int64(st.Assigned)))
		}
	}
	if len(st.RankDistribution) > 5 {
		var rest int64
		for _, c := range st.RankDistribution[5:] {
			rest += c
		}
		fmt.Fprintf(w, "  6e keuze of later: %s (%s)\n", matchNum(rest), matchPct(rest, int64(st.Assigned)))
	}
	if st.Assigned > 0 {
		fmt.Fprintf(w, "Bij een van de eerste drie keuzes: %s.\n", matchPct(top3, int64(st.Assigned)))
	}
	for _, code := range []string{"no_preferences", "none_acceptable", "all_full"} {
		if c := st.UnplacedReasons[code]; c > 0 {
			fmt.Fprintf(w, "Niet geplaatst, %s: %s\n", matchReasonNL[code], matchNum(int64(c)))
		}
	}
	fmt.Fprintf(w, "Plaatsen: %s beschikbaar, %s bezet, %s over bij %s plekken.\n",
		matchNum(st.Capacity), matchNum(st.Filled), matchNum(st.Capacity-st.Filled), matchNum(int64(len(rep.OpenPlacements))))
	fmt.Fprintf(w, "Loting met seed %d.\n", st.Seed)
}

// matchNum formats n the Dutch way: 12345 -> "12.345".
func matchNum(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// matchPct formats part/whole as a Dutch percentage: "87,1%".
func matchPct(part, whole int64) string {
	if whole == 0 {
		return "0%"
	}
	tenths := (part*1000 + whole/2) / whole
	return fmt.Sprintf("%s,%d%%", matchNum(tenths/10), tenths%10)
}

// Package cli is the talentloket command: one subcommand per task (serve,
// demo, migrate, user, backup, import, match, version), each with its own
// flag set and --help.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
)

// Version is set at build time with -ldflags "-X talentloket/internal/cli.Version=…".
var Version = "dev"

type command struct {
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

func commands() map[string]command {
	return map[string]command{
		"serve":   {"serve Talentloket over HTTP", runServe},
		"demo":    {"generate a demo region into a database and serve it", runDemo},
		"migrate": {"bring a database to the current schema", runMigrate},
		"user":    {"manage accounts: user add|list|disable|enable", runUser},
		"region":  {"manage regions (tenants): region add|list", runRegion},
		"backup":  {"write a consistent copy of an SQLite database", runBackup},
		"import":  {"import reference data and open data: import refdata|duo|labour|locations …", runImport},
		"match":   {"run a matching round from files: match --in ROUND.json --out RESULT.json", runMatch},
		"version": {"print the version", runVersion},
	}
}

// errUsage marks errors that were already explained by a flag set.
var errUsage = errors.New("usage")

// Run runs the command line args (without the program name) and returns
// the exit code: 0 on success, 2 for usage errors, 1 for failures.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmds := commands()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr, cmds)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	c, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "talentloket: unknown command %q\n\n", args[0])
		usage(stderr, cmds)
		return 2
	}
	err := c.run(ctx, args[1:], stdout, stderr)
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	}
	fmt.Fprintf(stderr, "talentloket %s: %v\n", args[0], err)
	return 1
}

func usage(w io.Writer, cmds map[string]command) {
	fmt.Fprintln(w, "Talentloket — technical talent, quickly in the right place.")
	fmt.Fprintln(w, "\nUsage: talentloket <command> [flags]   (talentloket <command> --help for its flags)")
	fmt.Fprintln(w, "\nCommands:")
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s\n", n, cmds[n].summary)
	}
}

// newFlags returns a flag set that prints its usage to stderr.
func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: talentloket %s\n\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags, mapping a bad flag to errUsage (already printed).
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "unexpected arguments: %s\n", strings.Join(fs.Args(), " "))
		fs.Usage()
		return errUsage
	}
	return nil
}

func newLogger(w io.Writer, format, level string) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level))
	opts := &slog.HandlerOptions{Level: l}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

func runVersion(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("version", "version", stderr)
	if err := parse(fs, args); err != nil {
		return err
	}
	rev := ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				rev = " (" + s.Value[:12] + ")"
			}
		}
	}
	fmt.Fprintf(stdout, "talentloket %s%s %s %s/%s\n", Version, rev, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}

// dbFlag registers --db with the TALENTLOKET_DB default.
func dbFlag(fs *flag.FlagSet) *string {
	def := os.Getenv("TALENTLOKET_DB")
	if def == "" {
		def = "talentloket.db"
	}
	return fs.String("db", def, "SQLite file, or postgres://… DSN (TALENTLOKET_DB)")
}

// Command talentloket runs Talentloket: the platform a regional technical
// talent network runs on. See `talentloket --help`.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"talentloket/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Command hecha reconciles an establishment office's data drop: see README.md and `hecha --help`.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/hecha-dev/hecha/cli"
)

func main() {
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		// Most of a run's memory is DuckDB's, outside the Go heap, which stays small: collect it
		// less often (about a tenth less CPU in loading) but never let it pass 1 GiB.
		debug.SetGCPercent(400)
		debug.SetMemoryLimit(1 << 30)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Do(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Command hecha reconciles an establishment office's data drop: see README.md and `hecha --help`.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/hecha-dev/hecha/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Do(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Package cli is the hecha command line. Do runs one invocation in-process with its own standard
// streams, so tests call exactly what a user types; cmd/hecha is a three-line main over it.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/alecthomas/kong"
	"github.com/rs/zerolog"

	"github.com/hecha-dev/hecha/loaders"
)

// Exit codes (outputs.md).
const (
	ExitOK       = 0 // the run completed
	ExitFindings = 1 // completed, and a finding at or above --fail-on exists
	ExitInput    = 2 // bad invocation or structural input error
	ExitInternal = 3 // internal or store error
)

// Version is the engine version recorded in run.json.
var Version = "0.1.0"

// Env is what a command gets besides its flags: the streams and the logger.
type Env struct {
	Stdout io.Writer
	Stderr io.Writer
	Log    zerolog.Logger
}

type globals struct {
	LogFormat string `help:"Log format on standard error: auto (console on a terminal, JSON otherwise), console or json." enum:"auto,console,json" default:"auto"`
	LogLevel  string `help:"Log level: debug, info, warn, error." enum:"debug,info,warn,error" default:"info"`
}

type root struct {
	globals
	Run      runCmd      `cmd:"" help:"Reconcile a data drop and write the output folder (no --input: the bundled demo district)."`
	Check    checkCmd    `cmd:"" help:"Read and validate a data drop only: kinds recognised, rows read, rejects."`
	Gen      genCmd      `cmd:"" help:"Write a synthetic district: a data drop with planted anomalies and the findings expected from it."`
	Schedule scheduleCmd `cmd:"" help:"Stay up and run the reconciliation on a cron schedule, one run at a time."`
	Review   reviewCmd   `cmd:"" help:"Auditors' decisions."`
	History  historyCmd  `cmd:"" help:"List the runs kept in the store."`
	Diff     diffCmd     `cmd:"" help:"Findings only in one of two runs."`
	Sample   sampleCmd   `cmd:"" help:"Draw the spot-check sample of the inspection stage (督查验收) from the latest run."`
	Rotate   rotateCmd   `cmd:"" help:"Assign each department's team another department to inspect (对调轮换)."`
}

// exitError carries an exit code and the message for standard error.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func fail(code int, format string, args ...any) error {
	return &exitError{code: code, err: fmt.Errorf(format, args...)}
}

// Do runs hecha with args (without the program name) and returns the exit code.
func Do(ctx context.Context, args []string, stdout, stderr io.Writer) (code int) {
	var r root
	exited := false
	parser, err := kong.New(&r,
		kong.Name("hecha"),
		kong.Description("hecha (核查): batch reconciliation of establishment checks (机构和人员编制核查)."),
		kong.Writers(stdout, stderr),
		kong.Exit(func(c int) { exited, code = true, c; panic(exitPanic{}) }),
		kong.UsageOnError(),
	)
	if err != nil {
		fmt.Fprintf(stderr, "hecha: %v\n", err)
		return ExitInternal
	}
	defer func() {
		if p := recover(); p != nil {
			if _, ok := p.(exitPanic); !ok || !exited {
				panic(p)
			}
		}
	}()
	kctx, err := parser.Parse(args)
	if err != nil {
		fmt.Fprintf(stderr, "hecha: %v\n", err)
		return ExitInput
	}
	env := &Env{Stdout: stdout, Stderr: stderr, Log: newLogger(stderr, r.LogFormat, r.LogLevel)}
	kctx.BindTo(ctx, (*context.Context)(nil))
	err = kctx.Run(env)
	return exitCode(err, stderr)
}

type exitPanic struct{}

func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	switch {
	case errors.As(err, &ee):
		if ee.code != ExitFindings {
			fmt.Fprintf(stderr, "hecha: %v\n", ee.err)
		}
		return ee.code
	case errors.Is(err, loaders.ErrStructural):
		fmt.Fprintf(stderr, "hecha: input error: %v\n", err)
		return ExitInput
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(stderr, "hecha: interrupted: %v\n", err)
		return ExitInternal
	default:
		fmt.Fprintf(stderr, "hecha: %v\n", err)
		return ExitInternal
	}
}

func newLogger(w io.Writer, format, level string) zerolog.Logger {
	lvl, err := zerolog.ParseLevel(level)
	if err != nil {
		lvl = zerolog.InfoLevel
	}
	if format == "console" || (format == "auto" && isTerminal(w)) {
		w = zerolog.ConsoleWriter{Out: w, TimeFormat: "15:04:05", NoColor: !isTerminal(w)}
	}
	// The scheduler's runs and the engine log from several goroutines.
	return zerolog.New(zerolog.SyncWriter(w)).Level(lvl).With().Timestamp().Logger()
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// splitList splits a comma-separated flag value, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

package cli

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/rs/zerolog"
)

type scheduleCmd struct {
	Cron   string `help:"When to run, as a cron spec (minute hour day month weekday; an optional leading seconds field): nightly is \"0 2 * * *\"." required:""`
	Input  string `help:"The data drop folder, read afresh at every run." required:"" type:"path"`
	Out    string `help:"The folder that receives one dated output folder per run, a 'latest' link and the store." required:"" type:"path"`
	Keep   int    `help:"How many run folders to keep (older ones are removed; the store keeps every run)." default:"30"`
	Store  string `help:"The store (default: hecha.duckdb inside --out)." type:"path"`
	Config string `help:"A TOML config file with run parameters." type:"existingfile"`
	Rules  string `help:"A folder of extra rule files." type:"existingdir"`
	// MaxRuns stops after that many runs (0: run until stopped); for tests and one-off catch-ups.
	MaxRuns int `help:"Stop after this many runs (0: until stopped)." hidden:""`
}

// cronParser accepts five fields, or six with leading seconds.
var cronParser = cron.NewParser(cron.SecondOptional | cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

func (c *scheduleCmd) Run(ctx context.Context, env *Env) error {
	sched, err := cronParser.Parse(c.Cron)
	if err != nil {
		return fail(ExitInput, "--cron %q: %v (nightly at 2:00 is \"0 2 * * *\")", c.Cron, err)
	}
	if err := requireDir(c.Input); err != nil {
		return err
	}
	if err := os.MkdirAll(c.Out, 0o755); err != nil {
		return fail(ExitInput, "create %s: %v", c.Out, err)
	}
	storePath := c.Store
	if storePath == "" {
		storePath = filepath.Join(c.Out, "hecha.duckdb")
	}
	// Hold the store for the whole life of the scheduler: a second scheduler or a manual run
	// against the same store is refused at once instead of colliding at 2 a.m.
	st, err := openStore(ctx, storePath)
	if err != nil {
		return err
	}
	defer st.Close()

	log := env.Log.With().Str("component", "schedule").Logger()
	runs := 0
	var mu sync.Mutex // one run at a time
	done := make(chan struct{})
	var once sync.Once
	job := cron.FuncJob(func() {
		if !mu.TryLock() {
			log.Warn().Msg("the previous run is still going: this firing is skipped")
			return
		}
		defer mu.Unlock()
		if ctx.Err() != nil {
			return
		}
		started := time.Now()
		runID := newRunID(started)
		out := filepath.Join(c.Out, runID)
		rlog := log.With().Str("run_id", runID).Logger()
		rlog.Info().Str("out", out).Msg("run starting")
		r := &runCmd{Input: c.Input, Out: out, Config: c.Config, Rules: c.Rules}
		outcome, err := r.execute(ctx, &Env{Stdout: env.Stdout, Stderr: env.Stderr, Log: rlog}, runID, st)
		if err != nil {
			rlog.Error().Err(err).Dur("took", time.Since(started)).Msg("run failed; the previous output is untouched")
		} else {
			if err := pointLatest(c.Out, runID); err != nil {
				rlog.Error().Err(err).Msg("could not update the latest link")
			}
			if err := prune(c.Out, c.Keep, rlog); err != nil {
				rlog.Error().Err(err).Msg("could not remove old run folders")
			}
			ev := rlog.Info().Int("findings", outcome.findings).Dur("took", time.Since(started))
			for _, s := range outcome.timings {
				ev = ev.Dur("stage_"+s.name, s.took)
			}
			ev.Msg("run finished")
		}
		runs++
		if c.MaxRuns > 0 && runs >= c.MaxRuns {
			once.Do(func() { close(done) })
		}
	})
	cr := cron.New(cron.WithParser(cronParser), cron.WithLocation(time.Local))
	cr.Schedule(sched, job)
	cr.Start()
	log.Info().Str("cron", c.Cron).Time("next", sched.Next(time.Now())).Str("store", storePath).Msg("scheduler started")
	select {
	case <-ctx.Done():
		log.Info().Msg("stopping: letting the current run finish")
	case <-done:
	}
	// Stop waits for a running job; a run that sees ctx cancelled abandons before it writes, so
	// the previous output and the store stay as they were.
	<-cr.Stop().Done()
	log.Info().Int("runs", runs).Msg("scheduler stopped")
	return nil
}

// pointLatest makes OUT/latest a link to the run's folder, replacing the old link atomically.
func pointLatest(out, runID string) error {
	tmp := filepath.Join(out, ".latest-"+runID)
	_ = os.Remove(tmp)
	if err := os.Symlink(runID, tmp); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(out, "latest"))
}

// prune removes the oldest run folders beyond keep. Run folders are named by run id, which
// starts with the UTC start time, so names sort in time order.
func prune(out string, keep int, log zerolog.Logger) error {
	if keep <= 0 {
		return nil
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return err
	}
	var runs []string
	for _, e := range entries {
		if e.IsDir() && isRunID(e.Name()) {
			runs = append(runs, e.Name())
		}
	}
	sort.Strings(runs)
	var errs []error
	for len(runs) > keep {
		old := runs[0]
		runs = runs[1:]
		if err := os.RemoveAll(filepath.Join(out, old)); err != nil {
			errs = append(errs, err)
			continue
		}
		log.Info().Str("folder", old).Msg("old run folder removed")
	}
	return errors.Join(errs...)
}

// isRunID recognises a run folder name: 20150401T020000Z-a1b2c3.
func isRunID(name string) bool {
	if len(name) != len("20060102T150405Z-a1b2c3") || name[8] != 'T' || name[15] != 'Z' || name[16] != '-' {
		return false
	}
	_, err := time.Parse("20060102T150405Z", name[:16])
	return err == nil && !strings.ContainsAny(name[17:], "/.")
}

package cli

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/hecha-dev/hecha/findings"
	"github.com/hecha-dev/hecha/inspect"
	"github.com/hecha-dev/hecha/output"
	"github.com/hecha-dev/hecha/report"
	"github.com/hecha-dev/hecha/store"
)

type sampleCmd struct {
	Store  string  `help:"The store (DuckDB file)." default:"hecha.duckdb" type:"path"`
	Ratio  float64 `help:"The share of all units to spot-check, at least (the plan asks for 40%)." default:"0.4"`
	Seed   uint64  `help:"Random seed: the same seed and run give the same sample." default:"1"`
	Extend bool    `help:"Add units to the latest sample instead of drawing afresh; no earlier unit is dropped."`
	Out    string  `help:"Where to write the list." default:"sample.xlsx" type:"path"`
}

func (c *sampleCmd) Run(ctx context.Context, env *Env) error {
	s, err := openExistingStore(ctx, c.Store)
	if err != nil {
		return err
	}
	defer s.Close()
	runID, units, high, err := latestUnits(ctx, s)
	if err != nil {
		return err
	}
	var earlier []string
	if c.Extend {
		prev, err := s.LatestSample(ctx)
		if err != nil {
			return fail(ExitInternal, "%v", err)
		}
		if prev == nil {
			return fail(ExitInput, "--extend: no earlier sample in the store; draw one first without --extend")
		}
		for _, p := range prev {
			earlier = append(earlier, p.UnitCode)
		}
	}
	var in []inspect.Unit
	for _, u := range units {
		in = append(in, inspect.Unit{Code: u.Code, Name: u.Name, DeptCode: u.DeptCode, DeptName: u.DeptName, High: high[u.Code]})
	}
	picks, err := inspect.Sample(in, c.Ratio, c.Seed, earlier)
	if err != nil {
		return fail(ExitInput, "%v", err)
	}
	var stored []store.SamplePick
	counts := map[string]int{}
	for _, p := range picks {
		stored = append(stored, store.SamplePick{UnitCode: p.Code, Reason: p.Reason})
		counts[p.Reason]++
	}
	if err := writeFileAtomic(c.Out, func(f *os.File) error { return report.WriteSample(f, picks, len(units), c.Ratio) }); err != nil {
		return fail(ExitInternal, "write %s: %v", c.Out, err)
	}
	if err := s.SaveSample(ctx, runID, stored, c.Ratio, c.Seed); err != nil {
		return fail(ExitInternal, "%v", err)
	}
	fmt.Fprintf(env.Stdout, "%d of %d units drawn from run %s (%s %d, %s %d, %s %d): %s\n", len(picks), len(units), runID,
		inspect.ReasonHigh, counts[inspect.ReasonHigh], inspect.ReasonEarlier, counts[inspect.ReasonEarlier], inspect.ReasonRandom, counts[inspect.ReasonRandom], c.Out)
	return nil
}

func latestUnits(ctx context.Context, s *store.Store) (string, []findings.UnitRef, map[string]bool, error) {
	runID, err := s.Resolve(ctx, "latest")
	if err != nil {
		return "", nil, nil, fail(ExitInput, "%v", err)
	}
	units, high, err := s.Units(ctx, runID)
	if err != nil {
		return "", nil, nil, fail(ExitInternal, "%v", err)
	}
	if len(units) == 0 {
		return "", nil, nil, fail(ExitInput, "run %s recorded no units: run `hecha run` again first", runID)
	}
	return runID, units, high, nil
}

type rotateCmd struct {
	Store   string   `help:"The store (DuckDB file)." default:"hecha.duckdb" type:"path"`
	Seed    uint64   `help:"Random seed: the same seed gives the same rotation." default:"1"`
	Exclude []string `help:"A:B forbids department A's team from inspecting department B (codes); repeatable."`
	Out     string   `help:"Where to write the rotation." default:"rotate.xlsx" type:"path"`
}

func (c *rotateCmd) Run(ctx context.Context, env *Env) error {
	var ex []inspect.Exclusion
	for _, e := range c.Exclude {
		a, b, ok := strings.Cut(e, ":")
		if !ok || a == "" || b == "" {
			return fail(ExitInput, "--exclude %q: write it as INSPECTOR:INSPECTED (department codes)", e)
		}
		ex = append(ex, inspect.Exclusion{Inspector: a, Inspected: b})
	}
	s, err := openExistingStore(ctx, c.Store)
	if err != nil {
		return err
	}
	defer s.Close()
	_, units, _, err := latestUnits(ctx, s)
	if err != nil {
		return err
	}
	names := map[string]string{}
	var depts []string
	for _, u := range units {
		if _, ok := names[u.DeptCode]; !ok {
			depts = append(depts, u.DeptCode)
		}
		names[u.DeptCode] = u.DeptName
	}
	as, err := inspect.Rotate(depts, ex, c.Seed)
	if err != nil {
		return fail(ExitInput, "%v", err)
	}
	if err := writeFileAtomic(c.Out, func(f *os.File) error { return report.WriteRotation(f, as, names) }); err != nil {
		return fail(ExitInternal, "write %s: %v", c.Out, err)
	}
	for _, a := range as {
		fmt.Fprintf(env.Stdout, "%s %s → %s %s\n", a.Inspector, names[a.Inspector], a.Inspected, names[a.Inspected])
	}
	return nil
}

// writeFileAtomic writes path through a temporary file renamed into place.
func writeFileAtomic(path string, write func(f *os.File) error) error {
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, output.ModePublic)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}

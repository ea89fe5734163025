package cli

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/hecha-dev/hecha/findings"
	"github.com/hecha-dev/hecha/ids"
	"github.com/hecha-dev/hecha/store"
)

type historyCmd struct {
	Store string `help:"The store (DuckDB file)." default:"hecha.duckdb" type:"path"`
}

func openExistingStore(ctx context.Context, path string) (*store.Store, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fail(ExitInput, "no store at %s: give the store of your runs with --store (by default hecha.duckdb beside the output folder)", path)
	}
	return openStore(ctx, path)
}

func openStore(ctx context.Context, path string) (*store.Store, error) {
	s, err := store.Open(ctx, path)
	if err != nil {
		return nil, fail(ExitInternal, "%v", err)
	}
	return s, nil
}

func (c *historyCmd) Run(ctx context.Context, env *Env) error {
	s, err := openExistingStore(ctx, c.Store)
	if err != nil {
		return err
	}
	defer s.Close()
	runs, err := s.Runs(ctx)
	if err != nil {
		return fail(ExitInternal, "read the run history: %v", err)
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "run\tstarted\tas of\tfindings\tchanges\toutput")
	for _, r := range runs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", r.RunID, r.StartedAt.UTC().Format("2006-01-02 15:04"), r.AsOf.Format("2006-01-02"),
			r.Findings, changeCounts(r.Changes), r.OutDir)
	}
	return tw.Flush()
}

func changeCounts(m map[string]int) string {
	var parts []string
	for _, k := range []string{findings.ChangeNew, findings.ChangeReopened, findings.ChangeResolved, findings.ChangeNotEvaluated, findings.ChangeRuleChanged} {
		if m[k] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
		}
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, ", ")
}

type diffCmd struct {
	Store string `help:"The store (DuckDB file)." default:"hecha.duckdb" type:"path"`
	RunA  string `arg:"" name:"RUN_A" help:"The earlier run: a run id, a unique prefix, latest or previous."`
	RunB  string `arg:"" name:"RUN_B" help:"The later run."`
}

func (c *diffCmd) Run(ctx context.Context, env *Env) error {
	s, err := openExistingStore(ctx, c.Store)
	if err != nil {
		return err
	}
	defer s.Close()
	var sets [2]map[string]findings.Finding
	for i, ref := range []string{c.RunA, c.RunB} {
		id, err := s.Resolve(ctx, ref)
		if err != nil {
			return fail(ExitInput, "%v", err)
		}
		fs, err := s.Findings(ctx, id)
		if err != nil {
			return fail(ExitInternal, "read the findings of %s: %v", id, err)
		}
		sets[i] = map[string]findings.Finding{}
		for _, f := range fs {
			sets[i][f.Fingerprint] = f
		}
	}
	type line struct {
		sign string
		f    findings.Finding
	}
	var lines []line
	onlyA, onlyB := 0, 0
	for fp, f := range sets[0] {
		if _, ok := sets[1][fp]; !ok {
			lines = append(lines, line{"-", f})
			onlyA++
		}
	}
	for fp, f := range sets[1] {
		if _, ok := sets[0][fp]; !ok {
			lines = append(lines, line{"+", f})
			onlyB++
		}
	}
	sort.Slice(lines, func(i, j int) bool {
		a, b := lines[i].f, lines[j].f
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		if a.UnitCode != b.UnitCode {
			return a.UnitCode < b.UnitCode
		}
		if a.Subject != b.Subject {
			return a.Subject < b.Subject
		}
		return lines[i].sign < lines[j].sign
	})
	for _, l := range lines {
		subject := l.f.Subject
		if l.f.IDNo != "" && subject == l.f.IDNo {
			subject = ids.Mask(subject)
		}
		fmt.Fprintf(env.Stdout, "%s %s\t%s %s\t%s\t%s\n", l.sign, l.f.Rule, l.f.UnitCode, l.f.UnitName, subject, l.f.Name)
	}
	fmt.Fprintf(env.Stdout, "%d only in %s, %d only in %s, %d in both\n", onlyA, c.RunA, onlyB, c.RunB, len(sets[1])-onlyB)
	return nil
}

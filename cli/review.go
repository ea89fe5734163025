package cli

import (
	"context"
	"fmt"
	"os"
	"os/user"
	"strings"
	"time"

	"github.com/hecha-dev/hecha/findings"
	"github.com/hecha-dev/hecha/report"
)

type reviewCmd struct {
	Import reviewImportCmd `cmd:"" help:"Read the 结论 and 处理意见 columns of an auditor's returned findings.xlsx into the store."`
}

type reviewImportCmd struct {
	File    string `arg:"" help:"The returned findings.xlsx." type:"existingfile"`
	Store   string `help:"The store (DuckDB file)." default:"hecha.duckdb" type:"path"`
	By      string `help:"Who made the decisions (default: the user running the import)."`
	Expires string `help:"The decisions stop applying after this day, YYYY-MM-DD (default: never)."`
}

func (c *reviewImportCmd) Run(ctx context.Context, env *Env) error {
	by := c.By
	if by == "" {
		if u, err := user.Current(); err == nil {
			by = u.Username
		}
	}
	var expires time.Time
	if c.Expires != "" {
		t, err := time.Parse("2006-01-02", c.Expires)
		if err != nil {
			return fail(ExitInput, "--expires %q is not a date: write it as YYYY-MM-DD", c.Expires)
		}
		expires = t
	}
	fh, err := os.Open(c.File)
	if err != nil {
		return fail(ExitInput, "%v", err)
	}
	rows, err := report.ReadReview(fh)
	fh.Close()
	if err != nil {
		return fail(ExitInput, "%s: %v", c.File, err)
	}
	s, err := openExistingStore(ctx, c.Store)
	if err != nil {
		return err
	}
	defer s.Close()
	latest, err := s.Resolve(ctx, "latest")
	if err != nil {
		return fail(ExitInput, "%v", err)
	}
	known, err := s.Findings(ctx, latest)
	if err != nil {
		return fail(ExitInternal, "%v", err)
	}
	byFP := map[string]*findings.Finding{}
	for i := range known {
		byFP[known[i].Fingerprint] = &known[i]
	}
	now := time.Now().UTC()
	var ds []findings.Decision
	counts := map[string]int{}
	unknown := 0
	for _, r := range rows {
		f := byFP[r.Fingerprint]
		if f == nil {
			if r.Conclusion != "" {
				env.Log.Warn().Str("sheet", r.Sheet).Int("row", r.Line).Str("fingerprint", r.Fingerprint).
					Msg("finding not in the latest run: its decision is kept and applies if it recurs")
				unknown++
			}
		} else if edited := report.EditedColumns(r, f); len(edited) > 0 {
			env.Log.Warn().Str("sheet", r.Sheet).Int("row", r.Line).Strs("columns", edited).
				Msg("edits to these columns are ignored: only 结论 and 处理意见 are read back")
		}
		if r.Conclusion == "" {
			continue
		}
		ds = append(ds, findings.Decision{Fingerprint: r.Fingerprint, Conclusion: r.Conclusion, Opinion: r.Opinion, By: by, At: now, Expires: expires})
		counts[r.Conclusion]++
	}
	if err := s.AddDecisions(ctx, ds, c.File); err != nil {
		return fail(ExitInternal, "%v", err)
	}
	var parts []string
	for _, k := range []string{findings.ConclusionTrue, findings.ConclusionFalse, findings.ConclusionRectified} {
		parts = append(parts, fmt.Sprintf("%s %d", k, counts[k]))
	}
	fmt.Fprintf(env.Stdout, "%d decisions imported from %s by %s (%s)", len(ds), c.File, by, strings.Join(parts, ", "))
	if unknown > 0 {
		fmt.Fprintf(env.Stdout, "; %d not in the latest run", unknown)
	}
	fmt.Fprintln(env.Stdout)
	return nil
}

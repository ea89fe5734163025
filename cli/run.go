package cli

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/hecha-dev/hecha/engine"
	"github.com/hecha-dev/hecha/findings"
	"github.com/hecha-dev/hecha/fixtures"
	"github.com/hecha-dev/hecha/loaders"
	"github.com/hecha-dev/hecha/memstat"
	"github.com/hecha-dev/hecha/output"
	"github.com/hecha-dev/hecha/report"
	"github.com/hecha-dev/hecha/rules"
	"github.com/hecha-dev/hecha/store"
)

type runCmd struct {
	Input        string `help:"The data drop folder. Without it, hecha runs the bundled demo district." type:"path"`
	Out          string `help:"The output folder, replaced whole when the run succeeds." default:"hecha-out" type:"path"`
	AsOf         string `help:"The as-of date (截止时点), YYYY-MM-DD. Default: the last day of the newest payroll month." name:"as-of"`
	Months       string `help:"Narrow the payroll months examined: comma-separated YYYY-MM."`
	RegionPrefix string `help:"Region prefixes ignored when comparing unit names, comma-separated (longest first)." name:"region-prefix"`
	Store        string `help:"The store of runs, findings and decisions (default: hecha.duckdb beside the output folder)." type:"path"`
	Config       string `help:"A TOML config file with run parameters (docs/config.md)." type:"existingfile"`
	Rules        string `help:"A folder of extra rule files (.sql with -- @key: value headers)." type:"existingdir"`
	FailOn       string `help:"Exit 1 when a finding of at least this severity exists: high, medium or low." enum:",high,medium,low" default:"" name:"fail-on"`
	RevealIDs    bool   `help:"Write full ID numbers into findings.xlsx (the file is then private, 0600); recorded in run.json." name:"reveal-ids"`
	NoPublicity  bool   `help:"Skip the per-unit 公示 workbooks (publicity/): a province has tens of thousands of units." name:"no-publicity"`
	Workers      int    `help:"How many files are read at once (default: the number of CPUs)."`
}

// runOutcome is what a finished run reports to its caller (run or schedule).
type runOutcome struct {
	info     *output.RunInfo
	res      *engine.Result
	changes  []findings.Change
	findings int
	timings  []stageTime
}

type stageTime struct {
	name string
	took time.Duration
}

func (c *runCmd) Run(ctx context.Context, env *Env) error {
	outcome, err := c.execute(ctx, env, newRunID(time.Now()), nil)
	if err != nil {
		return err
	}
	printRunSummary(env, c.Out, outcome)
	if c.FailOn != "" {
		limit := findings.Severity(c.FailOn).Rank()
		for _, f := range outcome.res.Findings {
			if f.Severity.Rank() >= limit && f.Status != findings.StatusSuppressed {
				return &exitError{code: ExitFindings, err: fmt.Errorf("findings at or above %s", c.FailOn)}
			}
		}
	}
	return nil
}

// execute performs one run into c.Out. st is an open store (the scheduler holds one); nil opens
// the one named by --store for the length of the run.
func (c *runCmd) execute(ctx context.Context, env *Env, runID string, st *store.Store) (*runOutcome, error) {
	started := time.Now()
	cfg, err := loadConfig(c.Config)
	if err != nil {
		return nil, err
	}
	input := c.Input
	if input == "" {
		demo, err := os.MkdirTemp("", "hecha-demo-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(demo)
		if err := fixtures.WriteDemo(demo); err != nil {
			return nil, fmt.Errorf("unpack the bundled demo district: %w", err)
		}
		input = filepath.Join(demo, "drop")
		env.Log.Info().Msg("no --input: running the bundled demo district")
	} else if err := requireDir(input); err != nil {
		return nil, err
	}
	params, err := c.params(cfg)
	if err != nil {
		return nil, err
	}
	params.Input = input
	params.Logger = env.Log
	params.Notices = !c.NoPublicity
	params.Workers = c.Workers
	if params.Workers <= 0 {
		params.Workers = runtime.NumCPU()
	}

	if st == nil {
		path := c.Store
		if path == "" {
			path = filepath.Join(filepath.Dir(filepath.Clean(c.Out)), "hecha.duckdb")
		}
		if st, err = openStore(ctx, path); err != nil {
			return nil, err
		}
		defer st.Close()
	}

	if err := output.Recover(c.Out, func(id string) (bool, error) { return st.HasRun(ctx, id) }); err != nil {
		return nil, fail(ExitInternal, "%v", err)
	}
	stage, err := output.Begin(c.Out)
	if err != nil {
		return nil, fail(ExitInput, "%v", err)
	}
	committed := false
	defer func() {
		if !committed {
			stage.Abort()
		}
	}()
	spill := filepath.Join(stage.Path, ".spill")
	params.TempDir = spill
	params.ReleaseLater = true
	var res *engine.Result
	defer func() {
		if res != nil {
			_ = res.Wait()
		}
		os.RemoveAll(spill)
	}()

	progress := newProgress(env)
	params.Progress = progress.report
	res, err = engine.Run(ctx, params)
	progress.done()
	if err != nil {
		return nil, runError(err)
	}
	t0 := time.Now()
	prev, err := st.Previous(ctx)
	if err != nil {
		return nil, fail(ExitInternal, "read the previous run from the store: %v", err)
	}
	decisions, err := st.Decisions(ctx)
	if err != nil {
		return nil, fail(ExitInternal, "read auditors' decisions from the store: %v", err)
	}
	hashes := map[string]string{}
	for _, r := range res.Rules {
		hashes[r.Code] = r.Hash
	}
	changes, reopened := findings.Classify(res.Findings, hashes, res.Coverage, prev, decisions, started)
	res.Summary.ApplyProblems(res.Findings)
	logChanges(env, changes)

	info := runInfo(res, params, c, runID, started)
	if err := writeOutputs(stage, res, changes, info, c.RevealIDs, env); err != nil {
		return nil, fail(ExitInternal, "write the output folder: %v", err)
	}
	runJSON, err := os.ReadFile(filepath.Join(stage.Path, "run.json"))
	if err != nil {
		return nil, fail(ExitInternal, "%v", err)
	}
	abs, _ := filepath.Abs(c.Out)
	rec := &store.Record{Info: info, RunJSON: string(runJSON), OutDir: abs, Findings: res.Findings, RuleHashes: hashes,
		Coverage: res.Coverage, Changes: changes, Reopened: reopened, Units: res.Units}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// Two steps, and a kill between them is repaired by output.Recover at the next start: the run
	// waits in an open store transaction while its folder is swapped into place, then commits.
	// DuckDB is released while the outputs are written and the run is saved; its spill folder, in
	// the staged folder, goes before the swap.
	pending, err := st.Prepare(ctx, rec)
	if err != nil {
		return nil, fail(ExitInternal, "%v", err)
	}
	if err := res.Wait(); err != nil {
		pending.Rollback()
		return nil, fail(ExitInternal, "close DuckDB: %v", err)
	}
	if err := os.RemoveAll(spill); err != nil {
		pending.Rollback()
		return nil, err
	}
	if err := stage.Swap(); err != nil {
		pending.Rollback()
		return nil, fail(ExitInternal, "%v", err)
	}
	committed = true
	if err := pending.Commit(); err != nil {
		return nil, fail(ExitInternal, "%v (the output folder holds the run; the next run puts the previous one back)", err)
	}
	if err := stage.Cleanup(); err != nil {
		env.Log.Warn().Err(err).Msg("could not remove the previous output folder")
	}
	out := &runOutcome{info: info, res: res, changes: changes, findings: len(res.Findings)}
	for _, s := range res.Timings {
		out.timings = append(out.timings, stageTime{s.Name, s.Duration})
	}
	out.timings = append(out.timings, stageTime{"outputs", time.Since(t0)})
	return out, nil
}

// runError maps engine errors to exit codes: bad parameters and invalid rules are the user's to fix.
func runError(err error) error {
	switch {
	case errors.Is(err, engine.ErrParams), errors.Is(err, rules.ErrInvalid):
		return fail(ExitInput, "%v", err)
	}
	return err
}

func logChanges(env *Env, changes []findings.Change) {
	counts := map[string]int{}
	for _, c := range changes {
		counts[c.Kind]++
	}
	env.Log.Info().Int("new", counts[findings.ChangeNew]).Int("reopened", counts[findings.ChangeReopened]).
		Int("resolved", counts[findings.ChangeResolved]).Int("not_evaluated", counts[findings.ChangeNotEvaluated]).
		Int("rule_changed", counts[findings.ChangeRuleChanged]).Msg("changes since the previous run")
}

func (c *runCmd) params(cfg *fileConfig) (engine.Config, error) {
	p := engine.Config{MemoryLimit: cfg.MemoryLimit, RulesDir: cfg.RulesDir, Retirement: cfg.Retirement}
	asOf := cfg.AsOf
	if c.AsOf != "" {
		asOf = c.AsOf
	}
	if asOf != "" {
		t, err := time.Parse("2006-01-02", asOf)
		if err != nil {
			return p, fail(ExitInput, "--as-of %q is not a date: write it as YYYY-MM-DD", asOf)
		}
		p.AsOf = t
	}
	p.Months = cfg.Months
	if c.Months != "" {
		p.Months = splitList(c.Months)
	}
	for _, m := range p.Months {
		if _, err := time.Parse("2006-01", m); err != nil {
			return p, fail(ExitInput, "month %q is not a month: write it as YYYY-MM", m)
		}
	}
	p.RegionPrefixes = cfg.RegionPrefixes
	if c.RegionPrefix != "" {
		p.RegionPrefixes = splitList(c.RegionPrefix)
	}
	if c.Rules != "" {
		p.RulesDir = c.Rules
	}
	return p, nil
}

func newRunID(t time.Time) string {
	var b [3]byte
	_, _ = rand.Read(b[:])
	return t.UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:])
}

func runInfo(res *engine.Result, p engine.Config, c *runCmd, runID string, started time.Time) *output.RunInfo {
	from := "configured"
	if res.PrefixesDerived {
		from = "derived"
	}
	info := &output.RunInfo{
		RunID:         runID,
		EngineVersion: fmt.Sprintf("hecha %s (%s)", Version, runtime.Version()),
		StartedAt:     started.UTC().Format(time.RFC3339),
		AsOf:          res.AsOf.Format("2006-01-02"),
		Months:        res.Months,
		Parameters: output.Parameters{Input: p.Input, RegionPrefixes: res.RegionPrefixes, PrefixesFrom: from,
			RulesDir: p.RulesDir, RevealIDs: c.RevealIDs, FailOn: c.FailOn},
		Inputs:     output.Inputs(res.Load),
		Timings:    map[string]int{},
		LoadByKind: output.LoadByKind(res.Load),
		Exports:    map[string]int{},
		Memory:     map[string]output.StageMemory{},
	}
	for _, r := range res.Rules {
		rr := output.RuleRun{Code: r.Code, Category: r.Category, Severity: string(r.Severity), Hash: r.Hash, Findings: r.Count, DurationMS: r.Duration.Milliseconds()}
		if r.Err != nil {
			rr.Error = r.Err.Error()
			info.Counts.RulesFailed++
		}
		info.Rules = append(info.Rules, rr)
	}
	for _, s := range res.Timings {
		info.Timings[s.Name] = int(s.Duration.Milliseconds())
		info.Memory[s.Name] = output.StageMemory{PeakRSS: s.PeakRSS >> 20, GoHeapPeak: s.HeapPeak >> 20}
	}
	info.Counts.Findings = len(res.Findings)
	for _, r := range res.Load.Rejects {
		if r.Action == loaders.RowRejected {
			info.Counts.RowsRejected++
		} else {
			info.Counts.CellsCleared++
		}
	}
	return info
}

// summaryFile is summary.json: the report numbers plus the change list counts of this run.
type summaryFile struct {
	findings.Summary
	Changes map[string]int `json:"changes"`
}

func writeOutputs(stage *output.Staging, res *engine.Result, changes []findings.Change, info *output.RunInfo, reveal bool, env *Env) error {
	mem := memstat.Start(20 * time.Millisecond)
	defer mem.Stop()
	t0 := time.Now()
	// timed runs one export and records how long it took.
	timed := func(name string, write func() error) error {
		start := time.Now()
		err := write()
		info.Exports[name] = int(time.Since(start).Milliseconds())
		return err
	}
	file := func(name string, mode os.FileMode, write func(*os.File) error) error {
		return timed(name, func() error { return stage.WriteFile(name, mode, write) })
	}
	if err := file("findings.csv", output.ModePrivate, func(f *os.File) error { return output.WriteFindingsCSV(f, res.Findings) }); err != nil {
		return err
	}
	if err := file("rejects.csv", output.ModePrivate, func(f *os.File) error { return output.WriteRejectsCSV(f, res.Load.Rejects) }); err != nil {
		return err
	}
	counts := map[string]int{}
	for _, c := range changes {
		counts[c.Kind]++
	}
	if err := file("summary.json", output.ModePublic, func(f *os.File) error {
		return output.WriteJSON(f, summaryFile{Summary: res.Summary, Changes: counts})
	}); err != nil {
		return err
	}
	var ruleInfo []report.RuleInfo
	for _, r := range res.Rules {
		ruleInfo = append(ruleInfo, report.RuleInfo{Code: r.Code, Title: r.Title, Category: r.Category, Severity: r.Severity})
	}
	mode := os.FileMode(output.ModePublic)
	if reveal {
		mode = output.ModePrivate
		env.Log.Warn().Msg("--reveal-ids: findings.xlsx holds full ID numbers and is written private (0600)")
	}
	wb := &report.Workbook{Findings: res.Findings, Rules: ruleInfo, Rejects: res.Load.Rejects, Run: info, Changes: changes, RevealIDs: reveal}
	if err := file("findings.xlsx", mode, func(f *os.File) error { return report.WriteFindingsWorkbook(f, wb) }); err != nil {
		return err
	}
	var reports map[string]string
	var summaryReport string
	if err := timed("reports", func() (err error) {
		reports, summaryReport, err = writeReports(stage, res)
		return err
	}); err != nil {
		return err
	}
	if err := timed("publicity", func() error { return writeNotices(stage, res) }); err != nil {
		return err
	}
	ov := &report.OverviewInput{Title: districtName(res), RunID: info.RunID, AsOf: info.AsOf, Summary: &res.Summary, Findings: res.Findings,
		Reports: reports, SummaryReport: summaryReport, Workbook: "findings.xlsx"}
	if err := file("overview.html", output.ModePublic, func(f *os.File) error { return report.WriteOverview(f, ov) }); err != nil {
		return err
	}
	info.Timings["exports"] = int(time.Since(t0).Milliseconds())
	info.Memory["exports"] = output.StageMemory{PeakRSS: memstat.PeakRSS() >> 20, GoHeapPeak: mem.Peak() >> 20}
	info.FinishedAt = time.Now().UTC().Format(time.RFC3339)
	return stage.WriteFile("run.json", output.ModePublic, func(f *os.File) error { return output.WriteJSON(f, info) })
}

// districtName names the whole drop in titles: the longest configured region prefix that is a
// place name (白银市白银区), else 全区.
func districtName(res *engine.Result) string {
	for _, p := range res.RegionPrefixes {
		if len([]rune(p)) > 1 {
			return p
		}
	}
	return "全区"
}

// writeReports writes reports/<dept_code>_<dept_name>.docx for every department and the whole
// drop's summary report; it returns the relative paths for the overview page.
func writeReports(stage *output.Staging, res *engine.Result) (map[string]string, string, error) {
	byDept := map[string][]findings.Finding{}
	for _, f := range res.Findings {
		if f.Status != findings.StatusSuppressed {
			byDept[f.DeptCode] = append(byDept[f.DeptCode], f)
		}
	}
	day := time.Now()
	// The reports are independent, so every CPU writes some, as writeNotices does.
	var g errgroup.Group
	g.SetLimit(runtime.NumCPU())
	write := func(rel string, in *report.ReportInput) {
		g.Go(func() error {
			return stage.WriteFile(rel, output.ModePublic, func(f *os.File) error { return report.WriteReport(f, in) })
		})
	}
	paths := map[string]string{}
	for _, d := range res.Summary.Departments {
		rel := filepath.Join("reports", output.SafeName(d.Code+"_"+d.Name)+".docx")
		write(rel, &report.ReportInput{Title: d.Name, Numbers: d.Numbers, Findings: byDept[d.Code], Date: day})
		paths[d.Code] = filepath.ToSlash(rel)
	}
	name := districtName(res)
	rel := filepath.Join("reports", output.SafeName("00_"+name+"汇总")+".docx")
	write(rel, &report.ReportInput{Title: name, Numbers: res.Summary.Total, Summary: true, Departments: res.Summary.Departments, Date: day})
	if err := g.Wait(); err != nil {
		return nil, "", err
	}
	return paths, filepath.ToSlash(rel), nil
}

// writeNotices writes publicity/<unit_code>_<unit_name>.xlsx, one 公示 workbook per unit.
// The files are independent, so every CPU writes some: a province has tens of thousands.
func writeNotices(stage *output.Staging, res *engine.Result) error {
	var g errgroup.Group
	g.SetLimit(runtime.NumCPU())
	for i := range res.Notices {
		n := &res.Notices[i]
		g.Go(func() error {
			rel := filepath.Join("publicity", output.SafeName(n.UnitCode+"_"+n.UnitName)+".xlsx")
			return stage.WriteFile(rel, output.ModePublic, func(f *os.File) error { return report.WriteNotice(f, n, nil) })
		})
	}
	return g.Wait()
}

func printRunSummary(env *Env, out string, o *runOutcome) {
	w := env.Stdout
	info := o.info
	fmt.Fprintf(w, "hecha run %s: as of %s, months %s\n", info.RunID, info.AsOf, strings.Join(info.Months, " "))
	fmt.Fprintf(w, "  %d findings, %d rows rejected, %d cells cleared, %d rules failed\n",
		info.Counts.Findings, info.Counts.RowsRejected, info.Counts.CellsCleared, info.Counts.RulesFailed)
	for _, line := range report.ProblemLines(o.res.Summary.Total.Problems) {
		fmt.Fprintf(w, "  %s\n", line)
	}
	counts := map[string]int{}
	for _, c := range o.changes {
		counts[c.Kind]++
	}
	fmt.Fprintf(w, "  since the previous run: %s\n", changeCounts(counts))
	abs, err := filepath.Abs(out)
	if err != nil {
		abs = out
	}
	fmt.Fprintf(w, "output folder: %s\n", abs)
	for _, f := range []string{"overview.html", "findings.xlsx", "reports/", "publicity/", "findings.csv", "summary.json", "run.json", "rejects.csv"} {
		fmt.Fprintf(w, "  %s\n", filepath.Join(abs, f))
	}
}

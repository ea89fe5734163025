// Package engine runs one reconciliation of hecha: it stages a data drop (read by package
// loaders) into an in-memory DuckDB, folds the establishment ledger on the as-of date, derives
// departments and the facts the rules need, runs every rule of package rules (builtin and a
// user's folder) and computes the per-department numbers of the verification report. DuckDB
// stays inside this package: callers get plain Go values (loaders.Report, findings.Finding,
// findings.Summary).
package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/rs/zerolog"

	"github.com/hecha-dev/hecha/findings"
	"github.com/hecha-dev/hecha/loaders"
	"github.com/hecha-dev/hecha/memstat"
	"github.com/hecha-dev/hecha/rules"
)

// ErrParams marks a bad or missing run parameter (as-of date, months, retirement table): the
// caller should exit as for a bad invocation.
var ErrParams = errors.New("bad run parameters")

// Config is one run's input and parameters. Zero values mean "use the drop's hecha.toml [params],
// else the default" (inputs.md, "Parameters of a run").
type Config struct {
	// Input is the data drop folder.
	Input string
	// AsOf is the day counted on (截止时点); zero: the manifest's, else the last day of the newest
	// payroll month in the drop.
	AsOf time.Time
	// Months narrows the examined payroll months (YYYY-MM); empty: every payroll month ≤ AsOf.
	Months []string
	// RegionPrefixes are unit-name prefixes ignored by unit.renamed; empty: the manifest's, else
	// derived from the approved names and logged.
	RegionPrefixes []string
	// RulesDir is a folder of user rules (*.sql, the builtin format) run after the builtin ones.
	RulesDir string
	// Retirement is the statutory retirement table; nil: DefaultRetirement.
	Retirement *Retirement
	// TempDir is where DuckDB spills; empty: a fresh temporary folder removed after the run.
	TempDir string
	// MemoryLimit is DuckDB's memory_limit (e.g. "2GB"); empty: DefaultMemoryLimit.
	MemoryLimit string
	// Workers is how many files the loaders read at once; 0 means one.
	Workers int
	// RowByRow reads every CSV file row by row in Go, instead of handing the rows in canonical
	// form to DuckDB set-based: the reference the set-based path is tested against.
	RowByRow bool
	// Notices asks for Result.Notices: each unit's facts and staff list for its 公示.
	Notices bool
	// Logger receives progress and problems; the zero value logs nothing.
	Logger zerolog.Logger
	// Progress, when set, is called as rows are staged and as rules finish.
	Progress func(Progress)
	// ReleaseLater lets a successful Run return as soon as its result is ready and release DuckDB
	// (its memory and spill files) in the background: at province scale that takes 0.3 s, which
	// the caller can spend writing the outputs. The caller must then call Result.Wait before it
	// removes TempDir.
	ReleaseLater bool
}

// Progress is a report of how far a run has got.
type Progress struct {
	Stage      string // load or rules
	Rows       int64  // rows staged so far (load)
	File       string // the file being read (load)
	RulesDone  int    // rules finished (rules)
	RulesTotal int
	Rule       string // the rule that just finished
}

// Stage is how long one stage of a run took.
type Stage struct {
	Name     string
	Duration time.Duration
	// PeakRSS is the process's highest resident memory by the stage's end (DuckDB included), in
	// bytes; 0 where the system does not say. HeapPeak is the Go heap's highest during the stage.
	PeakRSS, HeapPeak uint64
}

// Result is everything a run concludes.
type Result struct {
	Load           *loaders.Report
	Findings       []findings.Finding // sorted by (rule, unit_code, subject)
	Summary        findings.Summary
	Rules          []RuleResult // in rule-code order
	AsOf           time.Time
	Months         []string // YYYY-MM examined, ascending
	RegionPrefixes []string // the prefixes used, longest first
	// PrefixesDerived says the region prefixes were derived from the drop, not configured.
	PrefixesDerived bool
	// Coverage says which sources loaded, per kind and unit: the next run's change list uses it.
	Coverage *findings.Coverage
	// Units lists every unit set up or approved, with its department.
	Units []findings.UnitRef
	// Notices holds one 公示 per unit set up or approved, when Config.Notices asked for them.
	Notices []findings.Notice
	Timings []Stage

	released   chan struct{} // closed once DuckDB is released (Config.ReleaseLater)
	releaseErr error
}

// Wait returns once DuckDB is released: at once, unless Config.ReleaseLater left that to the
// background (or r is nil). The error is the release's.
func (r *Result) Wait() error {
	if r == nil || r.released == nil {
		return nil
	}
	<-r.released
	return r.releaseErr
}

// Failed returns the rules that did not run to the end.
func (r *Result) Failed() []RuleResult {
	var out []RuleResult
	for _, rr := range r.Rules {
		if rr.Err != nil {
			out = append(out, rr)
		}
	}
	return out
}

// LoadRules returns the builtin rules plus those of dir (when not empty), every problem at once.
func LoadRules(dir string) ([]rules.Rule, error) {
	b, err := rules.Builtin()
	if err != nil {
		return nil, err
	}
	if dir == "" {
		return b, nil
	}
	u, err := rules.LoadDir(dir)
	if err != nil {
		return nil, err
	}
	return rules.Merge(b, u)
}

// Run performs one reconciliation of cfg.Input. Structural input errors come back matching
// errors.Is(err, loaders.ErrStructural); bad parameters match ErrParams; invalid rules match
// rules.ErrInvalid. A rule that fails while running does not fail the run: its RuleResult holds
// the error.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	log := cfg.Logger
	res := &Result{}
	mem := memstat.Start(20 * time.Millisecond)
	defer mem.Stop()
	t0 := time.Now()
	stage := func(name string) {
		now := time.Now()
		st := Stage{Name: name, Duration: now.Sub(t0), PeakRSS: memstat.PeakRSS(), HeapPeak: mem.Peak()}
		res.Timings = append(res.Timings, st)
		log.Debug().Str("stage", name).Dur("took", st.Duration).Uint64("peak_rss_mib", st.PeakRSS>>20).
			Uint64("go_heap_peak_mib", st.HeapPeak>>20).Msg("stage done")
		t0 = now
	}
	retire := cfg.Retirement
	if retire == nil {
		retire = DefaultRetirement()
	}
	if err := retire.validate(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrParams, err)
	}
	rs, err := LoadRules(cfg.RulesDir)
	if err != nil {
		return nil, err
	}
	man, err := loaders.ReadManifest(cfg.Input)
	if err != nil {
		return nil, err
	}
	asOf := cfg.AsOf
	if asOf.IsZero() {
		asOf = man.Params.AsOf
	}
	months := cfg.Months
	if len(months) == 0 {
		for _, m := range man.Params.Months {
			months = append(months, m.Format("2006-01"))
		}
	}
	prefixes := cfg.RegionPrefixes
	if len(prefixes) == 0 {
		prefixes = man.Params.RegionPrefixes
	}

	d, err := openDB(cfg.TempDir, cfg.MemoryLimit)
	if err != nil {
		return nil, err
	}
	later := false
	defer func() {
		if !later {
			d.Close()
		}
	}()
	rep, err := d.stage(ctx, cfg, man)
	res.Load = rep
	if err != nil {
		return res, err
	}
	stage("load")

	e := &env{}
	if e.asOf, e.months, e.everyMonth, err = d.params(ctx, asOf, months); err != nil {
		return res, err
	}
	for _, sh := range sheets(rep) {
		if sh.Kind == loaders.KindIdentity {
			e.hasIdent = true
		}
	}
	if len(prefixes) > 0 {
		e.prefixes = prefixes
		e.norm = NewNameNormalizer(prefixes)
	}
	if err := d.stageParams(ctx, e); err != nil {
		return res, err
	}
	if err := d.derive(ctx, e, retire); err != nil {
		return res, err
	}
	res.AsOf = e.asOf
	for _, m := range e.months {
		res.Months = append(res.Months, m.Format("2006-01"))
	}
	res.RegionPrefixes, res.PrefixesDerived = append([]string(nil), e.prefixes...), e.derived
	if e.derived {
		log.Info().Strs("region_prefixes", res.RegionPrefixes).Msg("region prefixes derived from the approved unit names (set them with --region-prefix)")
	}
	log.Info().Str("as_of", e.asOf.Format("2006-01-02")).Strs("months", res.Months).Msg("parameters")
	stage("fold")

	if err := d.prepareRules(ctx, rs); err != nil {
		return res, err
	}
	stage("prepare")
	for i := range rs {
		r := &rs[i]
		start := time.Now()
		fs, err := d.runRule(ctx, r, e)
		rr := RuleResult{Code: r.Code, Hash: r.Hash, Title: r.Title, Category: r.Category, Severity: r.Severity,
			File: r.File, Count: len(fs), Err: err, Duration: time.Since(start)}
		if err != nil {
			if ctx.Err() != nil {
				return res, ctx.Err()
			}
			rr.Count = 0
			log.Error().Str("rule", r.Code).Err(err).Msg("rule failed; the other rules go on")
		} else {
			res.Findings = append(res.Findings, fs...)
			log.Debug().Str("rule", r.Code).Int("findings", len(fs)).Dur("took", rr.Duration).Msg("rule done")
		}
		res.Rules = append(res.Rules, rr)
		if cfg.Progress != nil {
			cfg.Progress(Progress{Stage: "rules", RulesDone: i + 1, RulesTotal: len(rs), Rule: r.Code})
		}
	}
	sortFindings(res.Findings)
	stage("rules")
	units, deptOutside, err := d.perUnit(ctx, e)
	if err != nil {
		return res, fmt.Errorf("summary: %w", err)
	}
	res.Summary = d.summarize(e, units, deptOutside, res.Findings)
	res.Coverage = coverage(e, rep)
	res.Units = unitList(e)
	stage("summary")
	if cfg.Notices {
		if res.Notices, err = d.notices(ctx, e, units); err != nil {
			return res, fmt.Errorf("notices: %w", err)
		}
		stage("notices")
	}
	if cfg.ReleaseLater {
		later = true
		res.released = make(chan struct{})
		go func() {
			res.releaseErr = d.Close()
			close(res.released)
		}()
	}
	return res, nil
}

// stage loads the drop into the staging tables and removes the rows with a duplicate key.
func (d *db) stage(ctx context.Context, cfg Config, man *loaders.Manifest) (*loaders.Report, error) {
	if err := d.exec(ctx, stagingDDL()...); err != nil {
		return nil, fmt.Errorf("create staging tables: %w", err)
	}
	st, err := newStager(ctx, d, cfg.Input)
	if err != nil {
		return nil, err
	}
	st.progress = cfg.Progress
	opts := loaders.Options{OpenParquet: d.openParquet, Workers: cfg.Workers, Manifest: man, FileDone: st.fileDone}
	if !cfg.RowByRow {
		opts.BulkCSV = st.bulk
	}
	rep, lerr := loaders.LoadDrop(ctx, cfg.Input, opts, st.sink)
	cerr := st.close()
	if lerr != nil {
		return rep, lerr
	}
	if cerr != nil {
		return rep, fmt.Errorf("staging: %w", cerr)
	}
	if err := st.writeSources(ctx); err != nil {
		return rep, fmt.Errorf("staging: %w", err)
	}
	keys, err := st.duplicateKeys(ctx)
	if err != nil {
		return rep, fmt.Errorf("staging: %w", err)
	}
	if err := d.finishStaging(ctx, duplicateRejects(rep, keys)); err != nil {
		return rep, fmt.Errorf("staging: %w", err)
	}
	return rep, nil
}

func sheets(rep *loaders.Report) []loaders.SheetReport {
	var out []loaders.SheetReport
	if rep == nil {
		return out
	}
	for _, f := range rep.Files {
		out = append(out, f.Sheets...)
	}
	return out
}

// stageParams stages params (one row), months and pay (the payroll rows of the examined months).
func (d *db) stageParams(ctx context.Context, e *env) error {
	var last3 any
	if n := len(e.months); n > 0 {
		last3 = e.months[max(0, n-3)]
	}
	var ms [][]any
	for _, m := range e.months {
		ms = append(ms, []any{m})
	}
	if err := d.exec(ctx,
		`CREATE TABLE params (as_of DATE, as_of_month DATE, last3_start DATE, has_identity BOOLEAN)`,
		`CREATE TABLE months (month DATE)`); err != nil {
		return err
	}
	if err := d.insert(ctx, "params", [][]any{{e.asOf, firstOfMonth(e.asOf), last3, e.hasIdent}}); err != nil {
		return err
	}
	if err := d.insert(ctx, "months", ms); err != nil {
		return err
	}
	// Usually every month of the payroll is examined: pay is then the payroll itself, and the rules
	// scan it without a filter.
	if e.everyMonth {
		return d.exec(ctx, `CREATE VIEW pay AS SELECT * FROM payroll`)
	}
	return d.exec(ctx, `CREATE VIEW pay AS SELECT * FROM payroll WHERE pay_month IN (SELECT month FROM months)`)
}

// Check loads and validates a drop without running the rules: kinds recognised, rows read,
// rejects (duplicate keys included). DuckDB is opened only when the drop holds Parquet files.
func Check(ctx context.Context, input string) (*loaders.Report, error) {
	var d *db
	defer func() {
		if d != nil {
			d.Close()
		}
	}()
	open := func(path string) (loaders.RowReader, error) {
		if d == nil {
			var err error
			if d, err = openDB("", ""); err != nil {
				return nil, err
			}
		}
		return d.openParquet(path)
	}
	keys := map[loaders.Kind][]keyPos{}
	var mu = make(chan struct{}, 1)
	sink := func(r *loaders.Row) error {
		if r.Kind != loaders.KindUnits && r.Kind != loaders.KindIdentity {
			return nil
		}
		mu <- struct{}{}
		defer func() { <-mu }()
		key, _ := r.Values[keyIndex(r.Kind)].(string)
		keys[r.Kind] = append(keys[r.Kind], keyPos{key: key, file: r.File, sheet: r.Sheet, line: r.Line})
		return nil
	}
	rep, err := loaders.LoadDrop(ctx, input, loaders.Options{OpenParquet: open}, sink)
	if err != nil {
		return rep, err
	}
	duplicateRejects(rep, keys)
	return rep, nil
}

func keyIndex(k loaders.Kind) int {
	name := "unit_code"
	if k == loaders.KindIdentity {
		name = "id_no"
	}
	return loaders.Schemas[k].Index(name)
}

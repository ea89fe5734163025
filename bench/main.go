// Command bench measures hecha at county and province scale against the floors of its design:
// DuckDB alone reading the same CSV files and running the core joins, and excelize's raw row
// iteration over the same .xlsx files. It generates the drops (unless they exist), runs the hecha
// binary on each, and prints one table. It is not part of the test suite:
//
//	go run ./bench                 # province (20,000 units, 1,000,000 staff, 12 months) and county
//	go run ./bench -scale county   # the county drops only
//	go run ./bench -runs 1         # one run of each instead of three
//
// A CSV drop is run -runs times, hecha and the baseline alternately, and the table shows the run of
// median time of each and the ratio of the two medians: on a small virtual machine one run moves by
// a few tenths of a second, the baseline's too.
package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
	"github.com/xuri/excelize/v2"

	"github.com/hecha-dev/hecha/engine"
	"github.com/hecha-dev/hecha/output"
)

type drop struct {
	name   string
	units  int
	staff  int
	months int
	format string
}

var drops = map[string][]drop{
	"province": {{"province-csv", 20000, 1000000, 12, "csv"}, {"county-csv", 2000, 100000, 12, "csv"}, {"county-xlsx", 2000, 100000, 12, "xlsx"}},
	"county":   {{"county-csv", 2000, 100000, 12, "csv"}, {"county-xlsx", 2000, 100000, 12, "xlsx"}},
	"small":    {{"small-csv", 200, 10000, 12, "csv"}, {"small-xlsx", 200, 10000, 12, "xlsx"}},
}

// measured is one timed step.
type measured struct {
	step   string
	wall   time.Duration
	maxRSS int64 // KiB, 0 when in-process; for a stage of a run, the process's peak by its end
	goHeap int64 // MiB, a stage's Go heap peak
	note   string
}

func main() {
	out := flag.String("out", "bench-out", "working folder for the drops and runs (large: a province drop is about 1.5 GB)")
	scale := flag.String("scale", "province", "province, county or small")
	memory := flag.String("memory", engine.DefaultMemoryLimit, "DuckDB memory limit for hecha and the baseline (hecha's default)")
	runs := flag.Int("runs", 3, "runs of hecha and of the DuckDB baseline on each CSV drop, alternately (the table shows the median of each)")
	baselineOnly := flag.String("baseline", "", "run only the DuckDB baseline on this CSV drop and print its timings as JSON (the benchmark runs itself so, in a child process, so that its memory is not counted in hecha's)")
	flag.Parse()
	if *baselineOnly != "" {
		var out []map[string]any
		for _, m := range baseline(*baselineOnly, *memory) {
			out = append(out, map[string]any{"step": m.step, "ms": m.wall.Milliseconds()})
		}
		if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
			fail("%v", err)
		}
		return
	}
	ds, ok := drops[*scale]
	if !ok {
		fail("unknown -scale %q: province, county or small", *scale)
	}
	if *runs < 1 {
		fail("-runs %d: at least 1", *runs)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fail("%v", err)
	}
	abs, _ := filepath.Abs(*out)
	bin := filepath.Join(abs, "hecha")
	if b, err := exec.Command("go", "build", "-o", bin, "./cmd/hecha").CombinedOutput(); err != nil {
		fail("build hecha: %v\n%s", err, b)
	}
	cfg := filepath.Join(abs, "bench.toml")
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf("memory_limit = %q\n", *memory)), 0o644); err != nil {
		fail("%v", err)
	}
	var rows []measured
	totals := map[string]time.Duration{}
	for _, d := range ds {
		dir := filepath.Join(abs, d.name)
		if _, err := os.Stat(filepath.Join(dir, "drop")); err != nil {
			m := run(d.name+": hecha gen", bin, "gen", "--out", dir, "--units", fmt.Sprint(d.units), "--staff", fmt.Sprint(d.staff),
				"--months", fmt.Sprint(d.months), "--format", d.format, "--clean", "--seed", "1")
			rows = append(rows, m)
		}
		runDir := filepath.Join(abs, d.name+"-run")
		hechaRun := func() (measured, []measured) {
			os.RemoveAll(runDir)
			m := run(d.name+": hecha run", bin, "run", "--input", filepath.Join(dir, "drop"), "--out", filepath.Join(runDir, "out"),
				"--store", filepath.Join(runDir, "hecha.duckdb"), "--config", cfg, "--no-publicity", "--log-level", "warn")
			return m, stages(d.name, filepath.Join(runDir, "out", "run.json"))
		}
		switch d.format {
		case "csv":
			var hs, bs [][]measured
			for i := 0; i < *runs; i++ {
				m, st := hechaRun()
				hs = append(hs, append([]measured{m}, st...))
				bs = append(bs, baselineChild(filepath.Join(dir, "drop"), *memory))
			}
			h, b := median(hs), median(bs)
			totals[d.name] = h[0].wall
			note := fmt.Sprintf("%.2f×", h[0].wall.Seconds()/b[0].wall.Seconds())
			if *runs > 1 {
				of := fmt.Sprintf(" (median of %d)", *runs)
				h[0].step += of
				b[0].step += of
				note += ", median over median"
			}
			note += " (target ≤ 2×, and under 60 s)"
			if *runs > 1 {
				var each []string
				for i := range hs {
					each = append(each, fmt.Sprintf("%.2f / %.2f s", hs[i][0].wall.Seconds(), bs[i][0].wall.Seconds()))
				}
				note += "; each run, hecha / DuckDB alone: " + strings.Join(each, ", ")
			}
			rows = append(rows, h...)
			rows = append(rows, b...)
			rows = append(rows, measured{step: d.name + ": ratio hecha / DuckDB alone", note: note})
		case "xlsx":
			m, st := hechaRun()
			rows = append(rows, m)
			rows = append(rows, st...)
			raw, n := excelizeRaw(filepath.Join(dir, "drop"))
			rows = append(rows, measured{step: d.name + ": excelize raw iteration", wall: raw, note: fmt.Sprintf("%d rows, %.0f rows/s", n, float64(n)/raw.Seconds())})
			load := stageTime(filepath.Join(runDir, "out", "run.json"), "load")
			rows = append(rows, measured{step: d.name + ": ratio of hecha's load rate to excelize's", note: fmt.Sprintf("%.2f× (target ≥ 0.75×)", raw.Seconds()/load.Seconds())})
		}
	}
	if p, c := totals["province-csv"], totals["county-csv"]; p > 0 && c > 0 {
		rows = append(rows, measured{step: "scaling: province / county (10× the data)", note: fmt.Sprintf("%.1f× the time (target ≤ 12×)", p.Seconds()/c.Seconds())})
	}
	tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "step\twall (s)\tpeak RSS (MiB)\tGo heap peak (MiB)\tnote\t")
	for _, r := range rows {
		wall, rss, heap := "", "", ""
		if r.wall > 0 {
			wall = fmt.Sprintf("%.2f", r.wall.Seconds())
		}
		if r.maxRSS > 0 {
			rss = fmt.Sprintf("%.0f", float64(r.maxRSS)/1024)
		}
		if r.goHeap > 0 {
			heap = fmt.Sprint(r.goHeap)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", r.step, wall, rss, heap, r.note)
	}
	tw.Flush()
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
	os.Exit(1)
}

// median returns the run whose first step took the median time (the upper one of an even number).
func median(runs [][]measured) []measured {
	sorted := append([][]measured(nil), runs...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i][0].wall < sorted[j][0].wall })
	return sorted[len(sorted)/2]
}

// run times a child process and reads its peak resident memory.
func run(step, bin string, args ...string) measured {
	cmd := exec.Command(bin, args...)
	cmd.Stderr = os.Stderr
	t0 := time.Now()
	if err := cmd.Run(); err != nil {
		fail("%s: %v", step, err)
	}
	m := measured{step: step, wall: time.Since(t0)}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		m.maxRSS = ru.Maxrss
	}
	return m
}

func readRun(runJSON string) output.RunInfo {
	data, err := os.ReadFile(runJSON)
	if err != nil {
		fail("%v", err)
	}
	var f output.RunInfo
	if err := json.Unmarshal(data, &f); err != nil {
		fail("%s: %v", runJSON, err)
	}
	return f
}

func stageTime(runJSON, stage string) time.Duration {
	return ms(readRun(runJSON).Timings[stage])
}

func ms(n int) time.Duration { return time.Duration(n) * time.Millisecond }

// stages lists the run's stages in order, each with the peak RSS by its end and the Go heap's
// peak within it; under load the read time of each kind (summed over files read at once), under
// rules each rule (slowest first), under exports each output.
func stages(name, runJSON string) []measured {
	f := readRun(runJSON)
	var out []measured
	sub := func(label, note string, t map[string]int) {
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool { return t[keys[i]] > t[keys[j]] || t[keys[i]] == t[keys[j]] && keys[i] < keys[j] })
		for _, k := range keys {
			out = append(out, measured{step: "    " + name + ": " + label + " " + k, wall: ms(t[k]), note: note})
		}
	}
	for _, st := range []string{"load", "fold", "prepare", "rules", "summary", "notices", "exports"} {
		d, ok := f.Timings[st]
		if !ok {
			continue
		}
		m := f.Memory[st]
		out = append(out, measured{step: "  " + name + ": " + st, wall: ms(d), maxRSS: int64(m.PeakRSS) << 10, goHeap: int64(m.GoHeapPeak)})
		switch st {
		case "load":
			sub("load", "files of the kind, summed (several load at once)", f.LoadByKind)
		case "rules":
			rules := map[string]int{}
			for _, r := range f.Rules {
				rules[r.Code] = int(r.DurationMS)
			}
			sub("rule", "", rules)
		case "exports":
			sub("export", "", f.Exports)
		}
	}
	return out
}

// baselineChild runs the baseline in a child process of this program and reads its timings.
func baselineChild(dropDir, memory string) []measured {
	self, err := os.Executable()
	if err != nil {
		fail("%v", err)
	}
	cmd := exec.Command(self, "-baseline", dropDir, "-memory", memory)
	cmd.Stderr = os.Stderr
	data, err := cmd.Output()
	if err != nil {
		fail("baseline: %v", err)
	}
	var steps []struct {
		Step string `json:"step"`
		MS   int64  `json:"ms"`
	}
	if err := json.Unmarshal(data, &steps); err != nil {
		fail("baseline output: %v", err)
	}
	total := measured{step: "DuckDB alone (all steps)"}
	var out []measured
	for _, s := range steps {
		m := measured{step: s.Step, wall: time.Duration(s.MS) * time.Millisecond}
		total.wall += m.wall
		out = append(out, m)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		total.maxRSS = ru.Maxrss
	}
	return append([]measured{total}, out...)
}

// baseline is the floor of this design: DuckDB alone reading the drop's CSV files with read_csv
// and running the core joins (over-establishment, payroll vs registry, paid by several units).
func baseline(dropDir, memory string) []measured {
	db, err := sql.Open("duckdb", "?autoinstall_known_extensions=false&autoload_known_extensions=false&memory_limit="+memory)
	if err != nil {
		fail("%v", err)
	}
	defer db.Close()
	ctx := context.Background()
	q := func(name, query string) measured {
		t0 := time.Now()
		if _, err := db.ExecContext(ctx, query); err != nil {
			fail("baseline %s: %v\n%s", name, err, query)
		}
		return measured{step: "  DuckDB alone: " + name, wall: time.Since(t0)}
	}
	p := func(rel string) string { return strings.ReplaceAll(filepath.Join(dropDir, rel), "'", "''") }
	var out []measured
	out = append(out,
		q("read units", `CREATE TABLE units AS SELECT * FROM read_csv('`+p("机构信息.csv")+`', header = true)`),
		q("read ledger", `CREATE TABLE ledger AS SELECT * FROM read_csv('`+p("机构编制台账.csv")+`', header = true)`),
		q("read staff", `CREATE TABLE staff AS SELECT * FROM read_csv('`+p("实名制人员信息.csv")+`', header = true)`),
		q("read payroll", `CREATE TABLE payroll AS SELECT * FROM read_csv('`+p("工资发放名册/*.csv")+`', header = true, union_by_name = true)`),
		q("read identity", `CREATE TABLE identity AS SELECT * FROM read_csv('`+p("公安人口信息.csv")+`', header = true)`),
		q("params", `CREATE TABLE params AS SELECT last_day(max(strptime("发放年月", '%Y-%m'))) AS as_of FROM payroll`),
		q("over-establishment", `CREATE TABLE over_est AS
			WITH approved AS (
				SELECT "单位代码" AS unit, sum(coalesce("行政编制", 0)) AS admin, sum(coalesce("事业编制(全额拨款)", 0)) AS full
				FROM ledger, params WHERE "批准日期" <= as_of GROUP BY ALL),
			actual AS (
				SELECT "单位代码" AS unit, "编制类型" AS typ, count(DISTINCT "身份证号") AS n
				FROM staff, params
				WHERE ("进入本单位时间" IS NULL OR "进入本单位时间" <= as_of) AND ("离开本单位时间" IS NULL OR "离开本单位时间" >= as_of)
				GROUP BY ALL)
			SELECT a.unit, a.typ, a.n - CASE a.typ WHEN '行政编制' THEN p.admin ELSE p.full END AS excess
			FROM actual a JOIN approved p USING (unit)
			WHERE a.n > CASE a.typ WHEN '行政编制' THEN p.admin ELSE p.full END`),
		// The joins are written as hecha's rules write them (rules/payroll.not_registered.sql and
		// rules/payroll.multi_unit.sql): a left anti join whose coverage test has no OR (which
		// DuckDB hashes; a correlated NOT EXISTS with OR took 6 s here), and the people paid by
		// two units found before their months are grouped.
		q("payroll vs registry", `CREATE TABLE not_registered AS
			WITH p AS (SELECT "单位代码" AS u, "身份证号" AS id, strptime("发放年月", '%Y-%m')::DATE AS m FROM payroll),
			     s AS (SELECT "单位代码" AS u, "身份证号" AS id, "进入本单位时间" AS e, "离开本单位时间" AS x FROM staff)
			SELECT p.* FROM p LEFT JOIN s ON s.u = p.u AND s.id = p.id
				AND coalesce(s.e, DATE '0001-01-01') <= last_day(p.m) AND coalesce(s.x, DATE '9999-12-31') >= p.m
			WHERE s.id IS NULL`),
		q("paid by several units", `CREATE TABLE multi_unit AS
			WITH cand AS (SELECT "身份证号" AS id FROM payroll GROUP BY 1 HAVING count(DISTINCT "单位代码") > 1)
			SELECT "发放年月", "身份证号" FROM payroll WHERE "身份证号" IN (SELECT id FROM cand)
			GROUP BY ALL HAVING count(DISTINCT "单位代码") > 1`),
	)
	return out
}

// excelizeRaw iterates every row of every sheet of the drop's .xlsx files with excelize's
// streaming reader: the floor for reading spreadsheets.
func excelizeRaw(dropDir string) (time.Duration, int) {
	var files []string
	_ = filepath.Walk(dropDir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && strings.HasSuffix(p, ".xlsx") {
			files = append(files, p)
		}
		return nil
	})
	t0 := time.Now()
	rows := 0
	for _, p := range files {
		f, err := excelize.OpenFile(p, excelize.Options{UnzipSizeLimit: 1 << 30, UnzipXMLSizeLimit: 256 << 20})
		if err != nil {
			fail("%s: %v", p, err)
		}
		for _, sheet := range f.GetSheetList() {
			r, err := f.Rows(sheet)
			if err != nil {
				fail("%s: %v", p, err)
			}
			for r.Next() {
				if _, err := r.Columns(); err != nil {
					fail("%s: %v", p, err)
				}
				rows++
			}
			r.Close()
		}
		f.Close()
	}
	return time.Since(t0), rows
}

package cli

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/hecha-dev/hecha/fixtures"
	"github.com/hecha-dev/hecha/ids"
)

// hecha runs the CLI in-process and returns the exit code and both streams.
func hecha(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Do(context.Background(), append([]string{"--log-format", "json"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

// mustRun runs hecha and fails the test unless it exits 0.
func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errs := hecha(t, args...)
	if code != ExitOK {
		t.Fatalf("hecha %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, out, errs)
	}
	return out
}

// readCSV reads a UTF-8 (BOM) CSV into rows of the named columns, sorted.
func readCSV(t *testing.T, r io.Reader, cols ...string) [][]string {
	t.Helper()
	data, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	idx := map[string]int{}
	for i, h := range recs[0] {
		idx[h] = i
	}
	var out [][]string
	for _, rec := range recs[1:] {
		row := make([]string, len(cols))
		for i, c := range cols {
			j, ok := idx[c]
			if !ok {
				t.Fatalf("CSV has no column %q (header %v)", c, recs[0])
			}
			row[i] = rec[j]
		}
		out = append(out, row)
	}
	sort.Slice(out, func(i, j int) bool { return strings.Join(out[i], "\x00") < strings.Join(out[j], "\x00") })
	return out
}

func readCSVFile(t *testing.T, path string, cols ...string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return readCSV(t, f, cols...)
}

// readSummary reads a summary.json without the run's change counts, which a generator cannot know.
func readSummary(t *testing.T, data []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "changes")
	return m
}

var findingCols = []string{"rule", "unit_code", "subject", "count", "amount"}
var rejectCols = []string{"file", "sheet", "row", "column", "value", "action"}

// assertMatchesExpected compares a run's output folder with what the generator planted.
func assertMatchesExpected(t *testing.T, out string, expected fs.FS) {
	t.Helper()
	want, err := expected.Open("findings.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer want.Close()
	if diff := cmp.Diff(readCSV(t, want, findingCols...), readCSVFile(t, filepath.Join(out, "findings.csv"), findingCols...)); diff != "" {
		t.Errorf("findings differ from the planted ones (-want +got):\n%s", diff)
	}
	wr, err := expected.Open("rejects.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer wr.Close()
	if diff := cmp.Diff(readCSV(t, wr, rejectCols...), readCSVFile(t, filepath.Join(out, "rejects.csv"), rejectCols...)); diff != "" {
		t.Errorf("rejects differ from the planted bad rows (-want +got):\n%s", diff)
	}
	ws, err := fs.ReadFile(expected, "summary.json")
	if err != nil {
		t.Fatal(err)
	}
	gs, err := os.ReadFile(filepath.Join(out, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(readSummary(t, ws), readSummary(t, gs)); diff != "" {
		t.Errorf("summary.json differs from the expected report numbers (-want +got):\n%s", diff)
	}
}

func TestDemoRunMatchesExpected(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	stdout := mustRun(t, "run", "--out", out)
	expected, err := fs.Sub(fixtures.DemoFS(), "expected")
	if err != nil {
		t.Fatal(err)
	}
	assertMatchesExpected(t, out, expected)
	for _, want := range []string{"findings", "6.“吃空饷”合计", "overview.html"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("run output lacks %q:\n%s", want, stdout)
		}
	}
	modes := map[string]os.FileMode{"findings.csv": 0o600, "rejects.csv": 0o600, "findings.xlsx": 0o644, "summary.json": 0o644, "run.json": 0o644, "overview.html": 0o644}
	for name, mode := range modes {
		fi, err := os.Stat(filepath.Join(out, name))
		if err != nil {
			t.Fatalf("%s not written: %v", name, err)
		}
		if fi.Mode().Perm() != mode {
			t.Errorf("%s has mode %v, want %v", name, fi.Mode().Perm(), mode)
		}
	}
	var sum struct {
		Departments []struct{ Code string }
	}
	data, _ := os.ReadFile(filepath.Join(out, "summary.json"))
	if err := json.Unmarshal(data, &sum); err != nil {
		t.Fatal(err)
	}
	reports, _ := filepath.Glob(filepath.Join(out, "reports", "*.docx"))
	if len(reports) != len(sum.Departments)+1 {
		t.Errorf("%d reports for %d departments (+1 summary)", len(reports), len(sum.Departments))
	}
	notices, _ := filepath.Glob(filepath.Join(out, "publicity", "*.xlsx"))
	if len(notices) < len(sum.Departments) {
		t.Errorf("only %d 公示 workbooks", len(notices))
	}
	// The store is beside the output folder, private, and the run is in it.
	if fi, err := os.Stat(filepath.Join(dir, "hecha.duckdb")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("store beside the output: %v %v", fi, err)
	}
	hist := mustRun(t, "history", "--store", filepath.Join(dir, "hecha.duckdb"))
	if strings.Count(hist, "\n") != 2 {
		t.Errorf("history after one run:\n%s", hist)
	}
	assertRunMeasured(t, filepath.Join(out, "run.json"))
}

// assertRunMeasured checks run.json's measurements: every stage timed with its memory, the read
// time per kind adding up the sheets' own, every export timed.
func assertRunMeasured(t *testing.T, runJSON string) {
	t.Helper()
	var info struct {
		Timings    map[string]int `json:"timings_ms"`
		LoadByKind map[string]int `json:"load_ms_by_kind"`
		Exports    map[string]int `json:"exports_ms"`
		Memory     map[string]struct {
			PeakRSS    uint64 `json:"peak_rss"`
			GoHeapPeak uint64 `json:"go_heap_peak"`
		} `json:"memory_mib"`
		Inputs []struct {
			Sheets []struct {
				Kind   string `json:"kind"`
				ReadMS *int   `json:"read_ms"`
			}
		}
	}
	data, err := os.ReadFile(runJSON)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &info); err != nil {
		t.Fatal(err)
	}
	stages := []string{"load", "fold", "prepare", "rules", "summary", "notices", "exports"}
	var last uint64
	for _, s := range stages {
		if _, ok := info.Timings[s]; !ok {
			t.Errorf("timings_ms has no stage %s: %v", s, info.Timings)
		}
		m, ok := info.Memory[s]
		if !ok {
			t.Errorf("memory_mib has no stage %s", s)
			continue
		}
		// The peak so far only grows, and a DuckDB process holds more than a few MiB.
		if m.PeakRSS < 8 || m.PeakRSS < last {
			t.Errorf("memory_mib.%s.peak_rss = %d after %d", s, m.PeakRSS, last)
		}
		last = m.PeakRSS
	}
	if len(info.Memory) != len(stages) {
		t.Errorf("memory_mib has stages %v, want %v", info.Memory, stages)
	}
	sum, sheets := map[string]int{}, map[string]int{}
	for _, f := range info.Inputs {
		for _, sh := range f.Sheets {
			if sh.ReadMS == nil {
				t.Fatalf("an input sheet has no read_ms: %s", data)
			}
			if sh.Kind != "" {
				sum[sh.Kind] += *sh.ReadMS
				sheets[sh.Kind]++
			}
		}
	}
	if len(info.LoadByKind) != 5 {
		t.Errorf("load_ms_by_kind = %v, want the five kinds", info.LoadByKind)
	}
	for k, ms := range info.LoadByKind {
		// Each sheet's milliseconds are rounded down on their own, the kind's sum once.
		if d := ms - sum[k]; d < 0 || d > sheets[k] {
			t.Errorf("load_ms_by_kind.%s = %d, its sheets' read_ms add up to %d", k, ms, sum[k])
		}
	}
	total := 0
	for _, name := range []string{"findings.csv", "rejects.csv", "summary.json", "findings.xlsx", "reports", "publicity", "overview.html"} {
		ms, ok := info.Exports[name]
		if !ok {
			t.Errorf("exports_ms has no %s: %v", name, info.Exports)
		}
		total += ms
	}
	if total > info.Timings["exports"]+len(info.Exports) {
		t.Errorf("exports_ms add up to %d ms, more than the exports stage's %d", total, info.Timings["exports"])
	}
}

func TestGeneratedDistrictsMatchExpected(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
	}{
		{"seed2-xlsx-messy", []string{"--seed", "2", "--units", "45", "--staff", "900", "--months", "4"}},
		{"seed3-csv-messy", []string{"--seed", "3", "--units", "60", "--staff", "1200", "--months", "5", "--format", "csv"}},
		{"seed4-csv-clean", []string{"--seed", "4", "--units", "40", "--staff", "700", "--months", "4", "--format", "csv", "--clean"}},
		{"seed5-xlsx-clean-no-anomalies", []string{"--seed", "5", "--units", "40", "--staff", "500", "--months", "4", "--clean", "--no-anomalies"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			mustRun(t, append([]string{"gen", "--out", dir}, c.args...)...)
			out := filepath.Join(dir, "out")
			mustRun(t, "run", "--input", filepath.Join(dir, "drop"), "--out", out, "--no-publicity")
			assertMatchesExpected(t, out, os.DirFS(filepath.Join(dir, "expected")))
		})
	}
}

func TestCheckRejectsExactlyThePlantedBadRows(t *testing.T) {
	dir := t.TempDir()
	if err := fixtures.WriteDemo(dir); err != nil {
		t.Fatal(err)
	}
	code, out, errs := hecha(t, "check", "--input", filepath.Join(dir, "drop"))
	if code != ExitOK {
		t.Fatalf("check exit %d: %s", code, errs)
	}
	want := readCSVFile(t, filepath.Join(dir, "expected", "rejects.csv"), rejectCols...)
	if !strings.Contains(out, "rejects ("+strconv.Itoa(len(want))+"):") {
		t.Fatalf("check does not list %d rejects:\n%s", len(want), out)
	}
	for _, kind := range []string{"units", "ledger", "staff", "payroll", "identity"} {
		if !strings.Contains(out, kind) {
			t.Errorf("check output lacks kind %s", kind)
		}
	}
	if strings.Contains(out, "620402") && !strings.Contains(out, "********") {
		t.Errorf("check shows ID numbers unmasked:\n%s", out)
	}
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	xls := filepath.Join(dir, "xls")
	if err := os.MkdirAll(xls, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(xls, "人员.xls"), []byte{0xD0, 0xCF, 0x11, 0xE0}, 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "afile")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"missing drop", []string{"run", "--input", filepath.Join(dir, "nope"), "--out", filepath.Join(dir, "o1")}, ExitInput, "cannot be read"},
		{"drop is a file", []string{"check", "--input", file}, ExitInput, "is a file"},
		{"xls", []string{"run", "--input", xls, "--out", filepath.Join(dir, "o2")}, ExitInput, "xlsx"},
		{"out is a file", []string{"run", "--out", file, "--store", filepath.Join(dir, "s.duckdb")}, ExitInput, "is a file"},
		{"bad as-of", []string{"run", "--as-of", "2015/3/31", "--out", filepath.Join(dir, "o3")}, ExitInput, "YYYY-MM-DD"},
		{"unknown flag", []string{"run", "--bogus"}, ExitInput, "bogus"},
		{"fail-on", []string{"run", "--out", filepath.Join(dir, "o4"), "--fail-on", "high"}, ExitFindings, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, errs := hecha(t, c.args...)
			if code != c.code || !strings.Contains(errs, c.msg) {
				t.Fatalf("exit %d (want %d), stderr:\n%s", code, c.code, errs)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "o2")); !os.IsNotExist(err) {
		t.Errorf("a run that failed left an output folder: %v", err)
	}
}

func TestLogsNeverShowFullIDs(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := hecha(t, "--log-level", "debug", "run", "--out", filepath.Join(dir, "out"), "--reveal-ids", "--no-publicity")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	idPattern := regexp.MustCompile(`\d{17}[\dX]`)
	for name, text := range map[string]string{"stdout": out, "stderr": errs} {
		// Unit credit codes are 18 characters too; only a valid ID number is personal data.
		for _, m := range idPattern.FindAllString(text, -1) {
			if ids.Validate(m, time.Now()) == nil {
				t.Errorf("%s shows a full ID number %s", name, ids.Mask(m))
			}
		}
	}
	if !strings.Contains(errs, "reveal-ids") {
		t.Errorf("--reveal-ids not logged:\n%s", errs)
	}
	var info struct {
		Parameters struct {
			RevealIDs bool `json:"reveal_ids"`
		}
	}
	data, _ := os.ReadFile(filepath.Join(dir, "out", "run.json"))
	if err := json.Unmarshal(data, &info); err != nil || !info.Parameters.RevealIDs {
		t.Errorf("run.json does not record --reveal-ids: %s", data)
	}
	if fi, err := os.Stat(filepath.Join(dir, "out", "findings.xlsx")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("findings.xlsx with full IDs has mode %v (%v), want 0600", fi.Mode().Perm(), err)
	}
}

// TestHumanFacingOutputsMaskIDs reads every human-facing file of a default demo run and finds no
// ID number in full: the workbooks' cells, the reports' text, the overview, summary.json, run.json.
func TestHumanFacingOutputsMaskIDs(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	mustRun(t, "run", "--out", out)
	check := func(name, text string) {
		if masked := ids.MaskIn(text); masked != text {
			t.Errorf("%s shows a full ID number", name)
		}
	}
	files, _ := filepath.Glob(filepath.Join(out, "*.xlsx"))
	more, _ := filepath.Glob(filepath.Join(out, "publicity", "*.xlsx"))
	for _, p := range append(files, more...) {
		f, err := excelize.OpenFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, sheet := range f.GetSheetList() {
			rows, _ := f.GetRows(sheet)
			for _, r := range rows {
				check(filepath.Base(p)+"!"+sheet, strings.Join(r, "|"))
			}
		}
		f.Close()
	}
	reports, _ := filepath.Glob(filepath.Join(out, "reports", "*.docx"))
	if len(reports) == 0 {
		t.Fatal("no reports")
	}
	for _, p := range reports {
		zr, err := zip.OpenReader(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, zf := range zr.File {
			if zf.Name == "word/document.xml" {
				rc, _ := zf.Open()
				data, _ := io.ReadAll(rc)
				rc.Close()
				check(filepath.Base(p), string(data))
			}
		}
		zr.Close()
	}
	for _, name := range []string{"overview.html", "summary.json", "run.json"} {
		data, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		check(name, string(data))
	}
	// findings.csv is the machine-readable file with full IDs, and it is private.
	data, _ := os.ReadFile(filepath.Join(out, "findings.csv"))
	if ids.MaskIn(string(data)) == string(data) {
		t.Error("findings.csv should hold the full ID numbers")
	}
}

func TestConfigFile(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "hecha.toml")
	writeTestFile(t, cfg, `as_of = "2015-02-28"
region_prefixes = ["白银市白银区", "白银区", "区"]
memory_limit = "1GB"

# men cadres retire at 50 here, so more people are past retirement than under the defaults
[[retirement.groups]]
male = true
worker = false
base_months = 600
reform_from = 1965-01-01
step_months = 4
max_months = 636

[[retirement.groups]]
male = true
worker = true
base_months = 720
reform_from = 1965-01-01
step_months = 4
max_months = 756

[[retirement.groups]]
male = false
worker = false
base_months = 660
reform_from = 1970-01-01
step_months = 4
max_months = 696

[[retirement.groups]]
male = false
worker = true
base_months = 600
reform_from = 1975-01-01
step_months = 2
max_months = 660
`)
	out := filepath.Join(dir, "out")
	mustRun(t, "run", "--out", out, "--config", cfg, "--no-publicity")
	var info struct {
		AsOf       string   `json:"as_of"`
		Months     []string `json:"months"`
		Parameters struct {
			RegionPrefixes []string `json:"region_prefixes"`
		}
	}
	data, _ := os.ReadFile(filepath.Join(out, "run.json"))
	if err := json.Unmarshal(data, &info); err != nil {
		t.Fatal(err)
	}
	if info.AsOf != "2015-02-28" || info.Months[len(info.Months)-1] != "2015-02" || len(info.Parameters.RegionPrefixes) != 3 {
		t.Fatalf("config not applied: %+v", info)
	}
	retired := 0
	for _, r := range readCSVFile(t, filepath.Join(out, "findings.csv"), "rule") {
		if r[0] == "payroll.past_retirement" {
			retired++
		}
	}
	if retired < 10 {
		t.Fatalf("with men cadres retiring at 50, only %d past-retirement findings: the retirement table was not applied", retired)
	}
	writeTestFile(t, cfg, "as_off = \"2015-02-28\"\n")
	code, _, errs := hecha(t, "run", "--out", out, "--config", cfg)
	if code != ExitInput || !strings.Contains(errs, "unknown key as_off") {
		t.Fatalf("a misspelt key: exit %d %s", code, errs)
	}
}

package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestSampleAndRotateOverTheDemo(t *testing.T) {
	dir := t.TempDir()
	st := filepath.Join(dir, "hecha.duckdb")
	mustRun(t, "run", "--out", filepath.Join(dir, "out"), "--no-publicity")
	sample := filepath.Join(dir, "sample.xlsx")
	out := mustRun(t, "sample", "--store", st, "--ratio", "0.4", "--seed", "9", "--out", sample)
	if !strings.Contains(out, "units drawn") {
		t.Fatalf("sample output:\n%s", out)
	}
	first := sampleCodes(t, sample)
	again := filepath.Join(dir, "again.xlsx")
	mustRun(t, "sample", "--store", st, "--ratio", "0.4", "--seed", "9", "--out", again)
	if strings.Join(first, ",") != strings.Join(sampleCodes(t, again), ",") {
		t.Fatal("the same seed drew a different sample")
	}
	more := filepath.Join(dir, "more.xlsx")
	mustRun(t, "sample", "--store", st, "--ratio", "0.6", "--seed", "10", "--extend", "--out", more)
	extended := map[string]bool{}
	for _, c := range sampleCodes(t, more) {
		extended[c] = true
	}
	for _, c := range first {
		if !extended[c] {
			t.Fatalf("--extend dropped %s", c)
		}
	}
	if len(extended) <= len(first) {
		t.Fatalf("--extend to 60%% added nothing: %d then %d", len(first), len(extended))
	}
	rot := filepath.Join(dir, "rotate.xlsx")
	out = mustRun(t, "rotate", "--store", st, "--seed", "3", "--out", rot)
	if strings.Count(out, "→") < 3 {
		t.Fatalf("rotation:\n%s", out)
	}
	code, _, errs := hecha(t, "rotate", "--store", st, "--exclude", "nonsense")
	if code != ExitInput || !strings.Contains(errs, "INSPECTOR:INSPECTED") {
		t.Fatalf("bad --exclude: exit %d %s", code, errs)
	}
}

func sampleCodes(t *testing.T, path string) []string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("抽查名单")
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, r := range rows[1:] {
		if len(r) > 3 && r[3] != "" && r[0] != "抽查单位" {
			codes = append(codes, r[3])
		}
	}
	if len(codes) == 0 {
		t.Fatalf("%s lists no units", path)
	}
	return codes
}

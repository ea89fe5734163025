package store

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hecha-dev/hecha/findings"
	"github.com/hecha-dev/hecha/output"
)

func openTemp(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "hecha.duckdb")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func record(id string, started time.Time, fs ...findings.Finding) *Record {
	return &Record{
		Info: &output.RunInfo{RunID: id, StartedAt: started.Format(time.RFC3339), FinishedAt: started.Add(time.Minute).Format(time.RFC3339),
			AsOf: "2015-03-31", Parameters: output.Parameters{Input: "/drop"},
			Inputs: []output.InputFile{{Path: "staff.xlsx", SHA256: "abc", Size: 10, Sheets: []output.InputSheet{{RowsRead: 5, RowsRejected: 1}}}},
			Rules:  []output.RuleRun{{Code: "a", Hash: "h1", Findings: len(fs)}, {Code: "b", Hash: "h2", Error: "boom"}}},
		RunJSON:    "{}",
		OutDir:     "/out",
		Findings:   fs,
		RuleHashes: map[string]string{"a": "h1"},
		Coverage:   &findings.Coverage{Units: map[string]map[string]bool{"payroll": {"U1": true}}, Kinds: map[string]bool{"payroll": true}},
		Changes:    []findings.Change{{Kind: findings.ChangeNew, Finding: fs[0]}},
	}
}

func TestMigrationsAppliedOnceAndFilePrivate(t *testing.T) {
	s, path := openTemp(t)
	v, err := s.Version(context.Background())
	if err != nil || v != 2 {
		t.Fatalf("version %d %v", v, err)
	}
	s.Close()
	s2, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if v, _ := s2.Version(context.Background()); v != 2 {
		t.Fatalf("version after reopening %d", v)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("store file mode %v %v, want 0600 (it holds full ID numbers)", fi.Mode(), err)
	}
}

func TestSaveAndReadBack(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	amount := int64(500)
	f := findings.Finding{Rule: "a", Category: 6, Severity: findings.High, UnitCode: "U1", Subject: "ID1", IDNo: "ID1", Name: "张三",
		Count: 2, Amount: &amount, FirstMonth: "2015-01", LastMonth: "2015-02", Fingerprint: findings.Fingerprint("a", "U1", "ID1"), Status: "new"}
	t0 := time.Date(2015, 4, 1, 2, 0, 0, 0, time.UTC)
	if err := s.Save(ctx, record("run1", t0, f)); err != nil {
		t.Fatal(err)
	}
	prev, err := s.Previous(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]findings.Finding{f}, prev.Findings); diff != "" {
		t.Fatalf("findings (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]string{"a": "h1", "b": "h2"}, prev.RuleHashes); diff != "" {
		t.Fatalf("rule hashes (-want +got):\n%s", diff)
	}
	if !prev.Coverage.Kinds["payroll"] || !prev.Coverage.Units["payroll"]["U1"] {
		t.Fatalf("coverage %+v", prev.Coverage)
	}
	runs, err := s.Runs(ctx)
	if err != nil || len(runs) != 1 || runs[0].Findings != 1 || runs[0].Changes["new"] != 1 || runs[0].Seq != 1 {
		t.Fatalf("runs %+v %v", runs, err)
	}
}

func TestSaveIsAllOrNothing(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	f := findings.Finding{Rule: "a", UnitCode: "U1", Subject: "x", Fingerprint: "fp", Status: "new"}
	t0 := time.Date(2015, 4, 1, 2, 0, 0, 0, time.UTC)
	if err := s.Save(ctx, record("run1", t0, f)); err != nil {
		t.Fatal(err)
	}
	// The same run id again violates the key after nothing else was written: nothing of it stays.
	if err := s.Save(ctx, record("run1", t0.Add(time.Hour), f, f)); err == nil {
		t.Fatal("saving a duplicate run id succeeded")
	}
	bad := record("run2", t0.Add(time.Hour), f)
	bad.Info.FinishedAt = "not a time"
	if err := s.Save(ctx, bad); err == nil {
		t.Fatal("saving a run with a bad finish time succeeded")
	}
	var n int
	if err := s.db.QueryRow(`SELECT (SELECT count(*) FROM runs) + (SELECT count(*) FROM findings) + (SELECT count(*) FROM rule_results)`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1+1+2 {
		t.Fatalf("store holds %d rows after failed saves, want only the first run's 4", n)
	}
}

func TestDecisionsLatestWinsAndReopenedIsRecorded(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	t0 := time.Date(2015, 4, 1, 9, 0, 0, 0, time.UTC)
	err := s.AddDecisions(ctx, []findings.Decision{
		{Fingerprint: "fp", Conclusion: findings.ConclusionTrue, By: "李审计", At: t0},
		{Fingerprint: "fp", Conclusion: findings.ConclusionRectified, Opinion: "已清退", By: "李审计", At: t0.Add(time.Hour)},
	}, "findings.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.AddDecisions(ctx, []findings.Decision{{Fingerprint: "x", Conclusion: "可能", By: "a", At: t0}}, ""); err == nil ||
		!strings.Contains(err.Error(), "不属实") {
		t.Fatalf("bad conclusion accepted: %v", err)
	}
	ds, err := s.Decisions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if d := ds["fp"]; d == nil || d.Conclusion != findings.ConclusionRectified || d.Opinion != "已清退" || d.Reopened {
		t.Fatalf("latest decision %+v", d)
	}
	rec := record("run1", t0.Add(2*time.Hour), findings.Finding{Rule: "a", Fingerprint: "fp", Status: "open"})
	rec.Reopened = []string{"fp"}
	if err := s.Save(ctx, rec); err != nil {
		t.Fatal(err)
	}
	ds, _ = s.Decisions(ctx)
	if !ds["fp"].Reopened {
		t.Fatal("spent 已整改 closure not recorded")
	}
	hist, err := s.History(ctx, "fp")
	if err != nil || len(hist) != 2 || hist[0].Conclusion != findings.ConclusionTrue {
		t.Fatalf("history %+v %v", hist, err)
	}
}

func TestResolve(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	t0 := time.Date(2015, 4, 1, 2, 0, 0, 0, time.UTC)
	f := findings.Finding{Rule: "a", Fingerprint: "fp", Status: "new"}
	for _, id := range []string{"20150401-aa", "20150402-bb", "20150402-bc"} {
		if err := s.Save(ctx, record(id, t0, f)); err != nil {
			t.Fatal(err)
		}
	}
	for ref, want := range map[string]string{"latest": "20150402-bc", "previous": "20150402-bb", "20150401": "20150401-aa"} {
		if got, err := s.Resolve(ctx, ref); err != nil || got != want {
			t.Errorf("Resolve(%q) = %q, %v; want %q", ref, got, err, want)
		}
	}
	if _, err := s.Resolve(ctx, "20150402"); err == nil || !strings.Contains(err.Error(), "ambiguous") {
		t.Errorf("ambiguous prefix: %v", err)
	}
}

// TestLockRefusesASecondProcess opens the store here and asks a child process (this test binary)
// to open it too.
func TestLockRefusesASecondProcess(t *testing.T) {
	if path := os.Getenv("HECHA_STORE_CHILD"); path != "" {
		_, err := Open(context.Background(), path)
		if errors.Is(err, ErrLocked) {
			os.Stdout.WriteString("LOCKED: " + err.Error())
			return
		}
		os.Stdout.WriteString("OPENED")
		return
	}
	_, path := openTemp(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestLockRefusesASecondProcess$")
	cmd.Env = append(os.Environ(), "HECHA_STORE_CHILD="+path)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "LOCKED: store is in use by another hecha process") || !strings.Contains(string(out), "held by pid") {
		t.Fatalf("second process was not refused:\n%s", out)
	}
}

func TestUnitsAndSamples(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	t0 := time.Date(2015, 4, 1, 2, 0, 0, 0, time.UTC)
	rec := record("run1", t0, findings.Finding{Rule: "a", Severity: findings.High, UnitCode: "U2", Fingerprint: "fp", Status: "new"},
		findings.Finding{Rule: "b", Severity: findings.High, UnitCode: "U3", Fingerprint: "fp2", Status: "suppressed"})
	rec.Units = []findings.UnitRef{{Code: "U1", Name: "一中", DeptCode: "D1", DeptName: "区教育局"},
		{Code: "U2", Name: "二中", DeptCode: "D1", DeptName: "区教育局"}, {Code: "U3", Name: "三中", DeptCode: "D1", DeptName: "区教育局"}}
	if err := s.Save(ctx, rec); err != nil {
		t.Fatal(err)
	}
	units, high, err := s.Units(ctx, "run1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(rec.Units, units); diff != "" {
		t.Fatalf("units (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]bool{"U2": true}, high); diff != "" {
		t.Fatalf("high-severity units (-want +got):\n%s", diff)
	}
	if p, err := s.LatestSample(ctx); err != nil || p != nil {
		t.Fatalf("sample before any draw: %v %v", p, err)
	}
	if err := s.SaveSample(ctx, "run1", []SamplePick{{"U1", "随机抽取"}}, 0.4, 7); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveSample(ctx, "run1", []SamplePick{{"U1", "前次抽取"}, {"U2", "存在高风险问题"}}, 0.6, 7); err != nil {
		t.Fatal(err)
	}
	p, err := s.LatestSample(ctx)
	if err != nil || len(p) != 2 || p[1].UnitCode != "U2" {
		t.Fatalf("latest sample %v %v", p, err)
	}
}

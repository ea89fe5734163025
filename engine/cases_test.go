package engine

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/hecha-dev/hecha/findings"
)

var update = flag.Bool("update", false, "rewrite the expected files of testdata/rules from what the engine finds")

// expectedRow is one line of a case's expected.csv.
type expectedRow struct {
	Rule, UnitCode, Subject string
	Count                   int64
	Amount                  string // yuan with 2 decimals, or empty
}

// TestRuleCases walks testdata/rules: each folder holds a drop (drop/) and expected.csv, the
// exact set of findings of every rule on it (rule, unit_code, subject, count, amount in yuan).
// Lines starting with # in expected.csv are comments: they say what the case is about. A case
// may also hold summary.json, the expected report numbers. The drops and expected.csv files are
// written by testdata/gen/run.py from cases.py, where the expected findings are set down by hand;
// CI fails when the committed files differ from what it writes. Run with -update to rewrite the
// expectations from the engine, check the difference by hand, then carry it into cases.py.
func TestRuleCases(t *testing.T) {
	dirs, err := filepath.Glob("testdata/rules/*")
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) == 0 {
		t.Fatal("no cases in testdata/rules")
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			res, err := Run(context.Background(), Config{Input: filepath.Join(dir, "drop")})
			if err != nil {
				t.Fatal(err)
			}
			for _, rr := range res.Rules {
				if rr.Err != nil {
					t.Errorf("rule %s failed: %v", rr.Code, rr.Err)
				}
			}
			for _, rj := range res.Load.Rejects {
				t.Logf("reject: %s", rj)
			}
			got := toExpected(res.Findings)
			path := filepath.Join(dir, "expected.csv")
			comments, want := readExpected(t, path)
			if *update {
				writeExpected(t, path, comments, got)
			} else if d := cmp.Diff(want, got); d != "" {
				t.Errorf("findings (-want +got):\n%s", d)
				for _, f := range res.Findings {
					t.Logf("%s %s %s: %s", f.Rule, f.UnitCode, f.Subject, f.Detail)
				}
			}
			if testing.Verbose() {
				for _, f := range res.Findings {
					t.Logf("%s %s %s [%s] %s", f.Rule, f.UnitCode, f.Subject, f.DeptCode, f.Detail)
				}
			}
			spath := filepath.Join(dir, "summary.json")
			if _, err := os.Stat(spath); err == nil {
				gotJSON, _ := json.MarshalIndent(res.Summary, "", "  ")
				if *update {
					if err := os.WriteFile(spath, append(gotJSON, '\n'), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				var want findings.Summary
				if err := json.Unmarshal(mustRead(t, spath), &want); err != nil {
					t.Fatal(err)
				}
				if d := cmp.Diff(want, res.Summary); d != "" {
					t.Errorf("summary (-want +got):\n%s", d)
				}
			}
		})
	}
}

func mustRead(t *testing.T, path string) []byte {
	b, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return b
}

func toExpected(fs []findings.Finding) []expectedRow {
	out := []expectedRow{}
	for _, f := range fs {
		r := expectedRow{Rule: f.Rule, UnitCode: f.UnitCode, Subject: f.Subject, Count: f.Count}
		if f.Amount != nil {
			r.Amount = findings.Yuan(*f.Amount)
		}
		out = append(out, r)
	}
	return out
}

func readExpected(t *testing.T, path string) ([]string, []expectedRow) {
	t.Helper()
	b := mustRead(t, path)
	var comments []string
	var body []string
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "#") {
			comments = append(comments, l)
		} else if strings.TrimSpace(l) != "" {
			body = append(body, l)
		}
	}
	out := []expectedRow{}
	if len(body) == 0 {
		return comments, out
	}
	recs, err := csv.NewReader(strings.NewReader(strings.Join(body, "\n"))).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	for i, r := range recs[1:] {
		if len(r) != 5 {
			t.Fatalf("%s:%d: want 5 fields", path, i+2)
		}
		n, err := strconv.ParseInt(r[3], 10, 64)
		if err != nil {
			t.Fatalf("%s:%d: count: %v", path, i+2, err)
		}
		out = append(out, expectedRow{r[0], r[1], r[2], n, r[4]})
	}
	return comments, out
}

func writeExpected(t *testing.T, path string, comments []string, rows []expectedRow) {
	var b strings.Builder
	for _, c := range comments {
		b.WriteString(c + "\n")
	}
	w := csv.NewWriter(&b)
	w.Write([]string{"rule", "unit_code", "subject", "count", "amount"})
	for _, r := range rows {
		w.Write([]string{r.Rule, r.UnitCode, r.Subject, strconv.FormatInt(r.Count, 10), r.Amount})
	}
	w.Flush()
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

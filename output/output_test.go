package output

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hecha-dev/hecha/findings"
	"github.com/hecha-dev/hecha/loaders"
)

func TestCommitReplacesPreviousFolderWhole(t *testing.T) {
	root := t.TempDir()
	target := filepath.Join(root, "out")
	for i, content := range []string{"first", "second"} {
		s, err := Begin(target)
		if err != nil {
			t.Fatal(err)
		}
		name := []string{"a.txt", "b.txt"}[i]
		if err := s.WriteFile(name, ModePublic, func(f *os.File) error { _, err := f.WriteString(content); return err }); err != nil {
			t.Fatal(err)
		}
		if err := s.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	entries, _ := os.ReadDir(target)
	if len(entries) != 1 || entries[0].Name() != "b.txt" {
		t.Fatalf("output folder holds %v, want only b.txt from the second run", entries)
	}
	left, _ := os.ReadDir(root)
	if len(left) != 1 {
		t.Fatalf("temporary folders left beside the output: %v", left)
	}
}

func TestAbortLeavesPreviousFolder(t *testing.T) {
	target := filepath.Join(t.TempDir(), "out")
	if err := os.MkdirAll(target, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(target, "old.txt"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Begin(target)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.WriteFile("new.txt", ModePublic, func(f *os.File) error { return nil }); err != nil {
		t.Fatal(err)
	}
	s.Abort()
	if b, err := os.ReadFile(filepath.Join(target, "old.txt")); err != nil || string(b) != "old" {
		t.Fatalf("previous output damaged: %q %v", b, err)
	}
	if _, err := os.Stat(s.Path); !os.IsNotExist(err) {
		t.Fatalf("staging folder still there: %v", err)
	}
}

func writeRun(t *testing.T, dir, id string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "run.json"), []byte(`{"run_id": "`+id+`"}`), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestRecover(t *testing.T) {
	known := func(ids ...string) func(string) (bool, error) {
		return func(id string) (bool, error) {
			for _, k := range ids {
				if k == id {
					return true, nil
				}
			}
			return false, nil
		}
	}
	t.Run("killed between swap and store commit", func(t *testing.T) {
		root := t.TempDir()
		out := filepath.Join(root, "out")
		writeRun(t, out, "new")                                    // swapped in, store never committed
		writeRun(t, filepath.Join(root, tmpPrefix+"out-1"), "old") // the previous output, kept by Swap
		writeRun(t, filepath.Join(root, tmpPrefix+"out-2"), "")    // a staging folder of an older kill
		if err := Recover(out, known("old")); err != nil {
			t.Fatal(err)
		}
		if got := RunIDOf(out); got != "old" {
			t.Fatalf("output holds run %q after recovery, want the previous run", got)
		}
		if left := leftovers(out); len(left) != 0 {
			t.Fatalf("leftovers remain: %v", left)
		}
	})
	t.Run("killed after the store committed", func(t *testing.T) {
		root := t.TempDir()
		out := filepath.Join(root, "out")
		writeRun(t, out, "new")
		writeRun(t, filepath.Join(root, tmpPrefix+"out-1"), "old")
		if err := Recover(out, known("old", "new")); err != nil {
			t.Fatal(err)
		}
		if got := RunIDOf(out); got != "new" {
			t.Fatalf("output holds run %q, want the committed new run", got)
		}
		if left := leftovers(out); len(left) != 0 {
			t.Fatalf("leftovers remain: %v", left)
		}
	})
}

func TestBeginRefusesAFile(t *testing.T) {
	f := filepath.Join(t.TempDir(), "out")
	if err := os.WriteFile(f, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Begin(f)
	if err == nil || !strings.Contains(err.Error(), "is a file") {
		t.Fatalf("Begin on a file: %v", err)
	}
}

func TestFindingsCSV(t *testing.T) {
	amount := int64(1234550)
	fs := []findings.Finding{{Rule: "payroll.after_death", Category: 6, Severity: findings.High, DeptCode: "D", DeptName: "区财政局",
		UnitCode: "U", UnitName: "区财政局", Subject: "620402199001011234", IDNo: "620402199001011234", Name: "张三",
		Count: 2, Amount: &amount, FirstMonth: "2015-01", LastMonth: "2015-02", Detail: "死亡后仍发放工资", Fingerprint: "ab", Status: "new"}}
	var buf bytes.Buffer
	if err := WriteFindingsCSV(&buf, fs); err != nil {
		t.Fatal(err)
	}
	want := "\ufeffrule,category,severity,dept_code,dept_name,unit_code,unit_name,subject,id_no,name,count,amount,first_month,last_month,detail,fingerprint,status\n" +
		"payroll.after_death,6,high,D,区财政局,U,区财政局,620402199001011234,620402199001011234,张三,2,12345.50,2015-01,2015-02,死亡后仍发放工资,ab,new\n"
	if got := buf.String(); got != want {
		t.Fatalf("findings.csv:\n%s\nwant:\n%s", got, want)
	}
}

func TestRejectsCSV(t *testing.T) {
	var buf bytes.Buffer
	err := WriteRejectsCSV(&buf, []loaders.Reject{{File: "staff.xlsx", Sheet: "人员", Line: 12, Column: "身份证号", Value: "6.2E+17", Reason: "digits lost", Action: loaders.RowRejected}})
	if err != nil {
		t.Fatal(err)
	}
	want := "\ufefffile,sheet,row,column,value,reason,action\nstaff.xlsx,人员,12,身份证号,6.2E+17,digits lost,row rejected\n"
	if buf.String() != want {
		t.Fatalf("rejects.csv:\n%s", buf.String())
	}
}

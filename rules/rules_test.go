package rules

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

func TestBuiltinLoads(t *testing.T) {
	rs, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 28 {
		t.Errorf("got %d builtin rules, want 28", len(rs))
	}
	for _, r := range rs {
		if r.Hash == "" || r.SQL == "" || r.Title == "" || r.Description == "" {
			t.Errorf("%s: incomplete rule %+v", r.Code, r)
		}
		if !strings.HasPrefix(r.File, "rules/") {
			t.Errorf("%s: file %q", r.Code, r.File)
		}
		for _, f := range []string{"unit_code", "subject", "id_no", "name", "cnt", "amount_fen", "first_month", "last_month"} {
			if !strings.Contains(r.SQL, f) {
				t.Errorf("%s: query never names the contract column %s", r.Code, f)
			}
		}
	}
}

// TestGoodFiles loads testdata/good: every file there is a valid rule.
func TestGoodFiles(t *testing.T) {
	rs, err := LoadDir("testdata/good")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rs {
		got = append(got, r.Code+"|"+string(r.Severity)+"|"+r.Subject+"|"+strings.Join(r.Fields(), ","))
	}
	want := []string{
		"custom.big_pay|low|person|name,amount",
		"custom.braces|medium|unit|unit_name",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
}

// TestBadFiles: each file in testdata/bad is wrong in the ways its name says; every problem of
// the folder comes back in one error, with file and line.
func TestBadFiles(t *testing.T) {
	_, err := LoadDir("testdata/bad")
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("err = %v, want ErrInvalid", err)
	}
	var e *Error
	errors.As(err, &e)
	var got []string
	for _, p := range e.Problems {
		got = append(got, p.String())
	}
	want := []string{
		"testdata/bad/bad.braces.sql:7: detail template: unclosed { at byte 0",
		"testdata/bad/bad.category.sql:2: category \"9\" must be a number from 1 to 7 (the problem lines of 附件3 二(一))",
		"testdata/bad/bad.dupkey.sql:3: @severity given twice (first on line 2)",
		"testdata/bad/bad.empty.sql: no query: the file holds only comments",
		"testdata/bad/bad.late.sql:9: metadata line @subject after the start of the query: metadata goes at the top of the file",
		"testdata/bad/bad.late.sql: missing metadata line -- @subject: …",
		"testdata/bad/bad.missing.sql: missing metadata line -- @code: …",
		"testdata/bad/bad.missing.sql: missing metadata line -- @title: …",
		"testdata/bad/bad.name.sql:1: code bad.other does not match the file name bad.name.sql",
		"testdata/bad/bad.severity.sql:3: severity \"critical\" must be high, medium or low",
		"testdata/bad/bad.severity.sql:8: unknown metadata key @owner (known: code, category, severity, subject, title, description, detail)",
		"testdata/bad/bad.shape.sql:1: code \"Bad.Shape\" must be lower-case dotted words like staff.over_establishment",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
}

func TestDuplicateCode(t *testing.T) {
	b, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join("unit.renamed.sql"))
	if err != nil {
		t.Fatal(err)
	}
	user, err := Load(fstest.MapFS{"unit.renamed.sql": {Data: data}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = Merge(b, user)
	want := "unit.renamed.sql:1: duplicate rule code unit.renamed (first defined in rules/unit.renamed.sql)"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("err = %v, want it to contain %q", err, want)
	}
}

func TestRender(t *testing.T) {
	for _, c := range []struct{ tmpl, want, err string }{
		{"{a}核定{b}名", "A核定B名", ""},
		{"{{literal}} {a}", "{literal} A", ""},
		{"x {a", "", "unclosed { at byte 2"},
		{"x } y", "", "unmatched } at byte 2"},
		{"{A-b}", "", "{A-b} is not a column name (lower-case letters, digits, _)"},
	} {
		_, err := TemplateFields(c.tmpl)
		if c.err != "" {
			if err == nil || err.Error() != c.err {
				t.Errorf("%q: err = %v, want %q", c.tmpl, err, c.err)
			}
			continue
		}
		got := Render(c.tmpl, func(f string) string { return strings.ToUpper(f) })
		if err != nil || got != c.want {
			t.Errorf("%q: got %q, %v; want %q", c.tmpl, got, err, c.want)
		}
	}
}

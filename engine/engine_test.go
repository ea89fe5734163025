package engine

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hecha-dev/hecha/loaders"
	"github.com/hecha-dev/hecha/rules"
)

// copyDrop copies a case's drop into a temporary folder for a test to change.
func copyDrop(t *testing.T, name string) string {
	t.Helper()
	src := filepath.Join("testdata/rules", name, "drop")
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func appendFile(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}

// TestDuplicateKeys: a second units row for a unit code and a second identity row for an ID are
// rejected, the first by (file path, sheet, line) is kept, in Run and in Check alike.
func TestDuplicateKeys(t *testing.T) {
	dir := copyDrop(t, "clean")
	// a later file repeats D02 with another name and 张伟 with another name
	os.WriteFile(filepath.Join(dir, "units_more.csv"), []byte("单位代码,单位名称,机构类别\nD02,白银区另一个局,行政机构\n"), 0o644)
	appendFile(t, filepath.Join(dir, "identity.csv"), "620402197003150111,张三,男,1970-03-15,正常,\n")
	want := []string{
		"identity.csv:identity.csv:R11 (身份证号): duplicate ID number 620402197003150111: first read at identity.csv:identity.csv:R2",
		"units_more.csv:units_more.csv:R2 (单位代码): duplicate unit code D02: first read at units.csv:units.csv:R4",
	}
	check := func(rep *loaders.Report) {
		t.Helper()
		var got []string
		for _, r := range rep.Rejects {
			got = append(got, strings.SplitN(r.String(), " [", 2)[0])
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("rejects (-want +got)\n%s", d)
		}
	}
	rep, err := Check(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	check(rep)
	res, err := Run(context.Background(), Config{Input: dir})
	if err != nil {
		t.Fatal(err)
	}
	check(res.Load)
	if len(res.Findings) != 0 {
		t.Errorf("the rejected rows were checked: %v", res.Findings)
	}
}

func TestReleaseLater(t *testing.T) {
	want, err := Run(context.Background(), Config{Input: "testdata/rules/payroll/drop"})
	if err != nil {
		t.Fatal(err)
	}
	spill := filepath.Join(t.TempDir(), "spill")
	res, err := Run(context.Background(), Config{Input: "testdata/rules/payroll/drop", TempDir: spill, ReleaseLater: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.released == nil {
		t.Fatal("ReleaseLater: DuckDB was released before Run returned")
	}
	for i := 0; i < 2; i++ {
		if err := res.Wait(); err != nil {
			t.Fatalf("Wait %d: %v", i+1, err)
		}
	}
	if !reflect.DeepEqual(res.Findings, want.Findings) {
		t.Errorf("findings differ from a run that releases DuckDB before it returns")
	}
	if err := os.RemoveAll(spill); err != nil {
		t.Fatal(err)
	}
	if err := want.Wait(); err != nil {
		t.Errorf("Wait without ReleaseLater: %v", err)
	}
}

func TestStructuralError(t *testing.T) {
	dir := copyDrop(t, "clean")
	// two of the three required units columns: a structural error naming the missing one
	os.WriteFile(filepath.Join(dir, "broken.csv"), []byte("单位代码,单位名称\nD09,某局\n"), 0o644)
	_, err := Run(context.Background(), Config{Input: dir})
	if !errors.Is(err, loaders.ErrStructural) {
		t.Fatalf("Run: err = %v, want ErrStructural", err)
	}
	if _, err := Check(context.Background(), dir); !errors.Is(err, loaders.ErrStructural) {
		t.Fatalf("Check: err = %v, want ErrStructural", err)
	}
}

func TestAsOfNeeded(t *testing.T) {
	dir := copyDrop(t, "clean")
	os.Remove(filepath.Join(dir, "payroll.csv"))
	if _, err := Run(context.Background(), Config{Input: dir}); !errors.Is(err, ErrParams) {
		t.Fatalf("err = %v, want ErrParams", err)
	}
	res, err := Run(context.Background(), Config{Input: dir, AsOf: day("2025-03-31")})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Months) != 0 || res.AsOf != day("2025-03-31") {
		t.Errorf("as_of %v months %v", res.AsOf, res.Months)
	}
}

// TestParams: as_of and months from the config narrow the examined months; region prefixes are
// derived and reported when not configured.
func TestParams(t *testing.T) {
	dir := copyDrop(t, "payroll")
	res, err := Run(context.Background(), Config{Input: dir, AsOf: day("2025-02-28"), Months: []string{"2025-02", "2025-03"}})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"2025-02"}, res.Months); d != "" {
		t.Errorf("months (-want +got)\n%s", d)
	}
	if !res.PrefixesDerived || cmp.Diff([]string{"白银区", "区"}, res.RegionPrefixes) != "" {
		t.Errorf("prefixes %v derived=%v", res.RegionPrefixes, res.PrefixesDerived)
	}
	for _, f := range res.Findings {
		if f.LastMonth > "2025-02" || f.FirstMonth < "2025-02" && f.FirstMonth != "" {
			t.Errorf("finding outside the examined months: %+v", f)
		}
	}
}

// TestUserRules: a user rule that fails while running is recorded and the others go on; rules that
// do not prepare or name unknown template fields fail the run before anything runs, all at once.
func TestUserRules(t *testing.T) {
	drop := copyDrop(t, "payroll")
	good := t.TempDir()
	os.WriteFile(filepath.Join(good, "custom.fails.sql"), []byte(`-- @code: custom.fails
-- @category: 7
-- @severity: low
-- @subject: unit
-- @title: 运行失败
-- @description: 运行时出错的规则
-- @detail: {unit_name}
SELECT unit_code, unit_code AS subject, NULL AS id_no, NULL AS name, CAST(unit_name AS INTEGER) AS cnt,
       NULL AS amount_fen, NULL AS first_month, NULL AS last_month
FROM units
`), 0o644)
	os.WriteFile(filepath.Join(good, "custom.big_pay.sql"), []byte(`-- @code: custom.big_pay
-- @category: 6
-- @severity: low
-- @subject: person
-- @title: 单月工资较高
-- @description: 单月应发工资超过5500元
-- @detail: {name}于{period}应发{amount}元（{dept_name}）
SELECT unit_code, id_no AS subject, id_no, any_value(name) AS name, count(*) AS cnt, sum(gross) AS amount_fen,
       min(pay_month) AS first_month, max(pay_month) AS last_month
FROM pay WHERE gross > 550000 GROUP BY ALL;
`), 0o644)
	res, err := Run(context.Background(), Config{Input: drop, RulesDir: good})
	if err != nil {
		t.Fatal(err)
	}
	var failed []string
	for _, r := range res.Failed() {
		failed = append(failed, r.Code)
	}
	if d := cmp.Diff([]string{"custom.fails"}, failed); d != "" {
		t.Errorf("failed rules (-want +got)\n%s", d)
	}
	var big []string
	for _, f := range res.Findings {
		if f.Rule == "custom.big_pay" {
			big = append(big, f.UnitCode+" "+f.Name+" "+f.Detail)
		}
	}
	want := []string{"D01 张伟 张伟于2025-01至2025-03应发18000.00元（白银区财政局）", "D02 郑涛 郑涛于2025-01至2025-03应发18000.00元（白银区教育局）"}
	if d := cmp.Diff(want, big); d != "" {
		t.Errorf("custom.big_pay (-want +got)\n%s", d)
	}
	if len(res.Rules) != 30 {
		t.Errorf("%d rule results, want 30", len(res.Rules))
	}

	bad := t.TempDir()
	os.WriteFile(filepath.Join(bad, "custom.nosuch.sql"), []byte("-- @code: custom.nosuch\n-- @category: 7\n-- @severity: low\n-- @subject: unit\n-- @title: t\n-- @description: d\n-- @detail: {unit_name}\nSELECT * FROM no_such_table\n"), 0o644)
	os.WriteFile(filepath.Join(bad, "custom.field.sql"), []byte("-- @code: custom.field\n-- @category: 7\n-- @severity: low\n-- @subject: unit\n-- @title: t\n-- @description: d\n-- @detail: {unit_name}{approved}\nSELECT unit_code, unit_code AS subject FROM units\n"), 0o644)
	_, err = Run(context.Background(), Config{Input: drop, RulesDir: bad})
	if !errors.Is(err, rules.ErrInvalid) {
		t.Fatalf("err = %v, want rules.ErrInvalid", err)
	}
	msg := err.Error()
	for _, w := range []string{
		filepath.ToSlash(bad) + "/custom.field.sql: query does not return the contract column(s) id_no, name, cnt, amount_fen, first_month, last_month",
		filepath.ToSlash(bad) + "/custom.field.sql:7: detail template field {approved} is not a column of the query",
		filepath.ToSlash(bad) + "/custom.nosuch.sql: query does not prepare: Catalog Error: Table with name no_such_table does not exist",
	} {
		if !strings.Contains(msg, w) {
			t.Errorf("error lacks %q:\n%s", w, msg)
		}
	}
}

// TestParquet: the payroll as a Parquet file (numeric gross, month as text) gives the same
// findings as the CSV.
func TestParquet(t *testing.T) {
	dir := copyDrop(t, "payroll")
	d, err := openDB("", "")
	if err != nil {
		t.Fatal(err)
	}
	csvPath := filepath.Join(dir, "payroll.csv")
	pq := filepath.Join(dir, "payroll.parquet")
	err = d.exec(context.Background(), `COPY (SELECT "发放年月", "单位代码", "身份证号", "姓名", "银行账号",
		CAST("应发工资" AS DOUBLE) AS "应发工资", CAST("实发工资" AS DECIMAL(12,2)) AS "实发工资"
		FROM read_csv('`+csvPath+`', all_varchar = true)) TO '`+pq+`' (FORMAT parquet)`)
	d.Close()
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(csvPath)
	res, err := Run(context.Background(), Config{Input: dir})
	if err != nil {
		t.Fatal(err)
	}
	_, want := readExpected(t, "testdata/rules/payroll/expected.csv")
	if diff := cmp.Diff(want, toExpected(res.Findings)); diff != "" {
		t.Errorf("findings from Parquet (-want +got)\n%s", diff)
	}
	rep, err := Check(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Files {
		if f.Path == "payroll.parquet" && (len(f.Sheets) != 1 || f.Sheets[0].Kind != loaders.KindPayroll || f.Sheets[0].RowsAccepted != 31) {
			t.Errorf("Check read payroll.parquet as %+v", f.Sheets)
		}
	}
}

// TestDeterministic: two runs give identical results, findings carry the fingerprint of
// (rule, unit, subject) and the status new.
func TestDeterministic(t *testing.T) {
	a, err := Run(context.Background(), Config{Input: "testdata/rules/payroll/drop", Workers: 4})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Run(context.Background(), Config{Input: "testdata/rules/row_order/drop"})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(a.Findings, b.Findings); d != "" {
		t.Errorf("(-payroll +row_order)\n%s", d)
	}
	for _, f := range a.Findings {
		if f.Status != "new" || f.Fingerprint == "" || f.Detail == "" || f.DeptCode == "" {
			t.Errorf("incomplete finding %+v", f)
		}
	}
	if a.AsOf != time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC) {
		t.Errorf("as_of %v", a.AsOf)
	}
}

package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/hecha-dev/hecha/findings"
	"github.com/hecha-dev/hecha/loaders"
	"github.com/hecha-dev/hecha/output"
)

const testID = "62040219800101123X"

func sampleWorkbook() *Workbook {
	amount := int64(1234550)
	return &Workbook{
		Findings: []findings.Finding{
			{Rule: "payroll.after_death", Category: 6, Severity: findings.High, DeptCode: "D1", DeptName: "区财政局", UnitCode: "U1",
				UnitName: "区财政局", Subject: testID, IDNo: testID, Name: "=HYPERLINK(\"x\")", Count: 2, Amount: &amount,
				FirstMonth: "2015-01", LastMonth: "2015-02", Detail: "死亡后仍发放工资", Fingerprint: "fp1", Status: findings.StatusNew},
			{Rule: "staff.over_establishment", Category: 5, Severity: findings.High, DeptCode: "D1", DeptName: "区财政局", UnitCode: "U1",
				UnitName: "区财政局", Subject: "行政编制", Count: 3, Detail: "+超编3人", Fingerprint: "fp2", Status: findings.StatusOpen},
			{Rule: "unit.renamed", Category: 4, Severity: findings.Medium, DeptCode: "D2", DeptName: "区教育局", UnitCode: "U2",
				UnitName: "@区一中", Subject: "U2", Count: 1, Detail: "-", Fingerprint: "fp3", Status: findings.StatusSuppressed},
		},
		Rules:   []RuleInfo{{Code: "payroll.after_death", Title: "死亡后发放工资"}, {Code: "staff.over_establishment", Title: "超编"}},
		Rejects: []loaders.Reject{{File: "staff.xlsx", Sheet: "人员", Line: 7, Column: "身份证号", Value: testID, Reason: "bad", Action: loaders.RowRejected}},
		Run:     &output.RunInfo{RunID: "r1", AsOf: "2015-03-31", Months: []string{"2015-01"}},
	}
}

func writeAndOpen(t *testing.T, wb *Workbook) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteFindingsWorkbook(&buf, wb); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestWorkbookSheetsInOrder(t *testing.T) {
	f := writeAndOpen(t, sampleWorkbook())
	want := []string{"汇总", "变化", "超编", "死亡后发放工资", "已排除", "输入问题", "说明"}
	if diff := cmp.Diff(want, f.GetSheetList()); diff != "" {
		t.Fatalf("sheets (-want +got):\n%s", diff)
	}
}

func TestWorkbookRuleSheetMasksIDsAndHasDropDown(t *testing.T) {
	f := writeAndOpen(t, sampleWorkbook())
	rows, err := f.GetRows("死亡后发放工资")
	if err != nil {
		t.Fatal(err)
	}
	wantHeader := []string{"部门", "单位代码", "单位名称", "身份证号", "姓名", "月数", "涉及金额(元)", "起始月份", "截止月份", "说明", "状态", "指纹", "结论", "处理意见"}
	if diff := cmp.Diff(wantHeader, rows[0]); diff != "" {
		t.Fatalf("header (-want +got):\n%s", diff)
	}
	if got := rows[1][3]; got != "620402********123X" {
		t.Fatalf("ID shown as %q, want masked", got)
	}
	dvs, err := f.GetDataValidations("死亡后发放工资")
	if err != nil {
		t.Fatal(err)
	}
	if len(dvs) != 1 || dvs[0].Sqref != "M2:M2" || !strings.Contains(dvs[0].Formula1, "属实,不属实,已整改") {
		t.Fatalf("结论 drop-down: %+v", dvs)
	}
	panes, err := f.GetPanes("死亡后发放工资")
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Fatalf("header not frozen: %+v %v", panes, err)
	}
	filtered := false
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm._FilterDatabase" && dn.Scope == "死亡后发放工资" && strings.HasSuffix(dn.RefersTo, "$A$1:$N$2") {
			filtered = true
		}
	}
	if !filtered {
		t.Fatalf("no autofilter over the rule sheet: %+v", f.GetDefinedName())
	}
	// The amount is a number, the months are dates.
	for cell, want := range map[string]excelize.CellType{"G2": excelize.CellTypeNumber, "F2": excelize.CellTypeNumber} {
		if ct, _ := f.GetCellType("死亡后发放工资", cell); ct != want && ct != excelize.CellTypeUnset {
			t.Fatalf("%s is %v", cell, ct)
		}
	}
	if v, _ := f.GetCellValue("死亡后发放工资", "G2", excelize.Options{RawCellValue: true}); v != "12345.5" {
		t.Fatalf("amount raw value %q", v)
	}
	if v, _ := f.GetCellValue("死亡后发放工资", "H2"); v != "2015-01" {
		t.Fatalf("first month shows %q", v)
	}
}

func TestWorkbookRevealIDs(t *testing.T) {
	wb := sampleWorkbook()
	wb.RevealIDs = true
	f := writeAndOpen(t, wb)
	if v, _ := f.GetCellValue("死亡后发放工资", "D2"); v != testID {
		t.Fatalf("revealed ID %q", v)
	}
	if v, _ := f.GetCellValue("输入问题", "E2"); v != testID {
		t.Fatalf("revealed reject value %q", v)
	}
}

func TestWorkbookInjectionLookingValuesAreText(t *testing.T) {
	f := writeAndOpen(t, sampleWorkbook())
	for _, c := range []struct{ sheet, cell, want string }{
		{"死亡后发放工资", "E2", "=HYPERLINK(\"x\")"},
		{"超编", "F2", "+超编3人"},
		{"已排除", "C2", "@区一中"},
		{"已排除", "F2", "-"},
	} {
		formula, err := f.GetCellFormula(c.sheet, c.cell)
		if err != nil || formula != "" {
			t.Fatalf("%s!%s has formula %q (%v)", c.sheet, c.cell, formula, err)
		}
		if v, _ := f.GetCellValue(c.sheet, c.cell); v != c.want {
			t.Fatalf("%s!%s = %q, want %q", c.sheet, c.cell, v, c.want)
		}
		if ct, _ := f.GetCellType(c.sheet, c.cell); ct != excelize.CellTypeSharedString && ct != excelize.CellTypeInlineString {
			t.Fatalf("%s!%s cell type %v, want a string", c.sheet, c.cell, ct)
		}
	}
	if v, _ := f.GetCellValue("输入问题", "E2"); v != "620402********123X" {
		t.Fatalf("reject value %q, want masked", v)
	}
}

func TestWorkbookSummaryCounts(t *testing.T) {
	f := writeAndOpen(t, sampleWorkbook())
	rows, _ := f.GetRows("汇总")
	// D1 has one category-5 and one category-6 finding, one new and one open; D2's only finding is suppressed.
	want := [][]string{
		{"D1", "区财政局", "0", "0", "0", "0", "1", "1", "0", "1", "1", "2"},
		{"合计", "", "0", "0", "0", "0", "1", "1", "0", "1", "1", "2"},
	}
	if diff := cmp.Diff(want, rows[1:]); diff != "" {
		t.Fatalf("汇总 (-want +got):\n%s", diff)
	}
}

func TestWorkbookSheetContinuesPastMaxRows(t *testing.T) {
	wb := &Workbook{MaxRows: 2}
	for i := 0; i < 5; i++ {
		wb.Findings = append(wb.Findings, findings.Finding{Rule: "unit.renamed", Category: 4, UnitCode: fmt.Sprint("U", i),
			Subject: fmt.Sprint("U", i), Count: 1, Fingerprint: fmt.Sprint(i), Status: findings.StatusNew})
	}
	f := writeAndOpen(t, wb)
	var got []int
	for _, name := range []string{"unit.renamed", "unit.renamed(2)", "unit.renamed(3)"} {
		rows, err := f.GetRows(name)
		if err != nil {
			t.Fatalf("sheet %s: %v (sheets %v)", name, err, f.GetSheetList())
		}
		got = append(got, len(rows)-1)
	}
	if diff := cmp.Diff([]int{2, 2, 1}, got); diff != "" {
		t.Fatalf("rows per sheet (-want +got):\n%s", diff)
	}
}

package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/hecha-dev/hecha/findings"
)

func TestNoticeMasksIDsAndShowsApprovedVsActual(t *testing.T) {
	n := &findings.Notice{UnitCode: "12620402MB0000001X", UnitName: "白银区第一中学", DeptName: "区教育局", Kind: "事业单位", Funding: "全额拨款",
		AsOf:  "2015-03-31",
		Estab: findings.EstabNumbers{Approved: findings.EstabTally{Inst: 40, InstFull: 40}, Actual: findings.EstabTally{Inst: 42, InstFull: 42}},
		Staff: []findings.NoticePerson{{Name: "=cmd|' /C calc'!A0", Gender: "男", IDNo: "62040219800101123X", EstabType: "事业编制(全额拨款)", Status: "在岗"}}}
	var buf bytes.Buffer
	if err := WriteNotice(&buf, n, nil); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "公示,核查信息,人员名单" {
		t.Fatalf("sheets %s", got)
	}
	if v, _ := f.GetCellValue("公示", "A1"); v != "白银区第一中学机构和人员编制核查情况公示" {
		t.Fatalf("title %q", v)
	}
	rows, _ := f.GetRows("核查信息")
	found := false
	for _, r := range rows {
		if len(r) == 3 && r[0] == "事业编制" && r[1] == "40" && r[2] == "42" {
			found = true
		}
	}
	if !found {
		t.Fatalf("事业编制 40 vs 42 not shown: %v", rows)
	}
	if v, _ := f.GetCellValue("人员名单", "D2"); v != "620402********123X" {
		t.Fatalf("ID on the notice %q, want masked", v)
	}
	if formula, _ := f.GetCellFormula("人员名单", "B2"); formula != "" {
		t.Fatalf("a name became a formula: %q", formula)
	}
	if v, _ := f.GetCellValue("人员名单", "B2"); v != "=cmd|' /C calc'!A0" {
		t.Fatalf("name %q", v)
	}
}

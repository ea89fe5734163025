package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/hecha-dev/hecha/findings"
)

func TestOverviewIsSelfContainedAndShowsEveryDepartment(t *testing.T) {
	n := sampleNumbers()
	sum := &findings.Summary{AsOf: "2015-03-31", Total: n, Departments: []findings.Department{
		{Code: "D1", Name: "区财政局", Numbers: n}, {Code: "D2", Name: "<script>alert(1)</script>局"}}}
	in := &OverviewInput{Title: "白银区", RunID: "r1", AsOf: "2015-03-31", Summary: sum,
		Findings: []findings.Finding{{Rule: "staff.over_establishment", Category: 5, DeptCode: "D1", Status: findings.StatusNew}},
		Reports:  map[string]string{"D1": "reports/D1_区财政局.docx"}, SummaryReport: "reports/全区汇总.docx", Workbook: "findings.xlsx"}
	var buf bytes.Buffer
	if err := WriteOverview(&buf, in); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, bad := range []string{"<script", "http://", "https://", "@import", "url("} {
		if strings.Contains(page, bad) {
			t.Errorf("overview.html contains %q: it must be self-contained and escape names", bad)
		}
	}
	for _, want := range []string{"白银区机构和人员编制核查概览", "区财政局", "&lt;script&gt;alert(1)&lt;/script&gt;局",
		`href="reports/D1_%e5%8c%ba%e8%b4%a2%e6%94%bf%e5%b1%80.docx"`, `href="findings.xlsx"`, `value over">13 / 15`, "5 / 6", "5.超编3人",
		`aria-label="编制 核定86 实有86"`, `<td>5</td><td>超编、超职数配备领导</td><td class="num">1</td>`} {
		if !strings.Contains(page, want) {
			t.Errorf("overview.html lacks %q", want)
		}
	}
}

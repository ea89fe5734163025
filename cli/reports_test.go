package cli

import (
	"archive/zip"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/hecha-dev/hecha/findings"
	"github.com/hecha-dev/hecha/output"
)

// docxText returns the text of a .docx, paragraphs joined by newlines.
func docxText(t *testing.T, path string) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		dec := xml.NewDecoder(rc)
		var b strings.Builder
		inText := false
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				return b.String()
			}
			if err != nil {
				t.Fatal(err)
			}
			switch el := tok.(type) {
			case xml.StartElement:
				inText = el.Name.Local == "t"
			case xml.EndElement:
				if el.Name.Local == "p" {
					b.WriteString("\n")
				}
				inText = false
			case xml.CharData:
				if inText {
					b.Write(el)
				}
			}
		}
	}
	t.Fatalf("%s has no word/document.xml", path)
	return ""
}

// numbersIn reads the blanks of 附件3 back out of a report's text with patterns of their own, in
// the template's order, so that the test does not reuse the code that wrote them.
func numbersIn(t *testing.T, name, text string) []int {
	t.Helper()
	patterns := []string{
		`1\.批准机构情况：行政机构(\d+)家；事业单位(\d+)家（其中：全额拨款(\d+)家；差额拨款(\d+)家；经费自理(\d+)家）；派出机构(\d+)家（其中：垂管派出机构(\d+)家；政法类派出机构(\d+)家；政法类直属机构(\d+)家；政法类专门机构(\d+)家；政法类事业机构(\d+)家）；开发区管理机构(\d+)家；街道、乡镇(\d+)家。`,
		`2\.实际设置情况：行政机构(\d+)家；事业单位(\d+)家（其中：全额拨款(\d+)家；差额拨款(\d+)家；经费自理(\d+)家）；派出机构(\d+)家（其中：垂管派出机构(\d+)家；政法类派出机构(\d+)家；政法类直属机构(\d+)家；政法类专门机构(\d+)家；政法类事业机构(\d+)家）；开发区管理机构(\d+)家；街道、乡镇(\d+)家。`,
		`1\.核定编制情况：行政编制(\d+)名（其中：政法专项编制(\d+)名）；事业编制(\d+)名（其中：全额拨款(\d+)名；差额拨款(\d+)名；经费自理(\d+)名）；工勤编制(\d+)名；机关其他编制(\d+)名。`,
		`2\.实有人员情况：使用行政编制人员(\d+)人（其中：占用政法专项编制人员(\d+)人）；使用事业编制人员(\d+)人（其中：全额拨款(\d+)人；差额拨款(\d+)人；经费自理(\d+)人）；使用工勤编制人员(\d+)人；使用机关其他编制人员(\d+)人。`,
		`1\.领导职数核定情况：部门领导正职(\d+)名；部门领导副职(\d+)名；部门其他领导(\d+)名；内设机构领导(\d+)名（其中：县处级领导职数(\d+)名；乡科级领导职数(\d+)名）。`,
		`2\.实际配备情况：部门领导正职(\d+)人；部门领导副职(\d+)人；部门其他领导(\d+)人；内设机构领导(\d+)人（其中：县处级领导(\d+)人；乡科级领导(\d+)人）。`,
		`1\.核定非领导职数(\d+)名（其中：主任科员(\d+)名；副主任科员(\d+)名）。`,
		`2\.实际配备非领导人员(\d+)人（其中：主任科员(\d+)人；副主任科员(\d+)人）。`,
		`编外人员数合计(\d+)人。`,
		`1\.未经机构编制部门批准擅自设立机构的情况：(?:无|(\d+)个机构)。`,
		`2\.擅自改变机构设置形式的情况：(?:无|(\d+)个机构)。`,
		`3\.擅自加挂牌子的问题：(?:无|(\d+)块牌子)。`,
		`4\.擅自变更机构名称的情况：(?:无|(\d+)个机构)。`,
		`5\.(?:无|超编(\d+)人；超职数配备部门领导(\d+)人，超职数配备内设机构领导(\d+)人)。`,
		`6\.(?:无|“吃空饷”合计(\d+)人)。`,
		`7\.除上述问题外的其他问题：(?:无|(\d+)项)。`,
	}
	var out []int
	for _, p := range patterns {
		m := regexp.MustCompile(p).FindStringSubmatch(text)
		if m == nil {
			t.Fatalf("%s: no line matching %s", name, p)
		}
		for _, g := range m[1:] {
			n, _ := strconv.Atoi(g) // an empty group is a line that says 无: 0
			out = append(out, n)
		}
	}
	return out
}

// numbersOf lists a department's numbers from summary.json in the template's order.
func numbersOf(n findings.Numbers) []int {
	u := func(t findings.UnitTally) []int {
		return []int{t.Admin, t.Inst, t.InstFull, t.InstPartial, t.InstSelf, t.Dispatch, t.DispatchVertical, t.PoliticsDispatch,
			t.PoliticsDirect, t.PoliticsSpecial, t.PoliticsInstitution, t.DevZone, t.Township}
	}
	e := func(t findings.EstabTally) []int {
		return []int{t.Admin, t.PoliticsLaw, t.Inst, t.InstFull, t.InstPartial, t.InstSelf, t.Service, t.Other}
	}
	p := func(t findings.PostTally) []int {
		return []int{t.Chief, t.Deputy, t.Other, t.Internal, t.County, t.Township}
	}
	nl := func(t findings.NonLeaderTally) []int { return []int{t.Total, t.Principal, t.Deputy} }
	var out []int
	out = append(out, u(n.Units.Approved)...)
	out = append(out, u(n.Units.Actual)...)
	out = append(out, e(n.Establishment.Approved)...)
	out = append(out, e(n.Establishment.Actual)...)
	out = append(out, p(n.Posts.Approved)...)
	out = append(out, p(n.Posts.Actual)...)
	out = append(out, nl(n.NonLeader.Approved)...)
	out = append(out, nl(n.NonLeader.Actual)...)
	out = append(out, n.Outside)
	q := n.Problems
	out = append(out, q.UnapprovedUnits, q.FormChanged, q.Nameplates, q.Renamed, q.OverEstablishment, q.OverLeaders, q.OverInternalLeaders, q.GhostPersons, q.Other)
	return out
}

// TestReportsCarryTheSummaryNumbers opens every department's report of the demo run and reads
// every blank of 附件3 back: each must equal that department's numbers in summary.json.
func TestReportsCarryTheSummaryNumbers(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	mustRun(t, "run", "--out", out, "--no-publicity")
	var sum findings.Summary
	data, err := os.ReadFile(filepath.Join(out, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &sum); err != nil {
		t.Fatal(err)
	}
	if len(sum.Departments) < 10 {
		t.Fatalf("only %d departments", len(sum.Departments))
	}
	check := func(name, path string, n findings.Numbers) {
		text := docxText(t, path)
		if strings.Contains(text, "XX") {
			t.Errorf("%s still has the template's XX", name)
		}
		if diff := cmp.Diff(numbersOf(n), numbersIn(t, name, text)); diff != "" {
			t.Errorf("%s: numbers differ from summary.json (-want +got):\n%s", name, diff)
		}
	}
	for _, d := range sum.Departments {
		name := output.SafeName(d.Code+"_"+d.Name) + ".docx"
		check(name, filepath.Join(out, "reports", name), d.Numbers)
	}
	all, _ := filepath.Glob(filepath.Join(out, "reports", "00_*.docx"))
	if len(all) != 1 {
		t.Fatalf("summary report: %v", all)
	}
	check("summary report", all[0], sum.Total)
	text := docxText(t, all[0])
	for _, d := range sum.Departments {
		if !strings.Contains(text, d.Name) {
			t.Errorf("summary report has no row for %s", d.Name)
		}
	}
}

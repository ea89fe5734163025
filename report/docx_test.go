package report

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hecha-dev/hecha/findings"
)

// docxParagraphs returns the text of every paragraph of word/document.xml.
func docxParagraphs(t *testing.T, data []byte) ([]string, string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var raw []byte
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			raw, _ = io.ReadAll(rc)
			rc.Close()
		}
	}
	if raw == nil {
		t.Fatal("no word/document.xml")
	}
	dec := xml.NewDecoder(bytes.NewReader(raw))
	var paras []string
	var cur strings.Builder
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			inText = el.Name.Local == "t"
		case xml.EndElement:
			if el.Name.Local == "p" {
				paras = append(paras, cur.String())
				cur.Reset()
			}
			inText = false
		case xml.CharData:
			if inText {
				cur.Write(el)
			}
		}
	}
	return paras, string(raw)
}

func sampleNumbers() findings.Numbers {
	var n findings.Numbers
	n.Units.Approved = findings.UnitTally{Admin: 1, Inst: 3, InstFull: 2, InstPartial: 1, Dispatch: 1, PoliticsDispatch: 1}
	n.Units.Actual = findings.UnitTally{Admin: 1, Inst: 4, InstFull: 2, InstPartial: 1, InstSelf: 1, Dispatch: 1, PoliticsDispatch: 1}
	n.Establishment.Approved = findings.EstabTally{Admin: 30, PoliticsLaw: 12, Inst: 50, InstFull: 40, InstPartial: 10, Service: 4, Other: 2}
	n.Establishment.Actual = findings.EstabTally{Admin: 33, PoliticsLaw: 12, Inst: 48, InstFull: 39, InstPartial: 9, Service: 4, Other: 1}
	n.Posts.Approved = findings.PostTally{Chief: 1, Deputy: 3, Other: 1, Internal: 8, County: 5, Township: 8}
	n.Posts.Actual = findings.PostTally{Chief: 1, Deputy: 4, Other: 1, Internal: 9, County: 6, Township: 9}
	n.NonLeader.Approved = findings.NonLeaderTally{Total: 5, Principal: 3, Deputy: 2}
	n.NonLeader.Actual = findings.NonLeaderTally{Total: 4, Principal: 2, Deputy: 2}
	n.Outside = 7
	n.Problems = findings.Problems{OverEstablishment: 3, OverLeaders: 1, OverInternalLeaders: 1, GhostPersons: 2, Nameplates: 1}
	return n
}

func TestReportFillsEveryBlankOfTemplate3(t *testing.T) {
	amount := int64(900000)
	in := &ReportInput{Title: "区财政局", Numbers: sampleNumbers(), Date: time.Date(2015, 4, 10, 0, 0, 0, 0, time.UTC),
		Findings: []findings.Finding{
			{Rule: "payroll.after_death", Category: 6, UnitName: "区财政局", IDNo: "62040219800101123X", Name: "张三", Count: 3,
				Amount: &amount, FirstMonth: "2015-01", LastMonth: "2015-03", Detail: "62040219800101123X 已于2014-12死亡"},
			{Rule: "unit.nameplate_unapproved", Category: 3, UnitName: "区财政局", Subject: "区国库支付中心", Count: 1, Detail: "加挂区国库支付中心牌子未经批准"},
		}}
	var buf bytes.Buffer
	if err := WriteReport(&buf, in); err != nil {
		t.Fatal(err)
	}
	paras, raw := docxParagraphs(t, buf.Bytes())
	text := strings.Join(paras, "\n")
	for _, want := range []string{
		"区财政局机构和人员编制核查情况报告",
		"（白区编委发〔2014〕20号）文件要求，我部门对所属机关事业单位组织实施了机构和人员编制核查工作",
		"1.批准机构情况：行政机构1家；事业单位3家（其中：全额拨款2家；差额拨款1家；经费自理0家）；派出机构1家（其中：垂管派出机构0家；政法类派出机构1家；政法类直属机构0家；政法类专门机构0家；政法类事业机构0家）；开发区管理机构0家；街道、乡镇0家。",
		"2.实际设置情况：行政机构1家；事业单位4家（其中：全额拨款2家；差额拨款1家；经费自理1家）",
		"1.核定编制情况：行政编制30名（其中：政法专项编制12名）；事业编制50名（其中：全额拨款40名；差额拨款10名；经费自理0名）；工勤编制4名；机关其他编制2名。",
		"2.实有人员情况：使用行政编制人员33人（其中：占用政法专项编制人员12人）；使用事业编制人员48人（其中：全额拨款39人；差额拨款9人；经费自理0人）；使用工勤编制人员4人；使用机关其他编制人员1人。",
		"1.领导职数核定情况：部门领导正职1名；部门领导副职3名；部门其他领导1名；内设机构领导8名（其中：县处级领导职数5名；乡科级领导职数8名）。",
		"2.实际配备情况：部门领导正职1人；部门领导副职4人；部门其他领导1人；内设机构领导9人（其中：县处级领导6人；乡科级领导9人）。",
		"1.核定非领导职数5名（其中：主任科员3名；副主任科员2名）。",
		"2.实际配备非领导人员4人（其中：主任科员2人；副主任科员2人）。",
		"编外人员数合计7人。",
		"1.未经机构编制部门批准擅自设立机构的情况：无。",
		"3.擅自加挂牌子的问题：1块牌子。",
		"5.超编3人；超职数配备部门领导1人，超职数配备内设机构领导1人。",
		"6.“吃空饷”合计2人。",
		"7.除上述问题外的其他问题：无。",
		"区财政局，张三（620402********123X），2015-01至2015-03共3个月，涉及金额9000.00元：620402********123X 已于2014-12死亡。",
		Commitment,
		"区财政局（盖章）",
		"2015年4月10日",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(text, "62040219800101123X") {
		t.Error("report shows a full ID number")
	}
	if strings.Contains(text, "XX") || regexp.MustCompile(`(机构|乡镇|拨款|自理|编制|领导|职数|科员|人员)[家名人][；。（）]`).MatchString(text) {
		t.Error("report has an unfilled blank")
	}
	for _, want := range []string{`w:w="11906"`, `w:h="16838"`, `w:eastAsia="仿宋"`, `w:eastAsia="宋体"`, `w:eastAsia="黑体"`} {
		if !strings.Contains(raw, want) {
			t.Errorf("document.xml lacks %s (A4 page and Chinese fonts)", want)
		}
	}
}

func TestSummaryReportHasARowPerDepartment(t *testing.T) {
	n := sampleNumbers()
	in := &ReportInput{Title: "白银区", Numbers: n, Summary: true,
		Departments: []findings.Department{{Code: "D1", Name: "区财政局", Numbers: n}, {Code: "D2", Name: "区教育局"}}}
	var buf bytes.Buffer
	if err := WriteReport(&buf, in); err != nil {
		t.Fatal(err)
	}
	paras, _ := docxParagraphs(t, buf.Bytes())
	text := strings.Join(paras, "|")
	for _, want := range []string{"白银区机构和人员编制核查情况汇总报告", "我们对全区机关事业单位",
		"区财政局|5|6|86|86|3|1|1|2|0", "区教育局|0|0|0|0|0|0|0|0|0"} {
		if !strings.Contains(text, want) {
			t.Errorf("summary report lacks %q", want)
		}
	}
}

// TestReportPackageIsWhole: the trimmed template leaves a package whose every relationship and
// content type names a part that is in it, whose styles define every style the document names
// and the defaults, and which carries neither the template's second copy of its styles nor its
// thumbnail.
func TestReportPackageIsWhole(t *testing.T) {
	for _, summary := range []bool{false, true} {
		in := &ReportInput{Title: "区财政局", Numbers: sampleNumbers(), Summary: summary, Date: time.Date(2015, 4, 10, 0, 0, 0, 0, time.UTC),
			Departments: []findings.Department{{Code: "D1", Name: "区财政局"}}}
		var buf bytes.Buffer
		if err := WriteReport(&buf, in); err != nil {
			t.Fatal(err)
		}
		zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		parts := map[string]string{}
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(rc)
			rc.Close()
			parts[f.Name] = string(b)
		}
		for _, gone := range []string{"word/stylesWithEffects.xml", "docProps/thumbnail.jpeg"} {
			if _, ok := parts[gone]; ok {
				t.Errorf("summary %v: the package still has %s", summary, gone)
			}
		}
		for rels, dir := range map[string]string{"_rels/.rels": "", "word/_rels/document.xml.rels": "word/"} {
			for _, m := range regexp.MustCompile(`Target="([^"]+)"`).FindAllStringSubmatch(parts[rels], -1) {
				target := dir + m[1]
				if strings.HasPrefix(m[1], "../") {
					target = strings.TrimPrefix(m[1], "../")
				}
				if _, ok := parts[target]; !ok {
					t.Errorf("summary %v: %s names %s, which is not in the package", summary, rels, target)
				}
			}
		}
		for _, m := range regexp.MustCompile(`PartName="/([^"]+)"`).FindAllStringSubmatch(parts["[Content_Types].xml"], -1) {
			if _, ok := parts[m[1]]; !ok {
				t.Errorf("summary %v: [Content_Types].xml names %s, which is not in the package", summary, m[1])
			}
		}
		defined := map[string]bool{}
		for _, m := range regexp.MustCompile(`w:styleId="([^"]+)"`).FindAllStringSubmatch(parts["word/styles.xml"], -1) {
			defined[m[1]] = true
		}
		named := []string{"Normal", "DefaultParagraphFont", "TableNormal"}
		for _, m := range regexp.MustCompile(`<w:(?:p|r|tbl)Style w:val="([^"]+)"`).FindAllStringSubmatch(parts["word/document.xml"], -1) {
			named = append(named, m[1])
		}
		for _, id := range named {
			if !defined[id] {
				t.Errorf("summary %v: styles.xml does not define %s", summary, id)
			}
		}
		if len(defined) > 10 {
			t.Errorf("summary %v: styles.xml defines %d styles, not the few a report uses", summary, len(defined))
		}
	}
}

package report

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/gomutex/godocx"
	"github.com/gomutex/godocx/docx"
	"github.com/gomutex/godocx/wml/ctypes"
	"github.com/gomutex/godocx/wml/stypes"

	"github.com/hecha-dev/hecha/findings"
	"github.com/hecha-dev/hecha/ids"
)

// DefaultCitations are the documents the opening paragraph of 附件3 cites, as the 2014 district
// plan wrote them. An office running a later check sets its own in the config file.
var DefaultCitations = []string{
	"《中央机构编制委员会关于深入开展地方机构和人员编制核查全面推行机构编制实名制管理的通知》（中编发〔2014〕2号）",
	"《甘肃省开展机构和人员编制核查深入推进机构编制实名制管理工作实施方案的通知》（甘机编发〔2014〕10号）",
	"《白银市开展机构和人员编制核查深入推进机构编制实名制管理工作实施方案的通知》（白机编发〔2014〕2号）",
	"《白银市白银区开展机构和人员编制核查深入推进机构编制实名制管理工作实施方案的通知》（白区编委发〔2014〕20号）",
}

// Commitment is section 三's text, word for word from 附件3.
const Commitment = "我部门（单位）上报的核查信息已经单位自查、联合审核、实地核实、公示监督，并进行了汇总。核查信息真实、准确、完整、无虚报、瞒报的情况。"

// ReportInput is what one 核查情况报告 is made from.
type ReportInput struct {
	Title     string // the department's name, or the district's for the summary report
	Numbers   findings.Numbers
	Findings  []findings.Finding // the department's findings (suppressed ones are left out)
	Citations []string           // nil: DefaultCitations
	Date      time.Time          // the date under the seal
	// Departments, for the whole drop's summary report only: one table row each.
	Departments []findings.Department
	Summary     bool
}

// Fonts of the report: 宋体 for the title, 黑体 and 楷体 for headings, 仿宋 for the body (the usual
// layout of government documents, GB/T 9704).
const (
	fontTitle = "宋体"
	fontH1    = "黑体"
	fontH2    = "楷体"
	fontBody  = "仿宋"
)

// WriteReport writes one 核查情况报告 (.docx) following 附件3: title, opening paragraph, section
// 一 (一)–(五) with every blank filled, 二 (一) the seven problem lines, 二 (二) the cases, 三 the
// commitment, the seal line and date; A4, Chinese fonts.
func WriteReport(w io.Writer, in *ReportInput) error {
	doc, err := blankDocument()
	if err != nil {
		return err
	}
	defer templates.Put(doc)
	b := &docBuilder{doc: doc}
	b.setup()
	kind := "部门"
	if in.Summary {
		kind = "汇总"
	}
	b.para(in.Title+"机构和人员编制核查情况"+map[string]string{"部门": "报告", "汇总": "汇总报告"}[kind], fontTitle, 22, true, stypes.JustificationCenter, false)
	cites := in.Citations
	if cites == nil {
		cites = DefaultCitations
	}
	subject := "我部门对所属机关事业单位"
	if in.Summary {
		subject = "我们对全区机关事业单位"
	}
	b.body("根据" + strings.Join(cites[:len(cites)-1], "、") + "和" + cites[len(cites)-1] + "文件要求，" + subject +
		"组织实施了机构和人员编制核查工作，现将有关情况报告如下。")

	n := &in.Numbers
	b.heading1("一、机构和人员编制具体情况")
	b.heading2("（一）批准机构和实际设置情况：")
	b.body("1.批准机构情况：" + unitSentence(n.Units.Approved))
	b.body("2.实际设置情况：" + unitSentence(n.Units.Actual))
	b.heading2("（二）核定编制和实有人员情况：")
	e := n.Establishment
	b.body(fmt.Sprintf("1.核定编制情况：行政编制%d名（其中：政法专项编制%d名）；事业编制%d名（其中：全额拨款%d名；差额拨款%d名；经费自理%d名）；工勤编制%d名；机关其他编制%d名。",
		e.Approved.Admin, e.Approved.PoliticsLaw, e.Approved.Inst, e.Approved.InstFull, e.Approved.InstPartial, e.Approved.InstSelf, e.Approved.Service, e.Approved.Other))
	b.body(fmt.Sprintf("2.实有人员情况：使用行政编制人员%d人（其中：占用政法专项编制人员%d人）；使用事业编制人员%d人（其中：全额拨款%d人；差额拨款%d人；经费自理%d人）；使用工勤编制人员%d人；使用机关其他编制人员%d人。",
		e.Actual.Admin, e.Actual.PoliticsLaw, e.Actual.Inst, e.Actual.InstFull, e.Actual.InstPartial, e.Actual.InstSelf, e.Actual.Service, e.Actual.Other))
	b.heading2("（三）领导职数核定和实际配备情况")
	p := n.Posts
	b.body(fmt.Sprintf("1.领导职数核定情况：部门领导正职%d名；部门领导副职%d名；部门其他领导%d名；内设机构领导%d名（其中：县处级领导职数%d名；乡科级领导职数%d名）。",
		p.Approved.Chief, p.Approved.Deputy, p.Approved.Other, p.Approved.Internal, p.Approved.County, p.Approved.Township))
	b.body(fmt.Sprintf("2.实际配备情况：部门领导正职%d人；部门领导副职%d人；部门其他领导%d人；内设机构领导%d人（其中：县处级领导%d人；乡科级领导%d人）。",
		p.Actual.Chief, p.Actual.Deputy, p.Actual.Other, p.Actual.Internal, p.Actual.County, p.Actual.Township))
	b.heading2("（四）非领导职数情况")
	nl := n.NonLeader
	b.body(fmt.Sprintf("1.核定非领导职数%d名（其中：主任科员%d名；副主任科员%d名）。", nl.Approved.Total, nl.Approved.Principal, nl.Approved.Deputy))
	b.body(fmt.Sprintf("2.实际配备非领导人员%d人（其中：主任科员%d人；副主任科员%d人）。", nl.Actual.Total, nl.Actual.Principal, nl.Actual.Deputy))
	b.heading2("（五）编外人员情况")
	b.body(fmt.Sprintf("编外人员数合计%d人。", n.Outside))

	b.heading1("二、核查中反映的主要问题及处理情况")
	b.heading2("（一）存在的主要问题")
	for _, line := range ProblemLines(n.Problems) {
		b.body(line)
	}
	b.heading2("（二）主要问题简要说明及处理情况")
	b.cases(in.Findings)
	if in.Summary && len(in.Departments) > 0 {
		b.heading2("（三）各部门核查情况一览")
		b.deptTable(in.Departments)
	}

	b.heading1("三、对上报核查信息的承诺")
	b.body(Commitment)
	b.body("特此报告")
	b.para(in.Title+"（盖章）", fontBody, 16, false, stypes.JustificationRight, false)
	b.para(chineseDate(in.Date), fontBody, 16, false, stypes.JustificationRight, false)
	_, err = doc.WriteTo(w)
	return err
}

// templates keeps unpacked documents for reuse: unpacking godocx's template (its styles above all)
// costs more than writing a whole report, and a province writes hundreds.
var templates sync.Pool

// blankDocument returns an unpacked template with an empty body.
func blankDocument() (*docx.RootDoc, error) {
	doc, _ := templates.Get().(*docx.RootDoc)
	if doc == nil {
		var err error
		if doc, err = godocx.NewDocument(); err != nil {
			return nil, err
		}
		trimTemplate(doc)
	}
	doc.Document.Body = docx.NewBody(doc)
	return doc, nil
}

// usedStyles are the styles a report names; every paragraph and run is formatted directly.
var usedStyles = []string{"TableGrid"}

// trimTemplate leaves in godocx's template what a report uses. Its styles part defines 165 styles
// (400 KB, most of a report's writing time and size); a report keeps the default styles and
// usedStyles, with the styles they are based on or link to. It also drops the template's
// stylesWithEffects part (a second copy of the styles for Word 2010, which later versions do not
// need) and its thumbnail, a picture of godocx's sample page that file managers would show as the
// report's first page.
func trimTemplate(doc *docx.RootDoc) {
	if st := doc.DocStyles; st != nil {
		byID := map[string]*ctypes.Style{}
		for i := range st.StyleList {
			if id := st.StyleList[i].ID; id != nil {
				byID[*id] = &st.StyleList[i]
			}
		}
		keep := map[string]bool{}
		var add func(id string)
		add = func(id string) {
			s := byID[id]
			if s == nil || keep[id] {
				return
			}
			keep[id] = true
			for _, ref := range []*ctypes.CTString{s.BasedOn, s.Link, s.Next} {
				if ref != nil {
					add(ref.Val)
				}
			}
		}
		for _, s := range st.StyleList {
			if s.ID != nil && s.Default != nil && (*s.Default == stypes.OnOffOne || *s.Default == stypes.OnOffTrue || *s.Default == stypes.OnOffOn) {
				add(*s.ID)
			}
		}
		for _, id := range usedStyles {
			add(id)
		}
		var kept []ctypes.Style
		for _, s := range st.StyleList {
			if s.ID != nil && keep[*s.ID] {
				kept = append(kept, s)
			}
		}
		st.StyleList = kept
	}
	dropPart(doc, "word/stylesWithEffects.xml", &doc.Document.DocRels, "stylesWithEffects.xml")
	dropPart(doc, "docProps/thumbnail.jpeg", &doc.RootRels, "docProps/thumbnail.jpeg")
}

// dropPart removes the part at path from doc: the file, its relationship in rels (whose target is
// target) and its content type override.
func dropPart(doc *docx.RootDoc, path string, rels *docx.Relationships, target string) {
	doc.FileMap.Delete(path)
	var rs []*docx.Relationship
	for _, r := range rels.Relationships {
		if r.Target != target {
			rs = append(rs, r)
		}
	}
	rels.Relationships = rs
	var overrides []docx.Override
	for _, o := range doc.ContentType.Override {
		if o.PartName != "/"+path {
			overrides = append(overrides, o)
		}
	}
	doc.ContentType.Override = overrides
}

// ProblemLines are the seven lines of 二(一) with their numbers; a line with nothing found says 无.
func ProblemLines(p findings.Problems) []string {
	count := func(n int, unit string) string {
		if n == 0 {
			return "无"
		}
		return fmt.Sprintf("%d%s", n, unit)
	}
	line5 := "无"
	if p.OverEstablishment+p.OverLeaders+p.OverInternalLeaders > 0 {
		line5 = fmt.Sprintf("超编%d人；超职数配备部门领导%d人，超职数配备内设机构领导%d人", p.OverEstablishment, p.OverLeaders, p.OverInternalLeaders)
	}
	line6 := "无"
	if p.GhostPersons > 0 {
		line6 = fmt.Sprintf("“吃空饷”合计%d人", p.GhostPersons)
	}
	return []string{
		"1.未经机构编制部门批准擅自设立机构的情况：" + count(p.UnapprovedUnits, "个机构") + "。",
		"2.擅自改变机构设置形式的情况：" + count(p.FormChanged, "个机构") + "。",
		"3.擅自加挂牌子的问题：" + count(p.Nameplates, "块牌子") + "。",
		"4.擅自变更机构名称的情况：" + count(p.Renamed, "个机构") + "。",
		"5." + line5 + "。",
		"6." + line6 + "。",
		"7.除上述问题外的其他问题：" + count(p.Other, "项") + "。",
	}
}

func unitSentence(t findings.UnitTally) string {
	return fmt.Sprintf("行政机构%d家；事业单位%d家（其中：全额拨款%d家；差额拨款%d家；经费自理%d家）；派出机构%d家（其中：垂管派出机构%d家；政法类派出机构%d家；政法类直属机构%d家；政法类专门机构%d家；政法类事业机构%d家）；开发区管理机构%d家；街道、乡镇%d家。",
		t.Admin, t.Inst, t.InstFull, t.InstPartial, t.InstSelf, t.Dispatch, t.DispatchVertical, t.PoliticsDispatch,
		t.PoliticsDirect, t.PoliticsSpecial, t.PoliticsInstitution, t.DevZone, t.Township)
}

func chineseDate(t time.Time) string {
	if t.IsZero() {
		return "    年  月  日"
	}
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

type docBuilder struct {
	doc *docx.RootDoc
}

// setup makes the page A4 with the margins of GB/T 9704 and 仿宋 the default East Asian font.
func (b *docBuilder) setup() {
	body := b.doc.Document.Body
	if body.SectPr == nil {
		body.SectPr = ctypes.NewSectionProper()
	}
	w, h := uint64(11906), uint64(16838)
	body.SectPr.PageSize = &ctypes.PageSize{Width: &w, Height: &h}
	top, bottom, side := 2098, 1984, 1588
	hdr, ftr, gutter := 851, 992, 0
	body.SectPr.PageMargin = &ctypes.PageMargin{Top: &top, Bottom: &bottom, Left: &side, Right: &side, Header: &hdr, Footer: &ftr, Gutter: &gutter}
	st := b.doc.DocStyles
	if st == nil {
		return
	}
	if st.DocDefaults == nil {
		st.DocDefaults = &ctypes.DocDefault{}
	}
	if st.DocDefaults.RunProp == nil {
		st.DocDefaults.RunProp = &ctypes.RunPropDefault{}
	}
	if st.DocDefaults.RunProp.RunProp == nil {
		st.DocDefaults.RunProp.RunProp = &ctypes.RunProperty{}
	}
	st.DocDefaults.RunProp.RunProp.Fonts = &ctypes.RunFonts{Ascii: "Times New Roman", HAnsi: "Times New Roman", EastAsia: fontBody}
}

// para adds a paragraph of one run in the given East Asian font, size in points.
func (b *docBuilder) para(text, font string, size uint64, bold bool, jc stypes.Justification, indent bool) *docx.Paragraph {
	p := b.doc.AddEmptyParagraph()
	p.Justification(jc)
	if indent {
		// two characters of 三号 (16 pt): 640 twips, in characters too for Word
		chars, twips := 200, uint64(640)
		p.Indent(&ctypes.Indent{FirstLineChars: &chars, FirstLine: &twips})
	}
	r := p.AddText(text).Size(size).Font(font)
	if bold {
		r.Bold(true)
	}
	ct := p.GetCT()
	if n := len(ct.Children); n > 0 && ct.Children[n-1].Run != nil && ct.Children[n-1].Run.Property != nil {
		ct.Children[n-1].Run.Property.Fonts.EastAsia = font
	}
	return p
}

func (b *docBuilder) body(text string) {
	b.para(text, fontBody, 16, false, stypes.JustificationBoth, true)
}

func (b *docBuilder) heading1(text string) {
	b.para(text, fontH1, 16, false, stypes.JustificationLeft, true)
}

func (b *docBuilder) heading2(text string) {
	b.para(text, fontH2, 16, false, stypes.JustificationLeft, true)
}

// cases writes 二(二): a paragraph per problem category that has findings, then one line per case.
func (b *docBuilder) cases(fs []findings.Finding) {
	byCat := map[int][]findings.Finding{}
	for _, f := range fs {
		if f.Status == findings.StatusSuppressed {
			continue
		}
		byCat[f.Category] = append(byCat[f.Category], f)
	}
	if len(byCat) == 0 {
		b.body("经核查，未发现上述问题。")
		return
	}
	cats := make([]int, 0, len(byCat))
	for c := range byCat {
		cats = append(cats, c)
	}
	sort.Ints(cats)
	for i, c := range cats {
		list := byCat[c]
		b.body(fmt.Sprintf("%d.%s：共%d项，已列入核查发现清单，由主管部门督促整改。", i+1, findings.Categories[c], len(list)))
		for j, f := range list {
			// left-aligned: a masked ID is one long token that justified text would stretch around
			b.para(fmt.Sprintf("（%d）%s", j+1, CaseText(&f)), fontBody, 16, false, stypes.JustificationLeft, true)
		}
	}
}

// CaseText is one case of 二(二): unit, person with masked ID, months and amount, and the detail.
func CaseText(f *findings.Finding) string {
	var sb strings.Builder
	sb.WriteString(f.UnitName)
	if f.UnitName == "" {
		sb.WriteString(f.UnitCode)
	}
	if f.IDNo != "" {
		fmt.Fprintf(&sb, "，%s（%s）", f.Name, ids.Mask(f.IDNo))
	}
	if f.FirstMonth != "" {
		if f.FirstMonth == f.LastMonth {
			fmt.Fprintf(&sb, "，%s", f.FirstMonth)
		} else {
			fmt.Fprintf(&sb, "，%s至%s共%d个月", f.FirstMonth, f.LastMonth, f.Count)
		}
	}
	if f.Amount != nil {
		fmt.Fprintf(&sb, "，涉及金额%s元", findings.Yuan(*f.Amount))
	}
	if f.Detail != "" {
		sb.WriteString("：")
		sb.WriteString(ids.MaskIn(f.Detail))
	}
	s := sb.String()
	if !strings.HasSuffix(s, "。") {
		s += "。"
	}
	return s
}

// deptTable adds the summary report's table: one row per department.
func (b *docBuilder) deptTable(ds []findings.Department) {
	t := b.doc.AddTable()
	t.Style("TableGrid")
	headers := []string{"部门", "批准机构", "实有机构", "核定编制", "实有人员", "超编", "超职数(部门领导)", "超职数(内设机构领导)", "吃空饷(人)", "其他问题"}
	row := t.AddRow()
	for _, h := range headers {
		row.AddCell().AddParagraph(h)
	}
	for _, d := range ds {
		row := t.AddRow()
		n := d.Numbers
		for _, v := range []string{d.Name, itoa(unitTotal(n.Units.Approved)), itoa(unitTotal(n.Units.Actual)),
			itoa(estabTotal(n.Establishment.Approved)), itoa(estabTotal(n.Establishment.Actual)),
			itoa(n.Problems.OverEstablishment), itoa(n.Problems.OverLeaders), itoa(n.Problems.OverInternalLeaders),
			itoa(n.Problems.GhostPersons), itoa(n.Problems.Other)} {
			row.AddCell().AddParagraph(v)
		}
	}
}

func itoa(n int) string { return fmt.Sprint(n) }

// unitTotal counts units of every kind (the sub-kinds are inside their kinds).
func unitTotal(t findings.UnitTally) int {
	return t.Admin + t.Inst + t.Dispatch + t.DevZone + t.Township
}

// estabTotal counts establishment of every type (政法专项 is inside 行政).
func estabTotal(t findings.EstabTally) int {
	return t.Admin + t.Inst + t.Service + t.Other
}

// Package report writes what people read and sign: the auditors' findings workbook
// (findings.xlsx). It reads plain findings and run facts; it never touches DuckDB.
package report

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/hecha-dev/hecha/findings"
	"github.com/hecha-dev/hecha/ids"
	"github.com/hecha-dev/hecha/loaders"
	"github.com/hecha-dev/hecha/output"
)

// Conclusions are the values of the 结论 drop-down an auditor picks from.
var Conclusions = []string{"属实", "不属实", "已整改"}

// Column headers that review import reads back.
const (
	HeaderFingerprint = "指纹"
	HeaderConclusion  = "结论"
	HeaderOpinion     = "处理意见"
)

// RuleInfo is what the workbook shows of a rule.
type RuleInfo struct {
	Code        string
	Title       string // short Chinese name, used for the rule's sheet
	Category    int
	Severity    findings.Severity
	Description string
}

// Workbook is everything findings.xlsx shows.
type Workbook struct {
	Findings  []findings.Finding
	Rules     []RuleInfo
	Rejects   []loaders.Reject
	Run       *output.RunInfo
	Changes   []findings.Change // since the previous run; nil on the first run
	RevealIDs bool              // write full ID numbers (the file must then be private)
	// MaxRows is the most data rows a sheet takes before continuing on the next; 0 means Excel's
	// limit (1,048,575 rows below the header).
	MaxRows int
}

// WriteFindingsWorkbook writes findings.xlsx to w with the streaming writer, so memory stays flat
// however many findings there are.
func WriteFindingsWorkbook(w io.Writer, wb *Workbook) error {
	f := excelize.NewFile()
	defer f.Close()
	ww := &writer{f: f, wb: wb, maxRows: wb.MaxRows}
	if ww.maxRows <= 0 || ww.maxRows > excelize.TotalRows-1 {
		ww.maxRows = excelize.TotalRows - 1
	}
	if err := ww.styles(); err != nil {
		return err
	}
	steps := []func() error{ww.summarySheet, ww.changesSheet, ww.ruleSheets, ww.suppressedSheet, ww.rejectsSheet, ww.aboutSheet}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	if err := f.DeleteSheet("Sheet1"); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "hecha", Title: "核查发现", Created: fixedTime, Modified: fixedTime}); err != nil {
		return err
	}
	_, err := f.WriteTo(w)
	return err
}

// fixedTime keeps the workbook's properties free of the wall clock; run.json says when it ran.
const fixedTime = "2000-01-01T00:00:00Z"

type writer struct {
	f       *excelize.File
	wb      *Workbook
	maxRows int
	names   map[string]bool
	header  int // style ids
	text    int
	money   int
	month   int
	integer int
}

func (w *writer) styles() error {
	var err error
	mk := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = w.f.NewStyle(s)
		return id
	}
	font := &excelize.Font{Family: "宋体", Size: 11}
	w.header = mk(&excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 11, Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	w.text = mk(&excelize.Style{Font: font, NumFmt: 49})
	w.money = mk(&excelize.Style{Font: font, NumFmt: 4})
	w.month = mk(&excelize.Style{Font: font, CustomNumFmt: ptr("yyyy-mm")})
	w.integer = mk(&excelize.Style{Font: font, NumFmt: 1})
	return err
}

func ptr[T any](v T) *T { return &v }

// column is one column of a sheet: its header, width, and how a value is written.
type column struct {
	header string
	width  float64
	kind   cellKind
}

type cellKind int

const (
	cellText cellKind = iota
	cellInt
	cellMoney
	cellMonth
)

// sheet writes rows of one logical table, continuing on "name(2)", "name(3)" … past maxRows.
type sheet struct {
	w       *writer
	base    string
	cols    []column
	part    int
	sw      *excelize.StreamWriter
	name    string
	rows    int
	dropCol int // 1-based column of the 结论 drop-down, 0 for none
}

func (w *writer) newSheet(base string, cols []column, dropCol int) (*sheet, error) {
	s := &sheet{w: w, base: base, cols: cols, dropCol: dropCol}
	return s, s.open()
}

func (s *sheet) open() error {
	s.part++
	name := s.base
	if s.part > 1 {
		name = fmt.Sprintf("%s(%d)", s.base, s.part)
	}
	name = s.w.uniqueName(name)
	if _, err := s.w.f.NewSheet(name); err != nil {
		return err
	}
	sw, err := s.w.f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	for i, c := range s.cols {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	hdr := make([]any, len(s.cols))
	lines := 1
	for i, c := range s.cols {
		hdr[i] = excelize.Cell{Value: c.header, StyleID: s.w.header}
		// a Chinese character is about two units of column width; long headers wrap
		lines = max(lines, int(math.Ceil(float64(2*len([]rune(c.header)))/c.width)))
	}
	if err := sw.SetRow("A1", hdr, excelize.RowOpts{Height: 15 * float64(lines), StyleID: s.w.header}); err != nil {
		return err
	}
	s.sw, s.name, s.rows = sw, name, 0
	return nil
}

// add writes one row; values are aligned with the columns.
func (s *sheet) add(values ...any) error {
	if s.rows == s.w.maxRows {
		if err := s.close(); err != nil {
			return err
		}
		if err := s.open(); err != nil {
			return err
		}
	}
	row := make([]any, len(values))
	for i, v := range values {
		row[i] = s.w.cell(s.cols[i].kind, v)
	}
	s.rows++
	cell, _ := excelize.CoordinatesToCellName(1, s.rows+1)
	return s.sw.SetRow(cell, row)
}

// close adds the autofilter and the 结论 drop-down and flushes the sheet.
func (s *sheet) close() error {
	last := s.rows + 1
	lastCol, _ := excelize.ColumnNumberToName(len(s.cols))
	if err := s.w.f.AutoFilter(s.name, fmt.Sprintf("A1:%s%d", lastCol, last), nil); err != nil {
		return err
	}
	if s.dropCol > 0 && s.rows > 0 {
		col, _ := excelize.ColumnNumberToName(s.dropCol)
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("%s2:%s%d", col, col, last)
		if err := dv.SetDropList(Conclusions); err != nil {
			return err
		}
		dv.SetError(excelize.DataValidationErrorStyleStop, "结论", "请选择：属实、不属实或已整改")
		if err := s.w.f.AddDataValidation(s.name, dv); err != nil {
			return err
		}
	}
	return s.sw.Flush()
}

func (w *writer) uniqueName(name string) string {
	if w.names == nil {
		w.names = map[string]bool{}
	}
	name = sheetName(name)
	base, n := name, 1
	for w.names[name] {
		n++
		suffix := fmt.Sprintf("_%d", n)
		name = truncateRunes(base, excelize.MaxSheetNameLength-len([]rune(suffix))) + suffix
	}
	w.names[name] = true
	return name
}

// sheetName removes the characters Excel forbids in sheet names and keeps 31 characters.
func sheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '_'
		}
		return r
	}, s)
	s = strings.Trim(s, "'")
	if s == "" {
		s = "sheet"
	}
	return truncateRunes(s, excelize.MaxSheetNameLength)
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		r = r[:n]
	}
	return string(r)
}

// cell converts a value to a styled cell. Text is always a string cell (never a formula), so a
// value starting with = + - @ cannot run; numbers and months are real numbers and dates.
func (w *writer) cell(kind cellKind, v any) any {
	switch kind {
	case cellInt:
		switch x := v.(type) {
		case int64:
			return excelize.Cell{Value: x, StyleID: w.integer}
		case int:
			return excelize.Cell{Value: x, StyleID: w.integer}
		}
	case cellMoney:
		if x, ok := v.(*int64); ok {
			if x == nil {
				return excelize.Cell{StyleID: w.money}
			}
			return excelize.Cell{Value: float64(*x) / 100, StyleID: w.money}
		}
	case cellMonth:
		if s, ok := v.(string); ok {
			if t, err := time.Parse("2006-01", s); err == nil {
				return excelize.Cell{Value: t, StyleID: w.month}
			}
			return excelize.Cell{StyleID: w.month}
		}
	}
	return excelize.Cell{Value: fmt.Sprint(v), StyleID: w.text}
}

func (w *writer) maskID(id string) string {
	if w.wb.RevealIDs || id == "" {
		return id
	}
	return ids.Mask(id)
}

// detail is a finding's sentence with the ID numbers in it masked, unless the run reveals them.
func (w *writer) detail(f *findings.Finding) string {
	if w.wb.RevealIDs {
		return f.Detail
	}
	return ids.MaskIn(f.Detail)
}

// subject hides an ID number used as a finding's subject.
func (w *writer) subject(f *findings.Finding) string {
	if f.IDNo != "" && f.Subject == f.IDNo {
		return w.maskID(f.Subject)
	}
	return f.Subject
}

func (w *writer) ruleTitle(code string) string {
	for _, r := range w.wb.Rules {
		if r.Code == code && r.Title != "" {
			return r.Title
		}
	}
	return code
}

var statusLabels = map[string]string{findings.StatusNew: "新发现", findings.StatusOpen: "持续", findings.StatusSuppressed: "已排除"}

// summarySheet: findings per department × category, new vs open.
func (w *writer) summarySheet() error {
	cols := []column{{"部门代码", 22, cellText}, {"部门名称", 28, cellText}}
	for c := 1; c <= 7; c++ {
		cols = append(cols, column{fmt.Sprintf("%d.%s", c, findings.Categories[c]), 14, cellInt})
	}
	cols = append(cols, column{"新发现", 10, cellInt}, column{"持续", 10, cellInt}, column{"合计", 10, cellInt})
	s, err := w.newSheet("汇总", cols, 0)
	if err != nil {
		return err
	}
	type tally struct {
		name           string
		cat            [8]int64
		new, open, all int64
	}
	by := map[string]*tally{}
	for i := range w.wb.Findings {
		f := &w.wb.Findings[i]
		if f.Status == findings.StatusSuppressed {
			continue
		}
		t := by[f.DeptCode]
		if t == nil {
			t = &tally{name: f.DeptName}
			by[f.DeptCode] = t
		}
		if f.Category >= 1 && f.Category <= 7 {
			t.cat[f.Category]++
		}
		if f.Status == findings.StatusOpen {
			t.open++
		} else {
			t.new++
		}
		t.all++
	}
	codes := make([]string, 0, len(by))
	for c := range by {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	var total tally
	for _, code := range codes {
		t := by[code]
		row := []any{code, t.name}
		for c := 1; c <= 7; c++ {
			row = append(row, t.cat[c])
			total.cat[c] += t.cat[c]
		}
		total.new, total.open, total.all = total.new+t.new, total.open+t.open, total.all+t.all
		if err := s.add(append(row, t.new, t.open, t.all)...); err != nil {
			return err
		}
	}
	row := []any{"合计", ""}
	for c := 1; c <= 7; c++ {
		row = append(row, total.cat[c])
	}
	if err := s.add(append(row, total.new, total.open, total.all)...); err != nil {
		return err
	}
	return s.close()
}

// changeLabels name the change kinds on the 变化 sheet.
var changeLabels = map[string]string{
	findings.ChangeNew: "新发现", findings.ChangeReopened: "重新出现", findings.ChangeResolved: "已消除",
	findings.ChangeNotEvaluated: "未评估（数据未报送）", findings.ChangeRuleChanged: "规则已修改",
}

// changesSheet lists what changed since the previous run: new, reopened, resolved, not evaluated
// (the source covering the unit did not load) and rule changed.
func (w *writer) changesSheet() error {
	s, err := w.newSheet("变化", []column{{"变化", 14, cellText}, {"规则", 26, cellText}, {"单位代码", 22, cellText},
		{"单位名称", 28, cellText}, {"对象", 22, cellText}, {"姓名", 10, cellText}, {"说明", 60, cellText}, {HeaderFingerprint, 18, cellText}}, 0)
	if err != nil {
		return err
	}
	for i := range w.wb.Changes {
		c := &w.wb.Changes[i]
		f := &c.Finding
		if err := s.add(changeLabels[c.Kind], w.ruleTitle(f.Rule), f.UnitCode, f.UnitName, w.subject(f), f.Name, w.detail(f), f.Fingerprint); err != nil {
			return err
		}
	}
	return s.close()
}

// ruleSheets writes one sheet per rule that fired, in the order of the report's problem lines
// (category, then code), with the columns that matter:
// person columns when the rule is about persons, money and months when it has amounts.
func (w *writer) ruleSheets() error {
	byRule := map[string][]*findings.Finding{}
	var order []string
	for i := range w.wb.Findings {
		f := &w.wb.Findings[i]
		if f.Status == findings.StatusSuppressed {
			continue
		}
		if _, ok := byRule[f.Rule]; !ok {
			order = append(order, f.Rule)
		}
		byRule[f.Rule] = append(byRule[f.Rule], f)
	}
	sort.Slice(order, func(i, j int) bool {
		ci, cj := byRule[order[i]][0].Category, byRule[order[j]][0].Category
		if ci != cj {
			return ci < cj
		}
		return order[i] < order[j]
	})
	for _, code := range order {
		if err := w.findingSheet(w.ruleTitle(code), byRule[code]); err != nil {
			return err
		}
	}
	return nil
}

func (w *writer) findingSheet(name string, fs []*findings.Finding) error {
	person, money := false, false
	for _, f := range fs {
		person = person || f.IDNo != ""
		money = money || f.Amount != nil
	}
	cols := []column{{"部门", 24, cellText}, {"单位代码", 22, cellText}, {"单位名称", 28, cellText}}
	if person {
		cols = append(cols, column{"身份证号", 21, cellText}, column{"姓名", 10, cellText})
	} else {
		cols = append(cols, column{"对象", 22, cellText})
	}
	if money {
		cols = append(cols, column{"月数", 8, cellInt}, column{"涉及金额(元)", 14, cellMoney}, column{"起始月份", 10, cellMonth}, column{"截止月份", 10, cellMonth})
	} else {
		cols = append(cols, column{"数量", 8, cellInt})
	}
	cols = append(cols, column{"说明", 60, cellText}, column{"状态", 8, cellText}, column{HeaderFingerprint, 18, cellText},
		column{HeaderConclusion, 10, cellText}, column{HeaderOpinion, 30, cellText})
	s, err := w.newSheet(name, cols, len(cols)-1)
	if err != nil {
		return err
	}
	for _, f := range fs {
		row := []any{f.DeptName, f.UnitCode, f.UnitName}
		if person {
			row = append(row, w.maskID(f.IDNo), f.Name)
		} else {
			row = append(row, f.Subject)
		}
		if money {
			row = append(row, f.Count, f.Amount, f.FirstMonth, f.LastMonth)
		} else {
			row = append(row, f.Count)
		}
		row = append(row, w.detail(f), statusLabels[f.Status], f.Fingerprint, "", "")
		if err := s.add(row...); err != nil {
			return err
		}
	}
	return s.close()
}

// suppressedSheet lists findings an auditor marked 不属实: still found, not counted.
func (w *writer) suppressedSheet() error {
	var fs []*findings.Finding
	for i := range w.wb.Findings {
		if w.wb.Findings[i].Status == findings.StatusSuppressed {
			fs = append(fs, &w.wb.Findings[i])
		}
	}
	s, err := w.newSheet("已排除", []column{{"规则", 26, cellText}, {"单位代码", 22, cellText}, {"单位名称", 28, cellText},
		{"对象", 22, cellText}, {"姓名", 10, cellText}, {"说明", 60, cellText}, {HeaderFingerprint, 18, cellText}}, 0)
	if err != nil {
		return err
	}
	for _, f := range fs {
		if err := s.add(w.ruleTitle(f.Rule), f.UnitCode, f.UnitName, w.subject(f), f.Name, w.detail(f), f.Fingerprint); err != nil {
			return err
		}
	}
	return s.close()
}

// rejectsSheet lists the input problems; raw values that look like ID numbers are masked.
func (w *writer) rejectsSheet() error {
	s, err := w.newSheet("输入问题", []column{{"文件", 30, cellText}, {"工作表", 16, cellText}, {"行号", 8, cellInt},
		{"列", 16, cellText}, {"原值", 22, cellText}, {"原因", 50, cellText}, {"处理", 10, cellText}}, 0)
	if err != nil {
		return err
	}
	for _, r := range w.wb.Rejects {
		v := r.Value
		if !w.wb.RevealIDs {
			v = ids.MaskLike(v)
		}
		action := "整行剔除"
		if r.Action == loaders.CellCleared {
			action = "单元格清空"
		}
		if err := s.add(r.File, r.Sheet, r.Line, r.Column, v, r.Reason, action); err != nil {
			return err
		}
	}
	return s.close()
}

// aboutSheet shows run.json in readable form.
func (w *writer) aboutSheet() error {
	s, err := w.newSheet("说明", []column{{"项目", 24, cellText}, {"内容", 90, cellText}}, 0)
	if err != nil {
		return err
	}
	run := w.wb.Run
	if run == nil {
		return s.close()
	}
	reveal := "否（身份证号已遮蔽）"
	if run.Parameters.RevealIDs {
		reveal = "是（含完整身份证号，请妥善保管）"
	}
	rows := [][2]string{
		{"运行编号", run.RunID}, {"程序版本", run.EngineVersion}, {"开始时间", run.StartedAt}, {"结束时间", run.FinishedAt},
		{"截止时点", run.AsOf}, {"核查月份", strings.Join(run.Months, "、")}, {"数据目录", run.Parameters.Input},
		{"地名前缀", strings.Join(run.Parameters.RegionPrefixes, "、")}, {"显示完整身份证号", reveal},
		{"发现问题数", fmt.Sprint(run.Counts.Findings)}, {"剔除行数", fmt.Sprint(run.Counts.RowsRejected)},
		{"清空单元格数", fmt.Sprint(run.Counts.CellsCleared)}, {"执行失败的规则数", fmt.Sprint(run.Counts.RulesFailed)},
	}
	for _, in := range run.Inputs {
		rows = append(rows, [2]string{"输入文件", fmt.Sprintf("%s（%d 字节，sha256 %s）", in.Path, in.Size, in.SHA256)})
	}
	for _, r := range run.Rules {
		v := fmt.Sprintf("%s：%d 条（规则文本 %s）", r.Code, r.Findings, r.Hash)
		if r.Error != "" {
			v = fmt.Sprintf("%s：执行失败：%s", r.Code, r.Error)
		}
		rows = append(rows, [2]string{"规则", v})
	}
	for _, r := range rows {
		if err := s.add(r[0], r[1]); err != nil {
			return err
		}
	}
	return s.close()
}

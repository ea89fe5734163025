package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/hecha-dev/hecha/findings"
	"github.com/hecha-dev/hecha/ids"
)

// ReviewRow is one finding row of a returned findings.xlsx.
type ReviewRow struct {
	Sheet       string
	Line        int // as Excel shows it
	Fingerprint string
	Conclusion  string // empty when the auditor left it blank
	Opinion     string
	Cells       map[string]string // every other column, by header
}

// ReadReview reads the rule sheets of a returned findings.xlsx: every row with a fingerprint,
// its 结论 and 处理意见, and the other cells (so edits to them can be reported). A 结论 outside the
// drop-down's values is an error naming the sheet and row.
func ReadReview(r io.Reader) ([]ReviewRow, error) {
	f, err := excelize.OpenReader(r, excelize.Options{UnzipSizeLimit: 1 << 30, UnzipXMLSizeLimit: 256 << 20})
	if err != nil {
		return nil, fmt.Errorf("not a findings workbook (.xlsx): %w", err)
	}
	defer f.Close()
	var out []ReviewRow
	found := false
	for _, sheet := range f.GetSheetList() {
		rows, err := f.Rows(sheet)
		if err != nil {
			return nil, err
		}
		var header []string
		fpCol, conCol, opCol := -1, -1, -1
		line := 0
		for rows.Next() {
			line++
			cols, err := rows.Columns()
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("sheet %s row %d: %w", sheet, line, err)
			}
			if line == 1 {
				header = cols
				for i, h := range cols {
					switch strings.TrimSpace(h) {
					case HeaderFingerprint:
						fpCol = i
					case HeaderConclusion:
						conCol = i
					case HeaderOpinion:
						opCol = i
					}
				}
				if fpCol < 0 || conCol < 0 {
					break
				}
				found = true
				continue
			}
			cell := func(i int) string {
				if i >= 0 && i < len(cols) {
					return strings.TrimSpace(cols[i])
				}
				return ""
			}
			fp := cell(fpCol)
			if fp == "" {
				continue
			}
			row := ReviewRow{Sheet: sheet, Line: line, Fingerprint: fp, Conclusion: cell(conCol), Opinion: cell(opCol), Cells: map[string]string{}}
			switch row.Conclusion {
			case "", findings.ConclusionTrue, findings.ConclusionFalse, findings.ConclusionRectified:
			default:
				rows.Close()
				return nil, fmt.Errorf("sheet %s row %d: 结论 %q is not one of 属实, 不属实, 已整改", sheet, line, row.Conclusion)
			}
			for i, h := range header {
				if i != fpCol && i != conCol && i != opCol {
					row.Cells[h] = cell(i)
				}
			}
			out = append(out, row)
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	if !found {
		return nil, fmt.Errorf("no sheet has the %s and %s columns: is this a findings.xlsx written by hecha?", HeaderFingerprint, HeaderConclusion)
	}
	return out, nil
}

// EditedColumns lists the columns of a returned row that differ from what hecha wrote for the
// finding (other than 结论 and 处理意见, the only columns read back). A workbook written with or
// without --reveal-ids is recognised either way.
func EditedColumns(row ReviewRow, f *findings.Finding) []string {
	want := map[string][]string{
		"单位代码": {f.UnitCode},
		"单位名称": {f.UnitName},
		"说明":   {ids.MaskIn(f.Detail), f.Detail},
	}
	if f.IDNo != "" {
		want["身份证号"] = []string{ids.Mask(f.IDNo), f.IDNo}
		want["姓名"] = []string{f.Name}
	} else {
		want["对象"] = []string{f.Subject}
	}
	var edited []string
	for _, h := range []string{"单位代码", "单位名称", "对象", "身份证号", "姓名", "说明"} {
		got, ok := row.Cells[h]
		ws, known := want[h]
		if !ok || !known {
			continue
		}
		same := false
		for _, w := range ws {
			same = same || got == strings.TrimSpace(w)
		}
		if !same {
			edited = append(edited, h)
		}
	}
	return edited
}

package report

import (
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/hecha-dev/hecha/inspect"
)

// WriteSample writes sample.xlsx: every drawn unit with its department and why it was drawn.
func WriteSample(w io.Writer, picks []inspect.Pick, total int, ratio float64) error {
	return writeTable(w, "抽查名单", []string{"序号", "部门代码", "部门名称", "单位代码", "单位名称", "抽取原因"}, len(picks), func(i int) []any {
		p := picks[i]
		return []any{i + 1, p.DeptCode, p.DeptName, p.Code, p.Name, p.Reason}
	}, []any{"抽查单位", len(picks), "全部单位", total, "抽查比例下限", ratio})
}

// WriteRotation writes rotate.xlsx: each department's team and the department it inspects.
func WriteRotation(w io.Writer, as []inspect.Assignment, names map[string]string) error {
	return writeTable(w, "交叉检查", []string{"序号", "检查组（部门）", "部门名称", "被检查部门", "部门名称"}, len(as), func(i int) []any {
		a := as[i]
		return []any{i + 1, a.Inspector, names[a.Inspector], a.Inspected, names[a.Inspected]}
	}, nil)
}

// writeTable writes a one-sheet workbook: a header row, n rows, and an optional footer line.
func writeTable(w io.Writer, sheet string, header []string, n int, row func(i int) []any, footer []any) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	hs := make([]any, len(header))
	for i, h := range header {
		hs[i] = h
	}
	if err := f.SetSheetRow(sheet, "A1", &hs); err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		r := row(i)
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			return err
		}
	}
	if footer != nil {
		cell, _ := excelize.CoordinatesToCellName(1, n+3)
		if err := f.SetSheetRow(sheet, cell, &footer); err != nil {
			return err
		}
	}
	last, _ := excelize.ColumnNumberToName(len(header))
	if err := f.SetColWidth(sheet, "B", last, 24); err != nil {
		return err
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "hecha", Created: fixedTime, Modified: fixedTime}); err != nil {
		return err
	}
	_, err := f.WriteTo(w)
	return err
}

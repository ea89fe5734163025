package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/hecha-dev/hecha/findings"
	"github.com/hecha-dev/hecha/ids"
)

// WriteNotice writes a unit's 公示 workbook: the notice text of 附件2, the 核查信息 sheet with the
// unit's facts and approved-vs-actual numbers, and the staff list with masked ID numbers.
func WriteNotice(w io.Writer, n *findings.Notice, citations []string) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "公示"); err != nil {
		return err
	}
	if citations == nil {
		citations = DefaultCitations
	}
	title, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 16, Bold: true}, Alignment: &excelize.Alignment{Horizontal: "center"}})
	body, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "仿宋", Size: 12}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	head, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 11, Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	text := []string{
		n.UnitName + "机构和人员编制核查情况公示",
		"根据" + strings.Join(citations, "、") + "文件要求，区编办正会同区委组织部、区财政局、区人社局、区公安分局、区监察局、区审计局等部门开展核查工作。现将我单位机构和人员编制核查信息予以公示（具体信息附后）。",
		"公示时间：自张贴之日起不少于五个工作日。",
		"如对公示信息有异议，可以向本单位组织人事科反映。",
		"附件：机构和人员编制核查信息（见“核查信息”“人员名单”工作表）",
		n.UnitName + "（盖章）",
	}
	if err := f.SetColWidth("公示", "A", "A", 90); err != nil {
		return err
	}
	for i, t := range text {
		cell := fmt.Sprintf("A%d", i+1)
		if err := f.SetCellStr("公示", cell, t); err != nil {
			return err
		}
		style := body
		if i == 0 {
			style = title
		}
		if err := f.SetCellStyle("公示", cell, cell, style); err != nil {
			return err
		}
	}
	if err := f.SetRowHeight("公示", 2, 80); err != nil {
		return err
	}

	if _, err := f.NewSheet("核查信息"); err != nil {
		return err
	}
	e, p := n.Estab, n.Posts
	info := [][]any{
		{"项目", "核定（批准）", "实有"},
		{"单位名称", n.UnitName, ""},
		{"统一社会信用代码", n.UnitCode, ""},
		{"主管部门", n.DeptName, ""},
		{"机构类别", n.Kind, ""},
		{"经费形式", n.Funding, ""},
		{"机构规格", n.Rank, ""},
		{"截止时点", n.AsOf, ""},
		{"行政编制（含政法专项编制）", e.Approved.Admin, e.Actual.Admin},
		{"其中：政法专项编制", e.Approved.PoliticsLaw, e.Actual.PoliticsLaw},
		{"事业编制", e.Approved.Inst, e.Actual.Inst},
		{"其中：全额拨款", e.Approved.InstFull, e.Actual.InstFull},
		{"差额拨款", e.Approved.InstPartial, e.Actual.InstPartial},
		{"经费自理", e.Approved.InstSelf, e.Actual.InstSelf},
		{"工勤编制", e.Approved.Service, e.Actual.Service},
		{"机关其他编制", e.Approved.Other, e.Actual.Other},
		{"部门领导正职", p.Approved.Chief, p.Actual.Chief},
		{"部门领导副职", p.Approved.Deputy, p.Actual.Deputy},
		{"部门其他领导", p.Approved.Other, p.Actual.Other},
		{"内设机构领导", p.Approved.Internal, p.Actual.Internal},
		{"编外人员", "", n.Outside},
	}
	for i, row := range info {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("核查信息", cell, &row); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle("核查信息", "A1", "C1", head); err != nil {
		return err
	}
	if err := f.SetColWidth("核查信息", "A", "A", 28); err != nil {
		return err
	}
	if err := f.SetColWidth("核查信息", "B", "C", 24); err != nil {
		return err
	}

	if _, err := f.NewSheet("人员名单"); err != nil {
		return err
	}
	hdr := []any{"序号", "姓名", "性别", "身份证号", "编制类型", "人员状态", "职务", "职务类别", "进入本单位时间"}
	if err := f.SetSheetRow("人员名单", "A1", &hdr); err != nil {
		return err
	}
	if err := f.SetCellStyle("人员名单", "A1", "I1", head); err != nil {
		return err
	}
	for i, s := range n.Staff {
		row := []any{i + 1, s.Name, s.Gender, ids.Mask(s.IDNo), s.EstabType, s.Status, s.Post, s.PostClass, s.EntryDate}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow("人员名单", cell, &row); err != nil {
			return err
		}
	}
	if err := f.SetColWidth("人员名单", "D", "D", 21); err != nil {
		return err
	}
	if err := f.SetPanes("人员名单", &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "hecha", Title: n.UnitName + "核查情况公示", Created: fixedTime, Modified: fixedTime}); err != nil {
		return err
	}
	_, err := f.WriteTo(w)
	return err
}

package loaders

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/hecha-dev/hecha/ids"
	"github.com/xuri/excelize/v2"
)

// TestXLSXBannerAndLines: a merged banner and a title row above the header, blank rows inside
// the data; rows are numbered as Excel shows them.
func TestXLSXBannerAndLines(t *testing.T) {
	dir := t.TempDir()
	writeXLSX(t, dir, "人员.xlsx", sheet{name: "实名制人员", rows: [][]any{
		{"白银区机构编制实名制人员信息表"},                               // 1: merged banner A1:G1
		{"填报单位：白银区财政局", nil, nil, nil, "填报日期：2014年3月31日"}, // 2: title row
		nil, // 3: blank
		{"序号", "*身份证号", "姓名", "单位代码", "编制类型\n（必填）", "人员状态", "进入本单位时间"},  // 4: header
		{1, "620402199001011234", "张三", "U1", "行政", "在岗", "2014-03-01"}, // 5
		nil,                                 // 6: blank
		{nil, nil, nil, nil, nil, nil, nil}, // 7: blank
		{3, "620402199001011234", "李四", "U1", "行政", "在岗", "2014-03-02"}, // 8
	}, setup: func(f *excelize.File, s string) {
		if err := f.MergeCell(s, "A1", "G1"); err != nil {
			t.Fatal(err)
		}
		if err := f.MergeCell(s, "A2", "D2"); err != nil {
			t.Fatal(err)
		}
		_ = f.SetCellValue(s, "H6", "  ") // a row holding only spaces is blank
	}})
	c, rep, err := load(t, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.rows) != 2 || c.rows[0].Line != 5 || c.rows[1].Line != 8 {
		t.Fatalf("rows %+v", c.rows)
	}
	if c.rows[0].Sheet != "实名制人员" || c.rows[0].File != "人员.xlsx" {
		t.Errorf("row %+v", c.rows[0])
	}
	want := SheetReport{Sheet: "实名制人员", Kind: KindStaff, HeaderRow: 4, RowsRead: 2, RowsAccepted: 2, Unknown: []string{"序号"}}
	if diff := cmp.Diff([]SheetReport{want}, rep.Files[0].Sheets, ignoreReadTime); diff != "" {
		t.Errorf("sheet report (-want +got):\n%s", diff)
	}
}

// TestXLSXCellTypes writes dates, serials, numbers and IDs the ways Excel users do and reads them back.
func TestXLSXCellTypes(t *testing.T) {
	dir := t.TempDir()
	march31 := time.Date(2014, 3, 31, 0, 0, 0, 0, time.UTC)
	writeXLSX(t, dir, "pay.xlsx", sheet{name: "工资", rows: [][]any{
		{"发放年月", "单位代码", "身份证号", "姓名", "应发工资", "实发工资", "银行账号"},
		{march31, "U1", "620402199001011234", "甲", 4523.1, "4,523.10", "6228 4801 2345 6789 012"}, // 2 date cell
		{41729, "U1", int64(620402900101123), "乙", 4523, 4523.1, 622848012345},                    // 3 serial, 15-digit number
		{201403, 620402001, int64(620402199001011234), "丙", 100, 100, nil},                        // 4 ID as a number
		{"2014年3月", "U1", 6.2040219900101101e17, "丁", 100, 100, nil},                              // 5 ID as a float
		{"2014-03", "U1", "62040219900101123x", "戊", 100.005, 100, nil},                           // 6 money with 3 decimals
		{"201403", "U1", "６２０４０２１９９００１０１１２３４", "己", 4523.1, 4523.1, int64(6228480123456789012)},   // 7 account as number
	}, setup: func(f *excelize.File, s string) {
		must(t, f.SetCellStyle(s, "A2", "A2", style(t, f, 0, "yyyy-mm")))
		must(t, f.SetCellStyle(s, "A3", "A3", style(t, f, 0, "yyyy\"年\"m\"月\"")))
		must(t, f.SetCellStyle(s, "E2", "E3", style(t, f, 0, "¥#,##0.00")))
		must(t, f.SetCellStyle(s, "C4", "C5", style(t, f, 0, "0")))
	}})
	writeXLSX(t, dir, "staff.xlsm", sheet{name: "人员", rows: [][]any{
		{"身份证号", "姓名", "单位代码", "编制类型", "人员状态", "出生日期", "进入本单位时间", "离开本单位时间"},
		{"620402199001011234", "甲", "U1", "行政", "在岗", time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), 41729, "2014.3.31"},
		{"620402199001011234", "乙", "U1", "行政", "在岗", "1990年1月1日", 20140331, "20140331"},
		{"620402199001011234", "丙", "U1", "行政", "在岗", 32874, 41729.5, 60},
	}, setup: func(f *excelize.File, s string) {
		must(t, f.SetCellStyle(s, "F2", "F2", style(t, f, 0, "yyyy\"年\"m\"月\"d\"日\"")))
		must(t, f.SetCellStyle(s, "G2", "G2", style(t, f, 14, "")))
		must(t, f.SetCellStyle(s, "H4", "H4", style(t, f, 14, "")))
	}})
	writeXLSX(t, dir, "台账.xlsx", sheet{name: "台账", rows: [][]any{
		{"单位代码", "单位名称", "批准文号", "批准日期", "事项", "行政编制", "工勤编制", "领导正职", "事业编制（全额拨款）"},
		{"U1", "白银区甲局", "白区编委发〔2014〕1号", time.Date(2014, 1, 2, 0, 0, 0, 0, time.UTC), "设立", 5, 3.0, "-", "—"},
		{"U1", "", "白区编委发〔2014〕2号", "2014/2/3", "编制调整", -1, "－", 1, 2.5},
	}})
	c, rep, err := load(t, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	byFile := map[string][]Row{}
	for _, r := range c.rows {
		byFile[r.File] = append(byFile[r.File], r)
	}
	get := func(r Row, name string) any {
		for i, f := range Schemas[r.Kind].Fields {
			if f.Name == name {
				return r.Values[i]
			}
		}
		t.Fatalf("no field %s", name)
		return nil
	}
	march := day(2014, 3, 1)
	type payRow struct {
		Line    int
		Month   any
		Unit    any
		ID      any
		Gross   any
		Net     any
		Account any
	}
	var pay []payRow
	for _, r := range byFile["pay.xlsx"] {
		pay = append(pay, payRow{r.Line, get(r, "pay_month"), get(r, "unit_code"), get(r, "id_no"), get(r, "gross"), get(r, "net"), get(r, "bank_account")})
	}
	wantPay := []payRow{
		{2, march, "U1", "620402199001011234", int64(452310), int64(452310), "6228480123456789012"},
		{3, march, "U1", ids.Make("620402", day(1990, 1, 1), 123), int64(452300), int64(452310), "622848012345"},
		{7, march, "U1", "620402199001011234", int64(452310), int64(452310), nil},
	}
	if diff := cmp.Diff(wantPay, pay); diff != "" {
		t.Errorf("payroll rows (-want +got):\n%s", diff)
	}
	var rej []string
	for _, r := range rep.Rejects {
		rej = append(rej, r.String())
	}
	wantRej := []string{
		`pay.xlsx:工资:R4 (身份证号): ID number was stored as a number and its digits were lost; format the column as text and re-enter it ["620402199001011000", row rejected]`,
		`pay.xlsx:工资:R5 (身份证号): ID number was stored as a number and its digits were lost; format the column as text and re-enter it ["620402199001011000", row rejected]`,
		`pay.xlsx:工资:R6 (应发工资): "100.005" has more than 2 decimals (yuan and fen) ["100.005", row rejected]`,
		`pay.xlsx:工资:R7 (银行账号): the account number was stored as a number and its digits were lost; format the column as text and re-enter it ["6.22848012345679E+18", cell cleared]`,
		`staff.xlsm:人员:R4 (离开本单位时间): serial 60 is 1900-02-29, a day that does not exist (Excel's 1900 leap-year bug) ["02-29-00", cell cleared]`,
		`台账.xlsx:台账:R3 (事业编制（全额拨款）): "2.5" is not a whole number ["2.5", cell cleared]`,
	}
	if diff := cmp.Diff(wantRej, rej); diff != "" {
		t.Errorf("rejects (-want +got):\n%s", diff)
	}

	type staffRow struct{ Birth, Entry, Exit any }
	var staff []staffRow
	for _, r := range byFile["staff.xlsm"] {
		staff = append(staff, staffRow{get(r, "birth_date"), get(r, "entry_date"), get(r, "exit_date")})
	}
	b, m31 := day(1990, 1, 1), day(2014, 3, 31)
	wantStaff := []staffRow{{b, m31, m31}, {b, m31, m31}, {b, m31, nil}}
	if diff := cmp.Diff(wantStaff, staff); diff != "" {
		t.Errorf("staff dates (-want +got):\n%s", diff)
	}

	type ledgerRow struct{ Date, Admin, Service, Chief, Full any }
	var ledger []ledgerRow
	for _, r := range byFile["台账.xlsx"] {
		ledger = append(ledger, ledgerRow{get(r, "doc_date"), get(r, "admin"), get(r, "service"), get(r, "lead_chief"), get(r, "inst_full")})
	}
	wantLedger := []ledgerRow{
		{day(2014, 1, 2), int64(5), int64(3), int64(0), int64(0)},
		{day(2014, 2, 3), int64(-1), int64(0), int64(1), nil},
	}
	if diff := cmp.Diff(wantLedger, ledger); diff != "" {
		t.Errorf("ledger (-want +got):\n%s", diff)
	}
	// The unit code typed as a number reads as its digits.
	for _, r := range rep.Rejects {
		if r.Line == 4 && r.File == "pay.xlsx" && r.Column == "单位代码" {
			t.Errorf("numeric unit code rejected: %v", r)
		}
	}
}

func TestXLSXDate1904(t *testing.T) {
	dir := t.TempDir()
	f := excelize.NewFile()
	yes := true
	must(t, f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}))
	must(t, f.SetSheetRow("Sheet1", "A1", &[]any{"身份证号", "公民身份号码", "姓名", "户籍状态", "死亡日期"}))
	must(t, f.SetSheetRow("Sheet1", "A2", &[]any{"620402199001011234", "", "甲", "死亡", time.Date(2014, 3, 31, 0, 0, 0, 0, time.UTC)}))
	must(t, f.SetSheetRow("Sheet1", "A3", &[]any{"620402199001011234", "", "乙", "死亡", 40267}))
	must(t, f.SetCellStyle("Sheet1", "E2", "E3", style(t, f, 14, "")))
	must(t, f.SaveAs(dir+"/identity.xlsx"))
	c, rep, err := load(t, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.rows) != 2 || c.value(t, 0, "status_date") != day(2014, 3, 31) || c.value(t, 1, "status_date") != day(2014, 3, 31) {
		t.Errorf("rows %+v rejects %v", c.rows, rep.Rejects)
	}
	if !cmp.Equal(rep.Files[0].Sheets[0].Unknown, []string{"公民身份号码"}) {
		t.Errorf("duplicate id column not reported unknown: %+v", rep.Files[0].Sheets[0])
	}
}

func TestXLSXSheets(t *testing.T) {
	dir := t.TempDir()
	writeXLSX(t, dir, "book.xlsx",
		sheet{name: "填表说明", rows: [][]any{{"填表说明"}, {"1. 身份证号请设置为文本格式"}}},
		sheet{name: "机构", rows: [][]any{{"单位代码", "单位名称", "机构类别", "加挂牌子"}, {"U1", "白银区甲局", "行政", "甲中心；乙办公室"}}},
		sheet{name: "空表", rows: nil},
		sheet{name: "只有表头", rows: [][]any{{"单位代码", "单位名称", "机构类别"}}},
		sheet{name: "代码表", rows: [][]any{{"机构类别", "说明"}, {"行政机构", ""}}},
	)
	c, rep, err := load(t, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.rows) != 1 || !cmp.Equal(c.value(t, 0, "nameplates"), []string{"甲中心", "乙办公室"}) || c.value(t, 0, "unit_kind") != "行政机构" {
		t.Errorf("rows %+v", c.rows)
	}
	var names []string
	for _, s := range rep.Files[0].Sheets {
		names = append(names, s.Sheet+"|"+string(s.Kind)+"|"+s.Skipped)
	}
	want := []string{
		"填表说明||no header row of any kind in the first 10 rows",
		"机构|units|",
		"空表||no header row of any kind in the first 10 rows",
		"只有表头||no data rows",
		"代码表||no header row of any kind in the first 10 rows",
	}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("sheets (-want +got):\n%s", diff)
	}
	if len(rep.Warnings) != 4 || !strings.HasPrefix(rep.Warnings[0], "book.xlsx: sheet 填表说明: skipped: no header row") {
		t.Errorf("warnings %q", rep.Warnings)
	}
}

func TestXLSXStructural(t *testing.T) {
	dir := t.TempDir()
	writeXLSX(t, dir, "a.xlsx",
		sheet{name: "机构", rows: [][]any{{"单位代码", "单位名称", "机构类别"}, {"U1", "甲", "行政"}}},
		sheet{name: "人员", rows: [][]any{{"标题"}, {"身份证号", "姓名", "单位代码", "人员状态"}, {"620402199001011234", "甲", "U1", "在岗"}}},
	)
	writeFile(t, dir, "b.xlsx", []byte("this is not a zip file"))
	writeFile(t, dir, "c.xlsx", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...))
	writeFile(t, dir, "d.xlsx", []byte("PK\x03\x04 truncated"))
	_, rep, err := load(t, dir, Options{})
	var got []string
	for _, e := range unjoin(err) {
		got = append(got, e.Error())
		if !errors.Is(e, ErrStructural) {
			t.Errorf("not structural: %v", e)
		}
	}
	want := []string{
		"a.xlsx: sheet 人员: the header looks like 实名制人员信息 (staff) but lacks the required column(s) 编制类型",
		"b.xlsx: not a readable .xlsx workbook (the file is not a valid zip archive: damaged, truncated or not made by Excel): zip: not a valid zip file",
		"c.xlsx: the file is an Excel 97-2003 (.xls) workbook or a password-protected workbook, not an .xlsx: remove the password, or open it in Excel or WPS and save it as Excel 工作簿 (.xlsx), or run: libreoffice --headless --convert-to xlsx FILE",
		"d.xlsx: not a readable .xlsx workbook (the file is not a valid zip archive: damaged, truncated or not made by Excel): zip: not a valid zip file",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	// The sheet read before the broken one is reported.
	if s := rep.Files[0].Sheets; len(s) != 2 || s[0].RowsAccepted != 1 {
		t.Errorf("sheets %+v", s)
	}
}

// unjoin lists the errors of an errors.Join (or the one error).
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	if err == nil {
		return nil
	}
	return []error{err}
}

func TestSheetRowCap(t *testing.T) {
	old := maxSheetRows
	maxSheetRows = 3
	defer func() { maxSheetRows = old }()
	dir := t.TempDir()
	writeXLSX(t, dir, "big.xlsx", sheet{name: "人员", rows: [][]any{
		{"身份证号", "姓名", "单位代码", "编制类型", "人员状态"},
		{"620402198001011234", "张三", "D01", "编外", "在岗"},
		{"620402198001011234", "李四", "D01", "编外", "在岗"},
		{"620402198001011234", "王五", "D01", "编外", "在岗"},
	}})
	_, _, err := load(t, dir, Options{})
	if !errors.Is(err, ErrStructural) || !strings.Contains(err.Error(), "big.xlsx") || !strings.Contains(err.Error(), "more than 3 rows") {
		t.Fatalf("a sheet past the row cap: %v", err)
	}
}

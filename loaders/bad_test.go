package loaders

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite the committed files of testdata/bad")

const badDir = "testdata/bad"

// writeBadFiles writes testdata/bad. The committed files, not this function, are what the test
// reads: run `go test ./loaders -run TestBadFiles -update` after changing it, and commit the result.
func writeBadFiles(t *testing.T) {
	must(t, os.MkdirAll(badDir, 0o755))
	put := func(name string, b []byte) { must(t, os.WriteFile(filepath.Join(badDir, name), b, 0o644)) }
	put("corrupt.xlsx", []byte("这不是 Excel 文件，只是改了扩展名。\n"))
	put("truncated.xlsx", []byte("PK\x03\x04\x14\x00\x00\x00\x08\x00"))
	put("old.xls", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...))
	put("missing_required.csv", []byte("单位代码,单位名称,主管部门代码\nU1,白银区甲局,\n"))
	put("ragged.csv", []byte("身份证号,姓名,单位代码,编制类型,人员状态\n620402199001011234,张三,U1,行政,在岗\n620402199001011234,李四,U1\n"))
	put("unknown_code.csv", []byte("身份证号,姓名,单位代码,编制类型,人员状态,性别\n620402199001011234,张三,U1,行政,退休,男\n620402199001011234,李四,U1,行政,在岗,未知\n"))
	put("impossible_date.csv", []byte("单位代码,单位名称,批准文号,批准日期,事项,行政编制\nU1,白银区甲局,白区编委发〔2014〕20号,2014-02-30,设立,5\n"))
	put("unterminated_quote.csv", []byte("身份证号,姓名,单位代码,编制类型,人员状态\n620402199001011234,\"张三,U1,行政,在岗\n"))
	u16 := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune("身份证号,姓名\n")) {
		u16 = append(u16, byte(u), byte(u>>8))
	}
	put("utf16.csv", u16)

	xl := func(name string, rows [][]any, setup func(f *excelize.File)) {
		f := excelize.NewFile()
		defer f.Close()
		for i, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			must(t, f.SetSheetRow("Sheet1", cell, &r))
		}
		if setup != nil {
			setup(f)
		}
		must(t, f.SaveAs(filepath.Join(badDir, name)))
		must(t, os.Chmod(filepath.Join(badDir, name), 0o644))
	}
	xl("missing_required.xlsx", [][]any{
		{"2014年3月工资发放名册"},
		{"发放年月", "单位代码", "身份证号", "姓名", "实发工资"},
		{"2014-03", "U1", "620402199001011234", "张三", 4523.1},
	}, nil)
	xl("digits_lost.xlsx", [][]any{
		{"身份证号", "姓名", "单位代码", "编制类型", "人员状态"},
		{int64(620402199001011234), "张三", "U1", "行政", "在岗"},
	}, nil)
	xl("impossible_date.xlsx", [][]any{
		{"身份证号", "姓名", "户籍状态", "死亡日期"},
		{"620402199001011234", "张三", "死亡", "2014-02-30"},
		{"620402199001011234", "李四", "正常", "2014年13月1日"},
	}, nil)
}

func TestBadFiles(t *testing.T) {
	if *update {
		writeBadFiles(t)
	}
	rej := func(file string, line int, col, val, reason string, a Action) Reject {
		return Reject{File: file, Sheet: file, Line: line, Column: col, Value: val, Reason: reason, Action: a}
	}
	xrej := func(file string, line int, col, val, reason string, a Action) Reject {
		return Reject{File: file, Sheet: "Sheet1", Line: line, Column: col, Value: val, Reason: reason, Action: a}
	}
	for _, tc := range []struct {
		file    string
		err     string   // the exact structural error
		rejects []Reject // the exact rejects
	}{
		{file: "corrupt.xlsx", err: "corrupt.xlsx: not a readable .xlsx workbook (the file is not a valid zip archive: damaged, truncated or not made by Excel): zip: not a valid zip file"},
		{file: "truncated.xlsx", err: "truncated.xlsx: not a readable .xlsx workbook (the file is not a valid zip archive: damaged, truncated or not made by Excel): zip: not a valid zip file"},
		{file: "old.xls", err: "old.xls: Excel 97-2003 workbooks (.xls) are not read; open it in Excel or WPS and save it as Excel 工作簿 (.xlsx), or run: libreoffice --headless --convert-to xlsx FILE"},
		{file: "missing_required.csv", err: "missing_required.csv: sheet missing_required.csv: the header looks like 机构信息 (units) but lacks the required column(s) 机构类别"},
		{file: "missing_required.xlsx", err: "missing_required.xlsx: sheet Sheet1: the header looks like 工资发放名册 (payroll) but lacks the required column(s) 应发工资"},
		{file: "unterminated_quote.csv", err: `unterminated_quote.csv: sheet unterminated_quote.csv: line 2: a quoted field starting on this line is never closed, or has text after its closing quote`},
		{file: "utf16.csv", err: `utf16.csv: the file is UTF-16 text; save it as "CSV UTF-8 (逗号分隔)" (or GB18030/GBK CSV) and put it back`},
		{file: "ragged.csv", rejects: []Reject{
			rej("ragged.csv", 3, "", "620402199001011234,李四,U1", "the row has 3 fields but the header has 5", RowRejected),
		}},
		{file: "unknown_code.csv", rejects: []Reject{
			rej("unknown_code.csv", 2, "人员状态", "退休", `"退休" is not a 人员状态; accepted values: 在岗、离岗待退、长期病休、停薪留职、借调、其他不在岗`, RowRejected),
			rej("unknown_code.csv", 3, "性别", "未知", `"未知" is not a 性别; accepted values: 男、女`, CellCleared),
		}},
		{file: "impossible_date.csv", rejects: []Reject{
			rej("impossible_date.csv", 2, "批准日期", "2014-02-30", `"2014-02-30" is not a real date`, RowRejected),
		}},
		{file: "impossible_date.xlsx", rejects: []Reject{
			xrej("impossible_date.xlsx", 2, "死亡日期", "2014-02-30", `"2014-02-30" is not a real date; 状态日期 is required when 户籍状态 is 死亡`, RowRejected),
			xrej("impossible_date.xlsx", 3, "死亡日期", "2014年13月1日", `"2014年13月1日" is not a real date`, CellCleared),
		}},
		{file: "digits_lost.xlsx", rejects: []Reject{
			xrej("digits_lost.xlsx", 2, "身份证号", "6.20402199001011E+17", "ID number was stored as a number and its digits were lost; format the column as text and re-enter it", RowRejected),
		}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			c := &collector{}
			fr, rejects, _, err := LoadFile(context.Background(), badDir, tc.file, Options{}, c.sink)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tc.err {
				t.Errorf("error\n got %s\nwant %s", got, tc.err)
			}
			if diff := cmp.Diff(tc.rejects, rejects); diff != "" {
				t.Errorf("rejects (-want +got):\n%s", diff)
			}
			if fr.SHA256 == "" {
				t.Errorf("no hash: %+v", fr)
			}
		})
	}
	// The whole folder at once: every structural error is reported, in path order.
	_, rep, err := load(t, badDir, Options{Workers: 3})
	want := []string{
		"corrupt.xlsx: not a readable .xlsx workbook (the file is not a valid zip archive: damaged, truncated or not made by Excel): zip: not a valid zip file",
		"missing_required.csv: sheet missing_required.csv: the header looks like 机构信息 (units) but lacks the required column(s) 机构类别",
		"missing_required.xlsx: sheet Sheet1: the header looks like 工资发放名册 (payroll) but lacks the required column(s) 应发工资",
		"old.xls: Excel 97-2003 workbooks (.xls) are not read; open it in Excel or WPS and save it as Excel 工作簿 (.xlsx), or run: libreoffice --headless --convert-to xlsx FILE",
		"truncated.xlsx: not a readable .xlsx workbook (the file is not a valid zip archive: damaged, truncated or not made by Excel): zip: not a valid zip file",
		`unterminated_quote.csv: sheet unterminated_quote.csv: line 2: a quoted field starting on this line is never closed, or has text after its closing quote`,
		`utf16.csv: the file is UTF-16 text; save it as "CSV UTF-8 (逗号分隔)" (or GB18030/GBK CSV) and put it back`,
	}
	if diff := cmp.Diff(want, errStrings(err)); diff != "" {
		t.Errorf("LoadDrop errors (-want +got):\n%s", diff)
	}
	if len(rep.Files) != 12 || len(rep.Rejects) != 7 {
		t.Errorf("files %d rejects %d", len(rep.Files), len(rep.Rejects))
	}
}

package loaders

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/simplifiedchinese"
)

const staffCSV = "身份证号,姓名,性别,单位代码,编制类型,人员状态,进入本单位时间\n" +
	"620402199001011234,张三,男,U1,行政,在岗,2014/3/1\n" +
	"620402900101123,李四,女,U1,全额事业,借调外单位,2014年3月1日\n"

func TestLoadCSVEncodings(t *testing.T) {
	gb, err := simplifiedchinese.GB18030.NewEncoder().String(staffCSV)
	if err != nil {
		t.Fatal(err)
	}
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(staffCSV)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]any{
		{"620402199001011234", "张三", "男", nil, "U1", nil, "行政编制", "在岗", nil, nil, nil, day(2014, 3, 1), nil},
		{"62040219900101123X", "李四", "女", nil, "U1", nil, "事业编制(全额拨款)", "借调", nil, nil, nil, day(2014, 3, 1), nil},
	}
	for _, tc := range []struct {
		name  string
		bytes []byte
	}{
		{"utf-8", []byte(staffCSV)},
		{"utf-8 with BOM", append([]byte{0xEF, 0xBB, 0xBF}, staffCSV...)},
		{"gb18030", []byte(gb)},
		{"gbk", []byte(gbk)},
		{"crlf", []byte(strings.ReplaceAll(staffCSV, "\n", "\r\n"))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "gb18030" && utf8Valid([]byte(gb)) {
				t.Fatal("GB18030 bytes are valid UTF-8: the test proves nothing")
			}
			dir := t.TempDir()
			writeFile(t, dir, "staff.csv", tc.bytes)
			c, rep, err := load(t, dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			var got [][]any
			for _, r := range c.rows {
				got = append(got, r.Values)
				if r.Kind != KindStaff || r.File != "staff.csv" || r.Sheet != "staff.csv" {
					t.Errorf("row %+v", r)
				}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
			if c.rows[0].Line != 2 || c.rows[1].Line != 3 {
				t.Errorf("lines %d, %d", c.rows[0].Line, c.rows[1].Line)
			}
			sum := sha256.Sum256(tc.bytes)
			fr := rep.Files[0]
			if fr.SHA256 != hex.EncodeToString(sum[:]) || fr.Size != int64(len(tc.bytes)) {
				t.Errorf("file report %+v", fr)
			}
			if len(rep.Rejects) != 0 || len(rep.Warnings) != 0 {
				t.Errorf("rejects %v warnings %v", rep.Rejects, rep.Warnings)
			}
		})
	}
}

func utf8Valid(b []byte) bool { return strings.ToValidUTF8(string(b), "\uFFFD") == string(b) }

func TestLoadCSVUTF16(t *testing.T) {
	for _, tc := range []struct {
		name string
		bom  []byte
		be   bool
	}{{"little-endian", []byte{0xFF, 0xFE}, false}, {"big-endian", []byte{0xFE, 0xFF}, true}} {
		t.Run(tc.name, func(t *testing.T) {
			b := append([]byte{}, tc.bom...)
			for _, u := range utf16.Encode([]rune(staffCSV)) {
				if tc.be {
					b = append(b, byte(u>>8), byte(u))
				} else {
					b = append(b, byte(u), byte(u>>8))
				}
			}
			dir := t.TempDir()
			writeFile(t, dir, "staff.csv", b)
			_, _, err := load(t, dir, Options{})
			want := `staff.csv: the file is UTF-16 text; save it as "CSV UTF-8 (逗号分隔)" (or GB18030/GBK CSV) and put it back`
			if err == nil || err.Error() != want || !errors.Is(err, ErrStructural) {
				t.Errorf("error %v, want %q", err, want)
			}
		})
	}
}

func TestLoadCSVRows(t *testing.T) {
	src := "白银区人员信息表,,,,\n" + // line 1: title
		",,,,\n" + // line 2: blank
		"*身份证号（必填）,姓名,单位代码,编制类型,人员状态\n" + // line 3: header
		"620402199001011234,张三,U1,行政,在岗\n" + // 4
		",,,,\n" + // 5: blank, skipped silently
		"\n" + // 6: empty line
		"620402199001011234,王五,U1,行政\n" + // 7: ragged (short)
		"620402199001011234,赵六,U1,行政,在岗,多余\n" + // 8: ragged (long)
		"620402199001011234,\"钱\n七\",U1,行政,在岗\n" + // 9-10: quoted line break
		"620402199001011234,孙\"八\",U1,行政,在岗\n" + // 11: bare quote
		"620402199001011234,周九,U1,行政,退休\n" // 12: unknown code
	dir := t.TempDir()
	writeFile(t, dir, "s.csv", []byte(src))
	c, rep, err := load(t, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var lines []int
	for _, r := range c.rows {
		lines = append(lines, r.Line)
	}
	if diff := cmp.Diff([]int{4, 9}, lines); diff != "" {
		t.Errorf("accepted lines (-want +got):\n%s", diff)
	}
	if got := c.value(t, 1, "name"); got != "钱七" { // the line break inside the quoted name is white space between Han characters
		t.Errorf("name %q", got)
	}
	want := []Reject{
		{File: "s.csv", Sheet: "s.csv", Line: 7, Value: "620402199001011234,王五,U1,行政", Reason: "the row has 4 fields but the header has 5", Action: RowRejected},
		{File: "s.csv", Sheet: "s.csv", Line: 8, Value: "620402199001011234,赵六,U1,行政,在岗,多余", Reason: "the row has 6 fields but the header has 5", Action: RowRejected},
		{File: "s.csv", Sheet: "s.csv", Line: 11, Reason: `a quote " inside a field that does not start with one; put the whole field in quotes and double the quote ("")`, Action: RowRejected},
		{File: "s.csv", Sheet: "s.csv", Line: 12, Column: "人员状态", Value: "退休", Reason: `"退休" is not a 人员状态; accepted values: 在岗、离岗待退、长期病休、停薪留职、借调、其他不在岗`, Action: RowRejected},
	}
	if diff := cmp.Diff(want, rep.Rejects); diff != "" {
		t.Errorf("rejects (-want +got):\n%s", diff)
	}
	wantSheet := SheetReport{Sheet: "s.csv", Kind: KindStaff, HeaderRow: 3, RowsRead: 6, RowsAccepted: 2, RowsRejected: 4}
	if diff := cmp.Diff([]SheetReport{wantSheet}, rep.Files[0].Sheets, ignoreReadTime); diff != "" {
		t.Errorf("sheet report (-want +got):\n%s", diff)
	}
}

func TestLoadCSVStructural(t *testing.T) {
	for _, tc := range []struct {
		name, src, want string
	}{
		{"unterminated quote", "身份证号,姓名,单位代码,编制类型,人员状态\n620402199001011234,\"张三,U1,行政,在岗\n620402199001011234,李四,U1,行政,在岗\n",
			`s.csv: sheet s.csv: line 2: a quoted field starting on this line is never closed, or has text after its closing quote`},
		{"text after closing quote", "身份证号,姓名,单位代码,编制类型,人员状态\n620402199001011234,\"张\"三,U1,行政,在岗\n",
			`s.csv: sheet s.csv: line 2: a quoted field starting on this line is never closed, or has text after its closing quote`},
		{"missing required columns", "身份证号,姓名,单位代码,职务\n620402199001011234,张三,U1,科员\n",
			"s.csv: sheet s.csv: the header looks like 实名制人员信息 (staff) but lacks the required column(s) 编制类型、人员状态"},
		{"cell too long", "身份证号,姓名,单位代码,编制类型,人员状态\n620402199001011234," + strings.Repeat("张", MaxCellLen+1) + ",U1,行政,在岗\n",
			"s.csv: sheet s.csv: row 2: column 2: a cell holds 32768 characters, more than Excel's limit of 32767: the file is damaged (in a CSV, look for an unmatched quote)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, "s.csv", []byte(tc.src))
			_, _, err := load(t, dir, Options{})
			var se *StructuralError
			if !errors.As(err, &se) || err.Error() != tc.want {
				t.Errorf("error %v\nwant    %s", err, tc.want)
			}
		})
	}
}

func TestRequiredAndOptionalCells(t *testing.T) {
	src := "*身份证号,姓名,性别 (必填),出生日期,单位代码,编制类型,人员状态,职务类别\n" +
		"620402199001011234,张三,男,1990-01-01,U1,行政,在岗,正职\n" + // 2 fine
		"620402199001011234,李四,未知,1990-02-30,U1,行政,在岗,空\n" + // 3 two optional cells cleared
		"620402199001011234,王五,男,,U1,行政,休假,\n" + // 4 required bad
		"620402199001011234,赵六,X,,U1,,休假,\n" + // 5 required empty + bad, optional bad
		"6.20402E+17,钱七,男,,U1,行政,在岗,\n" // 6 digits lost
	dir := t.TempDir()
	writeFile(t, dir, "s.csv", []byte(src))
	c, rep, err := load(t, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.rows) != 2 {
		t.Fatalf("%d rows accepted, want 2", len(c.rows))
	}
	if g, b := c.value(t, 1, "gender"), c.value(t, 1, "birth_date"); g != nil || b != nil {
		t.Errorf("cleared cells staged %v, %v", g, b)
	}
	if got := c.value(t, 1, "post_class"); got != "无" {
		t.Errorf("post_class %v", got)
	}
	if got := c.value(t, 0, "post_class"); got != "部门领导正职" {
		t.Errorf("post_class %v", got)
	}
	r := func(line int, col, val, reason string, a Action) Reject {
		return Reject{File: "s.csv", Sheet: "s.csv", Line: line, Column: col, Value: val, Reason: reason, Action: a}
	}
	want := []Reject{
		r(3, "性别 (必填)", "未知", `"未知" is not a 性别; accepted values: 男、女`, CellCleared),
		r(3, "出生日期", "1990-02-30", `"1990-02-30" is not a real date`, CellCleared),
		r(4, "人员状态", "休假", `"休假" is not a 人员状态; accepted values: 在岗、离岗待退、长期病休、停薪留职、借调、其他不在岗`, RowRejected),
		r(5, "性别 (必填)", "X", `"X" is not a 性别; accepted values: 男、女`, RowRejected),
		r(5, "编制类型", "", "required value is empty", RowRejected),
		r(5, "人员状态", "休假", `"休假" is not a 人员状态; accepted values: 在岗、离岗待退、长期病休、停薪留职、借调、其他不在岗`, RowRejected),
		r(6, "*身份证号", "6.20402E+17", "ID number was stored as a number and its digits were lost; format the column as text and re-enter it", RowRejected),
	}
	if diff := cmp.Diff(want, rep.Rejects); diff != "" {
		t.Errorf("rejects (-want +got):\n%s", diff)
	}
	sr := rep.Files[0].Sheets[0]
	if sr.RowsRead != 5 || sr.RowsAccepted != 2 || sr.RowsRejected != 3 || sr.CellsCleared != 2 {
		t.Errorf("sheet report %+v", sr)
	}
}

func TestConditionallyRequired(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "identity.csv", []byte("身份证号,姓名,户籍状态,死亡日期\n"+
		"620402199001011234,甲,死亡,2014-01-05\n"+ // 2 ok
		"620402199001011234,乙,死亡,\n"+ // 3 rejected
		"620402199001011234,丙,户口注销,2014-02-30\n"+ // 4 rejected: bad date
		"620402199001011234,丁,在册,\n"+ // 5 ok
		"620402199001011234,戊,迁出,2014-02-30\n")) // 6 ok, cell cleared
	writeFile(t, dir, "identity2.csv", []byte("身份证号,姓名,户籍状态\n620402199001011234,己,注销\n"))
	writeFile(t, dir, "ledger.csv", []byte("单位代码,单位名称,批准文号,批准日期,事项,行政编制\n"+
		"U1,,白区编委发〔2014〕1号,2014-01-01,成立,5\n"+ // 2 rejected: 设立 needs a name
		"U1,白银区甲局,白区编委发〔2014〕2号,2014-01-01,设立,5\n"+ // 3 ok
		"U1,,白区编委发〔2014〕3号,2014-02-01,编制调整,-1\n")) // 4 ok
	c, rep, err := load(t, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var names []any
	for i := range c.rows {
		if c.rows[i].Kind == KindIdentity {
			names = append(names, c.value(t, i, "name"))
		}
	}
	if diff := cmp.Diff([]any{"甲", "丁", "戊"}, names); diff != "" {
		t.Errorf("identity rows (-want +got):\n%s", diff)
	}
	want := []Reject{
		{File: "identity.csv", Sheet: "identity.csv", Line: 3, Column: "死亡日期", Reason: "状态日期 is required when 户籍状态 is 死亡", Action: RowRejected},
		{File: "identity.csv", Sheet: "identity.csv", Line: 4, Column: "死亡日期", Value: "2014-02-30", Reason: `"2014-02-30" is not a real date; 状态日期 is required when 户籍状态 is 注销`, Action: RowRejected},
		{File: "identity.csv", Sheet: "identity.csv", Line: 6, Column: "死亡日期", Value: "2014-02-30", Reason: `"2014-02-30" is not a real date`, Action: CellCleared},
		{File: "identity2.csv", Sheet: "identity2.csv", Line: 2, Column: "状态日期", Reason: "状态日期 is required when 户籍状态 is 注销", Action: RowRejected},
		{File: "ledger.csv", Sheet: "ledger.csv", Line: 2, Column: "单位名称", Reason: "单位名称 is required for a 设立 event", Action: RowRejected},
	}
	if diff := cmp.Diff(want, rep.Rejects); diff != "" {
		t.Errorf("rejects (-want +got):\n%s", diff)
	}
	// Count columns the ledger lacks are staged as 0.
	for i, r := range c.rows {
		if r.Kind == KindLedger {
			if v := c.value(t, i, "service"); v != int64(0) {
				t.Errorf("absent count staged as %#v", v)
			}
		}
	}
}

func TestWalkDrop(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	writeFile(t, dir, "a.csv", []byte(staffCSV))
	writeFile(t, dir, "a/b.csv", []byte(staffCSV))
	writeFile(t, dir, "B/c.csv", []byte(staffCSV))
	writeFile(t, dir, "说明.txt", []byte("填表说明"))
	writeFile(t, dir, "报告.docx", []byte("PK"))
	writeFile(t, dir, ".DS_Store", []byte{0})
	writeFile(t, dir, "~$人员.xlsx", []byte{0})
	writeFile(t, dir, ".git/config", []byte("[core]"))
	writeFile(t, dir, ManifestName, []byte("[params]\nregion_prefixes = [\"白银区\"]\n"))
	writeFile(t, outside, "x.csv", []byte(staffCSV))
	if err := os.Symlink(filepath.Join(outside, "x.csv"), filepath.Join(dir, "link_out.csv")); err != nil {
		t.Skip("no symbolic links:", err)
	}
	must(t, os.Symlink(filepath.Join(dir, "a.csv"), filepath.Join(dir, "link_in.csv")))
	must(t, os.Symlink(filepath.Join(dir, "a"), filepath.Join(dir, "link_dir")))
	must(t, os.Symlink(outside, filepath.Join(dir, "link_dir_out")))
	must(t, os.Symlink(filepath.Join(dir, "nowhere"), filepath.Join(dir, "link_broken.csv")))

	c, rep, err := load(t, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, f := range rep.Files {
		paths = append(paths, f.Path+"|"+f.Skipped)
	}
	wantPaths := []string{
		".DS_Store|hidden file",
		"B/c.csv|",
		"a.csv|",
		"a/b.csv|",
		"link_in.csv|",
		"~$人员.xlsx|Excel lock file of an open workbook",
		"报告.docx|not a spreadsheet (.xlsx, .xlsm, .csv, .parquet)",
		"说明.txt|not a spreadsheet (.xlsx, .xlsm, .csv, .parquet)",
	}
	if diff := cmp.Diff(wantPaths, paths); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	wantWarnings := []string{
		".git/: skipped: hidden folder",
		"link_broken.csv: skipped: a symbolic link that leads nowhere",
		"link_dir: skipped: a symbolic link to a folder (its files are read where they are)",
		"link_dir_out: skipped: a symbolic link that leads outside the drop",
		"link_out.csv: skipped: a symbolic link that leads outside the drop",
		".DS_Store: skipped: hidden file",
		"~$人员.xlsx: skipped: Excel lock file of an open workbook",
		"报告.docx: skipped: not a spreadsheet (hecha reads .xlsx, .xlsm, .csv and .parquet)",
		"说明.txt: skipped: not a spreadsheet (hecha reads .xlsx, .xlsm, .csv and .parquet)",
	}
	if diff := cmp.Diff(wantWarnings, rep.Warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	if len(c.rows) != 8 {
		t.Errorf("%d rows, want 8 (4 files × 2)", len(c.rows))
	}
	for _, f := range rep.Files {
		if f.SHA256 == "" || f.Size == 0 {
			t.Errorf("%s: no hash or size", f.Path)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestXLSIsStructural(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "old.xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	_, rep, err := load(t, dir, Options{})
	want := "old.xls: Excel 97-2003 workbooks (.xls) are not read; open it in Excel or WPS and save it as Excel 工作簿 (.xlsx), or run: libreoffice --headless --convert-to xlsx FILE"
	if err == nil || err.Error() != want || !errors.Is(err, ErrStructural) {
		t.Errorf("error %v\nwant  %s", err, want)
	}
	if len(rep.Files) != 1 || rep.Files[0].SHA256 == "" {
		t.Errorf("files %+v", rep.Files)
	}
}

func TestSeveralStructuralErrors(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "1.xls", []byte("x"))
	writeFile(t, dir, "2.csv", []byte(staffCSV))
	writeFile(t, dir, "3.xls", []byte("y"))
	c, rep, err := load(t, dir, Options{})
	if !errors.Is(err, ErrStructural) {
		t.Fatalf("error %v", err)
	}
	var se *StructuralError
	if !errors.As(err, &se) || se.File != "1.xls" {
		t.Errorf("first structural error %+v", se)
	}
	if !strings.Contains(err.Error(), "3.xls: Excel 97-2003") {
		t.Errorf("error does not name every file: %v", err)
	}
	if len(rep.Files) != 3 || len(c.rows) != 2 {
		t.Errorf("files %d rows %d", len(rep.Files), len(c.rows))
	}
}

func TestWorkersDeterministic(t *testing.T) {
	dir := t.TempDir()
	for i := 0; i < 12; i++ {
		src := staffCSV + fmt.Sprintf("bad,坏%d,U1,行政,在岗\n", i) + "620402199001011234,某,男,U1,行政,在岗,x\n"
		writeFile(t, dir, fmt.Sprintf("d%d/s%02d.csv", i%3, i), []byte(src))
		writeXLSX(t, dir, fmt.Sprintf("x%02d.xlsx", i), sheet{name: "人员", rows: [][]any{
			{"身份证号", "姓名", "单位代码", "编制类型", "人员状态", "备注"},
			{"620402199001011234", "张三", "U1", "行政", "在岗"},
			{"bad", "李四", "U1", "行政", "在岗"},
		}}, sheet{name: "说明", rows: [][]any{{"填表说明"}}})
	}
	_, rep1, err := load(t, dir, Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []int{2, 5, 64} {
		_, rep, err := load(t, dir, Options{Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(rep1, rep, ignoreReadTime); diff != "" {
			t.Errorf("workers %d: report differs (-1 worker +%d):\n%s", w, w, diff)
		}
	}
	if len(rep1.Files) != 24 || len(rep1.Rejects) != 36 {
		t.Errorf("files %d rejects %d", len(rep1.Files), len(rep1.Rejects))
	}
}

func TestSinkErrorStops(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.csv", []byte(staffCSV))
	writeFile(t, dir, "b.csv", []byte(staffCSV))
	stop := errors.New("disk full")
	for _, w := range []int{1, 4} {
		var n atomic.Int32
		_, err := LoadDrop(context.Background(), dir, Options{Workers: w}, func(*Row) error { n.Add(1); return stop })
		if !errors.Is(err, stop) || errors.Is(err, ErrStructural) {
			t.Errorf("workers %d: error %v", w, err)
		}
		if w == 1 && n.Load() != 1 {
			t.Errorf("sink called %d times after failing", n.Load())
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := LoadDrop(ctx, dir, Options{}, func(*Row) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestNoDataAndUnknownColumns(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "empty.csv", []byte("身份证号,姓名,单位代码,编制类型,人员状态\n,,,,\n"))
	writeFile(t, dir, "notes.csv", []byte("填表说明\n身份证号请填写18位\n"))
	writeFile(t, dir, "nothing.csv", nil)
	writeFile(t, dir, "unknown.csv", []byte("身份证号,姓名,单位代码,编制类型,人员状态,备注,联系电话\n620402199001011234,张三,U1,行政,在岗,x,y\n"))
	_, rep, err := load(t, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantWarnings := []string{
		"empty.csv: sheet empty.csv: skipped: header of 实名制人员信息 (staff) on row 1 but no data rows",
		"notes.csv: sheet notes.csv: skipped: no header row of any kind (机构信息、机构编制台账、实名制人员信息、工资发放名册、公安人口信息) in the first 10 rows",
		"nothing.csv: sheet nothing.csv: skipped: no header row of any kind (机构信息、机构编制台账、实名制人员信息、工资发放名册、公安人口信息) in the first 10 rows",
		"unknown.csv: sheet unknown.csv: columns not used by the checks: 备注、联系电话",
	}
	if diff := cmp.Diff(wantWarnings, rep.Warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	if got := rep.Files[0].Sheets[0]; got.Kind != "" || got.Skipped != "no data rows" || got.HeaderRow != 1 {
		t.Errorf("empty sheet report %+v", got)
	}
	if got := rep.Files[3].Sheets[0].Unknown; !cmp.Equal(got, []string{"备注", "联系电话"}) {
		t.Errorf("unknown %v", got)
	}
}

// fakeParquet stands in for the engine's DuckDB reader.
type fakeParquet struct {
	rows [][]Cell
	i    int
}

func (f *fakeParquet) Next() ([]Cell, error) {
	if f.i >= len(f.rows) {
		return nil, io.EOF
	}
	f.i++
	return f.rows[f.i-1], nil
}
func (f *fakeParquet) Close() error { return nil }

func TestParquet(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "pay.parquet", []byte("PAR1"))
	_, _, err := load(t, dir, Options{})
	if want := "pay.parquet: Parquet files are read through the engine (DuckDB); this load has no Parquet reader"; err == nil || err.Error() != want {
		t.Errorf("without a reader: %v", err)
	}
	var opened string
	open := func(p string) (RowReader, error) {
		opened = p
		return &fakeParquet{rows: [][]Cell{
			cells("pay_month", "unit_code", "id_no", "name", "gross"),
			{{Value: "2014-03-01 00:00:00"}, {Value: "U1"}, {Value: "620402199001011234"}, {Value: "张三"}, {Value: "4523.1", Numeric: true}},
			{{Value: "2014-03"}, {Value: "U1"}, {Value: "6.20402199001011e+17", Numeric: true}, {Value: "李四"}, {Value: "100", Numeric: true}},
			{{Value: "2014-03"}, {Value: "U1"}, {Value: "620402199001011234", Numeric: true}, {Value: "王五"}, {Value: "100", Numeric: true}},
		}}, nil
	}
	c, rep, err := load(t, dir, Options{OpenParquet: open})
	if err != nil {
		t.Fatal(err)
	}
	if opened != filepath.Join(dir, "pay.parquet") {
		t.Errorf("opened %s", opened)
	}
	if len(c.rows) != 2 || c.rows[0].Line != 2 || c.value(t, 0, "gross") != int64(452310) || c.value(t, 0, "pay_month") != day(2014, 3, 1) {
		t.Errorf("rows %+v", c.rows)
	}
	// An integer column holds every digit of an ID number; a DOUBLE one does not.
	if len(c.rows) == 2 && c.value(t, 1, "id_no") != "620402199001011234" {
		t.Errorf("integer ID %v", c.value(t, 1, "id_no"))
	}
	if len(rep.Rejects) != 1 || rep.Rejects[0].Line != 3 || rep.Rejects[0].Column != "id_no" {
		t.Errorf("rejects %v", rep.Rejects)
	}
}

func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "sub/s.csv", []byte(staffCSV+"x,y,男,U1,行政,在岗,\n"))
	c := &collector{}
	fr, rejects, warnings, err := LoadFile(context.Background(), dir, "sub/s.csv", Options{}, c.sink)
	if err != nil {
		t.Fatal(err)
	}
	if fr.Path != "sub/s.csv" || len(fr.Sheets) != 1 || fr.Sheets[0].RowsAccepted != 2 || len(rejects) != 1 || len(warnings) != 0 || len(c.rows) != 2 {
		t.Errorf("LoadFile: %+v %v %v rows %d", fr, rejects, warnings, len(c.rows))
	}
}

// Each sheet carries its read time; together they are the file's, the first sheet holding the
// hash pass and the opening of the workbook.
func TestLoadFileTimesSheets(t *testing.T) {
	dir := t.TempDir()
	staff := [][]any{{"身份证号", "姓名", "性别", "单位代码", "编制类型", "人员状态"}}
	for i := range 2000 {
		staff = append(staff, []any{fmt.Sprintf("62040219900101%04d", i), "张三", "男", "U1", "行政", "在岗"})
	}
	units := [][]any{{"单位代码", "单位名称", "机构类别"}, {"U1", "某局", "行政机关"}}
	writeXLSX(t, dir, "w.xlsx", sheet{name: "机构", rows: units}, sheet{name: "人员", rows: staff})
	start := time.Now()
	fr, _, _, err := LoadFile(context.Background(), dir, "w.xlsx", Options{}, (&collector{}).sink)
	wall := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	if len(fr.Sheets) != 2 {
		t.Fatalf("sheets %+v", fr.Sheets)
	}
	var sum time.Duration
	for _, sh := range fr.Sheets {
		if sh.Duration <= 0 {
			t.Errorf("sheet %s has no read time", sh.Sheet)
		}
		sum += sh.Duration
	}
	if sum > wall {
		t.Errorf("sheets took %v together, the whole file %v", sum, wall)
	}
	// 2,000 rows take longer than one row and the opening: each sheet's time is its own.
	if fr.Sheets[1].Duration <= fr.Sheets[0].Duration/2 {
		t.Errorf("the staff sheet took %v, the one-row units sheet (with the opening) %v", fr.Sheets[1].Duration, fr.Sheets[0].Duration)
	}
}

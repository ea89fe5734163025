package cli

import (
	"archive/zip"
	"bytes"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// xlsxBytes writes a one-sheet workbook of rows with excelize.
func xlsxBytes(t *testing.T, rows ...[]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// zipBomb is a workbook whose worksheet claims to unzip to 2 GiB: the size check must refuse it
// before anything is inflated.
func zipBomb(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	small := xlsxBytes(t, []any{"单位代码", "单位名称", "机构类别"})
	zr, err := zip.NewReader(bytes.NewReader(small), int64(len(small)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == "xl/worksheets/sheet1.xml" {
			continue
		}
		if err := zw.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Store,
		CompressedSize64: 4, UncompressedSize64: 2 << 30, CRC32: crc32.ChecksumIEEE([]byte("<x/>"))})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte("<x/>")); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const staffHeader = "身份证号,姓名,单位代码,编制类型,人员状态,进入本单位时间\n"

// TestMalformedDrops runs hecha check (and run where the outputs matter) over malformed drops, each
// the small valid district of the nightly tests plus one problem.
func TestMalformedDrops(t *testing.T) {
	type rejectWant struct{ column, reason, action string }
	cases := []struct {
		name    string
		add     func(t *testing.T, drop string) // adds the problem to a valid drop
		cmd     string                          // check (default) or run
		code    int
		msg     string // in stdout+stderr
		rejects []rejectWant
	}{
		{name: "corrupt zip", add: func(t *testing.T, d string) { put(t, d, "人员.xlsx", []byte("this is not a zip at all")) },
			code: ExitInput, msg: "人员.xlsx: not a readable .xlsx workbook"},
		{name: "truncated zip", add: func(t *testing.T, d string) {
			b := xlsxBytes(t, []any{"单位代码", "单位名称", "机构类别"}, []any{"X1", "某局", "行政机构"})
			put(t, d, "机构.xlsx", b[:len(b)/2])
		}, code: ExitInput, msg: "机构.xlsx: not a readable .xlsx workbook"},
		{name: "zip bomb", add: func(t *testing.T, d string) { put(t, d, "bomb.xlsx", zipBomb(t)) },
			code: ExitInput, msg: "bomb.xlsx: the workbook unzips to more than 1024 MiB"},
		{name: "xls", add: func(t *testing.T, d string) {
			put(t, d, "旧表.xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
		},
			code: ExitInput, msg: "旧表.xls"},
		{name: "empty csv", add: func(t *testing.T, d string) { put(t, d, "空.csv", nil) },
			code: ExitOK, msg: "空.csv"},
		{name: "empty workbook", add: func(t *testing.T, d string) { put(t, d, "空白.xlsx", xlsxBytes(t)) },
			code: ExitOK, msg: "空白.xlsx"},
		{name: "header-only sheet", add: func(t *testing.T, d string) { put(t, d, "只有表头.csv", []byte(staffHeader)) },
			code: ExitOK, msg: "no data rows"},
		{name: "missing required column", add: func(t *testing.T, d string) {
			put(t, d, "缺列.csv", []byte("身份证号,姓名,单位代码,人员状态\n"+idA1+",张伟,D01,在岗\n"))
		}, code: ExitInput, msg: "编制类型"},
		{name: "duplicate unit codes", add: func(t *testing.T, d string) {
			put(t, d, "units2.csv", []byte("单位代码,单位名称,机构类别\nD01,白银区财政局（重复）,行政机构\n"))
		}, code: ExitOK, rejects: []rejectWant{{"单位代码", "D01", "row rejected"}}},
		{name: "ID stored as a number", add: func(t *testing.T, d string) {
			put(t, d, "人员2.xlsx", xlsxBytes(t, []any{"身份证号", "姓名", "单位代码", "编制类型", "人员状态"},
				[]any{620402198001011234, "孙七", "D01", "编外", "在岗"}))
		}, code: ExitOK, rejects: []rejectWant{{"身份证号", "format the column as text", "row rejected"}}},
		{name: "impossible date", add: func(t *testing.T, d string) {
			put(t, d, "人员3.csv", []byte(staffHeader+idB1+",赵敏,U2,编外,在岗,2014-02-30\n"))
		}, code: ExitOK, rejects: []rejectWant{{"进入本单位时间", "2014-02-30", "cell cleared"}}},
		{name: "unknown code value", add: func(t *testing.T, d string) {
			put(t, d, "人员4.csv", []byte(staffHeader+idB1+",赵敏,U2,半编,在岗,\n"))
		}, code: ExitOK, rejects: []rejectWant{{"编制类型", "行政编制", "row rejected"}}},
		{name: "GBK csv", add: func(t *testing.T, d string) {
			b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(staffHeader + idG + ",钱多,U2,编外,在岗,2014年3月31日\n"))
			if err != nil {
				t.Fatal(err)
			}
			put(t, d, "编外人员.csv", b)
		}, code: ExitOK, msg: "编外人员.csv"},
		{name: "UTF-16 csv", add: func(t *testing.T, d string) {
			var b []byte
			b = append(b, 0xFF, 0xFE)
			for _, u := range utf16.Encode([]rune(staffHeader)) {
				b = append(b, byte(u), byte(u>>8))
			}
			put(t, d, "utf16.csv", b)
		}, code: ExitInput, msg: "UTF-16"},
		{name: "ragged row", add: func(t *testing.T, d string) {
			put(t, d, "人员5.csv", []byte(staffHeader+idB1+",赵敏,U2,编外\n"))
		}, code: ExitOK, rejects: []rejectWant{{"", "fields", "row rejected"}}},
		{name: "unterminated quote", add: func(t *testing.T, d string) {
			put(t, d, "人员6.csv", []byte(staffHeader+idB1+",\"赵敏,U2,编外,在岗,\n"))
		}, code: ExitInput, msg: "人员6.csv"},
		{name: "huge cell", add: func(t *testing.T, d string) {
			put(t, d, "人员7.csv", []byte(staffHeader+idB1+","+strings.Repeat("长", 40000)+",U2,编外,在岗,\n"))
		}, code: ExitInput, msg: "more than Excel's limit"},
		{name: "formula-looking names", add: func(t *testing.T, d string) {
			put(t, d, "人员8.csv", []byte(staffHeader+idG+",=HYPERLINK(\"http://x\"),U2,编外,在岗,\n"))
		}, cmd: "run", code: ExitOK},
		{name: "path-traversal unit names", add: func(t *testing.T, d string) {
			put(t, d, "units9.csv", []byte("单位代码,单位名称,机构类别\nEVIL,../../../../tmp/evil,行政机构\n"))
		}, cmd: "run", code: ExitOK},
		{name: "symlink out of the drop", add: func(t *testing.T, d string) {
			outside := filepath.Join(filepath.Dir(d), "outside.csv")
			put(t, filepath.Dir(d), "outside.csv", []byte(staffHeader))
			if err := os.Symlink(outside, filepath.Join(d, "link.csv")); err != nil {
				t.Fatal(err)
			}
		}, code: ExitOK, msg: "link.csv: skipped: a symbolic link that leads outside the drop"},
		{name: "not a spreadsheet", add: func(t *testing.T, d string) { put(t, d, "说明.docx", []byte("PK")) },
			code: ExitOK, msg: "说明.docx"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			drop := filepath.Join(dir, "drop")
			nightlyDrop{d01Name: "白银区财政局", u2Staff: true}.write(t, drop, filepath.Join(dir, "rules"))
			c.add(t, drop)
			var code int
			var out, errs string
			outDir := filepath.Join(dir, "out")
			if c.cmd == "run" {
				code, out, errs = hecha(t, "run", "--input", drop, "--out", outDir)
			} else {
				code, out, errs = hecha(t, "check", "--input", drop)
			}
			if code != c.code || !strings.Contains(out+errs, c.msg) {
				t.Fatalf("exit %d (want %d), want %q in:\n%s\n%s", code, c.code, c.msg, out, errs)
			}
			if c.rejects != nil {
				rep := filepath.Join(dir, "rep")
				mustRun(t, "run", "--input", drop, "--out", rep, "--no-publicity")
				got := readCSVFile(t, filepath.Join(rep, "rejects.csv"), "column", "value", "reason", "action")
				if len(got) != len(c.rejects) {
					t.Fatalf("rejects %v, want %d", got, len(c.rejects))
				}
				for i, w := range c.rejects {
					g := got[i]
					if g[0] != w.column || !strings.Contains(g[1]+" "+g[2], w.reason) || g[3] != w.action {
						t.Errorf("reject %v, want column %q, %q in value or reason, action %q", g, w.column, w.reason, w.action)
					}
				}
			}
			if c.cmd == "run" {
				assertOutputContained(t, dir, outDir)
			}
			if c.code == ExitInput {
				if _, err := os.Stat(outDir); !os.IsNotExist(err) {
					t.Errorf("a failed run left an output folder")
				}
			}
		})
	}
}

func put(t *testing.T, dir, name string, data []byte) {
	t.Helper()
	writeTestFile(t, filepath.Join(dir, name), string(data))
}

// assertOutputContained checks that every file a run wrote is inside its output folder, and that
// the workbook shows formula-looking values as text.
func assertOutputContained(t *testing.T, dir, out string) {
	t.Helper()
	err := filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		top := strings.Split(rel, string(filepath.Separator))[0]
		switch top {
		case ".", "drop", "rules", "out", "outside.csv", "hecha.duckdb", "hecha.duckdb.lock", "hecha.duckdb.wal":
			return nil
		}
		t.Errorf("a run wrote %s outside its output folder", rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat("/tmp/evil.docx"); err == nil {
		t.Error("a unit name escaped to /tmp")
	}
	f, err := excelize.OpenFile(filepath.Join(out, "findings.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, sheet := range f.GetSheetList() {
		rows, _ := f.GetRows(sheet)
		for r, row := range rows {
			for c := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if formula, _ := f.GetCellFormula(sheet, cell); formula != "" {
					t.Errorf("%s!%s holds a formula %q", sheet, cell, formula)
				}
			}
		}
	}
}

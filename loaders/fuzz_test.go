package loaders

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/hecha-dev/hecha/ids"
)

// The fuzz targets below are run briefly by CI (.ci/run) and for long stretches by hand:
//
//	go test ./loaders -run '^$' -fuzz '^FuzzCSV$' -fuzztime 10m
//
// Their seed corpora are the f.Add calls plus the files under testdata/fuzz/<target>/.

// loadBytes writes data as one file of the drop and loads it; it checks the invariants every
// load must keep whatever the bytes: no panic, every error structural (or none), and per sheet
// rows read = accepted + rejected.
func loadBytes(t *testing.T, name string, data []byte) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
	accepted := 0
	rep, err := LoadDrop(context.Background(), dir, Options{}, func(r *Row) error {
		accepted++
		if len(r.Values) != len(Schemas[r.Kind].Fields) {
			t.Fatalf("row with %d values for %d fields", len(r.Values), len(Schemas[r.Kind].Fields))
		}
		return nil
	})
	if err != nil && !errors.Is(err, ErrStructural) {
		t.Fatalf("load error that is not structural: %v", err)
	}
	if rep == nil {
		return
	}
	total := 0
	for _, f := range rep.Files {
		for _, s := range f.Sheets {
			if s.RowsRead != s.RowsAccepted+s.RowsRejected {
				t.Fatalf("sheet %s: %d read != %d accepted + %d rejected", s.Sheet, s.RowsRead, s.RowsAccepted, s.RowsRejected)
			}
			total += s.RowsAccepted
		}
	}
	if err == nil && total != accepted {
		t.Fatalf("report counts %d accepted rows, sink saw %d", total, accepted)
	}
	for _, r := range rep.Rejects {
		if r.Action != RowRejected && r.Action != CellCleared {
			t.Fatalf("reject with action %q", r.Action)
		}
	}
}

const csvSeed = "身份证号,姓名,单位代码,编制类型,人员状态,进入本单位时间\n" +
	"620402198001011234,张三,D01,行政,在编在岗,2014/3/31\n" +
	"620402800101123,李四,D01,编外,在岗,2014年3月31日\n" +
	"6.20402E+17,王五,D01,工勤,在岗,20140331\n"

func FuzzCSV(f *testing.F) {
	f.Add([]byte(csvSeed))
	f.Add([]byte("\xef\xbb\xbf" + csvSeed))
	f.Add([]byte("发放年月,单位代码,身份证号,姓名,应发工资\n201501,D01,620402198001011234,张三,\"1,234.50\"\n"))
	f.Add([]byte("单位代码,单位名称,机构类别\n\"D01,财政局,行政\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		loadBytes(t, "fuzz.csv", data)
	})
}

func FuzzXLSX(f *testing.F) {
	xf := excelize.NewFile()
	rows := [][]any{
		{"人员信息表"},
		{"身份证号", "姓名", "单位代码", "编制类型", "人员状态", "进入本单位时间"},
		{"620402198001011234", "张三", "D01", "行政编制", "在岗", time.Date(2014, 3, 31, 0, 0, 0, 0, time.UTC)},
		{620402198001011234, "李四", "D01", "编外", "在岗", 41729},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := xf.SetSheetRow("Sheet1", cell, &r); err != nil {
			f.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := xf.WriteTo(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte("PK\x03\x04 not really a zip"))
	f.Fuzz(func(t *testing.T, data []byte) {
		loadBytes(t, "fuzz.xlsx", data)
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2014-03-31", "2014/3/31", "2014.3.31", "20140331", "2014年3月31日", "41729", "2014-02-30", "2014-03-31 08:00:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		if d.Hour() != 0 || d.Minute() != 0 || d.Location() != time.UTC {
			t.Fatalf("ParseDate(%q) = %v: not a UTC midnight", s, d)
		}
		again, err := ParseDate(d.Format("2006-01-02"))
		if err != nil || !again.Equal(d) {
			t.Fatalf("ParseDate(%q) = %v does not read back: %v %v", s, d, again, err)
		}
	})
}

func FuzzParseMonth(f *testing.F) {
	for _, s := range []string{"2014-03", "201403", "2014/3", "2014年3月", "2014-03-31", "2014-13"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMonth(s)
		if err != nil {
			return
		}
		if m.Day() != 1 || m.Hour() != 0 {
			t.Fatalf("ParseMonth(%q) = %v: not the first of a month", s, m)
		}
		again, err := ParseMonth(m.Format("2006-01"))
		if err != nil || !again.Equal(m) {
			t.Fatalf("ParseMonth(%q) = %v does not read back: %v %v", s, m, again, err)
		}
	})
}

func FuzzIDNumber(f *testing.F) {
	for _, s := range []string{"620402198001011234", "62040219800101123x", "620402800101123", "６２０４０２１９８００１０１１２３Ｘ", "6.20402E+17", "abc"} {
		f.Add(s, false)
	}
	f.Add("620402198001011000", true)
	f.Fuzz(func(t *testing.T, s string, numeric bool) {
		id, err := ids.Normalize(s, numeric)
		if err != nil {
			return
		}
		if len(id) != 18 {
			t.Fatalf("Normalize(%q) = %q: not 18 characters", s, id)
		}
		if again, err := ids.Normalize(id, false); err != nil || again != id {
			t.Fatalf("Normalize is not idempotent on %q: %q %v", id, again, err)
		}
		_ = ids.Validate(id, time.Date(2015, 3, 31, 0, 0, 0, 0, time.UTC))
		if m := ids.Mask(id); len(m) != 18 || strings.Contains(m[6:14], "0123456789") {
			t.Fatalf("Mask(%q) = %q", id, m)
		}
	})
}

func FuzzHeader(f *testing.F) {
	f.Add("单位代码,单位名称,机构类别（必填）,*主管部门代码,备注")
	f.Add("身份证号码,姓名,unit_code,使用编制类型,人员状态\n")
	f.Add("Ｉｄ＿ｎｏ, 姓 名 ,月份,发放单位代码,应发合计")
	f.Fuzz(func(t *testing.T, line string) {
		if !utf8.ValidString(line) {
			return
		}
		var header []Cell
		for _, h := range strings.Split(line, ",") {
			header = append(header, Cell{Value: h})
			if k := NormalizeHeader(h); NormalizeHeader(k) != k {
				t.Fatalf("NormalizeHeader is not idempotent on %q: %q", h, k)
			}
		}
		for _, kind := range Kinds {
			cm := matchHeader(kind, header, nil)
			seen := map[int]bool{}
			for _, c := range cm.col {
				if c >= len(header) {
					t.Fatalf("field mapped to column %d of %d", c, len(header))
				}
				if c >= 0 && seen[c] {
					t.Fatalf("column %d mapped to two fields", c)
				}
				seen[c] = true
			}
		}
	})
}

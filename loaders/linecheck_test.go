package loaders

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// plainValue is what a set-based reader makes of a canonical cell (fieldSQL, written in Go): the
// value the Go rules must read it into.
func plainValue(t *testing.T, f *Field, v string) any {
	t.Helper()
	if v == "" {
		if f.Type == Count {
			return int64(0)
		}
		return nil
	}
	var (
		x   any
		err error
	)
	switch f.Type {
	case Code:
		x, _ = f.Codes.Lookup(v)
	case Date:
		x, err = time.Parse("2006-01-02", v)
	case Month:
		x, err = time.Parse("2006-01-02", v+"-01")
	case Money:
		x, err = parseYuan(v)
	case Count:
		x, err = strconv.ParseInt(v, 10, 64)
	default:
		x = v
	}
	if err != nil {
		t.Fatalf("%s %q is canonical but not a plain %v: %v", f.Name, v, f.Type, err)
	}
	return x
}

// checkCanonical fails when the cell v is in the canonical form of field f but the Go rules read
// it into anything but its plain value (or reject it): a set-based reader would stage something
// else than the Go reader.
func checkCanonical(t *testing.T, f *Field, v string) bool {
	t.Helper()
	// the whole of v is one cell in a canonical form (scan stops at a comma)
	form := newCellForm(f)
	if n, ok := form.scan([]byte(v)); !ok || n != len(v) {
		return false
	}
	got, err := ReadCell(f, Cell{Value: v})
	if err != nil {
		t.Fatalf("%s %q is canonical but the Go rules reject it: %v", f.Name, v, err)
	}
	if want := plainValue(t, f, v); !cmp.Equal(got, want) {
		t.Fatalf("%s %q is canonical: the Go rules read %#v, a set-based reader %#v", f.Name, v, got, want)
	}
	return true
}

// canonicalCells are cells of every field type, in canonical form or near it.
var canonicalCells = []string{
	"", "白银区财政局", "D01", " D01", "D01 ", "A B", "a\tb", "\u200b财政", "（财政）", "ＡＢ", "科·室", "科•室", "x\u00a0y", "x\u3000y", "\ufeffx", "a,b", "'", "#", "—", "\x85", "\xff", "\xe4\xb8",
	"2014-03-31", "2000-02-29", "1900-02-29", "2100-02-29", "2014-04-31", "2014-02-30", "1899-12-31", "2199-12-31", "2200-01-01", "2014-00-10", "2014-3-31", "2014/3/31", "20140331",
	"2014-04", "2014-13", "2014-00", "1900-01", "2199-12", "201404", "2014-4",
	"622921198309080024", "62292119830908002X", "62292119830908002x", "62292119830908002", "6229211983090800241",
	"8250.17", "8250", "8250.1", "8250.", ".5", "0", "-12.5", "+12", "12.345", "1e3", "9999999999999.99", "99999999999999", "00012.50",
	"3", "-2", "+2", "007", "-", "123456789012345", "1234567890123456", "-123456789012345",
	"6228480000001047299", "6228 4800", "１２３",
}

// TestCellFormCanonical: every cell in a canonical form of its field is read by the Go rules into
// the value a set-based reader stages for it; and the common cells of real files are canonical.
func TestCellFormCanonical(t *testing.T) {
	canonical := map[string]int{}
	for _, k := range Kinds {
		s := Schemas[k]
		for i := range s.Fields {
			f := &s.Fields[i]
			if f.Type == List {
				continue
			}
			cells := append([]string(nil), canonicalCells...)
			if f.Type == Code {
				cells = append(cells, codeKeys(f.Codes)...)
				cells = append(cells, " "+f.Codes.Values[0], f.Codes.Values[0]+"x")
			}
			for _, v := range cells {
				if checkCanonical(t, f, v) {
					canonical[v]++
				}
			}
		}
	}
	for _, v := range []string{"白银区财政局", "2014-03-31", "2014-04", "622921198309080024", "62292119830908002X", "8250.17", "8250", "3", "-2", "6228480000001047299", "行政编制"} {
		if canonical[v] == 0 {
			t.Errorf("%q is canonical for no field", v)
		}
	}
	for _, v := range []string{" D01", "A B", "\u200b财政", "（财政）", "ＡＢ", "科•室", "x\u00a0y", "2014-02-30", "8250.", "62292119830908002x", "\xff"} {
		for _, k := range Kinds {
			for i := range Schemas[k].Fields {
				if f := &Schemas[k].Fields[i]; f.Type != List && f.Type != Text && checkCanonical(t, f, v) {
					t.Errorf("%q is canonical for %s.%s", v, k, f.Name)
				}
			}
		}
	}
}

// FuzzCellForm: any cell the line check takes for canonical is read by the Go rules into the
// value a set-based reader stages for it.
func FuzzCellForm(f *testing.F) {
	for _, v := range canonicalCells {
		f.Add(uint8(0), v)
	}
	var fields []*Field
	for _, k := range Kinds {
		for i := range Schemas[k].Fields {
			if fd := &Schemas[k].Fields[i]; fd.Type != List {
				fields = append(fields, fd)
			}
		}
	}
	f.Fuzz(func(t *testing.T, field uint8, v string) {
		checkCanonical(t, fields[int(field)%len(fields)], v)
	})
}

// TestSlowLines: the line check numbers lines as an editor does, skips the lines up to the header
// and the empty ones, lists the lines not in canonical form (a cell out of form, a cell too many or
// too few, a required-when value missing, a line over MaxCellLen characters or longer than the
// read buffer), and tells a file that is not UTF-8 past its head, a cell over MaxCellLen and too
// many slow lines.
func TestSlowLines(t *testing.T) {
	s := Schemas[KindIdentity]
	// 身份证号,姓名,户籍状态,状态日期, then 9 columns no field is mapped to
	const extra = 9
	lc := lineCheck{cols: append([]cellForm{newCellForm(&s.Fields[s.Index("id_no")]), newCellForm(&s.Fields[s.Index("name")]),
		newCellForm(&s.Fields[s.Index("hukou_status")]), newCellForm(&s.Fields[s.Index("status_date")])}, make([]cellForm, extra)...)}
	w := requiredWhens[KindIdentity]
	lc.when = &lineWhen{field: 2, need: 3, values: w.values}
	row := func(cells string) string { return cells + strings.Repeat(",", extra) }
	// 9 cells of MaxCellLen characters of 4 bytes: longer than the read buffer, each cell within
	long := "622921198309080024,张三,正常," + strings.Repeat(","+strings.Repeat("\U00020000", MaxCellLen), extra)
	lines := []string{
		row("白银区公安人口信息,,,"),                                // 1: a title
		"身份证号,姓名,户籍状态,状态日期" + strings.Repeat(",备注", extra), // 2: the header
		row("622921198309080024,张三,正常,"),                   // 3
		row("622921198309080024,张 三,正常,"),                  // 4: slow, a space
		"",                               // 5: empty
		row("622921198309080024,张三,死亡,"), // 6: slow, 状态日期 required
		row("622921198309080024,张三,死亡,2014-03-31"), // 7
		row("622921198309080024,张三,正常,,"),          // 8: slow, a cell too many
		row("622921198309080024,张三,正常"),            // 9: slow, a cell too few
		long,                                       // 10: slow, longer than the buffer
		row("62292119830908002X,阿卜杜拉·买买提,迁出,2014-03-31"),                      // 11
		row("622921198309080024," + strings.Repeat("a", MaxCellLen) + ",正常,"), // 12: slow, over MaxCellLen
		row("622921198309080024,张三,正常,"),                                      // 13: no line end
	}
	if len(long) <= 1<<20 {
		t.Fatalf("line 10 is %d bytes, not longer than the read buffer", len(long))
	}
	dir := t.TempDir()
	for _, eol := range []string{"\n", "\r\n"} {
		p := filepath.Join(dir, fmt.Sprintf("id%d.csv", len(eol)))
		if err := os.WriteFile(p, []byte(strings.Join(lines, eol)), 0o644); err != nil {
			t.Fatal(err)
		}
		slow, err := lc.slowLines(context.Background(), p, 2, eol == "\r\n")
		if err != nil {
			t.Fatal(err)
		}
		if want := []int64{4, 6, 8, 9, 10, 12}; !cmp.Equal(slow, want) {
			t.Errorf("%q line ends: slow lines %v, want %v", eol, slow, want)
		}
	}

	gb := append([]byte(strings.Join(lines[:4], "\n")+"\n"), row("622921198309080024,\xc0\xee\xcb\xc4,正常,")+"\n"...)
	title := append([]byte(row("\xb0\xd7\xd2\xf8,,,")+"\n"), strings.Join(lines[1:4], "\n")...)
	for name, text := range map[string][]byte{"a data line": gb, "the title": title} {
		p := filepath.Join(dir, "gb.csv")
		if err := os.WriteFile(p, text, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := lc.slowLines(context.Background(), p, 2, false); !errors.Is(err, errNotUTF8) {
			t.Errorf("GB18030 in %s: error %v, want errNotUTF8", name, err)
		}
	}

	over := filepath.Join(dir, "over.csv")
	if err := os.WriteFile(over, []byte(strings.Join(append(lines[:4:4], row("622921198309080024,张"+strings.Repeat("三", MaxCellLen)+",正常,")), "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := lc.slowLines(context.Background(), over, 2, false); !errors.Is(err, errCellOverMax) {
		t.Errorf("a cell over MaxCellLen: error %v, want errCellOverMax", err)
	}

	many := filepath.Join(dir, "many.csv")
	if err := os.WriteFile(many, []byte(lines[1]+strings.Repeat("\nx", maxSlowLines+1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := lc.slowLines(context.Background(), many, 1, false); !errors.Is(err, errTooSlow) {
		t.Errorf("%d slow lines: error %v, want errTooSlow", maxSlowLines+1, err)
	}
}

package loaders

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// TestLineByLine: a CSV file is offered to the set-based reader only when its lines are its rows:
// UTF-8, no quote, no NUL or unit separator, and one kind of line end, also when a \r\n pair is
// split across two reads of the scan.
func TestLineByLine(t *testing.T) {
	long := strings.Repeat("a,b\r\n", 256<<10/5) // 256 KiB reads split a \r\n pair
	for _, tc := range []struct {
		name, text string
		want       bool
	}{
		{"lf", "a,b\n1,2\n", true},
		{"crlf", "a,b\r\n1,2\r\n", true},
		{"crlf without a last line end", "a,b\r\n1,2", true},
		{"one line", "a,b", true},
		{"crlf across reads", "xxxxx" + long + "1,2\r\n", true},
		{"quote", "a,b\n\"1\",2\n", false},
		{"lf after crlf", "a,b\r\n1,2\n", false},
		{"lone cr", "a,b\r1,2\r", false},
		{"cr inside a line", "a,b\n1\r,2\n", false},
		{"nul", "a,b\n1,\x002\n", false},
		{"unit separator", "a,b\n1,\x1f2\n", false},
		{"gbk", "\xb5\xa5\xce\xbb,b\n1,2\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "f.csv")
			if err := os.WriteFile(p, []byte(tc.text), 0o644); err != nil {
				t.Fatal(err)
			}
			sc, err := scanFile(p, true)
			if err != nil {
				t.Fatal(err)
			}
			if got := sc.lineByLine(); got != tc.want {
				t.Errorf("lineByLine = %v, want %v (%+v)", got, tc.want, sc)
			}
		})
	}
}

// TestScanLines: the line count the set-based reader checks DuckDB's rows against counts empty
// lines and a last line without a line end.
func TestScanLines(t *testing.T) {
	for text, want := range map[string]int64{
		"a,b\n1,2\n":         2,
		"a,b\n1,2":           2,
		"a,b\r\n\r\n1,2\r\n": 3,
		"a\n\n":              2,
		"\n":                 1,
	} {
		p := filepath.Join(t.TempDir(), "f.csv")
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		sc, err := scanFile(p, true)
		if err != nil {
			t.Fatal(err)
		}
		if got := sc.lines(); got != want {
			t.Errorf("%q: %d lines, want %d", text, got, want)
		}
	}
}

// TestScanUTF8Head: the scan of a CSV file judges UTF-8 from its first utf8Head bytes, and
// checkRest from all of them; a file no longer than the head is judged whole at once.
func TestScanUTF8Head(t *testing.T) {
	body := strings.Repeat("2014-04,D01,622921198309080024,张三,6228480000001047299,8250.17\n", utf8Head/50)
	straddle := strings.Repeat("x", utf8Head-1) + "张\n" + body // 张 is 3 bytes: 1 in the head, 2 after
	for _, tc := range []struct {
		name      string
		text      string
		csv       bool
		rest      bool         // the scan left the bytes after the head
		enc, full textEncoding // after the scan, after checkRest
	}{
		{"valid", body, true, true, encUTF8, encUTF8},
		{"invalid past the head", body + "\xb5\xa5\xce\xbb\n", true, true, encUTF8, encGB18030},
		{"invalid in the head", "\xb5\xa5\xce\xbb\n" + body, true, false, encGB18030, encGB18030},
		{"a rune across the end of the head", straddle, true, true, encUTF8, encUTF8},
		{"short, ends in half a rune", "a,b\n1,\xe5\xbc", true, false, encGB18030, encGB18030},
		{"short and valid", "a,b\n1,张\n", true, false, encUTF8, encUTF8},
		{"not CSV: judged whole", body + "\xff", false, false, encGB18030, encGB18030},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "f.csv")
			if err := os.WriteFile(p, []byte(tc.text), 0o644); err != nil {
				t.Fatal(err)
			}
			sc, err := scanFile(p, tc.csv)
			if err != nil {
				t.Fatal(err)
			}
			if sc.utf8Rest != tc.rest || sc.enc != tc.enc {
				t.Errorf("scan: utf8Rest %v enc %v, want %v %v", sc.utf8Rest, sc.enc, tc.rest, tc.enc)
			}
			if err := sc.checkRest(p); err != nil {
				t.Fatal(err)
			}
			if sc.utf8Rest || sc.enc != tc.full {
				t.Errorf("checkRest: utf8Rest %v enc %v, want false %v", sc.utf8Rest, sc.enc, tc.full)
			}
		})
	}
}

// TestBulkLineCheckNotUTF8: a CSV file that is UTF-8 in its head only is found not UTF-8 by the
// line check before it is offered to a set-based reader (DuckDB reads UTF-8 only), and is read as
// GB18030 from the start, exactly as without a set-based reader.
func TestBulkLineCheckNotUTF8(t *testing.T) {
	dir := t.TempDir()
	gbName, err := simplifiedchinese.GB18030.NewEncoder().String("李四")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("身份证号,姓名,性别,出生日期,户籍状态,状态日期\n")
	for i := 0; b.Len() <= utf8Head; i++ {
		fmt.Fprintf(&b, "62292119830908%04d,张三,男,1983-09-08,正常,\n", i)
	}
	b.WriteString("622921198309089999," + gbName + ",男,1983-09-08,正常,\n")
	writeFile(t, dir, "identity.csv", []byte(b.String()))

	offered := 0
	decline := func(context.Context, *BulkFile) (bool, error) { offered++; return false, nil }
	got, gotRep, err := load(t, dir, Options{BulkCSV: decline})
	if err != nil {
		t.Fatal(err)
	}
	want, wantRep, err := load(t, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if offered != 0 {
		t.Errorf("the set-based reader was offered the file %d times, want 0", offered)
	}
	if diff := cmp.Diff(wantRep, gotRep, cmpopts.IgnoreFields(SheetReport{}, "Duration")); diff != "" {
		t.Errorf("report (-without +declined):\n%s", diff)
	}
	if diff := cmp.Diff(want.rows, got.rows); diff != "" {
		t.Errorf("rows (-without +declined):\n%s", diff)
	}
	if len(wantRep.Warnings) == 0 && len(want.rows) > 0 {
		t.Errorf("read as UTF-8: %d rows, no warning; GB18030 garbles the header", len(want.rows))
	}
}

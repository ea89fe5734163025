package loaders

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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

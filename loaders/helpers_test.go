package loaders

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/xuri/excelize/v2"
)

// day is a staged date.
func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// collector is a Sink that keeps copies of the rows it is given.
type collector struct {
	mu   sync.Mutex
	rows []Row
}

func (c *collector) sink(r *Row) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	cp := *r
	cp.Values = append([]any(nil), r.Values...)
	c.rows = append(c.rows, cp)
	return nil
}

// value returns the staged value of field name in row i.
func (c *collector) value(t *testing.T, i int, name string) any {
	t.Helper()
	if i >= len(c.rows) {
		t.Fatalf("only %d rows staged, want row %d", len(c.rows), i)
	}
	r := c.rows[i]
	s := Schemas[r.Kind]
	for j, f := range s.Fields {
		if f.Name == name {
			return r.Values[j]
		}
	}
	t.Fatalf("kind %s has no field %s", r.Kind, name)
	return nil
}

// load runs LoadDrop on dir.
func load(t *testing.T, dir string, opts Options) (*collector, *Report, error) {
	t.Helper()
	c := &collector{}
	rep, err := LoadDrop(context.Background(), dir, opts, c.sink)
	return c, rep, err
}

func writeFile(t *testing.T, dir, name string, b []byte) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// ignoreReadTime leaves out of a comparison of reports the one field that differs between two
// reads of the same sheet.
var ignoreReadTime = cmpopts.IgnoreFields(SheetReport{}, "Duration")

// sheet is one worksheet to write: rows of cells, the first at row start (1 when 0).
type sheet struct {
	name  string
	start int
	rows  [][]any
	setup func(f *excelize.File, name string) // styles, merges, extra cells
}

// writeXLSX writes a workbook with excelize.
func writeXLSX(t *testing.T, dir, name string, sheets ...sheet) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		start := s.start
		if start == 0 {
			start = 1
		}
		for r, row := range s.rows {
			if row == nil {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(1, start+r)
			if err := f.SetSheetRow(s.name, cell, &row); err != nil {
				t.Fatal(err)
			}
		}
		if s.setup != nil {
			s.setup(f, s.name)
		}
	}
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
}

// style returns a style with a number format (built-in id, or custom code when id is 0).
func style(t *testing.T, f *excelize.File, id int, code string) int {
	t.Helper()
	st := &excelize.Style{NumFmt: id}
	if code != "" {
		st = &excelize.Style{CustomNumFmt: &code}
	}
	s, err := f.NewStyle(st)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

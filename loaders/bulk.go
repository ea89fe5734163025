package loaders

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// Reading a CSV file set-based.
//
// Most rows of a large CSV file hold every cell already in canonical form: 2014-04, an 18-digit
// ID number, 8250.17, a name without spaces. For such a row every reading rule returns the cell
// unchanged (or a plain conversion of it), so a database can stage it without Go seeing it. A
// BulkFile says which lines are not such rows (lineCheck), and reads them through the same Go
// rules as every other file.
//
// A file is read so only when its lines are its rows: valid UTF-8 with no quote character (so a
// field never holds a comma or a line break, and splitting a line on commas is exactly how
// encoding/csv reads it), no NUL or unit-separator byte, and one kind of line end (every line
// ending with \r\n, or none with \r). The header is found by the Go reader as for every file.

// BulkFile is a CSV file whose data rows are staged by the caller (Options.BulkCSV).
//
// Before the caller is offered the file, every line of it was read in Go (lineCheck): the data
// lines not in canonical form are listed in Slow, and the whole file is known to be UTF-8. The
// caller reads the file's lines (Lines of them, empty ones included) into a relation of line
// BIGINT, the line's number as an editor shows it, and l VARCHAR, the line without its end; it
// leaves out the lines up to HeaderLine, the empty lines (encoding/csv skips them) and the lines of
// Slow. It stages the rows of FastSQL over that relation (columns Columns, then line) and calls
// Accepted with their number. When it has, the loader reads the lines of Slow through the Go rules.
type BulkFile struct {
	File       string // path relative to the drop, as in Row.File
	Sheet      string // as in Row.Sheet: the file's base name
	Path       string // the file to read
	Kind       Kind
	HeaderLine int     // data rows are the lines after it
	CRLF       bool    // lines end with \r\n, else with \n
	Lines      int64   // lines in the file, the last one counted also without a line end
	Slow       []int64 // the data lines read by the Go rules, ascending

	rr    *rowReader
	check lineCheck
	cols  []string // staged column names, in schema order
	vals  []string // SQL value of each column over the split line c
}

// lineByLine reports whether the file's lines are its rows (see above).
func (sc fileScan) lineByLine() bool {
	if sc.enc != encUTF8 || sc.quote || sc.odd {
		return false
	}
	crlf := sc.cr == sc.crlf && sc.crlf == sc.lf
	lf := sc.cr == 0
	return crlf || lf
}

// lines is the number of lines of the file: its line ends, and one more when the last line has
// none.
func (sc fileScan) lines() int64 {
	if sc.size > 0 && !sc.endsLF {
		return sc.lf + 1
	}
	return sc.lf
}

// newBulkFile plans the set-based reading of the table behind rr, or returns nil when one of its
// mapped fields has no SQL form (a list).
func newBulkFile(rr *rowReader, abs string, sc fileScan) *BulkFile {
	t, s := rr.t, rr.cm.schema
	b := &BulkFile{File: t.file, Sheet: t.sheet, Path: abs, Kind: s.Kind, HeaderLine: t.rep.HeaderRow, CRLF: sc.crlf > 0, Lines: sc.lines(), rr: rr}
	b.check.cols = make([]cellForm, rr.width)
	for i := range s.Fields {
		f := &s.Fields[i]
		j := rr.cm.col[i]
		if f.Type == List {
			if j >= 0 {
				return nil
			}
			continue
		}
		b.cols = append(b.cols, f.Name)
		b.vals = append(b.vals, fieldSQL(f, j))
		if j >= 0 {
			b.check.cols[j] = newCellForm(f)
		}
	}
	if w, ok := requiredWhens[s.Kind]; ok {
		fi := s.Index(w.field)
		b.check.when = &lineWhen{field: rr.cm.col[fi], need: rr.cm.col[s.Index(w.need)], values: w.values}
	}
	return b
}

// findSlow reads the file and lists its slow lines in Slow. It returns errNotUTF8 when the file is
// not UTF-8, errCellOverMax when a cell stops the file, and errTooSlow when it has more than
// maxSlowLines slow lines.
func (b *BulkFile) findSlow(ctx context.Context) error {
	slow, err := b.check.slowLines(ctx, b.Path, b.HeaderLine, b.CRLF)
	b.Slow = slow
	return err
}

// Columns names the staged columns FastSQL returns, in schema order (a list field left out).
func (b *BulkFile) Columns() []string { return b.cols }

// FastSQL selects, from the relation lines (line, l) of fast lines, their staged values (columns
// Columns, then line).
func (b *BulkFile) FastSQL(lines string) string {
	sel := make([]string, len(b.cols))
	for i, c := range b.cols {
		sel[i] = b.vals[i] + " AS " + SQLIdent(c)
	}
	return fmt.Sprintf("SELECT %s, line FROM (SELECT line, string_split(l, ',') AS c FROM %s)", strings.Join(sel, ", "), lines)
}

// readSlow reads the file's slow lines again and passes each, in order, to row.
func (b *BulkFile) readSlow(ctx context.Context) error {
	next := 0
	return eachLine(ctx, b.Path, b.CRLF, func(line int64, l []byte) error {
		if next == len(b.Slow) {
			return errLinesDone
		}
		if line != b.Slow[next] {
			return nil
		}
		next++
		return b.row(int(line), string(l))
	})
}

// Accepted counts n rows of FastSQL as read and accepted.
func (b *BulkFile) Accepted(n int64) {
	b.rr.t.rep.RowsRead += int(n)
	b.rr.t.rep.RowsAccepted += int(n)
}

// row reads one slow line through the Go rules: its rejects go to the report, an accepted row to
// the sink. The error is the sink's. No cell of a slow line is over MaxCellLen: the line check
// leaves a file with such a cell to the Go reader (errCellOverMax).
func (b *BulkFile) row(line int, text string) error {
	return b.rr.row(lineCells(text), line)
}

// lineCells splits a line of a set-based file into its cells: the file has no quotes, so every
// comma ends a cell.
func lineCells(text string) []Cell {
	parts := strings.Split(text, ",")
	cells := make([]Cell, len(parts))
	for i, p := range parts {
		cells[i] = Cell{Value: p}
	}
	return cells
}

// fieldSQL returns the SQL value, over the split line c, of field f read from column j (0-based;
// -1: not in the file) in a fast line: what the Go rules read the cell into.
func fieldSQL(f *Field, j int) string {
	if j < 0 {
		if f.Type == Count {
			return "CAST(0 AS BIGINT)"
		}
		return "CAST(NULL AS " + SQLType(f.Type) + ")"
	}
	v := fmt.Sprintf("c[%d]", j+1)
	switch f.Type {
	case Code:
		var whens []string
		for _, k := range codeKeys(f.Codes) {
			x, _ := f.Codes.Lookup(k)
			whens = append(whens, fmt.Sprintf("WHEN %s THEN %s", SQLString(k), SQLString(x)))
		}
		return fmt.Sprintf("(CASE %s %s END)", v, strings.Join(whens, " "))
	case Date:
		return fmt.Sprintf("CAST(nullif(%s, '') AS DATE)", v)
	case Month:
		return fmt.Sprintf("CAST(nullif(%s, '') || '-01' AS DATE)", v)
	case Money:
		return fmt.Sprintf("CAST(CAST(nullif(%s, '') AS DECIMAL(15, 2)) * 100 AS BIGINT)", v)
	case Count:
		return fmt.Sprintf("coalesce(CAST(nullif(%s, '') AS BIGINT), 0)", v)
	}
	return "nullif(" + v + ", '')"
}

// SQLType is the SQL type a value of type t is staged as (Date and Month as DATE, Count and Money
// as BIGINT, the rest as VARCHAR): the engine's staging tables and the set-based reading share it.
func SQLType(t FieldType) string {
	switch t {
	case Date, Month:
		return "DATE"
	case Count, Money:
		return "BIGINT"
	}
	return "VARCHAR"
}

// codeKeys lists the values and synonyms of a code list, sorted.
func codeKeys(c *CodeList) []string {
	keys := append([]string(nil), c.Values...)
	for k := range c.Synonyms {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// SQLString is s as an SQL string literal.
func SQLString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// SQLIdent is s as a quoted SQL identifier.
func SQLIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

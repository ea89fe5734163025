package loaders

import (
	"fmt"
	"sort"
	"strings"
)

// Reading a CSV file set-based.
//
// Most rows of a large CSV file hold every cell already in canonical form: 2014-04, an 18-digit
// ID number, 8250.17, a name without spaces. For such a row every reading rule returns the cell
// unchanged (or a plain conversion of it), so a database can stage it without Go seeing it. A
// BulkFile says which rows those are, as SQL over the file's lines, and reads the other rows
// through the same Go rules as every other file.
//
// A file is read so only when its lines are its rows: valid UTF-8 with no quote character (so a
// field never holds a comma or a line break, and splitting a line on commas is exactly how
// encoding/csv reads it), no NUL or unit-separator byte, and one kind of line end (every line
// ending with \r\n, or none with \r). The header is found by the Go reader as for every file.

// BulkFile is a CSV file whose data rows are staged by the caller (Options.BulkCSV).
//
// The caller reads the file's lines (Lines of them, empty ones included), keeping the columns of
// LinesSQL over them, into a relation that also has line BIGINT, the line's number as an editor
// shows it; it leaves out the lines up to HeaderLine and the empty lines (encoding/csv skips
// them). It stages the rows of FastSQL over that relation (columns Columns, then line), calls
// Accepted with their number, then passes every row of SlowSQL, in order, to Row.
type BulkFile struct {
	File       string // path relative to the drop, as in Row.File
	Sheet      string // as in Row.Sheet: the file's base name
	Path       string // the file to read
	Kind       Kind
	HeaderLine int   // data rows are the lines after it
	CRLF       bool  // lines end with \r\n, else with \n
	Lines      int64 // lines in the file, the last one counted also without a line end

	rr      *rowReader
	pattern string   // a line every cell of which has a canonical form
	cols    []string // staged column names, in schema order
	vals    []string // SQL value of each column over the split line c
	checks  []string // what the pattern cannot say (real dates, code values), over c
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
	cells := make([]string, rr.width)
	for j := range cells {
		cells[j] = plainCell + "*"
	}
	val := map[string]string{}
	for i := range s.Fields {
		f := &s.Fields[i]
		j := rr.cm.col[i]
		if f.Type == List {
			if j >= 0 {
				return nil
			}
			continue
		}
		v, pat, check := fieldSQL(f, j)
		b.cols = append(b.cols, f.Name)
		b.vals = append(b.vals, v)
		val[f.Name] = v
		if j >= 0 {
			cells[j] = pat
		}
		if check != "" {
			b.checks = append(b.checks, check)
		}
	}
	b.pattern = strings.Join(cells, ",")
	// the conditionally required values (conditionalMissing)
	switch s.Kind {
	case KindIdentity:
		b.checks = append(b.checks, fmt.Sprintf("NOT (coalesce(%s IN ('死亡', '注销'), false) AND %s IS NULL)", val["hukou_status"], val["status_date"]))
	case KindLedger:
		b.checks = append(b.checks, fmt.Sprintf("NOT (coalesce(%s IN (%s, %s), false) AND %s IS NULL)", val["event"], sqlString(EventEstablish), sqlString(EventRename), val["unit_name"]))
	}
	return b
}

// Columns names the staged columns FastSQL returns, in schema order (a list field left out).
func (b *BulkFile) Columns() []string { return b.cols }

// plainCell matches a character of a cell that no rule of the Go reader changes or looks at: not
// a comma (the file has no quotes, so a comma ends the cell), a control character, any kind of
// white space (trimmed, or removed from names and codes), a zero-width character, a full-width
// form NormalizeText folds, or a middle dot of a name other than U+00B7.
const plainCell = `[^,\x00-\x1F\x7F\x{85}\s\pZ\x{200B}-\x{200D}\x{2060}\x{FEFF}\x{FF01}-\x{FF5E}•・‧･\x{2219}\x{22C5}\x{0387}\x{2E31}\x{318D}]`

// LinesSQL selects, from the relation of the file's lines (l VARCHAR, without the line end), the
// line and ok: whether it has exactly the header's number of cells, each in a canonical form of
// its field.
func (b *BulkFile) LinesSQL(lines string) string {
	return fmt.Sprintf("SELECT l, length(l) <= %d AND regexp_full_match(l, %s) AS ok FROM %s", MaxCellLen, sqlString(b.pattern), lines)
}

func (b *BulkFile) checked() string {
	if len(b.checks) == 0 {
		return "true"
	}
	return "coalesce(" + strings.Join(b.checks, " AND ") + ", false)"
}

// FastSQL selects, from the relation lines (line, l, ok), the rows read without Go, as their
// staged values (columns Columns, then line).
func (b *BulkFile) FastSQL(lines string) string {
	sel := make([]string, len(b.cols))
	for i, c := range b.cols {
		sel[i] = b.vals[i] + " AS " + quoteSQLIdent(c)
	}
	return fmt.Sprintf("SELECT %s, line FROM (SELECT line, string_split(l, ',') AS c FROM %s WHERE ok) WHERE %s", strings.Join(sel, ", "), lines, b.checked())
}

// SlowSQL selects, from the relation lines (line, l, ok), the other rows (line, l), in order of
// line.
func (b *BulkFile) SlowSQL(lines string) string {
	if len(b.checks) == 0 {
		return fmt.Sprintf("SELECT line, l FROM %s WHERE NOT ok ORDER BY line", lines)
	}
	return fmt.Sprintf("SELECT line, l FROM (SELECT line, l, ok, string_split(l, ',') AS c FROM %s) WHERE NOT ok OR NOT %s ORDER BY line", lines, b.checked())
}

// Accepted counts n rows of FastSQL as read and accepted.
func (b *BulkFile) Accepted(n int64) {
	b.rr.t.rep.RowsRead += int(n)
	b.rr.t.rep.RowsAccepted += int(n)
}

// Row reads one row of SlowSQL through the Go rules: its rejects go to the report, an accepted row
// to the sink. The error is the sink's, or a structural one (a cell over MaxCellLen).
func (b *BulkFile) Row(line int, text string) error {
	parts := strings.Split(text, ",")
	cells := make([]Cell, len(parts))
	for i, p := range parts {
		cells[i] = Cell{Value: p}
	}
	if err := checkCellLen(cells); err != nil {
		return b.rr.t.structural(fmt.Errorf("row %d: %w", line, err))
	}
	return b.rr.row(cells, line)
}

// fieldSQL returns, for field f read from column j (0-based; -1: not in the file): its SQL value
// over the split line c, the pattern of its canonical forms in a line, and the SQL condition the
// pattern cannot express ("": none). A cell matching both is read by the Go rules into that value;
// any other cell makes its row a slow one.
func fieldSQL(f *Field, j int) (value, pattern, check string) {
	if j < 0 {
		if f.Type == Count {
			return "CAST(0 AS BIGINT)", "", ""
		}
		return "CAST(NULL AS " + SQLType(f.Type) + ")", "", ""
	}
	v := fmt.Sprintf("c[%d]", j+1)
	opt := func(p string) string {
		if f.Required {
			return p
		}
		return "(?:" + p + ")?"
	}
	value = "nullif(" + v + ", '')"
	switch f.Type {
	case Text:
		pattern = plainCell + "*"
		if f.Required {
			pattern = plainCell + "+"
		}
	case IDNo:
		pattern = opt(`\d{17}[\dX]`)
	case Account:
		pattern = `\d*`
	case Code:
		var whens, keys []string
		for _, k := range codeKeys(f.Codes) {
			x, _ := f.Codes.Lookup(k)
			whens = append(whens, fmt.Sprintf("WHEN %s THEN %s", sqlString(k), sqlString(x)))
			keys = append(keys, sqlString(k))
		}
		value = fmt.Sprintf("(CASE %s %s END)", v, strings.Join(whens, " "))
		pattern = opt(plainCell + "+")
		// the value is not NULL exactly when the cell is one of the keys; testing that is cheaper
		// than working out the value a second time
		check = fmt.Sprintf("%s IN (%s)", v, strings.Join(keys, ", "))
		if !f.Required {
			check = "(" + v + " = '' OR " + check + ")"
		}
	case Date:
		value = fmt.Sprintf("TRY_CAST(nullif(%s, '') AS DATE)", v)
		pattern = opt(`(?:19|2[01])\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])`)
		check = fmt.Sprintf("(%s = '' OR %s IS NOT NULL)", v, value)
	case Month:
		value = fmt.Sprintf("CAST(nullif(%s, '') || '-01' AS DATE)", v)
		pattern = opt(`(?:19|2[01])\d\d-(?:0[1-9]|1[0-2])`)
	case Money:
		value = fmt.Sprintf("CAST(CAST(nullif(%s, '') AS DECIMAL(15, 2)) * 100 AS BIGINT)", v)
		pattern = opt(`\d{1,13}(?:\.\d{1,2})?`)
	case Count:
		value = fmt.Sprintf("coalesce(CAST(nullif(%s, '') AS BIGINT), 0)", v)
		pattern = `(?:-?\d{1,15})?`
	}
	return value, pattern, check
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

func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func quoteSQLIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

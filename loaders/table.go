package loaders

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// source streams the rows of one table with the row number each has as Excel (or an editor)
// shows it. next returns io.EOF after the last row.
type source interface {
	next() (cells []Cell, line int, err error)
}

// fieldCountError is a row whose number of fields differs from the header's (a ragged CSV row).
type fieldCountError struct{ got, want int }

func (e *fieldCountError) Error() string {
	return fmt.Sprintf("the row has %d fields but the header has %d", e.got, e.want)
}

// publicSource adapts a RowReader (Parquet, through the engine): the first row is the header and
// is line 1.
type publicSource struct {
	r    RowReader
	line int
}

func (p *publicSource) next() ([]Cell, int, error) {
	c, err := p.r.Next()
	if err != nil {
		return nil, 0, err
	}
	p.line++
	return c, p.line, nil
}

// table reads one sheet (or CSV/Parquet file) of a drop.
type table struct {
	file, sheet string
	src         source
	entry       *ManifestFile
	date1904    bool
	ragged      bool // rows must have as many fields as the header (CSV)
	sink        Sink

	rep      SheetReport
	rejects  []Reject
	warnings []string
}

const headerSearchRows = 10

func (t *table) warnf(format string, args ...any) {
	t.warnings = append(t.warnings, fmt.Sprintf("%s: sheet %s: ", t.file, t.sheet)+fmt.Sprintf(format, args...))
}

func (t *table) structural(err error) error {
	return &StructuralError{File: t.file, Sheet: t.sheet, Err: err}
}

func isBlank(cells []Cell) bool {
	for _, c := range cells {
		if NormalizeText(c.Value) != "" {
			return false
		}
	}
	return true
}

type lined struct {
	cells []Cell
	line  int
	err   *bareQuoteError // a row that could not be split into fields
}

// run reads the table: finds its header, then reads and sinks every data row.
func (t *table) run(ctx context.Context) error {
	return t.runWith(ctx, nil)
}

// runWith reads the table like run; when bulk is set and the header is found, the data rows are
// handed to it instead of being read here (a CSV file read set-based by the engine, bulk.go).
func (t *table) runWith(ctx context.Context, bulk func(rr *rowReader) (bool, error)) error {
	rr, rest, eof, err := t.header()
	if err != nil || rr == nil {
		return err
	}
	handled := false
	if bulk != nil {
		if handled, err = bulk(rr); err != nil {
			return err
		}
	}
	if !handled {
		if err := t.data(ctx, rr, rest, eof); err != nil {
			return err
		}
	}
	if t.rep.RowsRead == 0 {
		t.rep.Skipped = "no data rows"
		t.warnf("skipped: header of %s (%s) on row %d but no data rows", rr.cm.schema.Label, rr.cm.kind, t.rep.HeaderRow)
		t.rep.Kind = ""
	}
	return nil
}

// header reads the first rows of the table and finds its header. It returns the reader of the data
// rows (nil when the table is skipped), the rows already read below the header, and whether the
// table ended within them.
func (t *table) header() (*rowReader, []lined, bool, error) {
	t.rep.Sheet = t.sheet
	var kind Kind
	headerRow := 0
	if t.entry != nil {
		kind, headerRow = t.entry.Kind, t.entry.HeaderRow
	}
	// Buffer the rows the header may be in.
	var buf []lined
	eof := false
	for !eof && (len(buf) < headerSearchRows || (headerRow > 0 && buf[len(buf)-1].line < headerRow)) {
		cells, line, err := t.src.next()
		if err == io.EOF {
			eof = true
			break
		}
		var bq *bareQuoteError
		if errors.As(err, &bq) {
			buf = append(buf, lined{line: line, err: bq})
			continue
		}
		if err != nil {
			return nil, nil, false, t.readError(err, line)
		}
		cells = cloneCells(cells)
		if err := checkCellLen(cells); err != nil {
			return nil, nil, false, t.structural(fmt.Errorf("row %d: %w", line, err))
		}
		buf = append(buf, lined{cells: cells, line: line})
	}
	at := -1
	if headerRow > 0 {
		for i, r := range buf {
			if r.line == headerRow {
				at = i
			}
		}
		if at < 0 {
			return nil, nil, false, t.structural(fmt.Errorf("%s names header_row %d, but the sheet has no such row", ManifestName, headerRow))
		}
	}
	rows := make([][]Cell, len(buf))
	for i := range buf {
		rows[i] = buf[i].cells
	}
	hc := findHeader(rows, kind, at, t.entry.manualColumns())
	if hc.cm == nil {
		if hc.partial != nil {
			return nil, nil, false, t.structural(hc.partial.missingError())
		}
		t.rep.Skipped = "no header row of any kind in the first 10 rows"
		t.warnf("skipped: no header row of any kind (%s) in the first %d rows", kindLabels(), headerSearchRows)
		return nil, nil, false, nil
	}
	cm := hc.cm
	header := buf[hc.row].cells
	t.rep.Kind = cm.kind
	t.rep.HeaderRow = buf[hc.row].line
	for _, j := range cm.unknown {
		t.rep.Unknown = append(t.rep.Unknown, header[j].Value)
	}
	if len(t.rep.Unknown) > 0 {
		t.warnf("columns not used by the checks: %s", strings.Join(t.rep.Unknown, "、"))
	}
	return &rowReader{t: t, cm: cm, header: header, width: len(header)}, buf[hc.row+1:], eof, nil
}

// data reads the data rows: those already read below the header (rest), then the others.
func (t *table) data(ctx context.Context, rr *rowReader, rest []lined, eof bool) error {
	for _, r := range rest {
		if r.err != nil {
			t.bareQuote(r.err)
			continue
		}
		if err := rr.row(r.cells, r.line); err != nil {
			return err
		}
	}
	for n := 0; !eof; n++ {
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		cells, line, err := t.src.next()
		if err == io.EOF {
			break
		}
		var bq *bareQuoteError
		if errors.As(err, &bq) {
			t.bareQuote(bq)
			continue
		}
		if err != nil {
			return t.readError(err, line)
		}
		if err := checkCellLen(cells); err != nil {
			return t.structural(fmt.Errorf("row %d: %w", line, err))
		}
		if err := rr.row(cells, line); err != nil {
			return err
		}
	}
	return nil
}

func (t *table) bareQuote(bq *bareQuoteError) {
	t.rep.RowsRead++
	t.rep.RowsRejected++
	t.rejects = append(t.rejects, Reject{File: t.file, Sheet: t.sheet, Line: bq.line, Reason: bq.Error(), Action: RowRejected})
}

func (t *table) readError(err error, line int) error {
	var bq *bareQuoteError
	if errors.As(err, &bq) {
		return t.structural(fmt.Errorf("line %d: %w", line, err))
	}
	var se *StructuralError
	if errors.As(err, &se) {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return t.structural(err)
}

func kindLabels() string {
	var s []string
	for _, k := range Kinds {
		s = append(s, Schemas[k].Label)
	}
	return strings.Join(s, "、")
}

func cloneCells(c []Cell) []Cell { return append([]Cell(nil), c...) }

func checkCellLen(cells []Cell) error {
	for j, c := range cells {
		if len(c.Value) > MaxCellLen && len([]rune(c.Value)) > MaxCellLen {
			return fmt.Errorf("column %d: a cell holds %d characters, more than Excel's limit of %d: the file is damaged (in a CSV, look for an unmatched quote)", j+1, len([]rune(c.Value)), MaxCellLen)
		}
	}
	return nil
}

// rowReader turns data rows into staged rows, rejects and cleared cells.
type rowReader struct {
	t      *table
	cm     *colMap
	header []Cell
	width  int
	row_   Row
	vals   []any
}

func (rr *rowReader) reject(line, col int, value, reason string, action Action) Reject {
	column := ""
	if col >= 0 && col < len(rr.header) {
		column = rr.header[col].Value
	}
	return Reject{File: rr.t.file, Sheet: rr.t.sheet, Line: line, Column: column, Value: value, Reason: reason, Action: action}
}

func (rr *rowReader) ragged(cells []Cell, line int, fc *fieldCountError) {
	t := rr.t
	t.rep.RowsRead++
	t.rep.RowsRejected++
	vals := make([]string, len(cells))
	for i, c := range cells {
		vals[i] = c.Value
	}
	r := rr.reject(line, -1, strings.Join(vals, ","), fc.Error(), RowRejected)
	t.rejects = append(t.rejects, r)
}

// row reads one data row; it returns only errors that stop the load (the sink's, the context's).
func (rr *rowReader) row(cells []Cell, line int) error {
	if isBlank(cells) {
		return nil
	}
	t := rr.t
	if t.ragged && len(cells) != rr.width {
		rr.ragged(cells, line, &fieldCountError{got: len(cells), want: rr.width})
		return nil
	}
	t.rep.RowsRead++
	s := rr.cm.schema
	if rr.vals == nil {
		rr.vals = make([]any, len(s.Fields))
	}
	vals := rr.vals
	var probs []Reject
	rejected := false
	statusDateProb := -1
	for i := range s.Fields {
		f := &s.Fields[i]
		j := rr.cm.col[i]
		vals[i] = nil
		if j < 0 {
			if f.Type == Count {
				vals[i] = int64(0)
			}
			continue
		}
		var c Cell
		if j < len(cells) {
			c = cells[j]
		}
		v, err := readCell(f, c, t.date1904)
		if err == nil && v == nil && f.Required {
			err = errEmpty
		}
		if err != nil {
			action := CellCleared
			if f.Required {
				action = RowRejected
				rejected = true
			}
			if s.Kind == KindIdentity && f.Name == "status_date" {
				statusDateProb = len(probs)
			}
			probs = append(probs, rr.reject(line, j, c.Value, err.Error(), action))
			continue
		}
		vals[i] = v
	}
	// Conditionally required values.
	if !rejected {
		if idx, label, why := conditionalMissing(s, vals); idx >= 0 {
			rejected = true
			if s.Kind == KindIdentity && statusDateProb >= 0 {
				probs[statusDateProb].Reason += "; " + why
			} else {
				col := rr.cm.col[idx]
				r := rr.reject(line, col, "", why, RowRejected)
				if col < 0 {
					r.Column = label
				}
				probs = append(probs, r)
			}
		}
	}
	if rejected {
		for i := range probs {
			probs[i].Action = RowRejected
		}
		t.rep.RowsRejected++
	} else {
		t.rep.CellsCleared += len(probs)
	}
	t.rejects = append(t.rejects, probs...)
	if rejected {
		return nil
	}
	t.rep.RowsAccepted++
	rr.row_ = Row{Kind: s.Kind, File: t.file, Sheet: t.sheet, Line: line, Values: vals}
	return t.sink(&rr.row_)
}

// requiredWhen is a "required when" rule of inputs.md: the field need must have a value when the
// code field has one of values.
type requiredWhen struct {
	field, need string
	values      []string
	why         string // the reason, %s the code value
}

// requiredWhens holds the rules by kind: identity.status_date when hukou_status is 死亡 or 注销,
// ledger.unit_name for 设立 and 更名.
var requiredWhens = map[Kind]requiredWhen{
	KindIdentity: {field: "hukou_status", need: "status_date", values: []string{"死亡", "注销"}, why: "状态日期 is required when 户籍状态 is %s"},
	KindLedger:   {field: "event", need: "unit_name", values: []string{EventEstablish, EventRename}, why: "单位名称 is required for a %s event"},
}

// conditionalMissing applies requiredWhens to a row's values. It returns the index of the missing
// field, its label and the reason, or -1.
func conditionalMissing(s *Schema, vals []any) (int, string, string) {
	w, ok := requiredWhens[s.Kind]
	if !ok {
		return -1, "", ""
	}
	v, _ := vals[s.Index(w.field)].(string)
	if i := s.Index(w.need); slices.Contains(w.values, v) && vals[i] == nil {
		return i, s.Fields[i].Label, fmt.Sprintf(w.why, v)
	}
	return -1, "", ""
}

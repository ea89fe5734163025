package loaders

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Row is one data row of a recognised sheet, read into staged values.
//
// Values is aligned with the kind's Schema.Fields; an empty optional cell (or one cleared because
// it could not be read) is nil. The staged Go type of each value is given by its FieldType. A Row
// and its Values are only valid during the Sink call: a sink that keeps them must copy.
type Row struct {
	Kind   Kind
	File   string // path relative to the drop folder, with forward slashes
	Sheet  string // sheet name; for CSV and Parquet the file's base name
	Line   int    // the row number as Excel (or a text editor, for CSV) shows it
	Values []any
}

// Sink receives every accepted row. Rows of one sheet arrive in order; a Sink used by several
// loads at once must be safe for concurrent use. Returning an error stops the load.
type Sink func(r *Row) error

// Action says what happened to a row with a problem.
type Action string

// The two actions of inputs.md.
const (
	RowRejected Action = "row rejected"
	CellCleared Action = "cell cleared"
)

// Reject is one problem of one cell: one line of rejects.csv.
type Reject struct {
	File   string
	Sheet  string
	Line   int    // as Excel shows it
	Column string // the header text of the column as written in the file
	Value  string // the raw cell value
	Reason string
	Action Action
}

// String formats the reject as file:sheet:R12:C (header): reason.
func (r Reject) String() string {
	return fmt.Sprintf("%s:%s:R%d (%s): %s [%q, %s]", r.File, r.Sheet, r.Line, r.Column, r.Reason, r.Value, r.Action)
}

// ErrStructural marks errors that stop a run with exit code 2: a file that cannot be read, a sheet
// missing required columns, an .xls file.
var ErrStructural = errors.New("structural input error")

// StructuralError names the file and sheet that could not be read, and why.
type StructuralError struct {
	File  string
	Sheet string // empty when the whole file is unreadable
	Err   error
}

// Error names the file, the sheet when there is one, and the cause: "staff.xlsx: sheet 人员: …".
func (e *StructuralError) Error() string {
	if e.Sheet == "" {
		return fmt.Sprintf("%s: %v", e.File, e.Err)
	}
	return fmt.Sprintf("%s: sheet %s: %v", e.File, e.Sheet, e.Err)
}

// Unwrap returns the cause.
func (e *StructuralError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrStructural) true for every StructuralError.
func (e *StructuralError) Is(target error) bool { return target == ErrStructural }

// SheetReport says what was read from one sheet (or CSV/Parquet file).
type SheetReport struct {
	Sheet        string
	Kind         Kind   // empty when the sheet was skipped
	Skipped      string // why the sheet was skipped (no kind matched, no data rows)
	HeaderRow    int    // as Excel shows it
	RowsRead     int    // data rows seen below the header (blank rows not counted)
	RowsAccepted int
	RowsRejected int
	CellsCleared int
	Unknown      []string // header labels that match no field of the kind
	// Duration is the time spent reading the sheet and handing its rows to the sink; a file's
	// first sheet also carries the pass that hashes the file and the opening of a workbook.
	Duration time.Duration
}

// FileReport says what was read from one file of the drop.
type FileReport struct {
	Path    string // relative to the drop folder, forward slashes
	SHA256  string // hex
	Size    int64
	Skipped string // why the whole file was skipped (not a spreadsheet)
	Sheets  []SheetReport
}

// Report is the result of loading a drop: every file and sheet, every reject, every warning.
type Report struct {
	Files    []FileReport
	Rejects  []Reject
	Warnings []string
}

// Cell is one raw cell as a reader sees it, before any field rule applies.
type Cell struct {
	Value   string // the value as the user sees it (a spreadsheet cell with its number format applied)
	Numeric bool   // stored as a number (spreadsheet numeric cell, Parquet numeric column)
	// Raw is the number as stored, before any number format, of a numeric spreadsheet cell (a
	// date cell's serial, the full 6.2040219900101101E+17 of a long number shown as 6.20402E+17).
	// Empty means the same as Value: a numeric cell without Raw whose Value is all digits (a
	// Parquet integer column) holds an exact integer, so an ID number in it lost no digits.
	Raw string
}

// RowReader streams the rows of one table (a sheet, a CSV file, a Parquet file). Next returns
// io.EOF after the last row.
type RowReader interface {
	Next() ([]Cell, error)
	Close() error
}

// Options tune a load. The zero value loads every file with default limits.
type Options struct {
	// OpenParquet opens a .parquet file as rows of cells (the engine supplies it, through DuckDB);
	// when nil a .parquet file is a structural error saying Parquet needs the engine. The first
	// row it returns is the header (the column names); it is line 1 and data rows count from 2.
	OpenParquet func(path string) (RowReader, error)
	// Workers is how many files are read at once; 0 means one.
	Workers int
	// FileDone, when set, is called by LoadDrop once a file has been read, from the goroutine
	// that read it: the sink has seen all of that file's rows.
	FileDone func(relPath string)
	// BulkCSV, when set, reads the data rows of CSV files that can be read line by line (UTF-8, no
	// quotes, one kind of line end: see BulkFile) set-based instead of row by row. It returns
	// false when it does not take the file (the loader then reads it itself); it must not have
	// staged anything then.
	BulkCSV func(ctx context.Context, b *BulkFile) (bool, error)
	// Manifest is the drop's hecha.toml. LoadDrop reads it from the drop when nil; LoadFile uses
	// it as given.
	Manifest *Manifest
}

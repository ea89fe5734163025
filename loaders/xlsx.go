package loaders

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// Limits on what a workbook may unzip to.
const (
	// MaxUnzipSize is the most a workbook may unzip to in all.
	MaxUnzipSize = 1 << 30
	// MaxUnzipXMLSize is the largest worksheet or shared-string part held in memory; larger parts
	// go to a temporary file.
	MaxUnzipXMLSize = 256 << 20
)

var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// xlsConvertHint says how to turn an Excel 97-2003 workbook into one hecha reads.
const xlsConvertHint = "open it in Excel or WPS and save it as Excel 工作簿 (.xlsx), or run: libreoffice --headless --convert-to xlsx FILE"

func errXLS() error {
	return errors.New("Excel 97-2003 workbooks (.xls) are not read; " + xlsConvertHint)
}

// openWorkbook opens an .xlsx/.xlsm file, turning excelize's errors into ones a user can act on.
func openWorkbook(abs string) (*excelize.File, error) {
	head := make([]byte, 8)
	if fh, err := os.Open(abs); err == nil {
		n, _ := io.ReadFull(fh, head)
		head = head[:n]
		fh.Close()
	}
	f, err := excelize.OpenFile(abs, excelize.Options{UnzipSizeLimit: MaxUnzipSize, UnzipXMLSizeLimit: MaxUnzipXMLSize})
	if err == nil {
		return f, nil
	}
	switch {
	case bytes.Equal(head, oleMagic):
		return nil, errors.New("the file is an Excel 97-2003 (.xls) workbook or a password-protected workbook, not an .xlsx: remove the password, or " + xlsConvertHint)
	case errors.Is(err, zip.ErrFormat), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, zip.ErrAlgorithm):
		return nil, fmt.Errorf("not a readable .xlsx workbook (the file is not a valid zip archive: damaged, truncated or not made by Excel): %v", err)
	case errors.Is(err, excelize.ErrWorkbookFileFormat), errors.Is(err, excelize.ErrWorkbookPassword):
		return nil, fmt.Errorf("not a readable .xlsx workbook (%v): remove any password and save it again as .xlsx", err)
	}
	if strings.HasPrefix(err.Error(), "unzip size exceeds") {
		return nil, fmt.Errorf("the workbook unzips to more than %d MiB: split it into smaller files", MaxUnzipSize>>20)
	}
	return nil, fmt.Errorf("not a readable .xlsx workbook: %v", err)
}

// loadXLSX reads every sheet of a workbook, in workbook order.
func loadXLSX(ctx context.Context, fr *FileReport, abs string, m *Manifest, sink Sink) ([]Reject, []string, error) {
	f, err := openWorkbook(abs)
	if err != nil {
		return nil, nil, &StructuralError{File: fr.Path, Err: err}
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, nil, &StructuralError{File: fr.Path, Err: errors.New("the workbook has no worksheets")}
	}
	if m != nil {
		for _, e := range m.Files {
			if e.Path == fr.Path && e.Sheet != "" && !contains(sheets, e.Sheet) {
				return nil, nil, &StructuralError{File: ManifestName, Err: fmt.Errorf("[[file]] %s names sheet %q, but the workbook's sheets are %q", e.Path, e.Sheet, sheets)}
			}
		}
	}
	date1904 := false
	if p, err := f.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		date1904 = *p.Date1904
	}
	var rejects []Reject
	var warnings []string
	for _, sh := range sheets {
		start := time.Now()
		src, err := newXLSXSource(f, abs, sh)
		if err != nil {
			return rejects, warnings, &StructuralError{File: fr.Path, Sheet: sh, Err: err}
		}
		t := &table{file: fr.Path, sheet: sh, src: src, entry: m.entryFor(fr.Path, sh), date1904: date1904, sink: sink}
		err = t.run(ctx)
		src.close()
		t.rep.Duration = time.Since(start)
		fr.Sheets = append(fr.Sheets, t.rep)
		rejects = append(rejects, t.rejects...)
		warnings = append(warnings, t.warnings...)
		if err != nil {
			return rejects, warnings, err
		}
	}
	return rejects, warnings, nil
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// xlsxSource streams a worksheet: excelize's row iterator gives each cell as Excel shows it (its
// number format applied), a typeStream beside it the cell's type and stored value. A numeric cell
// keeps both: the shown text (what rejects.csv quotes) and the stored number (a date's serial, an ID
// number that lost its digits).
type xlsxSource struct {
	shown *excelize.Rows
	types *typeStream // nil when the part could not be found: cells are then read as shown
	line  int
}

func newXLSXSource(f *excelize.File, abs, sheet string) (*xlsxSource, error) {
	shown, err := f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	types, err := openTypeStream(abs, sheet)
	if err != nil {
		types = nil
	}
	return &xlsxSource{shown: shown, types: types}, nil
}

func (s *xlsxSource) close() {
	s.shown.Close()
	s.types.close()
}

// maxSheetRows is the most rows a worksheet may have: Excel's own limit. A crafted workbook with
// more is refused instead of being read for ever.
var maxSheetRows = excelize.TotalRows

var reISODate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}(T[\d:.]*Z?)?$`)

func (s *xlsxSource) next() ([]Cell, int, error) {
	if !s.shown.Next() {
		if err := s.shown.Error(); err != nil {
			return nil, 0, err
		}
		return nil, 0, io.EOF
	}
	s.line++
	if s.line > maxSheetRows {
		return nil, s.line, fmt.Errorf("the sheet has more than %d rows, Excel's limit: the file was not made by Excel or is damaged; split it", maxSheetRows)
	}
	shown, err := s.shown.Columns()
	if err != nil {
		return nil, s.line, fmt.Errorf("row %d: %w", s.line, err)
	}
	var stored map[int]rawCell
	if s.types != nil {
		stored = s.types.cellsOf(s.line)
	}
	cells := make([]Cell, len(shown))
	for j, v := range shown {
		rc, ok := stored[j+1]
		switch {
		case s.types == nil:
			cells[j] = Cell{Value: v, Numeric: looksScientific(v)}
		case ok && rc.numeric() && rc.v != "":
			cells[j] = Cell{Value: v, Numeric: true, Raw: strings.TrimSpace(rc.v)}
		case ok && rc.t == "d" && reISODate.MatchString(rc.v):
			// An ISO 8601 date cell: staged through its serial like any date cell.
			if t, err := time.Parse("2006-01-02", rc.v[:10]); err == nil {
				serial := t.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24
				cells[j] = Cell{Value: v, Numeric: true, Raw: strconv.FormatFloat(serial, 'f', -1, 64)}
			} else {
				cells[j] = Cell{Value: v}
			}
		default:
			cells[j] = Cell{Value: v}
		}
	}
	return cells, s.line, nil
}

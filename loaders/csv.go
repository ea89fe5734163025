package loaders

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// textEncoding is how a CSV file is decoded.
type textEncoding int

const (
	encUTF8 textEncoding = iota
	encGB18030
	encUTF16
)

// bareQuoteError is a CSV row with a quote inside an unquoted field: the row is rejected, the
// reading goes on with the next line.
type bareQuoteError struct {
	line int
	err  error
}

func (e *bareQuoteError) Error() string { return e.err.Error() }

type csvSource struct {
	r *csv.Reader
}

func (s *csvSource) next() ([]Cell, int, error) {
	rec, err := s.r.Read()
	if err == io.EOF {
		return nil, 0, io.EOF
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			if errors.Is(pe.Err, csv.ErrBareQuote) {
				return nil, pe.StartLine, &bareQuoteError{line: pe.StartLine, err: errors.New(`a quote " inside a field that does not start with one; put the whole field in quotes and double the quote ("")`)}
			}
			if errors.Is(pe.Err, csv.ErrQuote) {
				return nil, pe.StartLine, fmt.Errorf("line %d: a quoted field starting on this line is never closed, or has text after its closing quote", pe.StartLine)
			}
			return nil, pe.StartLine, fmt.Errorf("line %d: %v", pe.StartLine, pe.Err)
		}
		return nil, 0, err
	}
	line, _ := s.r.FieldPos(0)
	cells := make([]Cell, len(rec))
	for i, v := range rec {
		cells[i] = Cell{Value: v}
	}
	return cells, line, nil
}

// loadCSV reads one CSV file as one table, decoded as UTF-8 (a BOM dropped) or, when the bytes are
// not valid UTF-8, as GB18030 (which includes GBK).
func loadCSV(ctx context.Context, t *table, abs string, sc fileScan, bulk func(context.Context, *BulkFile) (bool, error)) error {
	if sc.enc == encUTF16 {
		return &StructuralError{File: t.file, Err: errors.New("the file is UTF-16 text; save it as \"CSV UTF-8 (逗号分隔)\" (or GB18030/GBK CSV) and put it back")}
	}
	useBulk := bulk != nil && sc.lineByLine()
	if !useBulk {
		if err := sc.checkRest(abs); err != nil {
			return &StructuralError{File: t.file, Err: err}
		}
	}
	enc := sc.enc
	f, err := os.Open(abs)
	if err != nil {
		return &StructuralError{File: t.file, Err: err}
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	if b, _ := br.Peek(3); bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		_, _ = br.Discard(3)
	}
	var r io.Reader = br
	if enc == encGB18030 {
		r = transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder())
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = false
	t.sheet = path.Base(t.file)
	t.src = &csvSource{r: cr}
	t.ragged = true
	if !useBulk {
		return t.run(ctx)
	}
	err = t.runWith(ctx, func(rr *rowReader) (bool, error) {
		if b := newBulkFile(rr, abs, sc); b != nil {
			switch err := b.findSlow(ctx); {
			case err == nil:
				sc.utf8Rest = false
				if ok, err := bulk(ctx, b); err != nil || ok {
					if err == nil {
						err = b.readSlow(ctx)
					}
					return ok, err
				}
			case errors.Is(err, errNotUTF8):
				return false, errNotUTF8
			case !errors.Is(err, errTooSlow) && !errors.Is(err, errCellOverMax):
				if ctx.Err() != nil {
					return false, ctx.Err()
				}
				return false, &StructuralError{File: t.file, Err: err}
			}
		}
		// Declined, too many slow lines, or a cell that stops the file: the Go reader takes the file,
		// once all of it is known to be UTF-8.
		if err := sc.checkRest(abs); err != nil {
			return false, &StructuralError{File: t.file, Err: err}
		}
		if sc.enc != encUTF8 {
			return false, errNotUTF8
		}
		return false, nil
	})
	if errors.Is(err, errNotUTF8) {
		// Nothing was staged yet (the header was only read): read the file again as GB18030.
		*t = table{file: t.file, entry: t.entry, sink: t.sink}
		return loadCSV(ctx, t, abs, sc, nil)
	}
	return err
}

// errNotUTF8 says that a CSV file taken for UTF-8 by its head is not UTF-8 further on.
var errNotUTF8 = errors.New("not UTF-8 past the head")

package loaders

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"slices"
	"unicode"
	"unicode/utf8"
)

// Which lines of a set-based file (bulk.go) are read without the Go rules.
//
// A line is fast when it has exactly the header's number of cells and every cell is in a
// canonical form of its field: a form every reading rule returns unchanged, or as a plain
// conversion the database makes the same way (2014-04 to a date, 8250.17 to fen). The check is
// written for speed: a province's payroll is 12 million lines, and this check reads each of them
// once, in the file worker, while the database reads the other files.

// cellForm is the canonical form of the cells of one column.
type cellForm struct {
	typ      FieldType // Text for a column no field is mapped to
	required bool
	codes    map[string]string // a Code's list: its values and synonyms, to the value
}

// newCellForm is the canonical form of field f's cells.
func newCellForm(f *Field) cellForm {
	c := cellForm{typ: f.Type, required: f.Required}
	if f.Type == Code {
		c.codes = make(map[string]string)
		for _, k := range codeKeys(f.Codes) {
			c.codes[k], _ = f.Codes.Lookup(k)
		}
	}
	return c
}

// plainASCII[c] says whether the ASCII byte c is plain (plainRune).
var plainASCII = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = c > ' ' && c != ',' && c != 0x7F
	}
	return t
}()

// plainRune reports whether no rule of the Go reader changes or looks at r in a cell: not a comma
// (the file has no quotes, so a comma ends the cell), a control character, any kind of white space
// (trimmed, or removed from names and codes), a zero-width character, a full-width form
// NormalizeText folds, or a middle dot of a name other than U+00B7.
func plainRune(r rune) bool {
	if r < utf8.RuneSelf {
		return plainASCII[r]
	}
	switch {
	case r == 0x85, r >= 0x200B && r <= 0x200D, r == 0x2060, r == 0xFEFF, r >= 0xFF01 && r <= 0xFF5E:
		return false
	case r == '•', r == '・', r == '‧', r == '･', r == 0x2219, r == 0x22C5, r == 0x0387, r == 0x2E31, r == 0x318D:
		return false
	}
	return !unicode.Is(unicode.Z, r)
}

// plainLen returns the length of the plain characters at the start of v, and whether a comma or
// the end of v comes after them. Invalid UTF-8 is not plain.
func plainLen(v []byte) (int, bool) {
	for i := 0; i < len(v); {
		c := v[i]
		if c < utf8.RuneSelf {
			if !plainASCII[c] {
				return i, c == ','
			}
			i++
			continue
		}
		// CJK ideographs (U+4000–U+9FFF, lead bytes E4–E9) are plain: the common case, without decoding.
		if c >= 0xE4 && c <= 0xE9 && i+2 < len(v) && v[i+1]&0xC0 == 0x80 && v[i+2]&0xC0 == 0x80 {
			i += 3
			continue
		}
		r, n := utf8.DecodeRune(v[i:])
		if n == 1 || !plainRune(r) {
			return i, false
		}
		i += n
	}
	return len(v), true
}

// digitsLen returns the number of ASCII digits at the start of v.
func digitsLen(v []byte) int {
	for i, c := range v {
		if c-'0' > 9 {
			return i
		}
	}
	return len(v)
}

func digits(v []byte) bool { return digitsLen(v) == len(v) }

// cellEnd reports whether the cell at the start of l ends after n bytes: at a comma or at the end
// of l.
func cellEnd(l []byte, n int) bool { return n == len(l) || n < len(l) && l[n] == ',' }

// isoYear reports whether v[0:4] is a year 1900–2199 and v[4] the dash after it.
func isoYear(v []byte) bool {
	return digits(v[:4]) && (v[0] == '1' && v[1] == '9' || v[0] == '2' && (v[1] == '0' || v[1] == '1')) && v[4] == '-'
}

// isoMonth reports whether v is two digits 01–12.
func isoMonth(v []byte) bool {
	return digits(v) && (v[0] == '0' && v[1] != '0' || v[0] == '1' && v[1] <= '2')
}

// realDate reports whether v is yyyy-mm-dd of a day that exists, the year 1900–2199.
func realDate(v []byte) bool {
	if len(v) != 10 || !isoYear(v) || !isoMonth(v[5:7]) || v[7] != '-' || !digits(v[8:]) {
		return false
	}
	y := int(v[0]-'0')*1000 + int(v[1]-'0')*100 + int(v[2]-'0')*10 + int(v[3]-'0')
	m := int(v[5]-'0')*10 + int(v[6]-'0')
	d := int(v[8]-'0')*10 + int(v[9]-'0')
	days := [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m]
	if m == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		days = 29
	}
	return d >= 1 && d <= days
}

// scan reads the cell at the start of l, up to the next comma or the end of l. It returns the
// cell's length, and whether the cell is in a canonical form of the column and followed by a comma
// or the end of l.
func (f *cellForm) scan(l []byte) (int, bool) {
	if len(l) == 0 || l[0] == ',' {
		return 0, !f.required || f.typ == Count
	}
	switch f.typ {
	case Text:
		return plainLen(l)
	case Code:
		n, ok := plainLen(l)
		if !ok {
			return n, false
		}
		_, known := f.codes[string(l[:n])]
		return n, known
	case IDNo:
		return 18, len(l) >= 18 && digits(l[:17]) && (l[17] == 'X' || l[17]-'0' <= 9) && cellEnd(l, 18)
	case Account:
		n := digitsLen(l)
		return n, cellEnd(l, n)
	case Date:
		return 10, len(l) >= 10 && realDate(l[:10]) && cellEnd(l, 10)
	case Month:
		return 7, len(l) >= 7 && isoYear(l) && isoMonth(l[5:7]) && cellEnd(l, 7)
	case Money:
		// 1–13 digits of yuan, then at most 2 decimals after a dot
		n := digitsLen(l)
		if n < 1 || n > 13 {
			return n, false
		}
		if n < len(l) && l[n] == '.' {
			d := digitsLen(l[n+1:])
			if d < 1 || d > 2 {
				return n, false
			}
			n += 1 + d
		}
		return n, cellEnd(l, n)
	case Count:
		sign := 0
		if l[0] == '-' {
			sign = 1
		}
		d := digitsLen(l[sign:])
		return sign + d, d >= 1 && d <= 15 && cellEnd(l, sign+d)
	}
	return 0, false
}

// lineCheck tells the fast lines of a file from the others.
type lineCheck struct {
	cols  []cellForm
	when  *lineWhen
	cells [][]byte
}

// lineWhen is the file's "required when" rule (requiredWhens) by column: a line is slow when its
// cell in column field reads as one of values and its cell in column need is empty or missing
// (a column -1 is not in the file).
type lineWhen struct {
	field, need int
	values      []string
}

// fast reports whether line l (without its line end) is fast.
func (lc *lineCheck) fast(l []byte) bool {
	if len(l) > MaxCellLen && utf8.RuneCount(l) > MaxCellLen {
		return false
	}
	cells := lc.cells[:0]
	last := len(lc.cols) - 1
	for j := range lc.cols {
		n, ok := lc.cols[j].scan(l)
		if !ok {
			return false
		}
		cells = append(cells, l[:n])
		l = l[n:]
		switch {
		case j == last:
			if len(l) != 0 {
				return false // a cell too many
			}
		case len(l) == 0:
			return false // a cell too few
		default:
			l = l[1:] // the comma
		}
	}
	lc.cells = cells
	if w := lc.when; w != nil && w.field >= 0 && (w.need < 0 || len(cells[w.need]) == 0) {
		return !slices.Contains(w.values, lc.cols[w.field].codes[string(cells[w.field])])
	}
	return true
}

// maxSlowLines bounds the slow lines a set-based file may have: each is remembered until the
// database has read the file (8 bytes a line, and about as much again as the text that tells the
// database which lines to leave out). A file with more is read by the Go reader.
const maxSlowLines = 1 << 20

// errTooSlow says a file has more than maxSlowLines slow lines.
var errTooSlow = errors.New("too many lines not in canonical form")

// slowLines reads the file at path and returns the numbers of its data lines (after headerLine,
// not empty) that are not fast, ascending. It returns errNotUTF8 when a line is not UTF-8,
// errCellOverMax at a cell the Go reader stops the file at, and errTooSlow past maxSlowLines.
func (lc *lineCheck) slowLines(ctx context.Context, path string, headerLine int, crlf bool) ([]int64, error) {
	var slow []int64
	err := eachLine(ctx, path, crlf, func(line int64, l []byte) error {
		data := line > int64(headerLine) && len(l) > 0
		switch {
		case data && lc.fast(l): // every byte was checked: it is UTF-8
		case !utf8.Valid(l):
			return errNotUTF8
		case data && len(l) > MaxCellLen && checkCellLen(lineCells(string(l))) != nil:
			// the Go reader stops the file at this line: so must the whole file be read
			return errCellOverMax
		case data:
			if slow = append(slow, line); len(slow) > maxSlowLines {
				return errTooSlow
			}
		}
		return nil
	})
	return slow, err
}

// errCellOverMax says a data line of a file has a cell over MaxCellLen characters (checkCellLen).
var errCellOverMax = errors.New("a cell over MaxCellLen characters")

// errLinesDone stops eachLine early without an error.
var errLinesDone = errors.New("done")

// eachLine calls fn with each line of the file at path, numbered from 1, without its line end (\n,
// or \r\n when crlf). l is valid during the call only. An error of fn stops the reading and is
// returned, except errLinesDone, which stops it with none.
func eachLine(ctx context.Context, path string, crlf bool, fn func(line int64, l []byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<20)
	var long []byte // a line longer than the buffer, put together
	for line := int64(1); ; line++ {
		if line&0xFFFF == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		l, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			long = long[:0]
			for err == bufio.ErrBufferFull {
				long = append(long, l...)
				l, err = br.ReadSlice('\n')
			}
			l = append(long, l...)
			long = l
		}
		if len(l) == 0 && err == io.EOF {
			return nil
		}
		if n := len(l); n > 0 && l[n-1] == '\n' {
			l = l[:n-1]
		}
		if n := len(l); crlf && n > 0 && l[n-1] == '\r' {
			l = l[:n-1]
		}
		if ferr := fn(line, l); ferr != nil {
			if ferr == errLinesDone {
				return nil
			}
			return ferr
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

package loaders

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/hecha-dev/hecha/ids"
)

// errEmpty marks a cell with nothing in it; callers turn it into nil or a required-value reject.
var errEmpty = errors.New("required value is empty")

// MaxCellLen is the longest cell hecha reads, in characters: Excel's own limit. A longer cell means
// a broken file (a stray quote in a CSV swallowing the lines after it) and is a structural error.
const MaxCellLen = 32767

// ReadCell reads one raw cell by the rule of its field type and returns the staged value (the Go
// type of each FieldType is given in schema.go). An empty cell returns nil and no error, except a
// Count, which is 0. The error is the reason a reject gives.
func ReadCell(f *Field, c Cell) (any, error) {
	return readCell(f, c, false)
}

func readCell(f *Field, c Cell, date1904 bool) (any, error) {
	v, err := readByType(f, c, date1904)
	if err != nil {
		return nil, err
	}
	return v, nil
}

func readByType(f *Field, c Cell, date1904 bool) (any, error) {
	switch f.Type {
	case Count:
		return readCount(c)
	}
	if NormalizeText(c.Value) == "" && strings.TrimSpace(c.Raw) == "" {
		return nil, nil
	}
	switch f.Type {
	case Text:
		if c.Numeric && looksScientific(c.Value) {
			return nil, errNumberShown(c.Value)
		}
		if f.Name == "name" {
			return NormalizeName(c.Value), nil
		}
		return NormalizeText(c.Value), nil
	case Code:
		v := compactCode(c.Value)
		if x, ok := f.Codes.Lookup(v); ok {
			return x, nil
		}
		return nil, fmt.Errorf("%q is not a %s; accepted values: %s", NormalizeText(c.Value), f.Codes.Name, f.Codes.Accepted())
	case Date:
		return readDate(c, date1904)
	case Month:
		return readMonth(c, date1904)
	case IDNo:
		return readID(c)
	case Money:
		return readMoney(c)
	case List:
		l := SplitList(c.Value)
		if len(l) == 0 {
			return nil, nil
		}
		return l, nil
	case Account:
		return readAccount(c)
	}
	return nil, fmt.Errorf("field %s has no reading rule", f.Name)
}

func errNumberShown(v string) error {
	return fmt.Errorf("the value was stored as a number and is shown as %s: its digits are lost; format the column as text and re-enter it", v)
}

// raw returns the stored number of a numeric cell, else its value.
func (c Cell) raw() string {
	if c.Raw != "" {
		return strings.TrimSpace(c.Raw)
	}
	return NormalizeText(c.Value)
}

func looksScientific(s string) bool {
	s = strings.TrimSpace(s)
	i := strings.IndexAny(s, "Ee")
	if i <= 0 || i == len(s)-1 {
		return false
	}
	if _, err := strconv.ParseFloat(s, 64); err != nil {
		return false
	}
	return true
}

// --- counts

func isDashes(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		switch r {
		case '-', '—', '－', '–', '―', '─':
		default:
			return false
		}
	}
	return true
}

func readCount(c Cell) (any, error) {
	s := compactCode(c.Value)
	if s == "" || isDashes(s) {
		if c.Raw == "" {
			return int64(0), nil
		}
	}
	if c.Numeric {
		f, err := strconv.ParseFloat(c.raw(), 64)
		if err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) && math.Abs(f) < 1e15 {
			if r := math.Round(f); math.Abs(f-r) < 1e-9 {
				return int64(r), nil
			}
		}
		return nil, fmt.Errorf("%q is not a whole number", c.Value)
	}
	s = strings.Replace(s, "－", "-", 1)
	n, err := strconv.ParseInt(strings.TrimPrefix(s, "+"), 10, 64)
	if err != nil || strings.HasPrefix(s, "+-") {
		return nil, fmt.Errorf("%q is not a whole number (blank, - or — mean 0)", NormalizeText(c.Value))
	}
	return n, nil
}

// --- ID numbers, accounts, money, lists

// exactInteger reports a numeric cell that holds an integer with all its digits: one from a
// Parquet integer column (no Raw; a spreadsheet numeric cell always has one). Such an ID number or
// account lost nothing.
func (c Cell) exactInteger() bool {
	if !c.Numeric || c.Raw != "" {
		return false
	}
	v := strings.TrimSpace(c.Value)
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return v != ""
}

func readID(c Cell) (any, error) {
	if c.Numeric && !c.exactInteger() {
		if looksScientific(c.Value) || looksScientific(c.raw()) {
			return nil, ids.ErrDigitsLost
		}
		return ids.Normalize(c.raw(), true)
	}
	return ids.Normalize(c.Value, false)
}

func readAccount(c Cell) (any, error) {
	s := NormalizeText(c.Value)
	if c.Numeric && !c.exactInteger() {
		r := c.raw()
		if looksScientific(s) || looksScientific(r) || len(strings.TrimLeft(r, "-")) > 15 {
			return nil, errors.New("the account number was stored as a number and its digits were lost; format the column as text and re-enter it")
		}
		s = r
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case unicode.IsSpace(r):
		default:
			return nil, fmt.Errorf("%q is not a bank account number (digits and spaces only)", s)
		}
	}
	return b.String(), nil
}

// moneyNoise is what an amount may carry besides its digits: currency signs, thousands
// separators and spaces.
var moneyNoise = strings.NewReplacer("¥", "", "￥", "", ",", "", " ", "")

func readMoney(c Cell) (any, error) {
	if c.Numeric {
		if v, err := parseYuan(c.raw()); err == nil {
			return v, nil
		}
		f, err := strconv.ParseFloat(c.raw(), 64)
		if err == nil && math.Abs(f) < 1e13 {
			fen := f * 100
			if r := math.Round(fen); math.Abs(fen-r) < 1e-6 {
				return int64(r), nil
			}
			return nil, fmt.Errorf("%q has more than 2 decimals (yuan and fen)", c.Value)
		}
	}
	s := NormalizeText(c.Value)
	s = moneyNoise.Replace(s)
	v, err := parseYuan(s)
	if err != nil {
		return nil, fmt.Errorf("%q is not an amount in yuan with at most 2 decimals", NormalizeText(c.Value))
	}
	return v, nil
}

// parseYuan reads [+-]digits[.d[d]] (at most 13 digits of yuan) into fen.
func parseYuan(s string) (int64, error) {
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(whole) > 13 || len(frac) > 2 || !allDigits(whole) || !allDigits(frac) {
		return 0, errors.New("not an amount")
	}
	var v int64
	for i := 0; i < len(whole); i++ {
		v = v*10 + int64(whole[i]-'0')
	}
	v *= 100
	switch len(frac) {
	case 1:
		v += int64(frac[0]-'0') * 10
	case 2:
		v += int64(frac[0]-'0')*10 + int64(frac[1]-'0')
	}
	if neg {
		v = -v
	}
	return v, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// SplitList splits a list cell (加挂牌子) on ；;、，, and line breaks, normalises each part and
// drops empty parts.
func SplitList(s string) []string {
	parts := strings.FieldsFunc(s, func(r rune) bool {
		switch r {
		case '；', ';', '、', '，', ',', '\n', '\r':
			return true
		}
		return false
	})
	var out []string
	for _, p := range parts {
		if p = NormalizeText(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// --- dates and months

var (
	reYMD      = regexp.MustCompile(`^(\d{4})([-/.])(\d{1,2})([-/.])(\d{1,2})$`)
	reYMDHan   = regexp.MustCompile(`^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$`)
	reYMD8     = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})$`)
	reYM       = regexp.MustCompile(`^(\d{4})([-/.])(\d{1,2})$`)
	reYMHan    = regexp.MustCompile(`^(\d{4})年(\d{1,2})月?$`)
	reYM6      = regexp.MustCompile(`^(\d{4})(\d{2})$`)
	reSerial   = regexp.MustCompile(`^\d{5}(\.\d+)?$`)
	reTimePart = regexp.MustCompile(`^[T ]\d{1,2}:\d{2}(:\d{2}([.,]\d+)?)?(Z|[+-]\d{2}:?\d{2})?$`)
)

// ParseDate reads a day written in one of the forms of inputs.md: 2014-03-31, 2014/3/31,
// 2014.3.31, 20140331, 2014年3月31日, or a 5-digit Excel serial (1900 date system). A time of day
// after the date (2014-03-31 00:00:00, 2014-03-31T00:00:00Z) is ignored. An impossible date
// (2014-02-30) is an error.
func ParseDate(s string) (time.Time, error) {
	s = NormalizeText(s)
	if len(s) == 10 && s[4] == '-' && s[7] == '-' && allDigits(s[:4]) && allDigits(s[5:7]) && allDigits(s[8:]) {
		// the common ISO form, read without the general patterns
		return makeDate(s, s[:4], s[5:7], s[8:])
	}
	d := stripTime(s)
	if m := reYMD.FindStringSubmatch(d); m != nil && m[2] == m[4] {
		return makeDate(s, m[1], m[3], m[5])
	}
	if m := reYMDHan.FindStringSubmatch(d); m != nil {
		return makeDate(s, m[1], m[2], m[3])
	}
	if m := reYMD8.FindStringSubmatch(d); m != nil {
		return makeDate(s, m[1], m[2], m[3])
	}
	if reSerial.MatchString(s) {
		f, _ := strconv.ParseFloat(s, 64)
		return SerialDate(f, false)
	}
	return time.Time{}, fmt.Errorf("%q is not a date (write 2014-03-31, 2014/3/31, 2014.3.31, 20140331 or 2014年3月31日)", s)
}

// ParseMonth reads a month written in one of the forms of inputs.md: 2014-03, 2014/3, 2014.3,
// 201403, 2014年3月, or any date form of ParseDate (the day is ignored). It returns the first day of
// the month, UTC.
func ParseMonth(s string) (time.Time, error) {
	s = NormalizeText(s)
	if len(s) == 7 && s[4] == '-' && allDigits(s[:4]) && allDigits(s[5:]) {
		// the common ISO form, read without the general patterns
		t, err := makeDate(s, s[:4], s[5:], "1")
		if err != nil {
			return t, fmt.Errorf("%q is not a real month", s)
		}
		return t, nil
	}
	var m []string
	if m = reYM.FindStringSubmatch(s); m != nil {
		m = []string{m[0], m[1], m[3]}
	} else if m = reYMHan.FindStringSubmatch(s); m == nil {
		m = reYM6.FindStringSubmatch(s)
	}
	if m != nil {
		t, err := makeDate(s, m[1], m[2], "1")
		if err != nil && strings.Contains(err.Error(), "not a real date") {
			err = fmt.Errorf("%q is not a real month", s)
		}
		return t, err
	}
	t, err := ParseDate(s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a month (write 2014-03, 201403, 2014/3 or 2014年3月)", s)
	}
	return firstOfMonth(t), nil
}

func firstOfMonth(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

func stripTime(s string) string {
	if len(s) > 10 {
		for _, i := range []int{8, 10} {
			if i < len(s) && reTimePart.MatchString(s[i:]) {
				return s[:i]
			}
		}
		if i := strings.Index(s, "日 "); i > 0 && reTimePart.MatchString(s[i+len("日"):]) {
			return s[:i+len("日")]
		}
	}
	return s
}

func makeDate(orig, ys, ms, ds string) (time.Time, error) {
	y, _ := strconv.Atoi(ys)
	m, _ := strconv.Atoi(ms)
	d, _ := strconv.Atoi(ds)
	if y < 1900 || y > 2199 {
		return time.Time{}, fmt.Errorf("%q: year %d is out of range", orig, y)
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if m < 1 || m > 12 || d < 1 || t.Day() != d {
		return time.Time{}, fmt.Errorf("%q is not a real date", orig)
	}
	return t, nil
}

// SerialDate converts an Excel date serial to its day (the fraction, a time of day, is dropped).
// In the 1900 date system serial 60 is Excel's fictitious 1900-02-29, an error; in the 1904 system
// serial 0 is 1904-01-01.
func SerialDate(serial float64, date1904 bool) (time.Time, error) {
	if math.IsNaN(serial) || serial < 0 || serial >= 2958466 {
		return time.Time{}, fmt.Errorf("%v is not an Excel date serial", serial)
	}
	n := int(math.Floor(serial))
	if date1904 {
		return time.Date(1904, 1, 1+n, 0, 0, 0, 0, time.UTC), nil
	}
	switch {
	case n == 0:
		return time.Time{}, errors.New("0 is not an Excel date serial (Excel shows it as 1900-01-00)")
	case n == 60:
		return time.Time{}, errors.New("serial 60 is 1900-02-29, a day that does not exist (Excel's 1900 leap-year bug)")
	case n < 60:
		return time.Date(1899, 12, 31+n, 0, 0, 0, 0, time.UTC), nil
	}
	return time.Date(1899, 12, 30+n, 0, 0, 0, 0, time.UTC), nil
}

// numericDate reads the stored number of a numeric cell in a date or month column: 8 digits are
// yyyymmdd typed as a number, 6 digits (months only) yyyymm, anything else an Excel serial.
func numericDate(c Cell, date1904, month bool) (time.Time, bool, error) {
	r := c.raw()
	f, err := strconv.ParseFloat(r, 64)
	if err != nil {
		return time.Time{}, false, nil
	}
	if m := reYMD8.FindStringSubmatch(r); m != nil {
		t, err := makeDate(r, m[1], m[2], m[3])
		return t, true, err
	}
	if month {
		if m := reYM6.FindStringSubmatch(r); m != nil {
			t, err := makeDate(r, m[1], m[2], "1")
			return t, true, err
		}
		if f >= 1900 && f < 2200 && f != math.Trunc(f) {
			return time.Time{}, true, fmt.Errorf("%s was stored as a number, so a month like 2014.10 cannot be told from 2014.1; format the column as text", r)
		}
	}
	t, err := SerialDate(f, date1904)
	return t, true, err
}

func readDate(c Cell, date1904 bool) (any, error) {
	if c.Numeric {
		if t, ok, err := numericDate(c, date1904, false); ok {
			if err != nil {
				return nil, err
			}
			return t, nil
		}
	}
	t, err := ParseDate(c.Value)
	if err != nil {
		return nil, err
	}
	return t, nil
}

func readMonth(c Cell, date1904 bool) (any, error) {
	if c.Numeric {
		if t, ok, err := numericDate(c, date1904, true); ok {
			if err != nil {
				return nil, err
			}
			return firstOfMonth(t), nil
		}
	}
	t, err := ParseMonth(c.Value)
	if err != nil {
		return nil, err
	}
	return t, nil
}

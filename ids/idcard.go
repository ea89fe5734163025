// Package ids validates, normalises, masks and builds the two national codes hecha meets in every
// drop: resident ID numbers (居民身份证号码, GB 11643-1999) and unified social credit codes
// (统一社会信用代码, GB 32100-2015). It has no dependencies so that loaders, rules, fixtures and
// exports all agree on one definition.
package ids

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const idCheckChars = "10X98765432"

// CheckWeights returns the GB 11643 weights of the first 17 digits and the check characters by
// weighted sum mod 11, for callers that compute the check digit elsewhere (in SQL).
func CheckWeights() ([17]int, string) { return idWeights, idCheckChars }

// ProvinceCodes returns the two-digit province codes GB 11643 numbers start with, sorted.
func ProvinceCodes() []string {
	var out []string
	for c := range provinceCodes {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// Errors returned by Normalize. Callers test them with errors.Is.
var (
	// ErrDigitsLost means the value was stored as a number by Excel: scientific notation or more
	// than 15 significant digits, so the real digits cannot be recovered.
	ErrDigitsLost = errors.New("ID number was stored as a number and its digits were lost; format the column as text and re-enter it")
	// ErrIDShape means the value is not 15 or 18 characters of digits (last may be X).
	ErrIDShape = errors.New("ID number must be 18 characters (digits, last may be X) or a 15-digit legacy number")
)

// CheckDigit returns the GB 11643 check character for the first 17 digits of id17.
func CheckDigit(id17 string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(id17[i]-'0') * idWeights[i]
	}
	return idCheckChars[sum%11]
}

// Normalize turns a raw ID cell into the canonical 18-character form: it trims, folds full-width
// digits and a lower-case x, and upgrades a 15-digit legacy number (19 inserted after the region
// code, check digit computed). It does not validate the check digit: a checksum failure is kept
// and flagged by the rules, not rejected at load. numeric reports that the cell was stored as a
// number in the spreadsheet.
func Normalize(raw string, numeric bool) (string, error) {
	s := foldID(raw)
	if s == "" {
		return "", ErrIDShape
	}
	if strings.ContainsAny(s, "Ee+") && looksScientific(s) {
		return "", ErrDigitsLost
	}
	if numeric {
		// Excel keeps 15 significant digits: an 18-digit ID stored as a number always lost some.
		if len(s) >= 16 || strings.Contains(s, ".") {
			return "", ErrDigitsLost
		}
	}
	switch len(s) {
	case 18:
		if !allDigits(s[:17]) || !(isDigit(s[17]) || s[17] == 'X') {
			return "", ErrIDShape
		}
		return s, nil
	case 15:
		if !allDigits(s) {
			return "", ErrIDShape
		}
		id17 := s[:6] + "19" + s[6:]
		return id17 + string(CheckDigit(id17)), nil
	}
	return "", ErrIDShape
}

func foldID(raw string) string {
	if len(raw) == 18 && allDigits(raw[:17]) && (isDigit(raw[17]) || raw[17] == 'X') {
		return raw // already canonical: most cells are
	}
	var b strings.Builder
	for _, r := range raw {
		switch {
		case r >= '０' && r <= '９':
			b.WriteByte(byte('0' + r - '０'))
		case r == 'x' || r == 'Ｘ' || r == 'ｘ':
			b.WriteByte('X')
		case r == ' ' || r == '\t' || r == '\u3000' || r == '\u200b' || r == '\ufeff' || r == '\'':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func looksScientific(s string) bool {
	i := strings.IndexAny(s, "Ee")
	if i <= 0 {
		return false
	}
	mant, exp := s[:i], strings.TrimPrefix(s[i+1:], "+")
	return mant != "" && exp != "" && allDigits(strings.Replace(mant, ".", "", 1)) && allDigits(exp)
}

// Validate reports why id (canonical 18 characters) fails GB 11643-1999: the province code of
// positions 1-2, the birth date of positions 7-14 (a real date, not after asOf), and the check
// digit. It returns nil for a valid number.
func Validate(id string, asOf time.Time) error {
	if len(id) != 18 || !allDigits(id[:17]) {
		return ErrIDShape
	}
	if !provinceCodes[id[:2]] {
		return fmt.Errorf("region code %s is not a province code", id[:2])
	}
	birth, ok := birthDate(id)
	if !ok {
		return fmt.Errorf("birth date %s is not a real date", id[6:14])
	}
	if !asOf.IsZero() && birth.After(asOf) {
		return fmt.Errorf("birth date %s is in the future", id[6:14])
	}
	if want := CheckDigit(id); id[17] != want {
		return fmt.Errorf("check digit is %c, expected %c", id[17], want)
	}
	return nil
}

var provinceCodes = func() map[string]bool {
	m := map[string]bool{}
	for _, r := range [][2]int{{11, 15}, {21, 23}, {31, 37}, {41, 46}, {50, 54}, {61, 65}, {71, 71}, {81, 83}} {
		for c := r[0]; c <= r[1]; c++ {
			m[fmt.Sprint(c)] = true
		}
	}
	return m
}()

// BirthDate returns the birth date encoded in a canonical ID number.
func BirthDate(id string) (time.Time, bool) {
	if len(id) != 18 || !allDigits(id[6:14]) {
		return time.Time{}, false
	}
	return birthDate(id)
}

func birthDate(id string) (time.Time, bool) {
	t, err := time.Parse("20060102", id[6:14])
	return t, err == nil
}

// Male reports whether the ID number encodes a man (position 17 odd).
func Male(id string) bool {
	return len(id) >= 17 && (id[16]-'0')%2 == 1
}

// Mask hides the birth date and sequence of an ID number for human-facing exports:
// 620402********123X. Values that are not 15 or 18 characters keep only their first and last
// two characters.
func Mask(id string) string {
	n := len(id)
	switch {
	case n == 18 || n == 15:
		return id[:6] + strings.Repeat("*", n-10) + id[n-4:]
	case n > 4:
		return id[:2] + strings.Repeat("*", n-4) + id[n-2:]
	default:
		return strings.Repeat("*", n)
	}
}

// Make builds a valid ID number from a 6-digit region code, a birth date, a 3-digit sequence
// (its last digit's parity is the sex: odd for men) and computes the check digit.
func Make(region string, birth time.Time, seq int) string {
	id17 := fmt.Sprintf("%s%s%03d", region, birth.Format("20060102"), seq%1000)
	return id17 + string(CheckDigit(id17))
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// MaskLike masks a free-text value that looks like an ID number (15 to 18 characters, at least 14
// of them digits), so that listings of raw input values never show one in full; any other value is
// returned unchanged.
func MaskLike(v string) string {
	s := strings.TrimSpace(v)
	if len(s) < 15 || len(s) > 18 {
		return v
	}
	digits := 0
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			digits++
		}
	}
	if digits < 14 {
		return v
	}
	return Mask(s)
}

// MaskIn masks every ID number inside free text (a finding's detail): each run of 17 digits
// followed by a digit or X, or of 15 digits, not touching other letters or digits, whose birth-date
// positions hold a real date from 1900 on. Such a run is personal data even when its check digit
// is wrong; an 18-character unit credit code does not hold a date there and is left alone.
func MaskIn(text string) string {
	var b strings.Builder
	i, last := 0, 0
	for i < len(text) {
		if !isDigit(text[i]) || (i > 0 && isAlnum(text[i-1])) {
			i++
			continue
		}
		j := i
		for j < len(text) && isDigit(text[j]) {
			j++
		}
		end := j
		if j-i == 17 && j < len(text) && (text[j] == 'X' || text[j] == 'x') {
			end = j + 1
		}
		n := end - i
		if (n == 18 || n == 15) && (end == len(text) || !isAlnum(text[end])) && plausibleBirth(text[i:end]) {
			b.WriteString(text[last:i])
			b.WriteString(Mask(strings.ToUpper(text[i:end])))
			last = end
		}
		i = end
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

func plausibleBirth(id string) bool {
	var d string
	if len(id) == 18 {
		d = id[6:14]
	} else {
		d = "19" + id[6:12]
	}
	t, err := time.Parse("20060102", d)
	return err == nil && t.Year() >= 1900
}

func isAlnum(c byte) bool { return isDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') }

// PersonKey returns the integer form of a canonical ID number (Normalize's output: 17 digits and
// a digit or X): the number itself when it ends with a digit, and -1 minus its first 17 digits
// when it ends with X. Two canonical numbers have the same key only if they are equal (the first
// kind is at least 0, the second below 0), so the engine joins and groups people on it instead of
// on 18-byte strings. ok is false for any other string.
func PersonKey(id string) (key int64, ok bool) {
	if len(id) != 18 || !allDigits(id[:17]) {
		return 0, false
	}
	for i := 0; i < 17; i++ {
		key = key*10 + int64(id[i]-'0')
	}
	switch c := id[17]; {
	case isDigit(c):
		return key*10 + int64(c-'0'), true
	case c == 'X':
		return -1 - key, true
	}
	return 0, false
}

package loaders

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// isZeroWidth reports the invisible characters that copy-and-paste leaves in cells.
func isZeroWidth(r rune) bool {
	return (r >= 0x200B && r <= 0x200D) || r == 0xFEFF || r == 0x2060
}

// foldRune folds the full-width forms of inputs.md (digits, Latin letters, round brackets, the
// ideographic space) to ASCII.
func foldRune(r rune) rune {
	switch {
	case r >= '０' && r <= '９', r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ':
		return r - 0xFEE0
	case r == '（':
		return '('
	case r == '）':
		return ')'
	case r == '\u3000':
		return ' '
	}
	return r
}

// NormalizeText is the text rule of inputs.md: zero-width characters removed, full-width digits,
// letters, brackets and spaces folded to half-width, surrounding white space trimmed.
func NormalizeText(s string) string {
	if isPlainASCII(s) || !needsFold(s) {
		return strings.TrimSpace(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if isZeroWidth(r) {
			continue
		}
		b.WriteRune(foldRune(r))
	}
	return strings.TrimSpace(b.String())
}

// needsFold reports whether s holds a character NormalizeText changes (other than surrounding
// white space): most Chinese text holds none, and is then returned without being rebuilt.
func needsFold(s string) bool {
	for _, r := range s {
		if isZeroWidth(r) || foldRune(r) != r {
			return true
		}
	}
	return false
}

func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// middleDots are the characters people type between the parts of a transliterated name
// (阿卜杜拉·买买提); they are all staged as U+00B7.
var middleDots = map[rune]bool{
	'·': true, '•': true, '・': true, '‧': true, '･': true,
	'\u2219': true, '\u22C5': true, '\u0387': true, '\u2E31': true, '\u318D': true,
}

// NormalizeName normalises a person's name: the text rule, the middle-dot variants folded to ·,
// and white space between two Han characters removed (rosters pad two-character names to line
// them up: "张  三" is 张三).
func NormalizeName(s string) string {
	s = NormalizeText(s)
	if !strings.ContainsFunc(s, func(r rune) bool { return middleDots[r] || unicode.IsSpace(r) }) {
		return s
	}
	rs := []rune(s)
	out := make([]rune, 0, len(rs))
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if middleDots[r] {
			out = append(out, '·')
			continue
		}
		if unicode.IsSpace(r) {
			j := i
			for j < len(rs) && unicode.IsSpace(rs[j]) {
				j++
			}
			if len(out) > 0 && unicode.Is(unicode.Han, out[len(out)-1]) && j < len(rs) && unicode.Is(unicode.Han, rs[j]) {
				i = j - 1
				continue
			}
		}
		out = append(out, r)
	}
	return string(out)
}

// NormalizeHeader turns a header cell into the key it is matched by: the text rule, then `*`,
// `(必填)` and every space and line break dropped, and ASCII letters lower-cased (english field
// names match case-insensitively).
func NormalizeHeader(s string) string {
	s = NormalizeText(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '*' || r == '＊':
		case unicode.IsSpace(r):
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
		default:
			b.WriteRune(r)
		}
	}
	return strings.ReplaceAll(b.String(), "(必填)", "")
}

// compactCode is how a code value is looked up: the text rule and no white space at all.
func compactCode(s string) string {
	s = NormalizeText(s)
	if !strings.ContainsFunc(s, unicode.IsSpace) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

package engine

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// NameNormalizer compares unit names and nameplates (rules.md, unit.renamed): it folds full-width
// characters to half-width, drops spaces and punctuation, then drops at most one region prefix,
// the longest that matches.
type NameNormalizer struct {
	prefixes []string // normalised, longest first
}

// NewNameNormalizer returns a normaliser dropping the given region prefixes.
func NewNameNormalizer(prefixes []string) *NameNormalizer {
	n := &NameNormalizer{}
	for _, p := range prefixes {
		if p = foldName(p); p != "" {
			n.prefixes = append(n.prefixes, p)
		}
	}
	sort.SliceStable(n.prefixes, func(i, j int) bool {
		return utf8.RuneCountInString(n.prefixes[i]) > utf8.RuneCountInString(n.prefixes[j])
	})
	return n
}

// Norm returns the comparison key of a name.
func (n *NameNormalizer) Norm(name string) string {
	s := foldName(name)
	for _, p := range n.prefixes {
		if strings.HasPrefix(s, p) && len(s) > len(p) {
			return s[len(p):]
		}
	}
	return s
}

// foldName width-folds and drops spaces, punctuation and symbols.
func foldName(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '！' && r <= '～':
			r = r - '！' + '!'
		case r == '\u3000':
			r = ' '
		}
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.Is(unicode.Cf, r) {
			continue
		}
		b.WriteRune(unicode.ToUpper(r))
	}
	return b.String()
}

// DeriveRegionPrefixes chooses region prefixes from the approved names when none are configured
// (docs/decisions.md): every prefix that ends in 市, 区 or 县 and starts at least half of the
// names, plus the bare suffix character of each. The result is sorted longest first.
func DeriveRegionPrefixes(names []string) []string {
	if len(names) == 0 {
		return nil
	}
	counts := map[string]int{}
	for _, name := range names {
		s := foldName(name)
		seen := map[string]bool{}
		for i, r := range s {
			if (r == '市' || r == '区' || r == '县') && i+utf8.RuneLen(r) < len(s) {
				p := s[:i+utf8.RuneLen(r)]
				if !seen[p] {
					seen[p] = true
					counts[p]++
				}
			}
		}
	}
	set := map[string]bool{}
	for p, c := range counts {
		if 2*c >= len(names) {
			set[p] = true
			last, _ := utf8.DecodeLastRuneInString(p)
			set[string(last)] = true
		}
	}
	var out []string
	for p := range set {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool {
		li, lj := utf8.RuneCountInString(out[i]), utf8.RuneCountInString(out[j])
		if li != lj {
			return li > lj
		}
		return out[i] < out[j]
	})
	return out
}

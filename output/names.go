package output

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxNameBytes keeps a file name (with its extension) well under the 255-byte limit of common
// file systems: a Chinese character takes three bytes.
const maxNameBytes = 150

// SafeName turns a unit or department name into a file name that stays inside its folder on
// every system: path separators, "..", characters Windows reserves and control characters are
// replaced, leading and trailing dots and spaces dropped, and the result cut to a safe length at
// a character boundary. An empty result becomes "_".
func SafeName(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case r == '/' || r == '\\' || strings.ContainsRune(`<>:"|?*`, r):
			b.WriteRune('_')
		case unicode.IsControl(r) || r == utf8.RuneError:
			b.WriteRune('_')
		default:
			b.WriteRune(r)
		}
	}
	s := strings.ReplaceAll(b.String(), "..", "_")
	s = strings.Trim(s, ". ")
	for len(s) > maxNameBytes {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	s = strings.TrimRight(s, ". ")
	if s == "" || isReservedDeviceName(s) {
		s = "_" + s
	}
	return s
}

// isReservedDeviceName reports the names Windows keeps for devices (CON, NUL, COM1 …).
func isReservedDeviceName(s string) bool {
	base := strings.ToUpper(strings.SplitN(s, ".", 2)[0])
	switch base {
	case "CON", "PRN", "AUX", "NUL":
		return true
	}
	if len(base) == 4 && (strings.HasPrefix(base, "COM") || strings.HasPrefix(base, "LPT")) && base[3] >= '1' && base[3] <= '9' {
		return true
	}
	return false
}

package ids

import (
	"fmt"
	"strings"
)

// creditAlphabet is the GB 32100-2015 character set; a character's value is its index.
const creditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// CreditCheckChar returns the GB 32100 check character for the first 17 characters of code17, or
// false when one of them is outside the alphabet.
func CreditCheckChar(code17 string) (byte, bool) {
	sum, w := 0, 1
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(creditAlphabet, code17[i])
		if v < 0 {
			return 0, false
		}
		sum += v * w
		w = w * 3 % 31
	}
	c := 31 - sum%31
	if c == 31 {
		c = 0
	}
	return creditAlphabet[c], true
}

// ValidateCreditCode reports why an 18-character unified social credit code fails its check
// character. Codes of any other length are not credit codes (legacy organisation codes) and are
// not checked: it returns nil for them.
func ValidateCreditCode(code string) error {
	if len(code) != 18 {
		return nil
	}
	want, ok := CreditCheckChar(code)
	if !ok {
		return fmt.Errorf("credit code %s has a character outside 0-9A-HJ-NPQRTUWXY", code)
	}
	if code[17] != want {
		return fmt.Errorf("credit code check character is %c, expected %c", code[17], want)
	}
	return nil
}

// MakeCreditCode builds a valid credit code from its 17-character body.
func MakeCreditCode(body17 string) string {
	c, ok := CreditCheckChar(body17)
	if !ok {
		panic("ids: MakeCreditCode: body outside the GB 32100 alphabet: " + body17)
	}
	return body17 + string(c)
}

package ids

import (
	"errors"
	"testing"
	"time"
)

func TestCheckDigit(t *testing.T) {
	for _, tc := range []struct {
		id17 string
		want byte
	}{
		{"11010519491231002", 'X'}, // the example of GB 11643-1999
		{"44052418800101001", '4'},
		{"62040219900101123", 'X'},
		{"00000000000000000", '1'},
		{"62040219900101124", '8'},
	} {
		if got := CheckDigit(tc.id17); got != tc.want {
			t.Errorf("CheckDigit(%s) = %c, want %c", tc.id17, got, tc.want)
		}
	}
}

func TestNormalize(t *testing.T) {
	for _, tc := range []struct {
		raw     string
		numeric bool
		want    string
		err     error
	}{
		{"11010519491231002X", false, "11010519491231002X", nil},
		{"11010519491231002x", false, "11010519491231002X", nil},
		{" 110105 19491231 002X ", false, "11010519491231002X", nil},
		{"１１０１０５１９４９１２３１００２Ｘ", false, "11010519491231002X", nil},
		{"'11010519491231002X", false, "11010519491231002X", nil},
		{"\u200b11010519491231002X\ufeff", false, "11010519491231002X", nil},
		{"110105491231002", false, "11010519491231002X", nil}, // 15 → 18: 19 inserted, check digit computed
		{"440524800101001", false, "440524198001010013", nil},
		{"110105491231002", true, "11010519491231002X", nil}, // a 15-digit number keeps its digits
		{"11010519491231002Y", false, "", ErrIDShape},        // checksum is not checked, the shape is
		{"110105194912310021", false, "110105194912310021", nil},
		{"6.20402E+17", false, "", ErrDigitsLost},
		{"6.2040219900101101E+17", true, "", ErrDigitsLost},
		{"620402199001011234", true, "", ErrDigitsLost},
		{"620402900101123.0", true, "", ErrDigitsLost},
		{"", false, "", ErrIDShape},
		{"1101051949123100", false, "", ErrIDShape},
		{"11010A491231002", false, "", ErrIDShape},
	} {
		got, err := Normalize(tc.raw, tc.numeric)
		if got != tc.want || !errors.Is(err, tc.err) {
			t.Errorf("Normalize(%q, %v) = %q, %v; want %q, %v", tc.raw, tc.numeric, got, err, tc.want, tc.err)
		}
	}
}

func TestValidate(t *testing.T) {
	asOf := time.Date(2014, 3, 31, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		id, want string
	}{
		{"11010519491231002X", ""},
		{"440524188001010014", ""},
		{Make("620402", time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), 123), ""},
		{"990105194912310021", "region code 99 is not a province code"},
		{"16010519491231002X", "region code 16 is not a province code"},
		{"110105194902300021", "birth date 19490230 is not a real date"},
		{"110105194913010021", "birth date 19491301 is not a real date"},
		{"110105202001010021", "birth date 20200101 is in the future"},
		{"110105194912310021", "check digit is 1, expected X"},
		{"62040219900101123", ErrIDShape.Error()},
		{"6204021990010112AX", ErrIDShape.Error()},
	} {
		err := Validate(tc.id, asOf)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tc.want {
			t.Errorf("Validate(%s) = %q, want %q", tc.id, got, tc.want)
		}
	}
	// With a zero as-of date the future is not checked.
	if err := Validate("110105202001010023", time.Time{}); err != nil {
		t.Errorf("zero as-of: %v", err)
	}
}

func TestBirthDateAndSex(t *testing.T) {
	b, ok := BirthDate("11010519491231002X")
	if !ok || !b.Equal(time.Date(1949, 12, 31, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("BirthDate = %v, %v", b, ok)
	}
	if _, ok := BirthDate("110105194902300021"); ok {
		t.Error("BirthDate of 1949-02-30")
	}
	if _, ok := BirthDate("short"); ok {
		t.Error("BirthDate of a short value")
	}
	if Male("11010519491231002X") || !Male("440524188001010014") {
		t.Error("Male")
	}
	for seq := 0; seq < 20; seq++ {
		id := Make("620402", time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), seq)
		if Male(id) != (seq%2 == 1) || Validate(id, time.Time{}) != nil {
			t.Errorf("Make(seq %d) = %s", seq, id)
		}
	}
}

func TestMask(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"11010519491231002X", "110105********002X"},
		{"110105491231002", "110105*****1002"},
		{"123456", "12**56"},
		{"1234", "****"},
		{"", ""},
	} {
		if got := Mask(tc.in); got != tc.want {
			t.Errorf("Mask(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCreditCode(t *testing.T) {
	for _, tc := range []struct{ code, want string }{
		{"91350100M000100Y43", ""},
		{"91350100M000100Y44", "credit code check character is 4, expected 3"},
		{"91350100M000100I43", "credit code 91350100M000100I43 has a character outside 0-9A-HJ-NPQRTUWXY"},
		{"12345678-9", ""}, // a legacy organisation code is not checked
		{"", ""},
	} {
		err := ValidateCreditCode(tc.code)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tc.want {
			t.Errorf("ValidateCreditCode(%s) = %q, want %q", tc.code, got, tc.want)
		}
	}
	if c, ok := CreditCheckChar("91350100M000100Y4"); !ok || c != '3' {
		t.Errorf("CreditCheckChar = %c, %v", c, ok)
	}
	if _, ok := CreditCheckChar("91350100M000100O4"); ok {
		t.Error("O accepted")
	}
	code := MakeCreditCode("11620402MB0000001")
	if len(code) != 18 || ValidateCreditCode(code) != nil {
		t.Errorf("MakeCreditCode = %s", code)
	}
	defer func() {
		if recover() == nil {
			t.Error("MakeCreditCode with a bad body did not panic")
		}
	}()
	MakeCreditCode("11620402IB0000001")
}

func TestMaskIn(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"身份证号620402196809180019（何国庆）无效", "身份证号620402********0019（何国庆）无效"},
		{"薛磊（62040219831111001x）查无此人", "薛磊（620402********001X）查无此人"},
		{"旧号码620402680918001在册", "旧号码620402*****8001在册"},
		{"单位代码116204021009045336校验不通过", "单位代码116204021009045336校验不通过"},
		{"代码12620402100959358B", "代码12620402100959358B"},
		{"账户6228480000157289166发放", "账户6228480000157289166发放"},
		{"没有号码", "没有号码"},
		{"620402196809180019", "620402********0019"},
	} {
		if got := MaskIn(c.in); got != c.want {
			t.Errorf("MaskIn(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestPersonKey(t *testing.T) {
	for _, tc := range []struct {
		id   string
		want int64
		ok   bool
	}{
		{"11010519491231002X", -1 - 11010519491231002, true},
		{"440524188001010014", 440524188001010014, true},
		{"000000000000000000", 0, true},
		{"00000000000000000X", -1, true},
		{"999999999999999999", 999999999999999999, true},
		{"99999999999999999X", -1 - 99999999999999999, true},
		{"11010519491231002x", 0, false}, // not canonical: Normalize upper-cases it first
		{"1101051949123100", 0, false},
		{"1101051949123100211", 0, false},
		{"1101051949123100A2", 0, false},
		{"", 0, false},
	} {
		got, ok := PersonKey(tc.id)
		if got != tc.want || ok != tc.ok {
			t.Errorf("PersonKey(%q) = %d, %v; want %d, %v", tc.id, got, ok, tc.want, tc.ok)
		}
	}
	// one to one: neighbouring numbers, and the last character X against the digits
	seen := map[int64]string{}
	for _, id := range []string{"000000000000000000", "00000000000000000X", "000000000000000001", "00000000000000001X",
		"110105194912310020", "110105194912310021", "110105194912310029", "11010519491231002X", "110105194912310030", "11010519491231003X"} {
		k, ok := PersonKey(id)
		if !ok {
			t.Fatalf("PersonKey(%s) not ok", id)
		}
		if prev, dup := seen[k]; dup {
			t.Errorf("%s and %s have the same key %d", prev, id, k)
		}
		seen[k] = id
	}
}

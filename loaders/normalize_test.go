package loaders

import "testing"

func TestNormalizeText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"  abc  ", "abc"},
		{"０１２３４５６７８９", "0123456789"},
		{"ＡＢＣＸＹＺａｂｃｘｙｚ", "ABCXYZabcxyz"},
		{"（筹）", "(筹)"},
		{"\u3000甲\u3000乙\u3000", "甲 乙"},
		{"\u200b甲\u200c乙\u200d丙\ufeff丁\u2060", "甲乙丙丁"},
		{"\t\n甲\r\n", "甲"},
		{"〔2014〕，；", "〔2014〕，；"}, // only the forms inputs.md names are folded
		{"", ""},
	} {
		if got := NormalizeText(tc.in); got != tc.want {
			t.Errorf("NormalizeText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNormalizeName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"阿卜杜拉·买买提", "阿卜杜拉·买买提"},
		{"阿卜杜拉•买买提", "阿卜杜拉·买买提"},
		{"阿卜杜拉・买买提", "阿卜杜拉·买买提"},
		{"阿卜杜拉‧买买提", "阿卜杜拉·买买提"},
		{"阿卜杜拉･买买提", "阿卜杜拉·买买提"},
		{"阿卜杜拉∙买买提", "阿卜杜拉·买买提"},
		{"阿卜杜拉⋅买买提", "阿卜杜拉·买买提"},
		{"张  三", "张三"},
		{"张\u3000三", "张三"},
		{" 欧阳 小明 ", "欧阳小明"},
		{"John  Smith", "John  Smith"},
		{"张 Li", "张 Li"},
		{"\u200b王五", "王五"},
	} {
		if got := NormalizeName(tc.in); got != tc.want {
			t.Errorf("NormalizeName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNormalizeHeader(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"身份证号", "身份证号"},
		{"*身份证号", "身份证号"},
		{"＊身份证号", "身份证号"},
		{"身份证号*", "身份证号"},
		{"身份证号（必填）", "身份证号"},
		{"身份证号(必填)", "身份证号"},
		{"身份证号 ( 必填 )", "身份证号"},
		{"身份证号\n（必填）", "身份证号"},
		{"身 份 证 号", "身份证号"},
		{"身份\r\n证号", "身份证号"},
		{"\u3000身份证号\u3000", "身份证号"},
		{"ID_NO", "id_no"},
		{"Ｉｄ_Ｎｏ", "id_no"},
		{"事业编制（全额拨款）", "事业编制(全额拨款)"},
		{"事业编制 (全额拨款)", "事业编制(全额拨款)"},
	} {
		if got := NormalizeHeader(tc.in); got != tc.want {
			t.Errorf("NormalizeHeader(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

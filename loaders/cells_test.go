package loaders

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/hecha-dev/hecha/ids"
)

func field(t *testing.T, k Kind, name string) *Field {
	t.Helper()
	f := Schemas[k].Field(name)
	if f == nil {
		t.Fatalf("%s has no field %s", k, name)
	}
	return f
}

func text(v string) Cell { return Cell{Value: v} }

// num is a numeric spreadsheet cell shown as shown and stored as raw.
func num(shown, raw string) Cell { return Cell{Value: shown, Numeric: true, Raw: raw} }

type cellCase struct {
	name     string
	kind     Kind
	field    string
	cell     Cell
	date1904 bool
	want     any
	wantErr  string // substring of the error; empty: no error
}

func runCellCases(t *testing.T, cases []cellCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := readCell(field(t, tc.kind, tc.field), tc.cell, tc.date1904)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("readCell(%+v) = %v, %v; want error containing %q", tc.cell, got, err, tc.wantErr)
				}
				if got != nil {
					t.Errorf("value %v with an error", got)
				}
				return
			}
			if err != nil {
				t.Fatalf("readCell(%+v): %v", tc.cell, err)
			}
			want := tc.want
			if n, ok := want.(int); ok {
				want = int64(n)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("readCell(%+v) (-want +got):\n%s", tc.cell, diff)
			}
		})
	}
}

func TestReadDate(t *testing.T) {
	d := func(name string, c Cell, want any) cellCase {
		return cellCase{name: name, kind: KindStaff, field: "entry_date", cell: c, want: want}
	}
	bad := func(name string, c Cell, wantErr string) cellCase {
		return cellCase{name: name, kind: KindStaff, field: "entry_date", cell: c, wantErr: wantErr}
	}
	want := day(2014, 3, 31)
	runCellCases(t, []cellCase{
		d("dashes", text("2014-03-31"), want),
		d("dashes short", text("2014-3-31"), want),
		d("slashes", text("2014/3/31"), want),
		d("slashes padded", text("2014/03/31"), want),
		d("dots", text("2014.3.31"), want),
		d("eight digits", text("20140331"), want),
		d("chinese", text("2014年3月31日"), want),
		d("chinese padded", text("2014年03月31日"), want),
		d("chinese no 日", text("2014年3月31"), want),
		d("full-width digits", text("２０１４年３月３１日"), want),
		d("spaces around", text("  2014-03-31 "), want),
		d("with midnight", text("2014-03-31 00:00:00"), want),
		d("with time", text("2014-03-31 17:45"), want),
		d("iso", text("2014-03-31T00:00:00Z"), want),
		d("text serial", text("41729"), want),
		d("date cell", num("03-31-14", "41729"), want),
		d("date cell with time", num("3/31/14 18:00", "41729.75"), want),
		d("number typed as yyyymmdd", num("20140331", "20140331"), want),
		d("serial 1", num("1", "1"), day(1900, 1, 1)),
		d("serial 59", num("59", "59"), day(1900, 2, 28)),
		d("serial 61", num("61", "61"), day(1900, 3, 1)),
		d("serial 25569", num("25569", "25569"), day(1970, 1, 1)),
		{name: "1904 serial 0", kind: KindStaff, field: "entry_date", cell: num("1/1/04", "0"), date1904: true, want: day(1904, 1, 1)},
		{name: "1904 serial", kind: KindStaff, field: "entry_date", cell: num("3/31/14", "40267"), date1904: true, want: want},
		d("leap day", text("2012-02-29"), day(2012, 2, 29)),
		d("empty", text(""), nil),
		d("blank", text("   "), nil),
		bad("impossible day", text("2014-02-30"), `"2014-02-30" is not a real date`),
		bad("not a leap year", text("2014-02-29"), "not a real date"),
		bad("month 13", text("2014-13-01"), "not a real date"),
		bad("day 0", text("20140300"), "not a real date"),
		bad("impossible chinese", text("2014年4月31日"), "not a real date"),
		bad("fake 1900-02-29", num("2/29/00", "60"), "1900-02-29, a day that does not exist"),
		bad("serial 0", num("0", "0"), "0 is not an Excel date serial"),
		bad("negative serial", num("-5", "-5"), "not an Excel date serial"),
		bad("year out of range", text("1850-01-01"), "year 1850 is out of range"),
		bad("month only", text("2014-03"), "is not a date"),
		bad("mixed separators", text("2014/03-31"), "is not a date"),
		bad("words", text("去年"), "is not a date (write 2014-03-31"),
		bad("two-digit year", text("14-3-31"), "is not a date"),
	})
}

func TestReadMonth(t *testing.T) {
	m := func(name string, c Cell, want any) cellCase {
		return cellCase{name: name, kind: KindPayroll, field: "pay_month", cell: c, want: want}
	}
	bad := func(name string, c Cell, wantErr string) cellCase {
		return cellCase{name: name, kind: KindPayroll, field: "pay_month", cell: c, wantErr: wantErr}
	}
	want := day(2014, 3, 1)
	runCellCases(t, []cellCase{
		m("dash", text("2014-03"), want),
		m("dash short", text("2014-3"), want),
		m("six digits", text("201403"), want),
		m("slash", text("2014/3"), want),
		m("dot", text("2014.03"), want),
		m("chinese", text("2014年3月"), want),
		m("chinese padded", text("2014年03月"), want),
		m("full-width", text("２０１４年３月"), want),
		m("date, day ignored", text("2014-03-31"), want),
		m("slash date", text("2014/3/15"), want),
		m("chinese date", text("2014年3月31日"), want),
		m("eight digits", text("20140315"), want),
		m("text serial", text("41729"), want),
		m("date cell", num("Mar-14", "41729"), want),
		m("date cell first", num("2014-03", "41699"), want),
		m("number typed as yyyymm", num("201403", "201403"), want),
		m("number typed as yyyymmdd", num("20140331", "20140331"), want),
		m("december", text("2014-12"), day(2014, 12, 1)),
		m("empty", text(""), nil),
		bad("month 13", text("2014-13"), `"2014-13" is not a real month`),
		bad("month 0", text("201400"), "not a real month"),
		bad("year.month as a number", num("2014.1", "2014.1"), "format the column as text"),
		bad("words", text("三月"), `"三月" is not a month (write 2014-03`),
		bad("fake 1900-02-29", num("60", "60"), "does not exist"),
	})
}

func TestReadCount(t *testing.T) {
	c := func(name string, cell Cell, want any) cellCase {
		return cellCase{name: name, kind: KindLedger, field: "admin", cell: cell, want: want}
	}
	bad := func(name string, cell Cell, wantErr string) cellCase {
		return cellCase{name: name, kind: KindLedger, field: "admin", cell: cell, wantErr: wantErr}
	}
	runCellCases(t, []cellCase{
		c("blank", text(""), 0),
		c("spaces", text("  "), 0),
		c("hyphen", text("-"), 0),
		c("em dash", text("—"), 0),
		c("full-width hyphen", text("－"), 0),
		c("two em dashes", text("——"), 0),
		c("positive", text("5"), 5),
		c("plus", text("+2"), 2),
		c("negative", text("-3"), -3),
		c("full-width negative", text("－3"), -3),
		c("full-width digit", text("３"), 3),
		c("padded", text(" 7 "), 7),
		c("numeric cell", num("3", "3"), 3),
		c("numeric 3.0", num("3", "3.0"), 3),
		c("float noise", num("3", "3.0000000000000004"), 3),
		c("numeric negative", num("-2", "-2"), -2),
		c("accounting zero shown as -", num(" - ", "0"), 0),
		bad("text 3.0", text("3.0"), `"3.0" is not a whole number`),
		bad("fraction", text("3.5"), "is not a whole number"),
		bad("numeric fraction", num("2.5", "2.5"), "is not a whole number"),
		bad("chinese numeral", text("三"), "is not a whole number (blank, - or — mean 0)"),
		bad("unit", text("3人"), "is not a whole number"),
		bad("double sign", text("+-3"), "is not a whole number"),
	})
}

func TestReadID(t *testing.T) {
	const id = "620402199001011234"
	upgraded := ids.Make("620402", day(1990, 1, 1), 123)
	i := func(name string, c Cell, want any) cellCase {
		return cellCase{name: name, kind: KindStaff, field: "id_no", cell: c, want: want}
	}
	bad := func(name string, c Cell, wantErr error) cellCase {
		return cellCase{name: name, kind: KindStaff, field: "id_no", cell: c, wantErr: wantErr.Error()}
	}
	runCellCases(t, []cellCase{
		i("canonical", text(id), id),
		i("trimmed", text(" "+id+" "), id),
		i("lower-case x", text("62040219900101123x"), "62040219900101123X"),
		i("full-width digits", text("６２０４０２１９９００１０１１２３４"), id),
		i("full-width X", text("62040219900101123Ｘ"), "62040219900101123X"),
		i("zero-width", text("\u200b"+id+"\ufeff"), id),
		i("15-digit upgrade", text("620402900101123"), upgraded),
		i("15-digit numeric cell", num("620402900101123", "620402900101123"), upgraded),
		i("checksum failure is kept", text("620402199001011239"), "620402199001011239"),
		i("parquet integer column keeps every digit", Cell{Value: id, Numeric: true}, id),
		i("leading apostrophe", text("'"+id), id),
		i("empty", text(""), nil),
		bad("scientific text (CSV)", text("6.20402E+17"), ids.ErrDigitsLost),
		bad("scientific lower-case", text("6.20402e+17"), ids.ErrDigitsLost),
		bad("parquet double column", Cell{Value: "6.20402199001011e+17", Numeric: true}, ids.ErrDigitsLost),
		bad("numeric cell, Excel", num("6.20402199001011E+17", "6.2040219900101101E+17"), ids.ErrDigitsLost),
		bad("numeric cell, full digits", num("6.20402199001011E+17", id), ids.ErrDigitsLost),
		bad("numeric cell, zeros", num("620402199001011000", "620402199001011000"), ids.ErrDigitsLost),
		bad("numeric cell with format 0", num("620402199001011000", "6.2040219900101101E+17"), ids.ErrDigitsLost),
		bad("too short", text("12345"), ids.ErrIDShape),
		bad("letters", text("62040219900101123A"), ids.ErrIDShape),
	})
	// The digits-lost message tells the user what to do.
	if !strings.Contains(ids.ErrDigitsLost.Error(), "format the column as text") || !strings.Contains(ids.ErrDigitsLost.Error(), "digits were lost") {
		t.Errorf("ErrDigitsLost = %q", ids.ErrDigitsLost)
	}
	_, err := ReadCell(field(t, KindStaff, "id_no"), text("6.20402E+17"))
	if !errors.Is(err, ids.ErrDigitsLost) {
		t.Errorf("ReadCell error %v is not ids.ErrDigitsLost", err)
	}
}

func TestReadMoney(t *testing.T) {
	m := func(name string, c Cell, want any) cellCase {
		return cellCase{name: name, kind: KindPayroll, field: "gross", cell: c, want: want}
	}
	bad := func(name string, c Cell, wantErr string) cellCase {
		return cellCase{name: name, kind: KindPayroll, field: "gross", cell: c, wantErr: wantErr}
	}
	runCellCases(t, []cellCase{
		m("two decimals", text("4523.10"), 452310),
		m("one decimal", text("4523.1"), 452310),
		m("whole yuan", text("4523"), 452300),
		m("trailing dot", text("4523."), 452300),
		m("thousands", text("4,523.10"), 452310),
		m("millions", text("1,234,567.89"), 123456789),
		m("yen sign", text("¥4,523.10"), 452310),
		m("full-width yen", text("￥4523.10"), 452310),
		m("negative", text("-12.5"), -1250),
		m("full-width digits", text("４５２３.１"), 452310),
		m("zero", text("0"), 0),
		m("numeric", num("4523.1", "4523.1"), 452310),
		m("currency format", num("¥4,523.10", "4523.1000000000004"), 452310),
		m("numeric whole", num("4,523", "4523"), 452300),
		m("empty", text(""), nil),
		bad("three decimals", text("4523.105"), `"4523.105" is not an amount in yuan with at most 2 decimals`),
		bad("words", text("四千"), "is not an amount"),
		bad("two dots", text("4523.1.2"), "is not an amount"),
		bad("numeric three decimals", num("4523.11", "4523.105"), "more than 2 decimals"),
	})
}

func TestReadList(t *testing.T) {
	l := func(name, in string, want []string) cellCase {
		var w any
		if want != nil {
			w = want
		}
		return cellCase{name: name, kind: KindUnits, field: "nameplates", cell: text(in), want: w}
	}
	runCellCases(t, []cellCase{
		l("every separator", "甲；乙;丙、丁，戊,己\n庚\r\n辛", []string{"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛"}),
		l("trimmed, empties dropped", " 甲 ； ；乙 ", []string{"甲", "乙"}),
		l("one", "白银区政务服务中心", []string{"白银区政务服务中心"}),
		l("folded", "Ａ中心（筹）", []string{"A中心(筹)"}),
		l("empty", "", nil),
		l("only separators", "；、", nil),
	})
}

func TestReadAccount(t *testing.T) {
	a := func(name string, c Cell, want any) cellCase {
		return cellCase{name: name, kind: KindPayroll, field: "bank_account", cell: c, want: want}
	}
	bad := func(name string, c Cell, wantErr string) cellCase {
		return cellCase{name: name, kind: KindPayroll, field: "bank_account", cell: c, wantErr: wantErr}
	}
	runCellCases(t, []cellCase{
		a("digits", text("6228480123456789012"), "6228480123456789012"),
		a("spaces dropped", text("6228 4801 2345 6789 012"), "6228480123456789012"),
		a("full-width", text("６２２８　４８０１"), "62284801"),
		a("short numeric", num("622848012345", "622848012345"), "622848012345"),
		a("empty", text(""), nil),
		bad("hyphens", text("6228-4801"), `"6228-4801" is not a bank account number (digits and spaces only)`),
		bad("numeric lost", num("6.22848012345679E+18", "6.2284801234567895E+18"), "digits were lost"),
		bad("numeric 19 digits", num("6228480123456789000", "6228480123456789000"), "digits were lost"),
	})
}

func TestReadText(t *testing.T) {
	x := func(name, kind, fieldName string, c Cell, want string) cellCase {
		return cellCase{name: name, kind: Kind(kind), field: fieldName, cell: c, want: want}
	}
	runCellCases(t, []cellCase{
		x("trim", "units", "unit_name", text("  白银区财政局 "), "白银区财政局"),
		x("full-width letters digits brackets", "units", "unit_name", text("ＡＢｃ１２３（筹）"), "ABc123(筹)"),
		x("ideographic space trimmed", "units", "unit_name", text("\u3000白银区\u3000"), "白银区"),
		x("zero-width removed", "units", "unit_code", text("\u200b11620402\u200c\u200d\u2060\ufeff"), "11620402"),
		x("other punctuation kept", "ledger", "doc_no", text("白区编委发〔2014〕20号"), "白区编委发〔2014〕20号"),
		x("numeric code", "units", "unit_code", num("620402001", "620402001"), "620402001"),
		x("name middle dot", "staff", "name", text("阿卜杜拉·买买提"), "阿卜杜拉·买买提"),
		x("name bullet", "staff", "name", text("阿卜杜拉•买买提"), "阿卜杜拉·买买提"),
		x("name katakana dot", "staff", "name", text("阿卜杜拉・买买提"), "阿卜杜拉·买买提"),
		x("name hyphenation point", "payroll", "name", text("阿卜杜拉‧买买提"), "阿卜杜拉·买买提"),
		x("name half-width katakana dot", "identity", "name", text("阿卜杜拉･买买提"), "阿卜杜拉·买买提"),
		x("name bullet operator", "staff", "name", text("阿卜杜拉∙买买提"), "阿卜杜拉·买买提"),
		x("name padded", "staff", "name", text("张  三"), "张三"),
		x("name padded ideographic", "staff", "name", text("张\u3000三"), "张三"),
		x("latin name keeps its space", "staff", "name", text("John Smith"), "John Smith"),
		x("dots not folded outside names", "staff", "post", text("科员•一级"), "科员•一级"),
		{name: "numeric shown in scientific notation", kind: KindUnits, field: "unit_code", cell: num("1.23457E+17", "123456789012345678"), wantErr: "its digits are lost; format the column as text"},
	})
}

// TestCodeSynonyms checks every value and legacy synonym of inputs.md, written out here (not
// taken from codes.go) so a synonym dropped from the code lists fails the test.
func TestCodeSynonyms(t *testing.T) {
	type syn struct {
		kind  Kind
		field string
		in    []string
		want  string
	}
	table := []syn{
		{KindUnits, "unit_kind", []string{"行政机构", "行政", "机关", "行政单位", "党政机关"}, "行政机构"},
		{KindUnits, "unit_kind", []string{"事业单位", "事业"}, "事业单位"},
		{KindUnits, "unit_kind", []string{"派出机构", "垂管机构", "省以下垂管、派出机构", "派出"}, "派出机构"},
		{KindUnits, "unit_kind", []string{"开发区管理机构", "开发区"}, "开发区管理机构"},
		{KindUnits, "unit_kind", []string{"街道乡镇", "街道", "乡镇", "乡", "镇"}, "街道乡镇"},
		{KindUnits, "unit_kind", []string{"内设机构", "内设"}, "内设机构"},
		{KindUnits, "funding", []string{"全额拨款", "全额", "财政拨款", "财政全额"}, "全额拨款"},
		{KindUnits, "funding", []string{"差额拨款", "差额"}, "差额拨款"},
		{KindUnits, "funding", []string{"经费自理", "自收自支", "自理"}, "经费自理"},
		{KindUnits, "rank", []string{"正县级"}, "正县级"},
		{KindUnits, "rank", []string{"副县级"}, "副县级"},
		{KindUnits, "rank", []string{"正科级"}, "正科级"},
		{KindUnits, "rank", []string{"副科级"}, "副科级"},
		{KindUnits, "rank", []string{"股级"}, "股级"},
		{KindLedger, "unit_kind", []string{"机关"}, "行政机构"},
		{KindLedger, "funding", []string{"自收自支"}, "经费自理"},
		{KindLedger, "rank", []string{"正科级"}, "正科级"},
		{KindLedger, "event", []string{"设立", "成立", "新设"}, "设立"},
		{KindLedger, "event", []string{"更名", "名称变更"}, "更名"},
		{KindLedger, "event", []string{"加挂牌子", "挂牌"}, "加挂牌子"},
		{KindLedger, "event", []string{"撤销牌子", "摘牌"}, "撤销牌子"},
		{KindLedger, "event", []string{"撤销", "撤并", "注销"}, "撤销"},
		{KindLedger, "event", []string{"类别调整", "性质调整", "经费形式调整"}, "类别调整"},
		{KindLedger, "event", []string{"规格调整"}, "规格调整"},
		{KindLedger, "event", []string{"编制调整", "核定编制", "调整编制", "职数调整", "领导职数调整"}, "编制调整"},
		{KindStaff, "estab_type", []string{"行政编制", "行政"}, "行政编制"},
		{KindStaff, "estab_type", []string{"政法专项编制", "政法专项"}, "政法专项编制"},
		{KindStaff, "estab_type", []string{"事业编制(全额拨款)", "事业编制（全额拨款）", "全额事业"}, "事业编制(全额拨款)"},
		{KindStaff, "estab_type", []string{"事业编制(差额拨款)", "事业编制（差额拨款）", "差额事业"}, "事业编制(差额拨款)"},
		{KindStaff, "estab_type", []string{"事业编制(经费自理)", "事业编制（经费自理）", "自理事业", "自收自支事业"}, "事业编制(经费自理)"},
		{KindStaff, "estab_type", []string{"事业", "事业编制"}, EstabInstUnresolved},
		{KindStaff, "estab_type", []string{"工勤编制", "工勤"}, "工勤编制"},
		{KindStaff, "estab_type", []string{"机关其他编制"}, "机关其他编制"},
		{KindStaff, "estab_type", []string{"编外", "聘用", "临时", "合同制", "劳务派遣", "编外人员"}, "编外"},
		{KindStaff, "status", []string{"在岗", "在编在岗", "在职", "正常", " 在 岗 "}, "在岗"},
		{KindStaff, "status", []string{"离岗待退", "离岗退养", "内退"}, "离岗待退"},
		{KindStaff, "status", []string{"长期病休", "病休", "长期病假"}, "长期病休"},
		{KindStaff, "status", []string{"停薪留职"}, "停薪留职"},
		{KindStaff, "status", []string{"借调", "外借", "借调外单位"}, "借调"},
		{KindStaff, "status", []string{"其他不在岗", "在编不在岗", "不在岗"}, "其他不在岗"},
		{KindStaff, "post_class", []string{"部门领导正职", "正职"}, "部门领导正职"},
		{KindStaff, "post_class", []string{"部门领导副职", "副职"}, "部门领导副职"},
		{KindStaff, "post_class", []string{"部门其他领导"}, "部门其他领导"},
		{KindStaff, "post_class", []string{"内设机构领导"}, "内设机构领导"},
		{KindStaff, "post_class", []string{"主任科员"}, "主任科员"},
		{KindStaff, "post_class", []string{"副主任科员"}, "副主任科员"},
		{KindStaff, "post_class", []string{"无", "空", "非领导"}, "无"},
		{KindStaff, "gender", []string{"男", "M", "m", "1", "Ｍ"}, "男"},
		{KindStaff, "gender", []string{"女", "F", "f", "2"}, "女"},
		{KindIdentity, "gender", []string{"男", "1"}, "男"},
		{KindIdentity, "hukou_status", []string{"正常", "在册"}, "正常"},
		{KindIdentity, "hukou_status", []string{"死亡"}, "死亡"},
		{KindIdentity, "hukou_status", []string{"注销", "户口注销"}, "注销"},
		{KindIdentity, "hukou_status", []string{"迁出"}, "迁出"},
	}
	covered := map[string]bool{}
	for _, s := range table {
		for _, in := range s.in {
			got, err := ReadCell(field(t, s.kind, s.field), text(in))
			if err != nil || got != s.want {
				t.Errorf("%s.%s %q = %v, %v; want %q", s.kind, s.field, in, got, err, s.want)
			}
			covered[Schemas[s.kind].Field(s.field).Codes.Name+"\x00"+compactCode(in)] = true
		}
	}
	// Every value and synonym of every code list is in the table above.
	for _, cl := range []*CodeList{UnitKinds, Fundings, Ranks, Events, EstabTypes, Statuses, PostClasses, Genders, HukouStatuses} {
		for _, v := range cl.Values {
			if !covered[cl.Name+"\x00"+v] {
				t.Errorf("code list %s: value %q not tested", cl.Name, v)
			}
		}
		for v := range cl.Synonyms {
			if !covered[cl.Name+"\x00"+v] {
				t.Errorf("code list %s: synonym %q not tested", cl.Name, v)
			}
		}
	}
}

func TestUnknownCodeListsAccepted(t *testing.T) {
	for _, tc := range []struct {
		kind  Kind
		field string
		in    string
		want  string
	}{
		{KindStaff, "status", "退休", `"退休" is not a 人员状态; accepted values: 在岗、离岗待退、长期病休、停薪留职、借调、其他不在岗`},
		{KindStaff, "estab_type", "参公", `"参公" is not a 编制类型; accepted values: 行政编制、政法专项编制、事业编制(全额拨款)、事业编制(差额拨款)、事业编制(经费自理)、工勤编制、机关其他编制、编外`},
		{KindLedger, "event", "合并", `"合并" is not a 事项; accepted values: 设立、更名、加挂牌子、撤销牌子、撤销、类别调整、规格调整、编制调整`},
		{KindStaff, "gender", "未知", `"未知" is not a 性别; accepted values: 男、女`},
		{KindIdentity, "hukou_status", "失踪", `"失踪" is not a 户籍状态; accepted values: 正常、死亡、注销、迁出`},
	} {
		_, err := ReadCell(field(t, tc.kind, tc.field), text(tc.in))
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s.%s %q: error %v, want %q", tc.kind, tc.field, tc.in, err, tc.want)
		}
	}
}

func TestSerialDate(t *testing.T) {
	for _, tc := range []struct {
		serial   float64
		date1904 bool
		want     time.Time
		wantErr  bool
	}{
		{1, false, day(1900, 1, 1), false},
		{31, false, day(1900, 1, 31), false},
		{59, false, day(1900, 2, 28), false},
		{60, false, time.Time{}, true},
		{61, false, day(1900, 3, 1), false},
		{41729, false, day(2014, 3, 31), false},
		{41729.999, false, day(2014, 3, 31), false},
		{2958465, false, day(9999, 12, 31), false},
		{2958466, false, time.Time{}, true},
		{0, false, time.Time{}, true},
		{-1, false, time.Time{}, true},
		{0, true, day(1904, 1, 1), false},
		{40267, true, day(2014, 3, 31), false},
	} {
		got, err := SerialDate(tc.serial, tc.date1904)
		if (err != nil) != tc.wantErr || !got.Equal(tc.want) {
			t.Errorf("SerialDate(%v, %v) = %v, %v; want %v (error %v)", tc.serial, tc.date1904, got, err, tc.want, tc.wantErr)
		}
	}
}

package loaders

import (
	"sort"
	"strings"
	"testing"
)

func cells(vals ...string) []Cell {
	out := make([]Cell, len(vals))
	for i, v := range vals {
		out[i] = Cell{Value: v}
	}
	return out
}

// headerWith returns the canonical labels of the kind's required fields, with the column of field
// (added when it is optional) written as label.
func headerWith(k Kind, fieldName, label string) ([]Cell, int) {
	var h []string
	at := -1
	for _, f := range Schemas[k].Fields {
		switch {
		case f.Name == fieldName:
			at = len(h)
			h = append(h, label)
		case f.Required:
			h = append(h, f.Label)
		}
	}
	return cells(h...), at
}

// TestHeaderSynonyms checks every label and synonym of inputs.md, written out here, for every
// field of every kind.
func TestHeaderSynonyms(t *testing.T) {
	table := map[Kind][]struct {
		field   string
		headers []string
	}{
		KindUnits: {
			{"unit_code", []string{"单位代码", "统一社会信用代码", "机构代码"}},
			{"unit_name", []string{"单位名称", "机构名称"}},
			{"unit_kind", []string{"机构类别", "单位类别", "机构类型"}},
			{"parent_code", []string{"主管部门代码", "上级单位代码", "隶属单位代码"}},
			{"funding", []string{"经费形式", "经费来源", "经费供给形式"}},
			{"rank", []string{"机构规格", "规格"}},
			{"nameplates", []string{"加挂牌子", "挂牌名称", "加挂机构"}},
		},
		KindLedger: {
			{"unit_code", []string{"单位代码"}},
			{"unit_name", []string{"单位名称"}},
			{"doc_no", []string{"批准文号", "文号", "批文号"}},
			{"doc_date", []string{"批准日期", "批复日期", "发文日期"}},
			{"event", []string{"事项", "批复事项", "事项类型"}},
			{"unit_kind", []string{"机构类别"}},
			{"funding", []string{"经费形式"}},
			{"rank", []string{"机构规格"}},
			{"nameplate", []string{"牌子名称", "加挂牌子"}},
			{"parent_code", []string{"上级单位代码", "主管部门代码"}},
			{"admin", []string{"行政编制"}},
			{"politics_law", []string{"政法专项编制"}},
			{"inst_full", []string{"事业编制(全额拨款)", "事业编制（全额拨款）", "全额事业编制"}},
			{"inst_partial", []string{"事业编制(差额拨款)", "事业编制（差额拨款）", "差额事业编制"}},
			{"inst_self", []string{"事业编制(经费自理)", "事业编制（经费自理）", "自收自支事业编制"}},
			{"service", []string{"工勤编制", "工勤人员编制"}},
			{"other", []string{"机关其他编制"}},
			{"lead_chief", []string{"部门领导正职", "领导正职"}},
			{"lead_deputy", []string{"部门领导副职", "领导副职"}},
			{"lead_other", []string{"部门其他领导", "其他领导"}},
			{"lead_internal", []string{"内设机构领导", "内设机构领导职数"}},
			{"nonlead_principal", []string{"主任科员"}},
			{"nonlead_deputy", []string{"副主任科员"}},
		},
		KindStaff: {
			{"id_no", []string{"身份证号", "身份证号码", "公民身份号码"}},
			{"name", []string{"姓名"}},
			{"gender", []string{"性别"}},
			{"birth_date", []string{"出生日期"}},
			{"unit_code", []string{"单位代码"}},
			{"internal_unit", []string{"内设机构"}},
			{"estab_type", []string{"编制类型", "使用编制类型", "编制性质"}},
			{"status", []string{"人员状态"}},
			{"post", []string{"职务"}},
			{"post_class", []string{"职务类别", "领导职务类别", "职数类别"}},
			{"entry_mode", []string{"进入本单位形式", "进入形式"}},
			{"entry_date", []string{"进入本单位时间", "入职时间"}},
			{"exit_date", []string{"离开本单位时间", "离职时间", "调出时间"}},
		},
		KindPayroll: {
			{"pay_month", []string{"发放年月", "工资年月", "月份"}},
			{"unit_code", []string{"单位代码", "发放单位代码"}},
			{"id_no", []string{"身份证号", "身份证号码", "公民身份号码"}},
			{"name", []string{"姓名"}},
			{"bank_account", []string{"银行账号", "工资卡号", "账号"}},
			{"gross", []string{"应发工资", "应发合计", "应发金额"}},
			{"net", []string{"实发工资", "实发合计"}},
			{"fund_source", []string{"经费来源"}},
		},
		KindIdentity: {
			{"id_no", []string{"身份证号", "身份证号码", "公民身份号码"}},
			{"name", []string{"姓名"}},
			{"gender", []string{"性别"}},
			{"birth_date", []string{"出生日期"}},
			{"hukou_status", []string{"户籍状态", "人口状态", "状态"}},
			{"status_date", []string{"状态日期", "死亡日期", "注销日期"}},
		},
	}
	for _, k := range Kinds {
		s := Schemas[k]
		tested := map[string]bool{}
		for _, row := range table[k] {
			tested[row.field] = true
			f := s.Field(row.field)
			if f == nil {
				t.Errorf("%s: no field %s", k, row.field)
				continue
			}
			// Every header of inputs.md, its english name in any case, and decorated forms.
			hs := append([]string{}, row.headers...)
			hs = append(hs, f.Name, strings.ToUpper(f.Name), "*"+row.headers[0], row.headers[0]+"（必填）", " "+row.headers[0]+"\n(必填)")
			for _, h := range hs {
				hdr, at := headerWith(k, row.field, h)
				cm := matchHeader(k, hdr, nil)
				fi := -1
				for i := range s.Fields {
					if s.Fields[i].Name == row.field {
						fi = i
					}
				}
				if cm.col[fi] != at {
					t.Errorf("%s: header %q does not map to %s (unknown %v)", k, h, row.field, cm.unknown)
				}
				if !cm.complete() {
					t.Errorf("%s: header %q: missing %v", k, h, cm.missing)
				}
				// And the whole header row is recognised as this kind.
				hc := findHeader([][]Cell{hdr}, "", -1, nil)
				if hc.cm == nil || hc.cm.kind != k {
					got := Kind("none")
					if hc.cm != nil {
						got = hc.cm.kind
					}
					t.Errorf("header with %q is recognised as %s, want %s", h, got, k)
				}
			}
		}
		for _, f := range s.Fields {
			if !tested[f.Name] {
				t.Errorf("%s.%s: no header test", k, f.Name)
			}
		}
	}
}

func TestFindHeader(t *testing.T) {
	staffHdr := cells("身份证号", "姓名", "单位代码", "编制类型", "人员状态")
	for _, tc := range []struct {
		name     string
		rows     [][]Cell
		wantRow  int
		wantKind Kind
		missing  string // want a partial match missing these labels
	}{
		{name: "first row", rows: [][]Cell{staffHdr}, wantRow: 0, wantKind: KindStaff},
		{name: "below a title and a blank row", rows: [][]Cell{cells("白银区实名制人员信息表"), nil, cells("填报单位：", "", "", "日期"), staffHdr}, wantRow: 3, wantKind: KindStaff},
		{name: "two kinds, more recognised wins (ledger)", rows: [][]Cell{cells("单位代码", "单位名称", "机构类别", "批准文号", "批准日期", "事项", "行政编制", "工勤编制")}, wantRow: 0, wantKind: KindLedger},
		{name: "two kinds, more recognised wins (units)", rows: [][]Cell{cells("单位代码", "机构名称", "机构类别", "批准文号", "批准日期", "事项", "挂牌名称", "经费供给形式", "规格")}, wantRow: 0, wantKind: KindUnits},
		{name: "tie goes to the earlier kind", rows: [][]Cell{cells("单位代码", "机构名称", "机构类别", "批准文号", "批准日期", "事项", "挂牌名称", "经费供给形式")}, wantRow: 0, wantKind: KindUnits},
		{name: "staff beats identity", rows: [][]Cell{cells("身份证号", "姓名", "单位代码", "编制类型", "人员状态", "户籍状态")}, wantRow: 0, wantKind: KindStaff},
		{name: "identity", rows: [][]Cell{cells("公民身份号码", "姓名", "性别", "出生日期", "状态", "死亡日期")}, wantRow: 0, wantKind: KindIdentity},
		{name: "payroll", rows: [][]Cell{cells("月份", "发放单位代码", "身份证号", "姓名", "应发合计")}, wantRow: 0, wantKind: KindPayroll},
		{name: "missing two", rows: [][]Cell{cells("身份证号", "姓名", "单位代码")}, wantRow: -1, missing: "编制类型、人员状态"},
		{name: "missing one of ledger", rows: [][]Cell{cells("单位代码", "批准文号", "事项", "行政编制")}, wantRow: -1, missing: "批准日期"},
		{name: "instructions sheet", rows: [][]Cell{cells("填表说明"), cells("1. 身份证号填18位")}, wantRow: -1},
		{name: "one required column only", rows: [][]Cell{cells("单位代码", "备注")}, wantRow: -1},
		{name: "header past row 10", rows: [][]Cell{nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, staffHdr}, wantRow: -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows := tc.rows
			if len(rows) > headerSearchRows {
				rows = rows[:headerSearchRows]
			}
			hc := findHeader(rows, "", -1, nil)
			if hc.row != tc.wantRow {
				t.Fatalf("header row %d, want %d", hc.row, tc.wantRow)
			}
			if tc.wantRow >= 0 && hc.cm.kind != tc.wantKind {
				t.Errorf("kind %s, want %s", hc.cm.kind, tc.wantKind)
			}
			if tc.missing != "" {
				if hc.partial == nil || strings.Join(hc.partial.missing, "、") != tc.missing {
					t.Errorf("partial %+v, want missing %s", hc.partial, tc.missing)
				}
			} else if tc.wantRow < 0 && hc.partial != nil {
				t.Errorf("unexpected partial match %s missing %v", hc.partial.kind, hc.partial.missing)
			}
		})
	}
}

func TestHeaderDuplicatesAndUnknown(t *testing.T) {
	hdr := cells("身份证号", "姓名", "单位代码", "编制类型", "人员状态", "身份证号码", "备注", "", "ID_NO")
	cm := matchHeader(KindStaff, hdr, nil)
	if cm.col[0] != 0 {
		t.Errorf("id_no column %d, want the first (0)", cm.col[0])
	}
	var unknown []string
	for _, j := range cm.unknown {
		unknown = append(unknown, hdr[j].Value)
	}
	if got, want := strings.Join(unknown, ","), "身份证号码,备注,ID_NO"; got != want {
		t.Errorf("unknown %s, want %s", got, want)
	}
}

func TestHeaderManualColumns(t *testing.T) {
	hdr := cells("证件号", "名字", "单位代码", "编制类型", "人员状态")
	if hc := findHeader([][]Cell{hdr}, "", -1, nil); hc.cm != nil {
		t.Fatalf("recognised without a manifest as %s", hc.cm.kind)
	}
	manual := map[string]string{NormalizeHeader("证件号"): "id_no", NormalizeHeader("名字"): "name"}
	hc := findHeader([][]Cell{hdr}, KindStaff, -1, manual)
	if hc.cm == nil || hc.cm.col[0] != 0 || hc.cm.col[1] != 1 {
		t.Fatalf("manual columns not applied: %+v", hc)
	}
}

func TestHeaderIndexHasNoClashes(t *testing.T) {
	// headerIndex panics at init on a clash; check every label is reachable.
	for _, k := range Kinds {
		var keys []string
		for key := range headerIndex[k] {
			keys = append(keys, key)
		}
		sort.Strings(keys)
		for _, f := range Schemas[k].Fields {
			if _, ok := headerIndex[k][NormalizeHeader(f.Label)]; !ok {
				t.Errorf("%s.%s label %q not indexed", k, f.Name, f.Label)
			}
		}
	}
}

package loaders

// Kind is one of the five kinds of table a drop holds (inputs.md, "Kinds").
type Kind string

// The five kinds, in the order they are staged.
const (
	KindUnits    Kind = "units"
	KindLedger   Kind = "ledger"
	KindStaff    Kind = "staff"
	KindPayroll  Kind = "payroll"
	KindIdentity Kind = "identity"
)

// Kinds lists every kind in staging order.
var Kinds = []Kind{KindUnits, KindLedger, KindStaff, KindPayroll, KindIdentity}

// FieldType says how a cell is read into a staged value.
type FieldType int

// Field types. The staged Go value of each is given in brackets; an empty optional cell stages nil.
const (
	Text    FieldType = iota // trimmed, width-folded text [string]
	Code                     // a value from the field's code list, synonyms folded [string]
	Date                     // a day [time.Time, UTC midnight]
	Month                    // a month [time.Time, first day of the month, UTC]
	Count                    // a signed integer delta; blank, "-" and "—" are 0 [int64]
	IDNo                     // a resident ID number, canonical 18 characters [string]
	Money                    // yuan with at most 2 decimals [int64 fen]
	List                     // several names separated by ；;、，, or line breaks [[]string]
	Account                  // bank account: digits and spaces, spaces dropped [string]
)

// Field is one column of a kind.
type Field struct {
	Name     string   // english name, also the staged column name
	Label    string   // the Chinese label of inputs.md
	Synonyms []string // other accepted header labels
	Required bool
	Type     FieldType
	Codes    *CodeList // for Code fields
}

// Schema describes one kind: its fields in staging order.
type Schema struct {
	Kind   Kind
	Label  string // Chinese name of the table
	Fields []Field
}

// Required returns the names of the kind's required fields.
func (s *Schema) Required() []string {
	var out []string
	for _, f := range s.Fields {
		if f.Required {
			out = append(out, f.Name)
		}
	}
	return out
}

// Field returns the field with the given english name, or nil.
func (s *Schema) Field(name string) *Field {
	if i := s.Index(name); i >= 0 {
		return &s.Fields[i]
	}
	return nil
}

// Index returns the position in Fields (and in Row.Values) of the field with the given english
// name, or -1.
func (s *Schema) Index(name string) int {
	for i := range s.Fields {
		if s.Fields[i].Name == name {
			return i
		}
	}
	return -1
}

// Schemas holds the schema of every kind, keyed by kind.
var Schemas = map[Kind]*Schema{
	KindUnits:    &unitsSchema,
	KindLedger:   &ledgerSchema,
	KindStaff:    &staffSchema,
	KindPayroll:  &payrollSchema,
	KindIdentity: &identitySchema,
}

var unitsSchema = Schema{Kind: KindUnits, Label: "机构信息", Fields: []Field{
	{Name: "unit_code", Label: "单位代码", Synonyms: []string{"统一社会信用代码", "机构代码"}, Required: true, Type: Text},
	{Name: "unit_name", Label: "单位名称", Synonyms: []string{"机构名称"}, Required: true, Type: Text},
	{Name: "unit_kind", Label: "机构类别", Synonyms: []string{"单位类别", "机构类型"}, Required: true, Type: Code, Codes: UnitKinds},
	{Name: "parent_code", Label: "主管部门代码", Synonyms: []string{"上级单位代码", "隶属单位代码"}, Type: Text},
	{Name: "funding", Label: "经费形式", Synonyms: []string{"经费来源", "经费供给形式"}, Type: Code, Codes: Fundings},
	{Name: "rank", Label: "机构规格", Synonyms: []string{"规格"}, Type: Code, Codes: Ranks},
	{Name: "nameplates", Label: "加挂牌子", Synonyms: []string{"挂牌名称", "加挂机构"}, Type: List},
}}

var ledgerSchema = Schema{Kind: KindLedger, Label: "机构编制台账", Fields: []Field{
	{Name: "unit_code", Label: "单位代码", Required: true, Type: Text},
	{Name: "unit_name", Label: "单位名称", Type: Text},
	{Name: "doc_no", Label: "批准文号", Synonyms: []string{"文号", "批文号"}, Required: true, Type: Text},
	{Name: "doc_date", Label: "批准日期", Synonyms: []string{"批复日期", "发文日期"}, Required: true, Type: Date},
	{Name: "event", Label: "事项", Synonyms: []string{"批复事项", "事项类型"}, Required: true, Type: Code, Codes: Events},
	{Name: "unit_kind", Label: "机构类别", Type: Code, Codes: UnitKinds},
	{Name: "funding", Label: "经费形式", Type: Code, Codes: Fundings},
	{Name: "rank", Label: "机构规格", Type: Code, Codes: Ranks},
	{Name: "nameplate", Label: "牌子名称", Synonyms: []string{"加挂牌子"}, Type: Text},
	{Name: "parent_code", Label: "上级单位代码", Synonyms: []string{"主管部门代码"}, Type: Text},
	{Name: "admin", Label: "行政编制", Type: Count},
	{Name: "politics_law", Label: "政法专项编制", Type: Count},
	{Name: "inst_full", Label: "事业编制(全额拨款)", Synonyms: []string{"全额事业编制"}, Type: Count},
	{Name: "inst_partial", Label: "事业编制(差额拨款)", Synonyms: []string{"差额事业编制"}, Type: Count},
	{Name: "inst_self", Label: "事业编制(经费自理)", Synonyms: []string{"自收自支事业编制"}, Type: Count},
	{Name: "service", Label: "工勤编制", Synonyms: []string{"工勤人员编制"}, Type: Count},
	{Name: "other", Label: "机关其他编制", Type: Count},
	{Name: "lead_chief", Label: "部门领导正职", Synonyms: []string{"领导正职"}, Type: Count},
	{Name: "lead_deputy", Label: "部门领导副职", Synonyms: []string{"领导副职"}, Type: Count},
	{Name: "lead_other", Label: "部门其他领导", Synonyms: []string{"其他领导"}, Type: Count},
	{Name: "lead_internal", Label: "内设机构领导", Synonyms: []string{"内设机构领导职数"}, Type: Count},
	{Name: "nonlead_principal", Label: "主任科员", Type: Count},
	{Name: "nonlead_deputy", Label: "副主任科员", Type: Count},
}}

var staffSchema = Schema{Kind: KindStaff, Label: "实名制人员信息", Fields: []Field{
	{Name: "id_no", Label: "身份证号", Synonyms: []string{"身份证号码", "公民身份号码"}, Required: true, Type: IDNo},
	{Name: "name", Label: "姓名", Required: true, Type: Text},
	{Name: "gender", Label: "性别", Type: Code, Codes: Genders},
	{Name: "birth_date", Label: "出生日期", Type: Date},
	{Name: "unit_code", Label: "单位代码", Required: true, Type: Text},
	{Name: "internal_unit", Label: "内设机构", Type: Text},
	{Name: "estab_type", Label: "编制类型", Synonyms: []string{"使用编制类型", "编制性质"}, Required: true, Type: Code, Codes: EstabTypes},
	{Name: "status", Label: "人员状态", Required: true, Type: Code, Codes: Statuses},
	{Name: "post", Label: "职务", Type: Text},
	{Name: "post_class", Label: "职务类别", Synonyms: []string{"领导职务类别", "职数类别"}, Type: Code, Codes: PostClasses},
	{Name: "entry_mode", Label: "进入本单位形式", Synonyms: []string{"进入形式"}, Type: Text},
	{Name: "entry_date", Label: "进入本单位时间", Synonyms: []string{"入职时间"}, Type: Date},
	{Name: "exit_date", Label: "离开本单位时间", Synonyms: []string{"离职时间", "调出时间"}, Type: Date},
}}

var payrollSchema = Schema{Kind: KindPayroll, Label: "工资发放名册", Fields: []Field{
	{Name: "pay_month", Label: "发放年月", Synonyms: []string{"工资年月", "月份"}, Required: true, Type: Month},
	{Name: "unit_code", Label: "单位代码", Synonyms: []string{"发放单位代码"}, Required: true, Type: Text},
	{Name: "id_no", Label: "身份证号", Synonyms: []string{"身份证号码", "公民身份号码"}, Required: true, Type: IDNo},
	{Name: "name", Label: "姓名", Required: true, Type: Text},
	{Name: "bank_account", Label: "银行账号", Synonyms: []string{"工资卡号", "账号"}, Type: Account},
	{Name: "gross", Label: "应发工资", Synonyms: []string{"应发合计", "应发金额"}, Required: true, Type: Money},
	{Name: "net", Label: "实发工资", Synonyms: []string{"实发合计"}, Type: Money},
	{Name: "fund_source", Label: "经费来源", Type: Text},
}}

var identitySchema = Schema{Kind: KindIdentity, Label: "公安人口信息", Fields: []Field{
	{Name: "id_no", Label: "身份证号", Synonyms: []string{"身份证号码", "公民身份号码"}, Required: true, Type: IDNo},
	{Name: "name", Label: "姓名", Required: true, Type: Text},
	{Name: "gender", Label: "性别", Type: Code, Codes: Genders},
	{Name: "birth_date", Label: "出生日期", Type: Date},
	{Name: "hukou_status", Label: "户籍状态", Synonyms: []string{"人口状态", "状态"}, Required: true, Type: Code, Codes: HukouStatuses},
	{Name: "status_date", Label: "状态日期", Synonyms: []string{"死亡日期", "注销日期"}, Type: Date},
}}

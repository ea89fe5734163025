package loaders

import "strings"

// CodeList is the closed set of values a Code field accepts, with the legacy synonyms of inputs.md
// folded to them.
type CodeList struct {
	Name     string            // what the list is, for error messages
	Values   []string          // canonical values, in the order inputs.md lists them
	Synonyms map[string]string // legacy or short value -> canonical value
}

// Lookup folds a normalised cell value to its canonical value.
func (c *CodeList) Lookup(v string) (string, bool) {
	for _, x := range c.Values {
		if x == v {
			return x, true
		}
	}
	if x, ok := c.Synonyms[v]; ok {
		return x, true
	}
	return "", false
}

// Accepted lists the canonical values for an error message.
func (c *CodeList) Accepted() string { return strings.Join(c.Values, "、") }

// Canonical values used across the engine, the rules and the fixtures.
const (
	UnitAdmin     = "行政机构"
	UnitInst      = "事业单位"
	UnitDispatch  = "派出机构"
	UnitDevZone   = "开发区管理机构"
	UnitTownship  = "街道乡镇"
	UnitInternal  = "内设机构"
	FundFull      = "全额拨款"
	FundPartial   = "差额拨款"
	FundSelf      = "经费自理"
	EstabAdmin    = "行政编制"
	EstabPolitics = "政法专项编制"
	EstabFull     = "事业编制(全额拨款)"
	EstabPartial  = "事业编制(差额拨款)"
	EstabSelf     = "事业编制(经费自理)"
	EstabService  = "工勤编制"
	EstabOther    = "机关其他编制"
	EstabOutside  = "编外"
	// EstabInstUnresolved is the staged value of the legacy 事业 / 事业编制: the engine resolves it
	// with the unit's funding form.
	EstabInstUnresolved = "事业编制"
	StatusOnDuty        = "在岗"
	StatusPreRetire     = "离岗待退"
	StatusSickLeave     = "长期病休"
	StatusSuspended     = "停薪留职"
	StatusSeconded      = "借调"
	StatusOtherOff      = "其他不在岗"
	EventEstablish      = "设立"
	EventRename         = "更名"
	EventAddPlate       = "加挂牌子"
	EventDropPlate      = "撤销牌子"
	EventRevoke         = "撤销"
	EventReclass        = "类别调整"
	EventRerank         = "规格调整"
	EventAdjust         = "编制调整"
)

// The code lists of inputs.md.
var (
	UnitKinds = &CodeList{Name: "机构类别",
		Values: []string{UnitAdmin, UnitInst, UnitDispatch, UnitDevZone, UnitTownship, UnitInternal},
		Synonyms: map[string]string{
			"行政": UnitAdmin, "机关": UnitAdmin, "行政单位": UnitAdmin, "党政机关": UnitAdmin,
			"事业":   UnitInst,
			"垂管机构": UnitDispatch, "省以下垂管、派出机构": UnitDispatch, "派出": UnitDispatch,
			"开发区": UnitDevZone,
			"街道":  UnitTownship, "乡镇": UnitTownship, "乡": UnitTownship, "镇": UnitTownship,
			"内设": UnitInternal,
		}}
	Fundings = &CodeList{Name: "经费形式",
		Values: []string{FundFull, FundPartial, FundSelf},
		Synonyms: map[string]string{
			"全额": FundFull, "财政拨款": FundFull, "财政全额": FundFull,
			"差额":   FundPartial,
			"自收自支": FundSelf, "自理": FundSelf,
		}}
	Ranks = &CodeList{Name: "机构规格",
		Values: []string{"正县级", "副县级", "正科级", "副科级", "股级"}}
	Events = &CodeList{Name: "事项",
		Values: []string{EventEstablish, EventRename, EventAddPlate, EventDropPlate, EventRevoke, EventReclass, EventRerank, EventAdjust},
		Synonyms: map[string]string{
			"成立": EventEstablish, "新设": EventEstablish,
			"名称变更": EventRename,
			"挂牌":   EventAddPlate,
			"摘牌":   EventDropPlate,
			"撤并":   EventRevoke, "注销": EventRevoke,
			"性质调整": EventReclass, "经费形式调整": EventReclass,
			"核定编制": EventAdjust, "调整编制": EventAdjust, "职数调整": EventAdjust, "领导职数调整": EventAdjust,
		}}
	EstabTypes = &CodeList{Name: "编制类型",
		Values: []string{EstabAdmin, EstabPolitics, EstabFull, EstabPartial, EstabSelf, EstabService, EstabOther, EstabOutside},
		Synonyms: map[string]string{
			"行政":   EstabAdmin,
			"政法专项": EstabPolitics,
			"事业":   EstabInstUnresolved, "事业编制": EstabInstUnresolved,
			"全额事业": EstabFull, "差额事业": EstabPartial, "自理事业": EstabSelf, "自收自支事业": EstabSelf,
			"工勤": EstabService,
			"聘用": EstabOutside, "临时": EstabOutside, "合同制": EstabOutside, "劳务派遣": EstabOutside, "编外人员": EstabOutside,
		}}
	Statuses = &CodeList{Name: "人员状态",
		Values: []string{StatusOnDuty, StatusPreRetire, StatusSickLeave, StatusSuspended, StatusSeconded, StatusOtherOff},
		Synonyms: map[string]string{
			"在编在岗": StatusOnDuty, "在职": StatusOnDuty, "正常": StatusOnDuty,
			"离岗退养": StatusPreRetire, "内退": StatusPreRetire,
			"病休": StatusSickLeave, "长期病假": StatusSickLeave,
			"外借": StatusSeconded, "借调外单位": StatusSeconded,
			"在编不在岗": StatusOtherOff, "不在岗": StatusOtherOff,
		}}
	PostClasses = &CodeList{Name: "职务类别",
		Values: []string{"部门领导正职", "部门领导副职", "部门其他领导", "内设机构领导", "主任科员", "副主任科员", "无"},
		Synonyms: map[string]string{
			"正职": "部门领导正职", "副职": "部门领导副职", "非领导": "无", "空": "无",
		}}
	Genders = &CodeList{Name: "性别",
		Values:   []string{"男", "女"},
		Synonyms: map[string]string{"M": "男", "F": "女", "1": "男", "2": "女", "m": "男", "f": "女"}}
	HukouStatuses = &CodeList{Name: "户籍状态",
		Values:   []string{"正常", "死亡", "注销", "迁出"},
		Synonyms: map[string]string{"在册": "正常", "户口注销": "注销"}}
)

package findings

// Summary is summary.json: the numbers of report sections 一 and 二 for every department and for
// the whole drop. The engine computes it from the data; the fixtures predict it from what they
// generated; the two must be equal.
type Summary struct {
	AsOf        string       `json:"as_of"`  // YYYY-MM-DD
	Months      []string     `json:"months"` // YYYY-MM, ascending
	Total       Numbers      `json:"total"`
	Departments []Department `json:"departments"` // ascending by code
}

// Department is one department's numbers.
type Department struct {
	Code string `json:"code"`
	Name string `json:"name"`
	Numbers
}

// Numbers are the blanks of 附件3 sections 一 and 二(一).
type Numbers struct {
	Units         UnitNumbers  `json:"units"`         // 一(一)
	Establishment EstabNumbers `json:"establishment"` // 一(二)
	Posts         PostNumbers  `json:"posts"`         // 一(三)
	NonLeader     NonLeader    `json:"non_leader"`    // 一(四)
	Outside       int          `json:"outside"`       // 一(五) 编外人员数
	Problems      Problems     `json:"problems"`      // 二(一)
}

// UnitNumbers: approved and actually set-up units, 一(一) 1 and 2.
type UnitNumbers struct {
	Approved UnitTally `json:"approved"`
	Actual   UnitTally `json:"actual"`
}

// UnitTally counts units by kind. Dispatch units are split into 垂管派出机构 and the four 政法类
// sub-kinds of 附件3; the input contract cannot tell the 政法类 sub-kinds apart, so every dispatch
// unit with approved 政法专项编制 counts as 政法类派出机构 and the other three stay 0 (docs/decisions.md).
type UnitTally struct {
	Admin               int `json:"admin"`     // 行政机构
	Inst                int `json:"inst"`      // 事业单位
	InstFull            int `json:"inst_full"` // 其中: 全额拨款
	InstPartial         int `json:"inst_partial"`
	InstSelf            int `json:"inst_self"`
	Dispatch            int `json:"dispatch"`          // 派出机构
	DispatchVertical    int `json:"dispatch_vertical"` // 垂管派出机构
	PoliticsDispatch    int `json:"politics_dispatch"` // 政法类派出机构
	PoliticsDirect      int `json:"politics_direct"`   // 政法类直属机构
	PoliticsSpecial     int `json:"politics_special"`  // 政法类专门机构
	PoliticsInstitution int `json:"politics_institution"`
	DevZone             int `json:"dev_zone"` // 开发区管理机构
	Township            int `json:"township"` // 街道、乡镇
}

// EstabNumbers: approved establishment and the staff using it, 一(二).
type EstabNumbers struct {
	Approved EstabTally `json:"approved"`
	Actual   EstabTally `json:"actual"`
}

// EstabTally counts establishment slots (approved) or persons (actual) by type. Admin includes
// PoliticsLaw (附件3: 行政编制 N 名(其中:政法专项编制 N 名)); Inst is the sum of the three funding forms.
type EstabTally struct {
	Admin       int `json:"admin"`
	PoliticsLaw int `json:"politics_law"`
	Inst        int `json:"inst"`
	InstFull    int `json:"inst_full"`
	InstPartial int `json:"inst_partial"`
	InstSelf    int `json:"inst_self"`
	Service     int `json:"service"`
	Other       int `json:"other"`
}

// PostNumbers: approved leadership posts and the leaders in them, 一(三).
type PostNumbers struct {
	Approved PostTally `json:"approved"`
	Actual   PostTally `json:"actual"`
}

// PostTally counts leadership posts by class. County (县处级) is the department-leader posts of
// units ranked 正县级 or 副县级; Township (乡科级) is every other leadership post.
type PostTally struct {
	Chief    int `json:"chief"`
	Deputy   int `json:"deputy"`
	Other    int `json:"other"`
	Internal int `json:"internal"`
	County   int `json:"county"`
	Township int `json:"township"`
}

// NonLeader: approved non-leadership posts and the persons in them, 一(四).
type NonLeader struct {
	Approved NonLeaderTally `json:"approved"`
	Actual   NonLeaderTally `json:"actual"`
}

// NonLeaderTally counts 主任科员 and 副主任科员; Total is their sum.
type NonLeaderTally struct {
	Total     int `json:"total"`
	Principal int `json:"principal"`
	Deputy    int `json:"deputy"`
}

// Problems are the seven lines of 二(一).
type Problems struct {
	UnapprovedUnits     int `json:"unapproved_units"`      // 1: units with a category-1 finding
	FormChanged         int `json:"form_changed"`          // 2: units with a category-2 finding
	Nameplates          int `json:"nameplates"`            // 3: category-3 findings (one per nameplate)
	Renamed             int `json:"renamed"`               // 4: units with a category-4 finding
	OverEstablishment   int `json:"over_establishment"`    // 5: Σ excess of staff.over_establishment
	OverLeaders         int `json:"over_leaders"`          // 5: Σ excess of posts.over_leaders
	OverInternalLeaders int `json:"over_internal_leaders"` // 5: Σ excess of posts.over_internal_leaders
	GhostPersons        int `json:"ghost_persons"`         // 6: distinct persons with a category-6 finding
	Other               int `json:"other"`                 // 7: category-7 findings
}

// Add adds o to n field by field; the whole drop's totals are the sum of its departments.
func (n *Numbers) Add(o Numbers) {
	addUnits(&n.Units.Approved, o.Units.Approved)
	addUnits(&n.Units.Actual, o.Units.Actual)
	addEstab(&n.Establishment.Approved, o.Establishment.Approved)
	addEstab(&n.Establishment.Actual, o.Establishment.Actual)
	addPosts(&n.Posts.Approved, o.Posts.Approved)
	addPosts(&n.Posts.Actual, o.Posts.Actual)
	addNonLeader(&n.NonLeader.Approved, o.NonLeader.Approved)
	addNonLeader(&n.NonLeader.Actual, o.NonLeader.Actual)
	n.Outside += o.Outside
	addProblems(&n.Problems, o.Problems)
}

func addUnits(a *UnitTally, b UnitTally) {
	a.Admin += b.Admin
	a.Inst += b.Inst
	a.InstFull += b.InstFull
	a.InstPartial += b.InstPartial
	a.InstSelf += b.InstSelf
	a.Dispatch += b.Dispatch
	a.DispatchVertical += b.DispatchVertical
	a.PoliticsDispatch += b.PoliticsDispatch
	a.PoliticsDirect += b.PoliticsDirect
	a.PoliticsSpecial += b.PoliticsSpecial
	a.PoliticsInstitution += b.PoliticsInstitution
	a.DevZone += b.DevZone
	a.Township += b.Township
}

func addEstab(a *EstabTally, b EstabTally) {
	a.Admin += b.Admin
	a.PoliticsLaw += b.PoliticsLaw
	a.Inst += b.Inst
	a.InstFull += b.InstFull
	a.InstPartial += b.InstPartial
	a.InstSelf += b.InstSelf
	a.Service += b.Service
	a.Other += b.Other
}

func addPosts(a *PostTally, b PostTally) {
	a.Chief += b.Chief
	a.Deputy += b.Deputy
	a.Other += b.Other
	a.Internal += b.Internal
	a.County += b.County
	a.Township += b.Township
}

func addNonLeader(a *NonLeaderTally, b NonLeaderTally) {
	a.Total += b.Total
	a.Principal += b.Principal
	a.Deputy += b.Deputy
}

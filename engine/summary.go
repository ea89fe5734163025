package engine

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hecha-dev/hecha/findings"
	"github.com/hecha-dev/hecha/loaders"
)

// perUnit computes, for every unit code of the drop, its numbers of 一(二)–(四): the approved ones
// from the fold and the actual ones from the staff in service on as_of (distinct persons per unit),
// with its 编外 persons (Outside); and the 编外 persons of each department, counted once in it
// however many of its units register them.
func (d *db) perUnit(ctx context.Context, e *env) (map[string]*findings.Numbers, map[string]int, error) {
	out := map[string]*findings.Numbers{}
	get := func(code string) *findings.Numbers {
		n := out[code]
		if n == nil {
			n = &findings.Numbers{}
			out[code] = n
		}
		return n
	}
	for _, c := range e.codes {
		get(c)
	}
	// rank of a unit for the 县处级 / 乡科级 split
	county := func(code string) bool {
		r := ""
		if st := e.fold.Units[code]; st != nil && st.Active() {
			r = st.Rank
		} else if u := e.units[code]; u != nil && u.InUnits {
			r = u.Rank
		}
		return r == "正县级" || r == "副县级"
	}
	for _, c := range e.fold.Codes {
		st, n := e.fold.Units[c], get(c)
		for field := range CountFields {
			tally(&n.Establishment.Approved, &n.Posts.Approved, &n.NonLeader.Approved, field, int(st.Approved(field)), county(c))
		}
	}
	// one row per unit, the persons of each estab_type and post_class a count field approves (its
	// label): a wide row reads into Go far faster than one row per (unit, value)
	var sel []string
	for i, f := range CountFields {
		col := "post_class"
		if i <= fOther {
			col = "estab_type"
		}
		sel = append(sel, fmt.Sprintf("count(DISTINCT pid) FILTER (WHERE %s = %s)", col, loaders.SQLString(f.Label)))
	}
	sel = append(sel, "count(DISTINCT pid) FILTER (WHERE estab_type = '编外')")
	rows, err := d.sql.QueryContext(ctx, "SELECT unit_code, "+strings.Join(sel, ", ")+" FROM staff_asof GROUP BY unit_code")
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var code string
	var outside int
	counts := make([]int, len(CountFields))
	dest := []any{&code}
	for i := range counts {
		dest = append(dest, &counts[i])
	}
	dest = append(dest, &outside)
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, nil, err
		}
		get(code).Outside = outside
		for field, cnt := range counts {
			if cnt > 0 {
				n := get(code)
				tally(&n.Establishment.Actual, &n.Posts.Actual, &n.NonLeader.Actual, field, cnt, county(code))
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	// all_units has each unit's department (summarize's deptOf)
	orows, err := d.sql.QueryContext(ctx, `SELECT a.dept_code, count(DISTINCT s.pid)
		FROM staff_asof s JOIN all_units a USING (unit_code)
		WHERE s.estab_type = '编外'
		GROUP BY a.dept_code`)
	if err != nil {
		return nil, nil, err
	}
	defer orows.Close()
	deptOutside := map[string]int{}
	for orows.Next() {
		var dc string
		var n int
		if err := orows.Scan(&dc, &n); err != nil {
			return nil, nil, err
		}
		deptOutside[dc] = n
	}
	return out, deptOutside, orows.Err()
}

// summarize computes summary.json's numbers per department (docs/decisions.md, "Departments and
// the report numbers") from the per-unit numbers, and the drop's total as their sum.
func (d *db) summarize(e *env, units map[string]*findings.Numbers, deptOutside map[string]int, fs []findings.Finding) findings.Summary {
	s := findings.Summary{AsOf: e.asOf.Format("2006-01-02"), Months: []string{}}
	for _, m := range e.months {
		s.Months = append(s.Months, m.Format("2006-01"))
	}
	deptOf := func(code string) string {
		if u := e.units[code]; u != nil {
			return u.DeptCode
		}
		return code
	}
	nums := map[string]*findings.Numbers{}
	dept := func(code string) *findings.Numbers {
		dc := deptOf(code)
		n := nums[dc]
		if n == nil {
			n = &findings.Numbers{}
			nums[dc] = n
		}
		return n
	}
	politics := func(code string) bool {
		st := e.fold.Units[code]
		return st != nil && st.Approved(fPolitics) > 0
	}
	// 一(一)
	for _, c := range e.fold.Codes {
		if st := e.fold.Units[c]; st.Active() {
			tallyUnit(&dept(c).Units.Approved, st.Kind, st.Funding, politics(c))
		}
	}
	for _, c := range e.codes {
		if u := e.units[c]; u.InUnits {
			tallyUnit(&dept(c).Units.Actual, u.Kind, u.Funding, politics(c))
		}
	}
	// 一(二)–(五): sums over the department's units; 编外 persons are counted once per department.
	codes := make([]string, 0, len(units))
	for c := range units {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	for _, c := range codes {
		u := units[c]
		n := dept(c)
		o := *u
		o.Units, o.Outside, o.Problems = findings.UnitNumbers{}, 0, findings.Problems{}
		n.Add(o)
	}
	// 二(一)
	byDept := map[string][]findings.Finding{}
	for _, f := range fs {
		dept(f.UnitCode)
		byDept[deptOf(f.UnitCode)] = append(byDept[deptOf(f.UnitCode)], f)
	}
	var dcs []string
	for dc := range nums {
		dcs = append(dcs, dc)
	}
	sort.Strings(dcs)
	s.Departments = []findings.Department{}
	for _, dc := range dcs {
		name := dc
		if u := e.units[dc]; u != nil {
			name = u.Name
		}
		n := nums[dc]
		n.Outside = deptOutside[dc]
		n.Problems = findings.ProblemsOf(byDept[dc])
		s.Departments = append(s.Departments, findings.Department{Code: dc, Name: name, Numbers: *n})
		s.Total.Add(*n)
	}
	return s
}

// tallyUnit counts one unit by kind (内设机构 are not counted).
func tallyUnit(t *findings.UnitTally, kind, funding string, politics bool) {
	switch kind {
	case loaders.UnitAdmin:
		t.Admin++
	case loaders.UnitInst:
		t.Inst++
		switch funding {
		case loaders.FundFull:
			t.InstFull++
		case loaders.FundPartial:
			t.InstPartial++
		case loaders.FundSelf:
			t.InstSelf++
		}
	case loaders.UnitDispatch:
		t.Dispatch++
		if politics {
			t.PoliticsDispatch++
		} else {
			t.DispatchVertical++
		}
	case loaders.UnitDevZone:
		t.DevZone++
	case loaders.UnitTownship:
		t.Township++
	}
}

// tally adds cnt to a unit's numbers of 一(二)–(四) (approved or actual) for CountFields[field]:
// the slots it approves, or the persons of its estab_type or post_class. county says the unit is of
// 县处级 rank (its department leaders count as 县处级, else as 乡科级).
func tally(a *findings.EstabTally, p *findings.PostTally, nl *findings.NonLeaderTally, field, cnt int, county bool) {
	switch field {
	case fAdmin:
		a.Admin += cnt
	case fPolitics:
		a.Admin += cnt
		a.PoliticsLaw += cnt
	case fInstFull:
		a.Inst += cnt
		a.InstFull += cnt
	case fInstPartial:
		a.Inst += cnt
		a.InstPartial += cnt
	case fInstSelf:
		a.Inst += cnt
		a.InstSelf += cnt
	case fService:
		a.Service += cnt
	case fOther:
		a.Other += cnt
	case fLeadChief, fLeadDeputy, fLeadOther:
		switch field {
		case fLeadChief:
			p.Chief += cnt
		case fLeadDeputy:
			p.Deputy += cnt
		default:
			p.Other += cnt
		}
		if county {
			p.County += cnt
		} else {
			p.Township += cnt
		}
	case fLeadInternal:
		p.Internal += cnt
		p.Township += cnt
	case fNonleadPrincipal:
		nl.Principal += cnt
		nl.Total += cnt
	case fNonleadDeputy:
		nl.Deputy += cnt
		nl.Total += cnt
	}
}

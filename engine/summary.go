package engine

import (
	"context"
	"sort"

	"github.com/hecha-dev/hecha/findings"
	"github.com/hecha-dev/hecha/loaders"
)

// summarize computes summary.json's numbers per department (docs/decisions.md, "Departments and
// the report numbers") and the drop's total as their sum.
func (d *db) summarize(ctx context.Context, e *env, fs []findings.Finding) (findings.Summary, error) {
	s := findings.Summary{AsOf: e.asOf.Format("2006-01-02"), Months: []string{}}
	for _, m := range e.months {
		s.Months = append(s.Months, m.Format("2006-01"))
	}
	nums := map[string]*findings.Numbers{}
	dept := func(code string) *findings.Numbers {
		dc := code
		if u := e.units[code]; u != nil {
			dc = u.DeptCode
		}
		n := nums[dc]
		if n == nil {
			n = &findings.Numbers{}
			nums[dc] = n
		}
		return n
	}
	for _, c := range e.codes {
		dept(c)
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
	politics := func(code string) bool {
		st := e.fold.Units[code]
		return st != nil && st.Approved(fPolitics) > 0
	}
	// 一(一)
	for _, c := range e.fold.Codes {
		st := e.fold.Units[c]
		if st.Active() {
			tallyUnit(&dept(c).Units.Approved, st.Kind, st.Funding, politics(c))
		}
	}
	for _, c := range e.codes {
		if u := e.units[c]; u.InUnits {
			tallyUnit(&dept(c).Units.Actual, u.Kind, u.Funding, politics(c))
		}
	}
	// 一(二)-(四) approved
	for _, c := range e.fold.Codes {
		st := e.fold.Units[c]
		n := dept(c)
		a := &n.Establishment.Approved
		a.Admin += int(st.Approved(fAdmin) + st.Approved(fPolitics))
		a.PoliticsLaw += int(st.Approved(fPolitics))
		a.InstFull += int(st.Approved(fInstFull))
		a.InstPartial += int(st.Approved(fInstPartial))
		a.InstSelf += int(st.Approved(fInstSelf))
		a.Inst += int(st.Approved(fInstFull) + st.Approved(fInstPartial) + st.Approved(fInstSelf))
		a.Service += int(st.Approved(fService))
		a.Other += int(st.Approved(fOther))
		p := &n.Posts.Approved
		lead := int(st.Approved(fLeadChief) + st.Approved(fLeadDeputy) + st.Approved(fLeadOther))
		p.Chief += int(st.Approved(fLeadChief))
		p.Deputy += int(st.Approved(fLeadDeputy))
		p.Other += int(st.Approved(fLeadOther))
		p.Internal += int(st.Approved(fLeadInternal))
		if county(c) {
			p.County += lead
			p.Township += int(st.Approved(fLeadInternal))
		} else {
			p.Township += lead + int(st.Approved(fLeadInternal))
		}
		nl := &n.NonLeader.Approved
		nl.Principal += int(st.Approved(fNonleadPrincipal))
		nl.Deputy += int(st.Approved(fNonleadDeputy))
		nl.Total += int(st.Approved(fNonleadPrincipal) + st.Approved(fNonleadDeputy))
	}
	// actual staff on as_of, distinct persons per unit
	rows, err := d.sql.QueryContext(ctx, `SELECT unit_code, 'estab' AS k, estab_type AS v, count(DISTINCT id_no) FROM staff_asof GROUP BY ALL
		UNION ALL SELECT unit_code, 'post', post_class, count(DISTINCT id_no) FROM staff_asof WHERE post_class IS NOT NULL GROUP BY ALL`)
	if err != nil {
		return s, err
	}
	for rows.Next() {
		var code, k, v string
		var cnt int
		if err := rows.Scan(&code, &k, &v, &cnt); err != nil {
			rows.Close()
			return s, err
		}
		n := dept(code)
		if k == "estab" {
			a := &n.Establishment.Actual
			switch v {
			case loaders.EstabAdmin:
				a.Admin += cnt
			case loaders.EstabPolitics:
				a.Admin += cnt
				a.PoliticsLaw += cnt
			case loaders.EstabFull:
				a.Inst += cnt
				a.InstFull += cnt
			case loaders.EstabPartial:
				a.Inst += cnt
				a.InstPartial += cnt
			case loaders.EstabSelf:
				a.Inst += cnt
				a.InstSelf += cnt
			case loaders.EstabService:
				a.Service += cnt
			case loaders.EstabOther:
				a.Other += cnt
			}
			continue
		}
		p := &n.Posts.Actual
		nl := &n.NonLeader.Actual
		switch v {
		case "部门领导正职", "部门领导副职", "部门其他领导":
			switch v {
			case "部门领导正职":
				p.Chief += cnt
			case "部门领导副职":
				p.Deputy += cnt
			default:
				p.Other += cnt
			}
			if county(code) {
				p.County += cnt
			} else {
				p.Township += cnt
			}
		case "内设机构领导":
			p.Internal += cnt
			p.Township += cnt
		case "主任科员":
			nl.Principal += cnt
			nl.Total += cnt
		case "副主任科员":
			nl.Deputy += cnt
			nl.Total += cnt
		}
	}
	rows.Close()
	// 一(五) distinct 编外 persons per department
	rows, err = d.sql.QueryContext(ctx, `SELECT DISTINCT unit_code, id_no FROM staff_asof WHERE estab_type = '编外'`)
	if err != nil {
		return s, err
	}
	outside := map[string]map[string]bool{}
	for rows.Next() {
		var code, id string
		if err := rows.Scan(&code, &id); err != nil {
			rows.Close()
			return s, err
		}
		dc := code
		if u := e.units[code]; u != nil {
			dc = u.DeptCode
		}
		if outside[dc] == nil {
			outside[dc] = map[string]bool{}
		}
		outside[dc][id] = true
	}
	rows.Close()
	for dc, set := range outside {
		dept(dc).Outside += 0
		nums[dc].Outside = len(set)
	}
	// 二(一)
	type unitCat struct {
		dept, unit string
		cat        int
	}
	unitsWith := map[unitCat]bool{}
	ghosts := map[[2]string]bool{}
	for _, f := range fs {
		n := dept(f.UnitCode)
		dc := f.DeptCode
		if dc == "" {
			dc = f.UnitCode
		}
		switch f.Category {
		case 1, 2, 4:
			k := unitCat{dc, f.UnitCode, f.Category}
			if !unitsWith[k] {
				unitsWith[k] = true
				switch f.Category {
				case 1:
					n.Problems.UnapprovedUnits++
				case 2:
					n.Problems.FormChanged++
				case 4:
					n.Problems.Renamed++
				}
			}
		case 3:
			n.Problems.Nameplates++
		case 6:
			if k := [2]string{dc, f.IDNo}; f.IDNo != "" && !ghosts[k] {
				ghosts[k] = true
				n.Problems.GhostPersons++
			}
		case 7:
			n.Problems.Other++
		}
		switch f.Rule {
		case "staff.over_establishment":
			n.Problems.OverEstablishment += int(f.Count)
		case "posts.over_leaders":
			n.Problems.OverLeaders += int(f.Count)
		case "posts.over_internal_leaders":
			n.Problems.OverInternalLeaders += int(f.Count)
		}
	}
	var codes []string
	for dc := range nums {
		codes = append(codes, dc)
	}
	sort.Strings(codes)
	s.Departments = []findings.Department{}
	for _, dc := range codes {
		name := dc
		if u := e.units[dc]; u != nil {
			name = u.Name
		}
		s.Departments = append(s.Departments, findings.Department{Code: dc, Name: name, Numbers: *nums[dc]})
		s.Total.Add(*nums[dc])
	}
	return s, nil
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

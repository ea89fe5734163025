package engine

import (
	"context"
	"database/sql"

	"github.com/hecha-dev/hecha/findings"
	"github.com/hecha-dev/hecha/loaders"
)

// coverage says which sources loaded this run: per kind, the unit codes with rows, and the kinds
// recognised at all. The next run tells a fixed problem from a missing file with it.
func coverage(e *env, rep *loaders.Report) *findings.Coverage {
	c := &findings.Coverage{Units: map[string]map[string]bool{}, Kinds: map[string]bool{}}
	for _, k := range loaders.Kinds {
		c.Units[string(k)] = map[string]bool{}
	}
	for _, sh := range sheets(rep) {
		if sh.Kind != "" {
			c.Kinds[string(sh.Kind)] = true
		}
	}
	for _, code := range e.codes {
		u := e.units[code]
		for kind, has := range map[loaders.Kind]bool{loaders.KindUnits: u.InUnits, loaders.KindLedger: u.InLedger,
			loaders.KindStaff: u.InStaff, loaders.KindPayroll: u.InPay} {
			if has {
				c.Units[string(kind)][code] = true
			}
		}
	}
	return c
}

// notices builds one 公示 per unit that is set up (units table) or approved on as_of: its facts,
// approved vs actual, and the staff in service on as_of.
func (d *db) notices(ctx context.Context, e *env, units map[string]*findings.Numbers) ([]findings.Notice, error) {
	var out []findings.Notice
	index := map[string]int{}
	for _, c := range e.codes {
		u := e.units[c]
		st := e.fold.Units[c]
		active := st != nil && st.Active()
		if !u.InUnits && !active {
			continue
		}
		n := findings.Notice{UnitCode: c, UnitName: u.Name, DeptCode: u.DeptCode, DeptName: u.DeptName, AsOf: e.asOf.Format("2006-01-02")}
		if u.InUnits {
			n.Kind, n.Funding, n.Rank = u.Kind, u.Funding, u.Rank
		} else {
			n.Kind, n.Funding, n.Rank = st.Kind, st.Funding, st.Rank
		}
		if un := units[c]; un != nil {
			n.Estab, n.Posts, n.Outside = un.Establishment, un.Posts, un.Outside
		}
		index[c] = len(out)
		out = append(out, n)
	}
	rows, err := d.sql.QueryContext(ctx, `SELECT unit_code, name, gender, id_no, estab_type, status, post, post_class, entry_date
		FROM staff_asof ORDER BY unit_code, id_no, ord`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var code, name, id, estab, status string
		var gender, post, class sql.NullString
		var entry sql.NullTime
		if err := rows.Scan(&code, &name, &gender, &id, &estab, &status, &post, &class, &entry); err != nil {
			return nil, err
		}
		i, ok := index[code]
		if !ok {
			continue
		}
		p := findings.NoticePerson{Name: name, Gender: gender.String, IDNo: id, EstabType: estab, Status: status, Post: post.String, PostClass: class.String}
		if entry.Valid {
			p.EntryDate = entry.Time.Format("2006-01-02")
		}
		out[i].Staff = append(out[i].Staff, p)
	}
	return out, rows.Err()
}

// unitList names every unit set up (units table) or approved on as_of, with its department.
func unitList(e *env) []findings.UnitRef {
	var out []findings.UnitRef
	for _, c := range e.codes {
		u := e.units[c]
		st := e.fold.Units[c]
		if u.InUnits || (st != nil && st.Active()) {
			out = append(out, findings.UnitRef{Code: c, Name: u.Name, DeptCode: u.DeptCode, DeptName: u.DeptName})
		}
	}
	return out
}

package engine

import (
	"context"
	"database/sql/driver"
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hecha-dev/hecha/findings"
	"github.com/hecha-dev/hecha/rules"
)

// RuleResult is how one rule went: how many findings it produced, or the error that stopped it.
type RuleResult struct {
	Code     string
	Hash     string // sha256 of the rule file's text
	Title    string
	Category int
	Severity findings.Severity
	File     string
	Count    int   // findings produced
	Err      error // nil when the rule ran
	Duration time.Duration
}

// contractColumns are the columns every rule query returns (rules/README.md).
var contractColumns = []string{"unit_code", "subject", "id_no", "name", "cnt", "amount_fen", "first_month", "last_month"}

// engineFields are template fields the engine fills when the query does not return them.
var engineFields = map[string]bool{"unit_name": true, "dept_code": true, "dept_name": true, "amount": true, "rule_title": true, "period": true}

func toDriver(vals []any) []driver.Value {
	out := make([]driver.Value, len(vals))
	for i, v := range vals {
		out[i] = v
	}
	return out
}

func ruleSQL(r *rules.Rule) string {
	s := strings.TrimSpace(r.SQL)
	for strings.HasSuffix(s, ";") {
		s = strings.TrimSpace(strings.TrimSuffix(s, ";"))
	}
	return s
}

// prepareRules checks every rule against the staged tables before any runs: the query must
// prepare, return the contract columns, and return every field its detail template names. All
// problems come back at once in a *rules.Error.
func (d *db) prepareRules(ctx context.Context, rs []rules.Rule) error {
	var probs []rules.Problem
	for i := range rs {
		r := &rs[i]
		cols, err := d.describe(ctx, ruleSQL(r))
		if err != nil {
			probs = append(probs, rules.Problem{File: r.File, Msg: "query does not prepare: " + oneLine(err.Error())})
			continue
		}
		have := map[string]bool{}
		for _, c := range cols {
			have[c] = true
		}
		var missing []string
		for _, c := range contractColumns {
			if !have[c] {
				missing = append(missing, c)
			}
		}
		if len(missing) > 0 {
			probs = append(probs, rules.Problem{File: r.File, Msg: "query does not return the contract column(s) " + strings.Join(missing, ", ")})
		}
		for _, f := range r.Fields() {
			if !have[f] && !engineFields[f] {
				probs = append(probs, rules.Problem{File: r.File, Line: r.Line["detail"],
					Msg: fmt.Sprintf("detail template field {%s} is not a column of the query (columns: %s)", f, strings.Join(cols, ", "))})
			}
		}
	}
	if len(probs) > 0 {
		return &rules.Error{Problems: probs}
	}
	return nil
}

func oneLine(s string) string {
	s = strings.ReplaceAll(s, "\r", "")
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}

// describe returns the result columns of a query without running it.
func (d *db) describe(ctx context.Context, q string) ([]string, error) {
	rows, err := d.sql.QueryContext(ctx, "DESCRIBE "+q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var name string
		var rest = make([]any, 0)
		ct, _ := rows.Columns()
		dest := []any{&name}
		for range ct[1:] {
			var x any
			rest = append(rest, &x)
		}
		dest = append(dest, rest...)
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		cols = append(cols, name)
	}
	return cols, rows.Err()
}

// runRule executes one rule and turns its rows into findings.
func (d *db) runRule(ctx context.Context, r *rules.Rule, e *env) ([]findings.Finding, error) {
	rows, err := d.sql.QueryContext(ctx, ruleSQL(r))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	idx := map[string]int{}
	for i, c := range cols {
		idx[c] = i
	}
	var out []findings.Finding
	for rows.Next() {
		vals, err := scanValues(rows, len(cols))
		if err != nil {
			return nil, err
		}
		col := func(name string) any {
			if i, ok := idx[name]; ok {
				return vals[i]
			}
			return nil
		}
		f := findings.Finding{
			Rule: r.Code, Category: r.Category, Severity: r.Severity,
			UnitCode: format("unit_code", col("unit_code")),
			Subject:  format("subject", col("subject")),
			IDNo:     format("id_no", col("id_no")),
			Name:     format("name", col("name")),
			Count:    1,
			Status:   findings.StatusNew,
		}
		if f.UnitCode == "" || f.Subject == "" {
			return nil, fmt.Errorf("a row has an empty unit_code or subject (unit_code=%q subject=%q)", f.UnitCode, f.Subject)
		}
		if n, ok := toInt64(col("cnt")); ok {
			f.Count = n
		}
		if n, ok := toInt64(col("amount_fen")); ok {
			f.Amount = &n
		}
		f.FirstMonth = monthText(col("first_month"))
		f.LastMonth = monthText(col("last_month"))
		if u := e.units[f.UnitCode]; u != nil {
			f.UnitName, f.DeptCode, f.DeptName = u.Name, u.DeptCode, u.DeptName
		} else {
			f.UnitName, f.DeptCode, f.DeptName = f.UnitCode, f.UnitCode, f.UnitCode
		}
		f.Detail = r.Detail(func(field string) string {
			if i, ok := idx[field]; ok {
				return format(field, vals[i])
			}
			switch field {
			case "unit_name":
				return f.UnitName
			case "dept_code":
				return f.DeptCode
			case "dept_name":
				return f.DeptName
			case "amount":
				if f.Amount != nil {
					return findings.Yuan(*f.Amount)
				}
				return "0.00"
			case "rule_title":
				return r.Title
			case "period":
				if f.FirstMonth == f.LastMonth {
					return f.FirstMonth
				}
				return f.FirstMonth + "至" + f.LastMonth
			}
			return ""
		})
		f.Fingerprint = findings.Fingerprint(f.Rule, f.UnitCode, f.Subject)
		out = append(out, f)
	}
	return out, rows.Err()
}

func toInt64(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case int32:
		return int64(x), true
	case int16:
		return int64(x), true
	case int8:
		return int64(x), true
	case int:
		return int64(x), true
	case uint64:
		return int64(x), true
	case uint32:
		return int64(x), true
	case float64:
		return int64(x), true
	case *big.Int:
		if x == nil {
			return 0, false
		}
		return x.Int64(), true
	case string:
		n, err := strconv.ParseInt(x, 10, 64)
		return n, err == nil
	}
	if s, ok := v.(fmt.Stringer); ok {
		if n, err := strconv.ParseInt(strings.SplitN(s.String(), ".", 2)[0], 10, 64); err == nil {
			return n, true
		}
	}
	return 0, false
}

func monthText(v any) string {
	switch x := v.(type) {
	case time.Time:
		return x.UTC().Format("2006-01")
	case nil:
		return ""
	}
	return format("month", v)
}

// format renders a result value for a detail template: dates as YYYY-MM-DD (YYYY-MM for columns
// whose name ends in "month"), lists joined with 、, NULL as "".
func format(name string, v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []byte:
		return string(x)
	case time.Time:
		if strings.HasSuffix(name, "month") {
			return x.UTC().Format("2006-01")
		}
		return x.UTC().Format("2006-01-02")
	case bool:
		if x {
			return "是"
		}
		return "否"
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'f', -1, 32)
	case []any:
		parts := make([]string, len(x))
		for i, p := range x {
			parts[i] = format(name, p)
		}
		return strings.Join(parts, "、")
	}
	if n, ok := toInt64(v); ok {
		return strconv.FormatInt(n, 10)
	}
	return fmt.Sprint(v)
}

// sortFindings orders findings by (rule, unit_code, subject).
func sortFindings(fs []findings.Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		if a.UnitCode != b.UnitCode {
			return a.UnitCode < b.UnitCode
		}
		return a.Subject < b.Subject
	})
}

package engine

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/hecha-dev/hecha/ids"
	"github.com/hecha-dev/hecha/loaders"
)

// unitInfo is one unit code seen anywhere in the drop, with its department.
type unitInfo struct {
	Code     string
	Name     string // units table, else approved name, else the code
	DeptCode string
	DeptName string
	InUnits  bool
	InLedger bool
	InStaff  bool
	InPay    bool // paid for in an examined month
	// from the units table
	Kind, Funding, Rank, Parent string
}

// env is what the engine derives from the staged drop before the rules run.
type env struct {
	asOf   time.Time
	months []time.Time
	// everyMonth: the examined months are every pay month of the drop, so pay needs no filter
	everyMonth bool
	prefixes   []string
	derived    bool // prefixes were derived, not configured
	norm       *NameNormalizer
	fold       *Fold
	units      map[string]*unitInfo
	codes      []string // sorted
	hasIdent   bool
}

// insert appends rows to a table through a DuckDB appender.
func (d *db) insert(ctx context.Context, table string, rows [][]any) error {
	c, err := d.rawConn(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	a, err := newAppender(c, table)
	if err != nil {
		return fmt.Errorf("appender %s: %w", table, err)
	}
	for _, r := range rows {
		vals := make([]any, len(r))
		copy(vals, r)
		dv := toDriver(vals)
		if err := a.AppendRow(dv...); err != nil {
			a.Close()
			return fmt.Errorf("insert %s: %w", table, err)
		}
	}
	return a.Close()
}

// finishStaging removes the duplicate-key rows (every row was numbered by (file path, sheet
// order, line) as it was staged, and ord names it).
func (d *db) finishStaging(ctx context.Context, dups map[loaders.Kind][]keyPos) error {
	var stmts []string
	// del deletes from table the rows of kind k with a duplicate key.
	del := func(table string, k loaders.Kind) {
		var ords []string
		for _, p := range dups[k] {
			ords = append(ords, fmt.Sprint(p.ord))
		}
		if len(ords) > 0 {
			stmts = append(stmts, fmt.Sprintf("DELETE FROM %s WHERE ord IN (%s)", table, strings.Join(ords, ", ")))
		}
	}
	del("units", loaders.KindUnits)
	del("unit_nameplates", loaders.KindUnits)
	del("identity", loaders.KindIdentity)
	return d.exec(ctx, stmts...)
}

// params decides as_of and the examined months (inputs.md, "Parameters of a run"), and says
// whether they are every pay month of the drop.
func (d *db) params(ctx context.Context, asOf time.Time, narrow []string) (time.Time, []time.Time, bool, error) {
	var all []time.Time
	rows, err := d.sql.QueryContext(ctx, "SELECT DISTINCT pay_month FROM payroll WHERE pay_month IS NOT NULL ORDER BY 1")
	if err != nil {
		return asOf, nil, false, err
	}
	for rows.Next() {
		var m time.Time
		if err := rows.Scan(&m); err != nil {
			rows.Close()
			return asOf, nil, false, err
		}
		all = append(all, m.UTC())
	}
	rows.Close()
	if asOf.IsZero() {
		if len(all) == 0 {
			return asOf, nil, false, fmt.Errorf("%w: the drop has no payroll rows, so the as-of date cannot default to its newest pay month: give one with --as-of YYYY-MM-DD", ErrParams)
		}
		asOf = lastOfMonth(all[len(all)-1])
	}
	keep := map[string]bool{}
	for _, m := range narrow {
		t, err := parseMonth(m)
		if err != nil {
			return asOf, nil, false, fmt.Errorf("%w: %v", ErrParams, err)
		}
		keep[t.Format("2006-01")] = true
	}
	var months []time.Time
	for _, m := range all {
		if m.After(asOf) {
			continue
		}
		if len(keep) > 0 && !keep[m.Format("2006-01")] {
			continue
		}
		months = append(months, m)
	}
	return asOf, months, len(months) == len(all), nil
}

func (d *db) ledgerEvents(ctx context.Context) ([]LedgerEvent, error) {
	cols := []string{"unit_code", "unit_name", "doc_no", "doc_date", "event", "unit_kind", "funding", "rank", "nameplate", "parent_code"}
	for _, f := range CountFields {
		cols = append(cols, "coalesce("+f.Name+", 0)")
	}
	cols = append(cols, "ord", "coalesce(s.src_file, '')", "coalesce(s.src_sheet, '')", "src_line")
	rows, err := d.sql.QueryContext(ctx, "SELECT "+strings.Join(cols, ", ")+" FROM ledger LEFT JOIN sources s ON "+
		sourceOf("ledger")+" WHERE doc_date IS NOT NULL ORDER BY ord")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []LedgerEvent
	for rows.Next() {
		var e LedgerEvent
		var name, kind, funding, rank, plate, parent sql.NullString
		dest := []any{&e.UnitCode, &name, &e.DocNo, &e.DocDate, &e.Event, &kind, &funding, &rank, &plate, &parent}
		for i := range e.Deltas {
			dest = append(dest, &e.Deltas[i])
		}
		dest = append(dest, &e.Ord, &e.File, &e.Sheet, &e.Line)
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		e.DocDate = e.DocDate.UTC()
		e.UnitName, e.UnitKind, e.Funding, e.Rank, e.Nameplate, e.ParentCode = name.String, kind.String, funding.String, rank.String, plate.String, parent.String
		out = append(out, e)
	}
	return out, rows.Err()
}

// derive folds the ledger, finds departments and stages every table the rules read (rules/README.md).
func (d *db) derive(ctx context.Context, e *env, retire *Retirement) error {
	// pay_people and id_numbers need the staged people only: DuckDB builds them on both cores while
	// the ledger is folded in Go, on one.
	var people errgroup.Group
	people.Go(func() error {
		if err := d.stagePayPeople(ctx); err != nil {
			return err
		}
		return d.stageIDNumbers(ctx, e.asOf, e.everyMonth)
	})
	err := d.deriveUnits(ctx, e, retire, &people)
	if perr := people.Wait(); err == nil {
		err = perr
	}
	return err
}

// deriveUnits folds the ledger and stages what the rules need of it; people is the staging of
// pay_people and id_numbers, running beside it, which it waits for before it changes the staff
// table.
func (d *db) deriveUnits(ctx context.Context, e *env, retire *Retirement, people *errgroup.Group) error {
	events, err := d.ledgerEvents(ctx)
	if err != nil {
		return fmt.Errorf("read ledger: %w", err)
	}
	if e.norm == nil {
		pre := FoldLedger(events, e.asOf, foldName)
		var names []string
		for _, c := range pre.Codes {
			if u := pre.Units[c]; u.Established && u.Name != "" {
				names = append(names, u.Name)
			}
		}
		e.prefixes, e.derived = DeriveRegionPrefixes(names), true
		e.norm = NewNameNormalizer(e.prefixes)
	}
	e.fold = FoldLedger(events, e.asOf, e.norm.Norm)
	if err := d.stageFold(ctx, e); err != nil {
		return err
	}
	if err := d.stageUnits(ctx, e, events); err != nil {
		return err
	}
	return d.stageChecks(ctx, e, retire, people)
}

func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullDate(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

func (d *db) stageFold(ctx context.Context, e *env) error {
	if err := d.exec(ctx,
		`CREATE TABLE approved (unit_code VARCHAR, established BOOLEAN, revoked BOOLEAN, active BOOLEAN,
			established_on DATE, establish_doc VARCHAR, revoked_on DATE, revoke_doc VARCHAR,
			unit_name VARCHAR, name_doc VARCHAR, unit_kind VARCHAR, funding VARCHAR, form_doc VARCHAR,
			rank VARCHAR, rank_doc VARCHAR, parent_code VARCHAR)`,
		approvedWideDDL(),
		approvedCountsView(),
		`CREATE TABLE approved_nameplates (unit_code VARCHAR, nameplate VARCHAR, norm VARCHAR, doc_no VARCHAR)`,
		`CREATE TABLE fold_negative (unit_code VARCHAR, field VARCHAR, label VARCHAR, value BIGINT, doc_no VARCHAR, doc_date DATE)`,
		`CREATE TABLE fold_orphans (unit_code VARCHAR, doc_no VARCHAR, doc_date DATE, event VARCHAR, src_file VARCHAR, src_sheet VARCHAR, src_line INTEGER)`,
	); err != nil {
		return err
	}
	var ap, counts, plates, neg, orph [][]any
	for _, c := range e.fold.Codes {
		u := e.fold.Units[c]
		ap = append(ap, []any{c, u.Established, u.Revoked, u.Active(), nullDate(u.EstablishedOn), nullStr(u.EstablishDoc),
			nullDate(u.RevokedOn), nullStr(u.RevokeDoc), nullStr(u.Name), nullStr(u.NameDoc), nullStr(u.Kind),
			nullStr(u.Funding), nullStr(u.FormDoc), nullStr(u.Rank), nullStr(u.RankDoc), nullStr(u.Parent)})
		row := make([]any, 1, 1+3*len(CountFields))
		row[0] = c
		for i := range CountFields {
			row = append(row, u.Counts[i], u.Approved(i), strings.Join(u.Docs[i], "、"))
		}
		counts = append(counts, row)
		for _, p := range u.Nameplates() {
			plates = append(plates, []any{c, p.Name, e.norm.Norm(p.Name), p.DocNo})
		}
	}
	for _, n := range e.fold.Negatives {
		neg = append(neg, []any{n.UnitCode, n.Field.Name, n.Field.Label, n.Value, nullStr(n.DocNo), nullDate(n.DocDate)})
	}
	for _, o := range e.fold.Orphans {
		orph = append(orph, []any{o.UnitCode, o.DocNo, o.DocDate, o.Event, o.File, o.Sheet, int32(o.Line)})
	}
	for _, t := range []struct {
		name string
		rows [][]any
	}{{"approved", ap}, {"approved_wide", counts}, {"approved_nameplates", plates}, {"fold_negative", neg}, {"fold_orphans", orph}} {
		if err := d.insert(ctx, t.name, t.rows); err != nil {
			return err
		}
	}
	return nil
}

// approvedWideDDL creates approved_wide: one row per unit, with three columns per count field (its
// fold value, the approved number and the documents). Appending 20,000 such rows costs a fraction of
// appending the 260,000 rows of approved_counts, which is a view over it.
func approvedWideDDL() string {
	cols := []string{"unit_code VARCHAR"}
	for _, f := range CountFields {
		cols = append(cols, f.Name+"_value BIGINT", f.Name+"_approved BIGINT", f.Name+"_docs VARCHAR")
	}
	return "CREATE TABLE approved_wide (" + strings.Join(cols, ", ") + ")"
}

// approvedCountsView creates approved_counts over approved_wide: one row per unit and count field.
func approvedCountsView() string {
	var branches []string
	for _, f := range CountFields {
		branches = append(branches, fmt.Sprintf("SELECT unit_code, %s AS field, %s AS label, %s_value AS value, %[3]s_approved AS approved, %[3]s_docs AS docs FROM approved_wide",
			loaders.SQLString(f.Name), loaders.SQLString(f.Label), f.Name))
	}
	return "CREATE VIEW approved_counts AS " + strings.Join(branches, " UNION ALL ")
}

func (d *db) distinct(ctx context.Context, q string) ([]string, error) {
	rows, err := d.sql.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s sql.NullString
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		if s.Valid {
			out = append(out, s.String)
		}
	}
	return out, rows.Err()
}

// stageUnits builds all_units: every unit code seen anywhere, with its name and department.
func (d *db) stageUnits(ctx context.Context, e *env, events []LedgerEvent) error {
	e.units = map[string]*unitInfo{}
	get := func(code string) *unitInfo {
		u := e.units[code]
		if u == nil {
			u = &unitInfo{Code: code}
			e.units[code] = u
		}
		return u
	}
	rows, err := d.sql.QueryContext(ctx, "SELECT unit_code, unit_name, unit_kind, funding, rank, parent_code FROM units")
	if err != nil {
		return err
	}
	for rows.Next() {
		var code string
		var name, kind, funding, rank, parent sql.NullString
		if err := rows.Scan(&code, &name, &kind, &funding, &rank, &parent); err != nil {
			rows.Close()
			return err
		}
		u := get(code)
		u.InUnits = true
		u.Name, u.Kind, u.Funding, u.Rank, u.Parent = name.String, kind.String, funding.String, rank.String, parent.String
	}
	rows.Close()
	for _, ev := range events {
		get(ev.UnitCode).InLedger = true
	}
	staff, err := d.distinct(ctx, "SELECT DISTINCT unit_code FROM staff")
	if err != nil {
		return err
	}
	for _, c := range staff {
		get(c).InStaff = true
	}
	paidAll, err := d.distinct(ctx, "SELECT DISTINCT unit_code FROM payroll")
	if err != nil {
		return err
	}
	for _, c := range paidAll {
		get(c)
	}
	// pay is payroll itself when every month is examined (stageParams): no second scan then
	paid := paidAll
	if !e.everyMonth {
		if paid, err = d.distinct(ctx, "SELECT DISTINCT unit_code FROM pay"); err != nil {
			return err
		}
	}
	for _, c := range paid {
		get(c).InPay = true
	}
	e.codes = e.codes[:0]
	for c := range e.units {
		e.codes = append(e.codes, c)
	}
	sort.Strings(e.codes)
	parent := func(code string) string {
		if u := e.units[code]; u != nil && u.InUnits {
			return u.Parent
		}
		if s := e.fold.Units[code]; s != nil {
			return s.Parent
		}
		return ""
	}
	nameOf := func(code string) string {
		if u := e.units[code]; u != nil && u.InUnits && u.Name != "" {
			return u.Name
		}
		if s := e.fold.Units[code]; s != nil && s.Name != "" {
			return s.Name
		}
		return code
	}
	var out [][]any
	for _, c := range e.codes {
		u := e.units[c]
		u.DeptCode = department(c, parent)
		u.DeptName = nameOf(u.DeptCode)
		u.Name = nameOf(c)
		out = append(out, []any{c, u.Name, u.DeptCode, u.DeptName, u.InUnits, u.InLedger, u.InStaff, u.InPay})
	}
	if err := d.exec(ctx, `CREATE TABLE all_units (unit_code VARCHAR, unit_name VARCHAR, dept_code VARCHAR, dept_name VARCHAR,
		in_units BOOLEAN, in_ledger BOOLEAN, in_staff BOOLEAN, in_pay BOOLEAN)`); err != nil {
		return err
	}
	return d.insert(ctx, "all_units", out)
}

// department follows parent links from code to a unit with no parent. A cycle stops at the unit
// where it closes (the first unit met twice), which is its own department.
func department(code string, parent func(string) string) string {
	seen := map[string]bool{}
	cur := code
	for {
		seen[cur] = true
		p := parent(cur)
		if p == "" || p == cur || seen[p] {
			if seen[p] && p != "" {
				return p
			}
			return cur
		}
		cur = p
	}
}

// stageChecks stages the Go-side facts the rules use: unit_codes, name_norms, retirement, and,
// once people has staged pay_people and id_numbers, the resolved establishment types and the
// helper views.
func (d *db) stageChecks(ctx context.Context, e *env, retire *Retirement, people *errgroup.Group) error {
	var codeRows [][]any
	for _, c := range e.codes {
		reason := ""
		if err := ids.ValidateCreditCode(c); err != nil {
			reason = "校验码错误"
			if want, ok := ids.CreditCheckChar(c); !ok {
				reason = "含有GB 32100-2015字符集（0-9A-HJ-NPQRTUWXY）以外的字符"
			} else {
				reason = fmt.Sprintf("第18位校验码应为%c，实为%c", want, c[17])
			}
		}
		codeRows = append(codeRows, []any{c, len(c) == 18, reason == "", nullStr(reason)})
	}
	names, err := d.distinct(ctx, `SELECT unit_name FROM units UNION SELECT nameplate FROM unit_nameplates
		UNION SELECT unit_name FROM ledger UNION SELECT nameplate FROM ledger
		UNION SELECT unit_name FROM approved UNION SELECT nameplate FROM approved_nameplates`)
	if err != nil {
		return err
	}
	var nameRows [][]any
	for _, n := range names {
		nameRows = append(nameRows, []any{n, e.norm.Norm(n)})
	}
	var retRows [][]any
	for _, g := range retire.Groups {
		retRows = append(retRows, []any{g.Male, g.Worker, int32(g.BaseMonths), nullDate(g.ReformFrom), int32(g.StepMonths), int32(g.MaxMonths)})
	}
	if err := d.exec(ctx,
		`CREATE TABLE unit_codes (unit_code VARCHAR, credit BOOLEAN, valid BOOLEAN, reason VARCHAR)`,
		`CREATE TABLE name_norms (name VARCHAR, norm VARCHAR)`,
		`CREATE TABLE retirement (male BOOLEAN, worker BOOLEAN, base_months INTEGER, reform_from DATE, step_months INTEGER, max_months INTEGER)`,
	); err != nil {
		return err
	}
	for _, t := range []struct {
		name string
		rows [][]any
	}{{"unit_codes", codeRows}, {"name_norms", nameRows}, {"retirement", retRows}} {
		if err := d.insert(ctx, t.name, t.rows); err != nil {
			return err
		}
	}
	if err := people.Wait(); err != nil {
		return err
	}
	return d.exec(ctx,
		// the legacy 事业编制 resolves with the unit's funding, else its approved funding, else 全额拨款
		`UPDATE staff SET estab_type = '事业编制(' || coalesce(
			(SELECT u.funding FROM units u WHERE u.unit_code = staff.unit_code),
			(SELECT a.funding FROM approved a WHERE a.unit_code = staff.unit_code),
			'全额拨款') || ')'
		 WHERE estab_type = '事业编制'`,
		`CREATE VIEW staff_asof AS
		 SELECT s.* FROM staff s, params p
		 WHERE (s.entry_date IS NULL OR s.entry_date <= p.as_of)
		   AND (s.exit_date IS NULL OR p.as_of <= s.exit_date)`,
	)
}

// stagePayPeople stages pay_people: one row per person paid in the examined months (pay), with the
// first and last of those months, and whether every one of the person's pay rows has the same unit,
// name and bank account (same) — then unit_code, name and bank_account are those, else one row's.
// The payroll rules test their conditions on it first, one row per person instead of twelve, and
// read the pay rows of the few people it leaves (rules/README.md). The pay rows are grouped by
// person and the three values first: same is exact, and as fast as comparing hashes of them.
func (d *db) stagePayPeople(ctx context.Context) error {
	return d.exec(ctx, `CREATE TABLE pay_people AS
		SELECT pid, min(first_month) AS first_month, max(last_month) AS last_month, count(*) = 1 AS same,
		       any_value(unit_code) AS unit_code, any_value(name) AS name, any_value(bank_account) AS bank_account
		FROM (SELECT pid, unit_code, name, bank_account, min(pay_month) AS first_month, max(pay_month) AS last_month
		      FROM pay
		      GROUP BY pid, unit_code, name, bank_account)
		GROUP BY pid`)
}

// stageIDNumbers stages id_numbers: every ID number of staff, payroll and identity (they are
// gathered by pid, and id_no is made back from it), whether it is valid by GB 11643 on asOf, why
// not (idReason), its birth date, sex and pid. The numbers born in the years 1000 to 2999 — all
// but the odd few — are judged in SQL, by integer arithmetic on the first 17 digits of pid; the
// others by the Go functions it mirrors (ids.Validate, ids.BirthDate, ids.Male), which
// TestIDNumbersSQL holds it to. When every month is examined (everyMonth), pay_people holds the
// payroll's people, one row each: they are read from it rather than from the pay rows.
func (d *db) stageIDNumbers(ctx context.Context, asOf time.Time, everyMonth bool) error {
	weights, checks := ids.CheckWeights()
	// digit i (1-based) of the 17 is (p17 // 10^(17-i)) % 10
	digit := func(i int) string { return fmt.Sprintf("(p17 // %d %% 10)", pow10(17-i)) }
	var sum []string
	for i, w := range weights {
		sum = append(sum, fmt.Sprintf("%d * %s", w, digit(i+1)))
	}
	var checkVals []string // the check character's value (X: 10) by weighted sum mod 11
	for _, c := range checks {
		v := "10"
		if c != 'X' {
			v = string(c)
		}
		checkVals = append(checkVals, v)
	}
	// born in the years 1000 to 2999: the 7th digit is 1 or 2
	plain := fmt.Sprintf("%s IN (1, 2)", digit(7))
	var provinces []string
	for _, p := range ids.ProvinceCodes() {
		provinces = append(provinces, loaders.SQLString(p))
	}
	paidPeople := "payroll"
	if everyMonth {
		paidPeople = "pay_people"
	}
	// all_id_numbers is read by two statements that may run on different pooled connections, so it
	// is a table of the database, not a connection's TEMP table.
	if err := d.exec(ctx, `CREATE TABLE id_numbers (id_no VARCHAR, valid BOOLEAN, reason VARCHAR, birth_date DATE, male BOOLEAN, pid BIGINT)`,
		`CREATE TABLE all_id_numbers AS
		 SELECT pid, CASE WHEN pid >= 0 THEN pid // 10 ELSE -1 - pid END AS p17, CASE WHEN pid >= 0 THEN pid % 10 ELSE 10 END AS last
		 FROM (SELECT pid FROM staff UNION SELECT pid FROM `+paidPeople+` UNION SELECT pid FROM identity)
		 WHERE pid IS NOT NULL`,
	); err != nil {
		return err
	}
	defer d.exec(context.WithoutCancel(ctx), "DROP TABLE all_id_numbers")
	_, err := d.sql.ExecContext(ctx, fmt.Sprintf(`INSERT INTO id_numbers
		WITH p AS (
			SELECT pid, person_id(pid) AS id_no, p17, last,
			       CAST(%[1]s AS INTEGER) AS y, CAST(%[2]s AS INTEGER) AS m, CAST(%[3]s AS INTEGER) AS d,
			       [%[4]s][(%[5]s) %% 11 + 1] AS check_val
			FROM all_id_numbers WHERE %[6]s
		),
		q AS (
			SELECT *, CASE WHEN m BETWEEN 1 AND 12 AND d BETWEEN 1 AND CASE
			            WHEN m = 2 THEN CASE WHEN (y %% 4 = 0 AND y %% 100 <> 0) OR y %% 400 = 0 THEN 29 ELSE 28 END
			            WHEN m IN (4, 6, 9, 11) THEN 30 ELSE 31 END
			          THEN make_date(y, m, d) END AS birth
			FROM p
		),
		r AS (
			SELECT *, CASE
			    WHEN substr(id_no, 1, 2) NOT IN (%[7]s) THEN '前两位' || substr(id_no, 1, 2) || '不是省级行政区划代码'
			    WHEN birth IS NULL THEN '出生日期' || substr(id_no, 7, 8) || '不是有效日期'
			    WHEN birth > $1 THEN '出生日期' || substr(id_no, 7, 8) || '晚于截止时点'
			    WHEN last <> check_val THEN '校验码应为' || substr('0123456789X', check_val + 1, 1) || '，实为' || substr(id_no, 18, 1)
			  END AS reason
			FROM q
		)
		SELECT id_no, reason IS NULL, reason, birth, p17 %% 2 = 1, pid FROM r`,
		fmt.Sprintf("p17 // %d %% 10000", pow10(7)), fmt.Sprintf("p17 // %d %% 100", pow10(5)), fmt.Sprintf("p17 // %d %% 100", pow10(3)),
		strings.Join(checkVals, ", "), strings.Join(sum, " + "), plain, strings.Join(provinces, ", ")), nullDate(asOf))
	if err != nil {
		return fmt.Errorf("id_numbers: %w", err)
	}
	odd, err := d.distinct(ctx, "SELECT person_id(pid) FROM all_id_numbers WHERE NOT "+plain)
	if err != nil {
		return err
	}
	var rows [][]any
	for _, id := range odd {
		reason := idReason(id, asOf)
		var birth any
		if b, ok := ids.BirthDate(id); ok {
			birth = b
		}
		pid, _ := ids.PersonKey(id)
		rows = append(rows, []any{id, reason == "", nullStr(reason), birth, ids.Male(id), pid})
	}
	return d.insert(ctx, "id_numbers", rows)
}

// pow10 is 10 to the power n.
func pow10(n int) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}

// idReason says in Chinese why an ID number fails GB 11643, or "" when it is valid.
func idReason(id string, asOf time.Time) string {
	err := ids.Validate(id, asOf)
	if err == nil {
		return ""
	}
	msg := err.Error()
	switch {
	case len(id) != 18:
		return "不是18位号码"
	case strings.HasPrefix(msg, "region code"):
		return fmt.Sprintf("前两位%s不是省级行政区划代码", id[:2])
	case strings.Contains(msg, "not a real date"):
		return fmt.Sprintf("出生日期%s不是有效日期", id[6:14])
	case strings.Contains(msg, "future"):
		return fmt.Sprintf("出生日期%s晚于截止时点", id[6:14])
	case strings.HasPrefix(msg, "check digit"):
		return fmt.Sprintf("校验码应为%c，实为%c", ids.CheckDigit(id), id[17])
	}
	return "格式错误"
}

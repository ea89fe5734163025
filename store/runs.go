package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"sort"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/hecha-dev/hecha/findings"
	"github.com/hecha-dev/hecha/output"
)

// Record is everything one run leaves in the store.
type Record struct {
	Info       *output.RunInfo
	RunJSON    string
	OutDir     string
	Findings   []findings.Finding // with statuses set
	RuleHashes map[string]string
	Coverage   *findings.Coverage
	Changes    []findings.Change
	Reopened   []string           // fingerprints whose 已整改 closure this run spent
	Units      []findings.UnitRef // every unit of the run with its department
}

// RunRef is one line of the run history.
type RunRef struct {
	RunID      string
	Seq        int64
	StartedAt  time.Time
	FinishedAt time.Time
	AsOf       time.Time
	Input      string
	OutDir     string
	Findings   int
	Changes    map[string]int
}

// Save writes a run in one transaction: either all of it is in the store or none of it is.
func (s *Store) Save(ctx context.Context, r *Record) error {
	p, err := s.Prepare(ctx, r)
	if err != nil {
		return err
	}
	return p.Commit()
}

// Pending is a run written into an open transaction, waiting for the output folder to be swapped
// into place before it commits.
type Pending struct {
	conn  *sql.Conn
	runID string
}

// Prepare writes a run inside a transaction it leaves open: Commit or Rollback ends it. Nothing
// of the run is visible, or kept after a crash, until Commit.
func (s *Store) Prepare(ctx context.Context, r *Record) (*Pending, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		conn.Close()
		return nil, err
	}
	if err := s.save(ctx, conn, r); err != nil {
		_, _ = conn.ExecContext(context.Background(), "ROLLBACK")
		conn.Close()
		return nil, fmt.Errorf("save run %s in the store: %w", r.Info.RunID, err)
	}
	return &Pending{conn: conn, runID: r.Info.RunID}, nil
}

// Commit makes the run part of the store.
func (p *Pending) Commit() error {
	defer p.conn.Close()
	if _, err := p.conn.ExecContext(context.Background(), "COMMIT"); err != nil {
		return fmt.Errorf("commit run %s to the store: %w", p.runID, err)
	}
	return nil
}

// Rollback drops the run.
func (p *Pending) Rollback() {
	_, _ = p.conn.ExecContext(context.Background(), "ROLLBACK")
	p.conn.Close()
}

// HasRun reports whether the store holds a committed run with this id.
func (s *Store) HasRun(ctx context.Context, runID string) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM runs WHERE run_id = ?`, runID).Scan(&n)
	return n > 0, err
}

func (s *Store) save(ctx context.Context, conn *sql.Conn, r *Record) error {
	info := r.Info
	started, err := time.Parse(time.RFC3339, info.StartedAt)
	if err != nil {
		return err
	}
	finished, err := time.Parse(time.RFC3339, info.FinishedAt)
	if err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, `INSERT INTO runs SELECT ?, coalesce(max(seq), 0) + 1, ?, ?, CAST(? AS DATE), ?, ?, ? FROM runs`,
		info.RunID, started, finished, info.AsOf, info.Parameters.Input, r.OutDir, r.RunJSON); err != nil {
		return err
	}
	err = conn.Raw(func(dc any) error {
		c := dc.(driver.Conn)
		if err := appendRows(c, "run_inputs", len(info.Inputs), func(i int) []driver.Value {
			in := info.Inputs[i]
			var read, rej, clr int64
			for _, sh := range in.Sheets {
				read, rej, clr = read+int64(sh.RowsRead), rej+int64(sh.RowsRejected), clr+int64(sh.CellsCleared)
			}
			return []driver.Value{info.RunID, in.Path, in.SHA256, in.Size, read, rej, clr}
		}); err != nil {
			return err
		}
		if err := appendRows(c, "rule_results", len(info.Rules), func(i int) []driver.Value {
			rr := info.Rules[i]
			var e any
			if rr.Error != "" {
				e = rr.Error
			}
			return []driver.Value{info.RunID, rr.Code, rr.Hash, int64(rr.Findings), e, rr.DurationMS}
		}); err != nil {
			return err
		}
		if err := appendRows(c, "findings", len(r.Findings), func(i int) []driver.Value {
			f := &r.Findings[i]
			var amount any
			if f.Amount != nil {
				amount = *f.Amount
			}
			return []driver.Value{info.RunID, f.Fingerprint, f.Rule, r.RuleHashes[f.Rule], int32(f.Category), string(f.Severity),
				f.DeptCode, f.DeptName, f.UnitCode, f.UnitName, f.Subject, f.IDNo, f.Name, f.Count, amount, f.FirstMonth, f.LastMonth, f.Detail, f.Status}
		}); err != nil {
			return err
		}
		if err := appendRows(c, "run_units", len(r.Units), unitRows(info.RunID, r.Units)); err != nil {
			return err
		}
		cov := coverageRows(r.Coverage)
		if err := appendRows(c, "coverage", len(cov), func(i int) []driver.Value {
			return []driver.Value{info.RunID, cov[i][0], cov[i][1]}
		}); err != nil {
			return err
		}
		return appendRows(c, "changes", len(r.Changes), func(i int) []driver.Value {
			ch := r.Changes[i]
			return []driver.Value{info.RunID, ch.Kind, ch.Finding.Fingerprint, ch.Finding.Rule, ch.Finding.UnitCode, ch.Finding.Subject}
		})
	})
	if err != nil {
		return err
	}
	return markReopened(ctx, conn, info.RunID, r.Reopened)
}

// markReopened records that this run spent the 已整改 closures of fps.
func markReopened(ctx context.Context, conn *sql.Conn, runID string, fps []string) error {
	for _, fp := range fps {
		if _, err := conn.ExecContext(ctx, `UPDATE decisions SET reopened_in = ? WHERE fingerprint = ? AND conclusion = ? AND reopened_in IS NULL`,
			runID, fp, findings.ConclusionRectified); err != nil {
			return err
		}
	}
	return nil
}

func coverageRows(c *findings.Coverage) [][2]any {
	if c == nil {
		return nil
	}
	var rows [][2]any
	kinds := make([]string, 0, len(c.Kinds))
	for k := range c.Kinds {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		if c.Kinds[k] {
			rows = append(rows, [2]any{k, nil})
		}
	}
	for k, units := range c.Units {
		for u, ok := range units {
			if ok {
				rows = append(rows, [2]any{k, u})
			}
		}
	}
	return rows
}

func appendRows(c driver.Conn, table string, n int, row func(i int) []driver.Value) error {
	if n == 0 {
		return nil
	}
	a, err := duckdb.NewAppenderFromConn(c, "", table)
	if err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		if err := a.AppendRow(row(i)...); err != nil {
			a.Close()
			return fmt.Errorf("%s: %w", table, err)
		}
	}
	return a.Close()
}

// Previous returns what the latest run left: its findings, rule hashes and coverage; nil when the
// store has no run yet.
func (s *Store) Previous(ctx context.Context) (*findings.Previous, error) {
	var runID string
	err := s.db.QueryRowContext(ctx, `SELECT run_id FROM runs ORDER BY seq DESC LIMIT 1`).Scan(&runID)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	fs, err := s.Findings(ctx, runID)
	if err != nil {
		return nil, err
	}
	prev := &findings.Previous{Findings: fs, RuleHashes: map[string]string{},
		Coverage: &findings.Coverage{Units: map[string]map[string]bool{}, Kinds: map[string]bool{}}}
	rows, err := s.db.QueryContext(ctx, `SELECT code, hash FROM rule_results WHERE run_id = ?`, runID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var code, hash string
		if err := rows.Scan(&code, &hash); err != nil {
			rows.Close()
			return nil, err
		}
		prev.RuleHashes[code] = hash
	}
	rows.Close()
	rows, err = s.db.QueryContext(ctx, `SELECT kind, unit_code FROM coverage WHERE run_id = ?`, runID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var kind string
		var unit sql.NullString
		if err := rows.Scan(&kind, &unit); err != nil {
			return nil, err
		}
		if !unit.Valid {
			prev.Coverage.Kinds[kind] = true
			continue
		}
		if prev.Coverage.Units[kind] == nil {
			prev.Coverage.Units[kind] = map[string]bool{}
		}
		prev.Coverage.Units[kind][unit.String] = true
	}
	return prev, rows.Err()
}

// Findings returns a run's findings in (rule, unit, subject) order.
func (s *Store) Findings(ctx context.Context, runID string) ([]findings.Finding, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT fingerprint, rule, category, severity, dept_code, dept_name, unit_code, unit_name,
		subject, id_no, name, cnt, amount_fen, first_month, last_month, detail, status
		FROM findings WHERE run_id = ? ORDER BY rule, unit_code, subject`, runID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []findings.Finding
	for rows.Next() {
		var f findings.Finding
		var sev string
		var amount sql.NullInt64
		var deptCode, deptName, unitCode, unitName, subject, idNo, name, first, last, detail sql.NullString
		if err := rows.Scan(&f.Fingerprint, &f.Rule, &f.Category, &sev, &deptCode, &deptName, &unitCode, &unitName,
			&subject, &idNo, &name, &f.Count, &amount, &first, &last, &detail, &f.Status); err != nil {
			return nil, err
		}
		f.Severity = findings.Severity(sev)
		f.DeptCode, f.DeptName, f.UnitCode, f.UnitName = deptCode.String, deptName.String, unitCode.String, unitName.String
		f.Subject, f.IDNo, f.Name = subject.String, idNo.String, name.String
		f.FirstMonth, f.LastMonth, f.Detail = first.String, last.String, detail.String
		if amount.Valid {
			v := amount.Int64
			f.Amount = &v
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// Runs returns the run history, newest first, with finding and change counts.
func (s *Store) Runs(ctx context.Context) ([]RunRef, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT r.run_id, r.seq, r.started_at, r.finished_at, r.as_of, r.input, r.out_dir,
		(SELECT count(*) FROM findings f WHERE f.run_id = r.run_id)
		FROM runs r ORDER BY r.seq DESC`)
	if err != nil {
		return nil, err
	}
	var out []RunRef
	for rows.Next() {
		var r RunRef
		if err := rows.Scan(&r.RunID, &r.Seq, &r.StartedAt, &r.FinishedAt, &r.AsOf, &r.Input, &r.OutDir, &r.Findings); err != nil {
			rows.Close()
			return nil, err
		}
		r.Changes = map[string]int{}
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	crow, err := s.db.QueryContext(ctx, `SELECT run_id, change, count(*) FROM changes GROUP BY ALL`)
	if err != nil {
		return nil, err
	}
	defer crow.Close()
	byID := map[string]*RunRef{}
	for i := range out {
		byID[out[i].RunID] = &out[i]
	}
	for crow.Next() {
		var id, kind string
		var n int
		if err := crow.Scan(&id, &kind, &n); err != nil {
			return nil, err
		}
		if r := byID[id]; r != nil {
			r.Changes[kind] = n
		}
	}
	return out, crow.Err()
}

// Resolve turns a run reference — a run id, a unique prefix of one, or "latest" / "previous" —
// into a run id.
func (s *Store) Resolve(ctx context.Context, ref string) (string, error) {
	var q string
	var args []any
	switch ref {
	case "latest":
		q = `SELECT run_id FROM runs ORDER BY seq DESC LIMIT 1`
	case "previous":
		q = `SELECT run_id FROM runs ORDER BY seq DESC LIMIT 1 OFFSET 1`
	default:
		q, args = `SELECT run_id FROM runs WHERE starts_with(run_id, ?) ORDER BY seq`, []any{ref}
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return "", err
		}
		ids = append(ids, id)
	}
	switch len(ids) {
	case 0:
		return "", fmt.Errorf("no run %q in the store: `hecha history` lists the runs", ref)
	case 1:
		return ids[0], nil
	}
	return "", fmt.Errorf("run %q is ambiguous (%d runs start with it): give more of the run id", ref, len(ids))
}

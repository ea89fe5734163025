package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"time"

	"github.com/hecha-dev/hecha/findings"
)

// Units returns the units of a run, by code, each with whether it has a high-severity finding
// that is not suppressed.
func (s *Store) Units(ctx context.Context, runID string) ([]findings.UnitRef, map[string]bool, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT unit_code, coalesce(unit_name, ''), coalesce(dept_code, ''), coalesce(dept_name, '')
		FROM run_units WHERE run_id = ? ORDER BY unit_code`, runID)
	if err != nil {
		return nil, nil, err
	}
	var units []findings.UnitRef
	for rows.Next() {
		var u findings.UnitRef
		if err := rows.Scan(&u.Code, &u.Name, &u.DeptCode, &u.DeptName); err != nil {
			rows.Close()
			return nil, nil, err
		}
		units = append(units, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	high := map[string]bool{}
	hr, err := s.db.QueryContext(ctx, `SELECT DISTINCT unit_code FROM findings WHERE run_id = ? AND severity = 'high' AND status <> 'suppressed'`, runID)
	if err != nil {
		return nil, nil, err
	}
	defer hr.Close()
	for hr.Next() {
		var code string
		if err := hr.Scan(&code); err != nil {
			return nil, nil, err
		}
		high[code] = true
	}
	return units, high, hr.Err()
}

// SamplePick is one unit of a stored sample.
type SamplePick struct {
	UnitCode, Reason string
}

// LatestSample returns the units of the most recent sample, or nil when none was drawn.
func (s *Store) LatestSample(ctx context.Context) ([]SamplePick, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT unit_code, reason FROM samples WHERE sample_no = (SELECT max(sample_no) FROM samples) ORDER BY unit_code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SamplePick
	for rows.Next() {
		var p SamplePick
		if err := rows.Scan(&p.UnitCode, &p.Reason); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// SaveSample records a drawn sample as the next sample number.
func (s *Store) SaveSample(ctx context.Context, runID string, picks []SamplePick, ratio float64, seed uint64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var no sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT max(sample_no) FROM samples`).Scan(&no); err != nil {
			return err
		}
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO samples VALUES (?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		now := time.Now().UTC()
		for _, p := range picks {
			if _, err := stmt.ExecContext(ctx, no.Int64+1, runID, p.UnitCode, p.Reason, ratio, seed, now); err != nil {
				return err
			}
		}
		return nil
	})
}

func unitRows(runID string, units []findings.UnitRef) func(i int) []driver.Value {
	return func(i int) []driver.Value {
		u := units[i]
		return []driver.Value{runID, u.Code, u.Name, u.DeptCode, u.DeptName}
	}
}

package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/hecha-dev/hecha/findings"
)

// AddDecisions records auditors' decisions in one transaction. Every decision is kept; the latest
// per fingerprint applies.
func (s *Store) AddDecisions(ctx context.Context, ds []findings.Decision, source string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO decisions (fingerprint, conclusion, opinion, decided_by, decided_at, expires, source) VALUES (?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, d := range ds {
			switch d.Conclusion {
			case findings.ConclusionTrue, findings.ConclusionFalse, findings.ConclusionRectified:
			default:
				return fmt.Errorf("decision on %s: 结论 %q is not one of 属实, 不属实, 已整改", d.Fingerprint, d.Conclusion)
			}
			var expires any
			if !d.Expires.IsZero() {
				expires = d.Expires
			}
			if _, err := stmt.ExecContext(ctx, d.Fingerprint, d.Conclusion, d.Opinion, d.By, d.At, expires, source); err != nil {
				return err
			}
		}
		return nil
	})
}

// Decisions returns the latest decision per fingerprint.
func (s *Store) Decisions(ctx context.Context) (map[string]*findings.Decision, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT fingerprint, conclusion, coalesce(opinion, ''), decided_by, decided_at, expires, reopened_in IS NOT NULL
		FROM decisions QUALIFY row_number() OVER (PARTITION BY fingerprint ORDER BY decided_at DESC, rowid DESC) = 1`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]*findings.Decision{}
	for rows.Next() {
		d := &findings.Decision{}
		var expires sql.NullTime
		if err := rows.Scan(&d.Fingerprint, &d.Conclusion, &d.Opinion, &d.By, &d.At, &expires, &d.Reopened); err != nil {
			return nil, err
		}
		if expires.Valid {
			d.Expires = expires.Time
		}
		out[d.Fingerprint] = d
	}
	return out, rows.Err()
}

// History returns every decision on a fingerprint, oldest first.
func (s *Store) History(ctx context.Context, fingerprint string) ([]findings.Decision, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT conclusion, coalesce(opinion, ''), decided_by, decided_at FROM decisions WHERE fingerprint = ? ORDER BY decided_at, rowid`, fingerprint)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []findings.Decision
	for rows.Next() {
		d := findings.Decision{Fingerprint: fingerprint}
		var at time.Time
		if err := rows.Scan(&d.Conclusion, &d.Opinion, &d.By, &at); err != nil {
			return nil, err
		}
		d.At = at
		out = append(out, d)
	}
	return out, rows.Err()
}

package engine

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/hecha-dev/hecha/loaders"
)

// bulkSeq numbers the temporary line tables of files read at once.
var bulkSeq atomic.Int64

// bulk stages a CSV file set-based (loaders.Options.BulkCSV): DuckDB reads its lines, the rows in
// canonical form go straight into the staging table, and the others are read back and go through
// the Go rules (b.Row) and the file's lane like the rows of any other file. It declines a path
// DuckDB would read as a glob pattern, and a file DuckDB cannot split into lines (the loader then
// reads it, and reports what is wrong with it).
func (s *stager) bulk(ctx context.Context, b *loaders.BulkFile) (bool, error) {
	if strings.ContainsAny(b.Path, "*?[]{}") {
		return false, nil
	}
	conn, err := s.d.sql.Conn(ctx)
	if err != nil {
		return false, err
	}
	defer conn.Close()
	lines := fmt.Sprintf("bulk_lines_%d", bulkSeq.Add(1))
	newLine := `\n`
	if b.CRLF {
		newLine = `\r\n`
	}
	src := fmt.Sprintf(`(SELECT line, l FROM (
			SELECT row_number() OVER () AS line, l
			FROM read_csv(?, columns = {'l': 'VARCHAR'}, header = false, delim = E'\x1f', quote = '', escape = '',
				new_line = '%s', auto_detect = false, strict_mode = false))
		WHERE line > %d AND l IS NOT NULL)`, newLine, b.HeaderLine)
	read := fmt.Sprintf("CREATE TEMP TABLE %s AS %s", lines, b.LinesSQL(src))
	if _, err := conn.ExecContext(ctx, read, b.Path); err != nil {
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		return false, nil
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "DROP TABLE IF EXISTS "+lines)

	cols := b.Columns()
	names := make([]string, 0, len(cols)+5)
	vals := make([]string, 0, len(cols)+5)
	for _, c := range cols {
		names = append(names, quoteIdent(c))
		vals = append(vals, quoteIdent(c))
	}
	if b.Kind == loaders.KindStaff {
		names = append(names, "estab_type_raw")
		vals = append(vals, "estab_type")
	}
	s.addSource(b.File, b.Sheet, 0)
	names = append(names, "src_line", "ord")
	vals = append(vals, "CAST(line AS INTEGER)", fmt.Sprintf("%d | line", s.rank[b.File]<<ordFileShift))
	ins := fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM (%s)", b.Kind, strings.Join(names, ", "), strings.Join(vals, ", "), b.FastSQL(lines))
	res, err := conn.ExecContext(ctx, ins)
	if err != nil {
		return true, fmt.Errorf("staging %s: %w", b.File, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return true, fmt.Errorf("staging %s: %w", b.File, err)
	}
	b.Accepted(n)
	s.addRows(n, b.File)

	rows, err := conn.QueryContext(ctx, b.SlowSQL(lines))
	if err != nil {
		return true, fmt.Errorf("staging %s: %w", b.File, err)
	}
	defer rows.Close()
	for rows.Next() {
		var line int
		var text string
		if err := rows.Scan(&line, &text); err != nil {
			return true, fmt.Errorf("staging %s: %w", b.File, err)
		}
		if err := b.Row(line, text); err != nil {
			return true, err
		}
	}
	if err := rows.Err(); err != nil {
		return true, fmt.Errorf("staging %s: %w", b.File, err)
	}
	return true, nil
}

package engine

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/hecha-dev/hecha/loaders"
)

// bulkSeq numbers the temporary line tables of files read at once.
var bulkSeq atomic.Int64

// bulk stages a CSV file set-based (loaders.Options.BulkCSV): DuckDB reads its lines and the fast
// ones go straight into the staging table; the loader then reads the slow ones (b.Slow) through
// the Go rules and the file's lane like the rows of any other file. It declines a path DuckDB would
// read as a glob pattern, and a file DuckDB cannot split into lines (the loader then reads it, and
// reports what is wrong with it).
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
	// The table keeps the file's order (DuckDB preserves insertion order), one row per line, an empty
	// line as NULL: a row's rowid is its line's number less one. If the count of rows is not the
	// count of lines, the numbering cannot be trusted and the Go reader takes the file. The
	// connection's own setting says so explicitly (the insert below turns it off).
	if _, err := conn.ExecContext(ctx, "SET SESSION preserve_insertion_order = true"); err != nil {
		return false, fmt.Errorf("staging %s: %w", b.File, err)
	}
	read := fmt.Sprintf(`CREATE TEMP TABLE %s AS SELECT l FROM read_csv(?, columns = {'l': 'VARCHAR'},
		header = false, delim = E'\x1f', quote = '', escape = '', new_line = '%s', auto_detect = false, strict_mode = false)`, lines, newLine)
	if _, err := conn.ExecContext(ctx, read, b.Path); err != nil {
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		return false, nil
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "DROP TABLE IF EXISTS "+lines)
	var n int64
	if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM "+lines).Scan(&n); err != nil {
		return false, fmt.Errorf("staging %s: %w", b.File, err)
	}
	if n != b.Lines {
		return false, nil
	}
	src := fmt.Sprintf("(SELECT rowid + 1 AS line, l FROM %s WHERE rowid + 1 > %d AND l IS NOT NULL)", lines, b.HeaderLine)
	fast, args := src, []any(nil)
	if len(b.Slow) > 0 {
		// The slow lines' numbers go to DuckDB as one text parameter: a list parameter crosses the C
		// API one number at a time (0.4 s for half a million slow lines).
		slow := make([]byte, 0, 8*len(b.Slow))
		for i, l := range b.Slow {
			if i > 0 {
				slow = append(slow, ',')
			}
			slow = strconv.AppendInt(slow, l, 10)
		}
		fast = fmt.Sprintf("(SELECT * FROM %s WHERE line NOT IN (SELECT CAST(unnest(string_split(?, ',')) AS BIGINT)))", src)
		args = []any{string(slow)}
	}

	cols := b.Columns()
	names := make([]string, 0, len(cols)+5)
	vals := make([]string, 0, len(cols)+5)
	for _, c := range cols {
		if !storedField(b.Kind, c) {
			continue
		}
		names = append(names, loaders.SQLIdent(c))
		vals = append(vals, loaders.SQLIdent(c))
	}
	if b.Kind == loaders.KindStaff {
		names = append(names, "estab_type_raw")
		vals = append(vals, "estab_type")
	}
	names = append(names, "src_line", "ord")
	vals = append(vals, "CAST(line AS INTEGER)", fmt.Sprintf("%d | line", s.rank[b.File]<<ordFileShift))
	if personField(b.Kind) >= 0 {
		names = append(names, "pid")
		vals = append(vals, "person_key(id_no)")
	}
	ins := fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM (%s)", stagedTable(b.Kind), strings.Join(names, ", "), strings.Join(vals, ", "), b.FastSQL(fast))
	// The staged rows carry their line numbers (src_line, ord), so DuckDB may write them in any
	// order: about 5 % less for the insert. The setting is the connection's, which goes back to the
	// pool: it is reset on the way out.
	if _, err := conn.ExecContext(ctx, "SET SESSION preserve_insertion_order = false"); err != nil {
		return true, fmt.Errorf("staging %s: %w", b.File, err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "RESET SESSION preserve_insertion_order")
	res, err := conn.ExecContext(ctx, ins, args...)
	if err != nil {
		return true, fmt.Errorf("staging %s: %w", b.File, err)
	}
	n, err = res.RowsAffected()
	if err != nil {
		return true, fmt.Errorf("staging %s: %w", b.File, err)
	}
	if n > 0 {
		s.addSource(b.File, b.Sheet, 0)
	}
	b.Accepted(n)
	s.addRows(n, b.File)
	return true, nil
}

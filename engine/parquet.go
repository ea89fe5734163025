package engine

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"strings"

	"github.com/hecha-dev/hecha/loaders"
)

// parquetReader streams a Parquet file as cells through DuckDB's read_parquet: the first row is
// the header (the column names), then one row per record. Numeric columns give Numeric cells, so
// that an ID number stored as a number is caught by the loader; dates come as YYYY-MM-DD.
type parquetReader struct {
	conn    *sql.Conn
	rows    *sql.Rows
	header  []loaders.Cell
	numeric []bool
	vals    []sql.NullString
}

// openParquet implements loaders.Options.OpenParquet.
func (d *db) openParquet(path string) (loaders.RowReader, error) {
	ctx := context.Background()
	conn, err := d.sql.Conn(ctx)
	if err != nil {
		return nil, err
	}
	fail := func(err error) (loaders.RowReader, error) {
		conn.Close()
		return nil, fmt.Errorf("read parquet: %w", err)
	}
	desc, err := conn.QueryContext(ctx, "DESCRIBE SELECT * FROM read_parquet(?)", path)
	if err != nil {
		return fail(err)
	}
	p := &parquetReader{conn: conn}
	var exprs []string
	for desc.Next() {
		cols, _ := desc.Columns()
		var name, typ string
		dest := []any{&name, &typ}
		for range cols[2:] {
			var x any
			dest = append(dest, &x)
		}
		if err := desc.Scan(dest...); err != nil {
			desc.Close()
			return fail(err)
		}
		p.header = append(p.header, loaders.Cell{Value: name})
		t := strings.ToUpper(typ)
		num := isNumericType(t)
		p.numeric = append(p.numeric, num)
		q := loaders.SQLIdent(name)
		switch {
		case strings.HasPrefix(t, "TIMESTAMP"):
			exprs = append(exprs, fmt.Sprintf("CAST(CAST(%s AS DATE) AS VARCHAR)", q))
		default:
			exprs = append(exprs, fmt.Sprintf("CAST(%s AS VARCHAR)", q))
		}
	}
	desc.Close()
	if err := desc.Err(); err != nil {
		return fail(err)
	}
	if len(exprs) == 0 {
		return fail(fmt.Errorf("%s has no columns", path))
	}
	p.rows, err = conn.QueryContext(ctx, "SELECT "+strings.Join(exprs, ", ")+" FROM read_parquet(?)", path)
	if err != nil {
		return fail(err)
	}
	p.vals = make([]sql.NullString, len(exprs))
	return p, nil
}

func isNumericType(t string) bool {
	for _, p := range []string{"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE", "DECIMAL", "REAL"} {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return false
}

// Next returns the header first, then each record; io.EOF after the last.
func (p *parquetReader) Next() ([]loaders.Cell, error) {
	if p.header != nil {
		h := p.header
		p.header = nil
		return h, nil
	}
	if !p.rows.Next() {
		if err := p.rows.Err(); err != nil {
			return nil, err
		}
		return nil, io.EOF
	}
	ptrs := make([]any, len(p.vals))
	for i := range p.vals {
		ptrs[i] = &p.vals[i]
	}
	if err := p.rows.Scan(ptrs...); err != nil {
		return nil, err
	}
	out := make([]loaders.Cell, len(p.vals))
	for i, v := range p.vals {
		out[i] = loaders.Cell{Value: v.String, Numeric: p.numeric[i] && v.Valid}
	}
	return out, nil
}

// Close releases the query and its connection.
func (p *parquetReader) Close() error {
	if p.rows != nil {
		p.rows.Close()
	}
	return p.conn.Close()
}

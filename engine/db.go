package engine

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"net/url"
	"os"

	"github.com/duckdb/duckdb-go/v2"
	"github.com/hecha-dev/hecha/memstat"
)

// db is the engine's DuckDB: an in-memory database that spills to TempDir. Nothing outside this
// package sees DuckDB.
type db struct {
	sql       *sql.DB
	connector *duckdb.Connector
	tempDir   string
	ownTemp   bool
}

// DefaultMemoryLimit is DuckDB's memory_limit unless Config.MemoryLimit says otherwise, on a
// machine with at least twice as much memory (on a smaller one: half of its memory). A province
// drop (1 million staff, 12 million pay rows) stages about 2 GB of tables: under a 2 GB limit
// DuckDB spills part of them to TempDir while the fold and the rules run (those two stages 3.5 s
// against 3.1 s), and under 3 GB the run peaks at about 2.7 GiB resident. A smaller drop uses
// what it needs, not the limit.
const DefaultMemoryLimit = "3GB"

// defaultLimitBytes is DefaultMemoryLimit in bytes (DuckDB's GB is 1000³).
const defaultLimitBytes = 3_000_000_000

// defaultMemoryLimit is DefaultMemoryLimit, or half of ram (bytes; 0: unknown) when that is less.
func defaultMemoryLimit(ram uint64) string {
	if half := ram / 2; ram > 0 && half < defaultLimitBytes {
		return fmt.Sprintf("%dMiB", half>>20)
	}
	return DefaultMemoryLimit
}

// openDB opens an in-memory DuckDB with extension auto-loading off, a memory limit and a spill
// folder (created when empty).
func openDB(tempDir, memoryLimit string) (*db, error) {
	own := false
	if tempDir == "" {
		d, err := os.MkdirTemp("", "hecha-duckdb-")
		if err != nil {
			return nil, fmt.Errorf("duckdb temp folder: %w", err)
		}
		tempDir, own = d, true
	}
	if memoryLimit == "" {
		memoryLimit = defaultMemoryLimit(memstat.TotalRAM())
	}
	q := url.Values{}
	q.Set("autoinstall_known_extensions", "false")
	q.Set("autoload_known_extensions", "false")
	q.Set("memory_limit", memoryLimit)
	q.Set("temp_directory", tempDir)
	c, err := duckdb.NewConnector("?"+q.Encode(), nil)
	if err != nil {
		if own {
			os.RemoveAll(tempDir)
		}
		return nil, fmt.Errorf("open duckdb: %w", err)
	}
	return &db{sql: sql.OpenDB(c), connector: c, tempDir: tempDir, ownTemp: own}, nil
}

// rawConn opens a connection outside the pool, for appenders.
func (d *db) rawConn(ctx context.Context) (driver.Conn, error) {
	return d.connector.Connect(ctx)
}

// Close closes DuckDB and removes the spill folder when the engine made it.
func (d *db) Close() error {
	err := d.sql.Close()
	if d.ownTemp {
		os.RemoveAll(d.tempDir)
	}
	return err
}

// exec runs statements in order, stopping at the first error.
func (d *db) exec(ctx context.Context, stmts ...string) error {
	for _, s := range stmts {
		if _, err := d.sql.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("%w\n%s", err, s)
		}
	}
	return nil
}

// scanValues reads the current row of rows, which has n columns, into one value per column.
func scanValues(rows *sql.Rows, n int) ([]any, error) {
	vals := make([]any, n)
	ptrs := make([]any, n)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	return vals, rows.Scan(ptrs...)
}

func newAppender(c driver.Conn, table string) (*duckdb.Appender, error) {
	return duckdb.NewAppender(c, "", "", table)
}

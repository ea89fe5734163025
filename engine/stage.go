package engine

import (
	"context"
	"database/sql/driver"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/duckdb/duckdb-go/v2"
	"github.com/hecha-dev/hecha/ids"
	"github.com/hecha-dev/hecha/loaders"
)

// Staged tables hold the accepted rows of each kind: one column per field of loaders.Schemas
// (named by its english name), then src_line and ord, the row's position in the drop by (file
// path, sheet order, line). The file and sheet of a row are in the table sources, by ord (see
// ordFileShift). The List field units.nameplates goes to the table unit_nameplates (unit_code,
// nameplate, ord of the units row). staff also keeps estab_type_raw, the value as read before the
// legacy 事业编制 was resolved. The kinds with an ID number (staff, payroll, identity) end with
// pid, its ids.PersonKey: the rules join and group people on it.
//
// The payroll rows are stored in payroll_rows, which keeps the ID number as pid only, and the
// view payroll gives id_no back in its place (person_id(pid)): a province has 12 million pay rows,
// and their 18-character numbers cost a quarter of a gigabyte and a fifth of a second to stage.
// DuckDB computes id_no only for the rows a query reads it from.

// stagingDDL returns the statements that create the staging tables and the payroll view.
func stagingDDL() []string {
	out := append([]string(nil), personMacros...)
	for _, k := range loaders.Kinds {
		s := loaders.Schemas[k]
		var cols, view []string
		for _, f := range s.Fields {
			if f.Type == loaders.List {
				continue
			}
			name := loaders.SQLIdent(f.Name)
			if !storedField(k, f.Name) {
				view = append(view, "person_id(pid) AS "+name)
				continue
			}
			cols = append(cols, fmt.Sprintf("%s %s", name, loaders.SQLType(f.Type)))
			view = append(view, name)
		}
		if k == loaders.KindStaff {
			cols = append(cols, "estab_type_raw VARCHAR")
			view = append(view, "estab_type_raw")
		}
		cols = append(cols, "src_line INTEGER", "ord BIGINT")
		view = append(view, "src_line", "ord")
		if personField(k) >= 0 {
			cols = append(cols, "pid BIGINT")
			view = append(view, "pid")
		}
		out = append(out, fmt.Sprintf("CREATE TABLE %s (%s)", stagedTable(k), strings.Join(cols, ", ")))
		if stagedTable(k) != string(k) {
			out = append(out, fmt.Sprintf("CREATE VIEW %s AS SELECT %s FROM %s", k, strings.Join(view, ", "), stagedTable(k)))
		}
	}
	return append(out, "CREATE TABLE unit_nameplates (unit_code VARCHAR, nameplate VARCHAR, ord BIGINT)",
		"CREATE TABLE sources (file_rank INTEGER, sheet_idx INTEGER, src_file VARCHAR, src_sheet VARCHAR)")
}

// stagedTable is the table the rows of kind k are stored in: payroll_rows for payroll (the
// view payroll reads it), else the kind's name.
func stagedTable(k loaders.Kind) string {
	if k == loaders.KindPayroll {
		return "payroll_rows"
	}
	return string(k)
}

// storedField reports whether field name of kind k is a column of stagedTable(k): every field
// but payroll's ID number, which is stored as pid only.
func storedField(k loaders.Kind, name string) bool {
	return k != loaders.KindPayroll || name != "id_no"
}

// personField is the index of kind k's ID number field id_no, or -1 when it has none.
func personField(k loaders.Kind) int {
	if i, ok := personFields[k]; ok {
		return i
	}
	return -1
}

var personFields = func() map[loaders.Kind]int {
	m := map[loaders.Kind]int{}
	for _, k := range loaders.Kinds {
		if i := loaders.Schemas[k].Index("id_no"); i >= 0 && loaders.Schemas[k].Fields[i].Type == loaders.IDNo {
			m[k] = i
		}
	}
	return m
}()

// personMacros define person_key(id), ids.PersonKey over a canonical ID number (NULL gives NULL),
// and its inverse person_id(pid). TestPersonKeySQL holds both to the Go function.
var personMacros = []string{
	`CREATE MACRO person_key(id) AS
	 CASE WHEN ends_with(id, 'X') THEN -1 - CAST(substr(id, 1, 17) AS BIGINT) ELSE CAST(id AS BIGINT) END`,
	`CREATE MACRO person_id(pid) AS
	 CASE WHEN pid >= 0 THEN lpad(CAST(pid AS VARCHAR), 18, '0') ELSE lpad(CAST(-1 - pid AS VARCHAR), 17, '0') || 'X' END`,
}

// keyPos is where a row with a key (units.unit_code, identity.id_no) was read.
type keyPos struct {
	key   string
	file  string
	sheet string
	line  int
	ord   int64 // 0 when not staged (hecha check)
}

// source is the file and sheet behind the rows whose ord has the same bits above ordSheetShift.
type source struct{ file, sheet string }

// stager is the loaders.Sink of a run. Each file being read gets a lane of its own: a DuckDB
// connection with one appender per kind, so that files read at once append at once. A lane goes
// back to a free list when its file is done (loaders.Options.FileDone) and serves the next file.
type stager struct {
	d        *db
	ctx      context.Context
	rank     map[string]int64 // file path -> position in the drop's sorted file list
	mu       sync.Mutex       // guards busy, free, all, rows, sources
	sources  map[int64]source // by ord >> ordSheetShift
	busy     map[string]*lane
	free     []*lane
	all      []*lane
	rows     int64
	progress func(Progress)
}

// lane appends the rows of one file at a time; only the goroutine reading that file uses it.
type lane struct {
	conn      driver.Conn
	appenders map[loaders.Kind]*duckdb.Appender
	plates    *duckdb.Appender
	buf       []driver.Value
	file      string // the file being read, its sheet and that sheet's position in the file
	sheet     string
	sheetIdx  int64
}

// newStager stages the files of the drop at dir; their sorted order gives every row its ord.
func newStager(ctx context.Context, d *db, dir string) (*stager, error) {
	files, err := loaders.ListDrop(dir)
	if err != nil {
		return nil, &loaders.StructuralError{File: dir, Err: err}
	}
	rank := make(map[string]int64, len(files))
	for i, f := range files {
		rank[f] = int64(i)
	}
	return &stager{d: d, ctx: ctx, rank: rank, busy: map[string]*lane{}, sources: map[int64]source{}}, nil
}

// ord numbers a row by (file path, sheet order, line) without sorting anything: the file's rank
// in the drop, the sheet's position in its file (sheets of a file arrive in order, from one
// goroutine) and the line, packed into one integer.
func (s *stager) ord(l *lane, r *loaders.Row) int64 {
	switch {
	case l.file != r.File:
		l.file, l.sheet, l.sheetIdx = r.File, r.Sheet, 0
		s.addSource(r.File, r.Sheet, 0)
	case l.sheet != r.Sheet:
		l.sheet, l.sheetIdx = r.Sheet, l.sheetIdx+1
		s.addSource(r.File, r.Sheet, l.sheetIdx)
	}
	return s.rank[r.File]<<ordFileShift | l.sheetIdx<<ordSheetShift | int64(r.Line)
}

// sourceOf is the join condition of the table sources (aliased s) with the rows of table t.
func sourceOf(t string) string {
	return fmt.Sprintf("s.file_rank = %[1]s.ord >> %[2]d AND s.sheet_idx = (%[1]s.ord >> %[3]d) & %[4]d",
		t, ordFileShift, ordSheetShift, 1<<(ordFileShift-ordSheetShift)-1)
}

// addSource records the file and sheet of the rows numbered with sheet position idx.
func (s *stager) addSource(file, sheet string, idx int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sources[s.rank[file]<<(ordFileShift-ordSheetShift)|idx] = source{file, sheet}
}

// where returns the file, sheet and line of the row numbered ord.
func (s *stager) where(ord int64) (string, string, int) {
	src := s.sources[ord>>ordSheetShift]
	return src.file, src.sheet, int(ord & (1<<ordSheetShift - 1))
}

// writeSources stages the table sources: the file and sheet of every file_rank and sheet_idx.
func (s *stager) writeSources(ctx context.Context) error {
	var rows [][]any
	for k, src := range s.sources {
		rows = append(rows, []any{int32(k >> (ordFileShift - ordSheetShift)), int32(k & (1<<(ordFileShift-ordSheetShift) - 1)), src.file, src.sheet})
	}
	return s.d.insert(ctx, "sources", rows)
}

// The layout of ord: 15 bits of file rank, 12 of sheet position, 36 of line.
const (
	ordFileShift  = 48
	ordSheetShift = 36
)

// laneFor returns the lane of file, taking a free one (or opening one) on its first row.
func (s *stager) laneFor(file string) (*lane, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if l := s.busy[file]; l != nil {
		return l, nil
	}
	var l *lane
	if n := len(s.free); n > 0 {
		l, s.free = s.free[n-1], s.free[:n-1]
	} else {
		c, err := s.d.rawConn(s.ctx)
		if err != nil {
			return nil, err
		}
		l = &lane{conn: c, appenders: map[loaders.Kind]*duckdb.Appender{}}
		s.all = append(s.all, l)
	}
	s.busy[file] = l
	return l, nil
}

// fileDone returns the file's lane to the free list.
func (s *stager) fileDone(file string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if l := s.busy[file]; l != nil {
		delete(s.busy, file)
		s.free = append(s.free, l)
	}
}

func (l *lane) appender(k loaders.Kind) (*duckdb.Appender, error) {
	if a := l.appenders[k]; a != nil {
		return a, nil
	}
	a, err := newAppender(l.conn, stagedTable(k))
	if err != nil {
		return nil, fmt.Errorf("appender %s: %w", k, err)
	}
	l.appenders[k] = a
	return a, nil
}

// sink stages one row.
func (s *stager) sink(r *loaders.Row) error {
	sc := loaders.Schemas[r.Kind]
	if sc == nil {
		return fmt.Errorf("staging: unknown kind %q", r.Kind)
	}
	if len(r.Values) != len(sc.Fields) {
		return fmt.Errorf("staging %s: row has %d values, schema %d", r.Kind, len(r.Values), len(sc.Fields))
	}
	l, err := s.laneFor(r.File)
	if err != nil {
		return fmt.Errorf("staging %s: %w", r.File, err)
	}
	a, err := l.appender(r.Kind)
	if err != nil {
		return err
	}
	vals := l.buf[:0]
	for i, f := range sc.Fields {
		v := r.Values[i]
		if !storedField(r.Kind, f.Name) {
			continue
		}
		if f.Type == loaders.List {
			if list, ok := v.([]string); ok && len(list) > 0 {
				if l.plates == nil {
					if l.plates, err = newAppender(l.conn, "unit_nameplates"); err != nil {
						return fmt.Errorf("appender unit_nameplates: %w", err)
					}
				}
				code, _ := r.Values[0].(string)
				for _, p := range list {
					if err := l.plates.AppendRow(code, p, s.ord(l, r)); err != nil {
						return fmt.Errorf("staging nameplates: %w", err)
					}
				}
			}
			continue
		}
		vals = append(vals, v)
	}
	if r.Kind == loaders.KindStaff {
		vals = append(vals, r.Values[staffEstabIdx])
	}
	vals = append(vals, int32(r.Line), s.ord(l, r))
	if i := personField(r.Kind); i >= 0 {
		var pid any
		if id, ok := r.Values[i].(string); ok {
			k, ok := ids.PersonKey(id)
			if !ok {
				return fmt.Errorf("staging %s %s:%s:R%d: ID number %q is not in the canonical form the loader gives", r.Kind, r.File, r.Sheet, r.Line, id)
			}
			pid = k
		}
		vals = append(vals, pid)
	}
	l.buf = vals
	if err := a.AppendRow(vals...); err != nil {
		return fmt.Errorf("staging %s %s:%s:R%d: %w", r.Kind, r.File, r.Sheet, r.Line, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.rows++; s.progress != nil && s.rows%progressEvery == 0 {
		s.progress(Progress{Stage: "load", Rows: s.rows, File: r.File})
	}
	return nil
}

// addRows counts n rows of file staged at once.
func (s *stager) addRows(n int64, file string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	before := s.rows / progressEvery
	if s.rows += n; s.progress != nil && s.rows/progressEvery != before {
		s.progress(Progress{Stage: "load", Rows: s.rows, File: file})
	}
}

// progressEvery is how many staged rows pass between two progress reports.
const progressEvery = 50000

// staffEstabIdx is the position of estab_type in a staff row's values.
var staffEstabIdx = loaders.Schemas[loaders.KindStaff].Index("estab_type")

// close flushes and closes every lane's appenders and connection.
func (s *stager) close() error {
	var first error
	keep := func(err error) {
		if err != nil && first == nil {
			first = err
		}
	}
	for _, l := range s.all {
		for _, k := range loaders.Kinds {
			if a := l.appenders[k]; a != nil {
				if err := a.Close(); err != nil {
					keep(fmt.Errorf("staging %s: %w", k, err))
				}
			}
		}
		if l.plates != nil {
			keep(l.plates.Close())
		}
		keep(l.conn.Close())
	}
	return first
}

// sheetOrder maps (file, sheet) to the sheet's position in its file, from the load report.
func sheetOrder(rep *loaders.Report) map[[2]string]int {
	m := map[[2]string]int{}
	if rep == nil {
		return m
	}
	for _, f := range rep.Files {
		for i, sh := range f.Sheets {
			m[[2]string{f.Path, sh.Sheet}] = i
		}
	}
	return m
}

// duplicateKeys returns where every key of units (unit_code) and identity (id_no) that was staged
// more than once was read.
func (s *stager) duplicateKeys(ctx context.Context) (map[loaders.Kind][]keyPos, error) {
	out := map[loaders.Kind][]keyPos{}
	for _, k := range []loaders.Kind{loaders.KindUnits, loaders.KindIdentity} {
		key := loaders.SQLIdent(loaders.Schemas[k].Fields[keyIndex(k)].Name)
		// people are grouped on pid, one to one with id_no and cheaper to group (rules/README.md)
		group := key
		if personField(k) >= 0 {
			group = "pid"
		}
		q := fmt.Sprintf(`SELECT %[1]s, ord FROM %[2]s
			WHERE %[3]s IN (SELECT %[3]s FROM %[2]s GROUP BY %[3]s HAVING count(*) > 1)`, key, k, group)
		rows, err := s.d.sql.QueryContext(ctx, q)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var p keyPos
			if err := rows.Scan(&p.key, &p.ord); err != nil {
				rows.Close()
				return nil, err
			}
			p.file, p.sheet, p.line = s.where(p.ord)
			out[k] = append(out[k], p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// duplicateRejects finds the rows of units (by unit_code) and identity (by id_no) whose key was
// already read earlier in the drop, "earlier" by (file path, sheet order, line); it adds one
// reject per duplicate to the report, corrects the sheet counts, and returns the rejected rows.
func duplicateRejects(rep *loaders.Report, keys map[loaders.Kind][]keyPos) map[loaders.Kind][]keyPos {
	order := sheetOrder(rep)
	out := map[loaders.Kind][]keyPos{}
	for _, k := range []loaders.Kind{loaders.KindUnits, loaders.KindIdentity} {
		ps := append([]keyPos(nil), keys[k]...)
		sort.SliceStable(ps, func(i, j int) bool {
			a, b := ps[i], ps[j]
			if a.file != b.file {
				return a.file < b.file
			}
			if oa, ob := order[[2]string{a.file, a.sheet}], order[[2]string{b.file, b.sheet}]; oa != ob {
				return oa < ob
			}
			return a.line < b.line
		})
		first := map[string]keyPos{}
		label, what := "单位代码", "unit code"
		if k == loaders.KindIdentity {
			label, what = "身份证号", "ID number"
		}
		for _, p := range ps {
			f, seen := first[p.key]
			if !seen {
				first[p.key] = p
				continue
			}
			out[k] = append(out[k], p)
			rep.Rejects = append(rep.Rejects, loaders.Reject{
				File: p.file, Sheet: p.sheet, Line: p.line, Column: label, Value: p.key,
				Reason: fmt.Sprintf("duplicate %s %s: first read at %s:%s:R%d", what, p.key, f.file, f.sheet, f.line),
				Action: loaders.RowRejected,
			})
			adjustSheet(rep, p.file, p.sheet)
		}
	}
	// keep the report's order: file path, then sheet order, then row
	sort.SliceStable(rep.Rejects, func(i, j int) bool {
		a, b := rep.Rejects[i], rep.Rejects[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if oa, ob := order[[2]string{a.File, a.Sheet}], order[[2]string{b.File, b.Sheet}]; oa != ob {
			return oa < ob
		}
		return a.Line < b.Line
	})
	return out
}

func adjustSheet(rep *loaders.Report, file, sheet string) {
	for i := range rep.Files {
		if rep.Files[i].Path != file {
			continue
		}
		for j := range rep.Files[i].Sheets {
			sh := &rep.Files[i].Sheets[j]
			if sh.Sheet == sheet {
				sh.RowsAccepted--
				sh.RowsRejected++
				return
			}
		}
	}
}

package engine

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/hecha-dev/hecha/loaders"
)

// Cell variants by field type: canonical forms (read set-based), forms only the Go rules read
// (folded, padded, other date forms, synonyms) and forms they reject.
var bulkVariants = map[loaders.FieldType][]string{
	loaders.Text: {"白银区财政局", "D01", "", " 白银区财政局 ", "白银区（财政局）", "A B", "\u200b财政", "a\tb", "—", "\u3000", "科·室", "x\u00a0y", "ＡＢ", "'", "#"},
	loaders.Date: {"2014-03-31", "1983-09-08", "2014-02-30", "2000-02-29", "1900-02-29", "1899-12-31", "2200-01-01", "2199-12-31", "1900-01-01",
		"2014/3/31", "20140331", "2014年3月31日", "41000", "2014-03-31 00:00:00", "", "abc", "2014-3-31", "２０１４-03-31", "2014-00-10", "2014-04-31"},
	loaders.Month:   {"2014-04", "2015-03", "2014-13", "2014-00", "201404", "2014/4", "2014年4月", "", "1899-12", "2199-12", "2200-01", "2014-04-15", " 2014-04", "2014-4"},
	loaders.IDNo:    {"622921198309080024", "62292119830908002X", "62292119830908002x", "622921830908002", "62292119830908002", "６２２９２１１９８３０９０８００２４", "", "6.22921E+17", "ID", " 622921198309080024"},
	loaders.Money:   {"8250.17", "8250", "8250.1", "0", "8250.", ".5", "-12.5", "+12", "¥12.5", "12.345", "1e3", "", "12 000", "00012.50", "9999999999999.99", "99999999999999.99"},
	loaders.Account: {"6228480000001047299", "6228 4800", "", "abc", "１２３", "0"},
	loaders.Count:   {"3", "0", "", "-", "—", "-2", "+2", "007", "1.5", "x", "123456789012345", "1234567890123456", " 4"},
	loaders.List:    {"牌子一", "牌子一；牌子二", "", " 牌子 "},
}

// Names get the variants of a person's name.
var bulkNames = []string{"张三", "火玉兰", "张  三", "阿卜杜拉·买买提", "阿卜杜拉•买买提", " 李四", "", "Tom Smith", "王五\u200b"}

func bulkCell(r *rand.Rand, f *loaders.Field) string {
	if f.Type == loaders.Code {
		vs := append([]string{"", "未知", " " + f.Codes.Values[0]}, f.Codes.Values...)
		for k := range f.Codes.Synonyms {
			vs = append(vs, k)
		}
		sort.Strings(vs) // map order is random; the pick must not be

		return vs[r.IntN(len(vs))]
	}
	if f.Name == "name" {
		return bulkNames[r.IntN(len(bulkNames))]
	}
	vs := bulkVariants[f.Type]
	// canonical forms most of the time, as in real files
	if r.IntN(3) > 0 {
		return vs[r.IntN(min(2, len(vs)))]
	}
	return vs[r.IntN(len(vs))]
}

// writeBulkFile writes one CSV file of kind k with random rows: a shuffled header (sometimes with
// a title row and an unknown column), then rows that are sometimes ragged, blank, white space only
// or all commas, with the line end given.
func writeBulkFile(t *testing.T, r *rand.Rand, path string, k loaders.Kind, rows int, eol string, withList bool) {
	t.Helper()
	s := loaders.Schemas[k]
	var fields []*loaders.Field
	for i := range s.Fields {
		f := &s.Fields[i]
		if f.Type == loaders.List && !withList {
			continue
		}
		if !f.Required && r.IntN(5) == 0 {
			continue
		}
		fields = append(fields, f)
	}
	r.Shuffle(len(fields), func(i, j int) { fields[i], fields[j] = fields[j], fields[i] })
	var b strings.Builder
	if r.IntN(3) == 0 {
		b.WriteString("白银区" + s.Label + eol)
	}
	var head []string
	for _, f := range fields {
		head = append(head, f.Label)
	}
	unknown := r.IntN(3) == 0
	if unknown {
		head = append(head, "备注")
	}
	b.WriteString(strings.Join(head, ",") + eol)
	for n := 0; n < rows; n++ {
		switch r.IntN(40) {
		case 0:
			b.WriteString(eol)
			continue
		case 1:
			b.WriteString("   " + eol)
			continue
		case 2:
			b.WriteString(strings.Repeat(",", len(head)-1) + eol)
			continue
		}
		var cells []string
		for _, f := range fields {
			cells = append(cells, bulkCell(r, f))
		}
		if unknown {
			cells = append(cells, []string{"", "备注", " x "}[r.IntN(3)])
		}
		switch r.IntN(50) {
		case 0:
			cells = append(cells, "多余")
		case 1:
			cells = cells[:len(cells)-1]
		}
		b.WriteString(strings.Join(cells, ","))
		if n < rows-1 || r.IntN(2) == 0 {
			b.WriteString(eol)
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// stagedRows reads every staging table in row order.
func stagedRows(t *testing.T, d *db) map[string][][]any {
	t.Helper()
	out := map[string][][]any{}
	tables := []string{"unit_nameplates", "sources"}
	for _, k := range loaders.Kinds {
		tables = append(tables, string(k))
	}
	for _, tb := range tables {
		order := "ord"
		switch tb {
		case "unit_nameplates":
			order = "ord, nameplate"
		case "sources":
			order = "file_rank, sheet_idx"
		}
		rows, err := d.sql.Query("SELECT * FROM " + tb + " ORDER BY " + order)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			v, err := scanValues(rows, len(cols))
			if err != nil {
				t.Fatal(err)
			}
			out[tb] = append(out[tb], v)
		}
		rows.Close()
	}
	return out
}

// stageWith stages the drop at dir, set-based or row by row, and counts the files the set-based
// path took.
func stageWith(t *testing.T, dir string, rowByRow bool) (*loaders.Report, map[string][][]any, int64) {
	t.Helper()
	rep, rows, n, err := stageDrop(t, dir, rowByRow)
	if err != nil {
		t.Fatal(err)
	}
	return rep, rows, n
}

// stageWithErr is stageWith for a drop that may not load: the error's text takes the place of the
// staged rows.
func stageWithErr(t *testing.T, dir string, rowByRow bool) (*loaders.Report, map[string][][]any, int64) {
	t.Helper()
	rep, rows, n, err := stageDrop(t, dir, rowByRow)
	if err != nil {
		return rep, map[string][][]any{"error": {{err.Error()}}}, n
	}
	return rep, rows, n
}

// stagingDB opens a DuckDB with the staging tables, closed when the test ends.
func stagingDB(t *testing.T) *db {
	t.Helper()
	d, err := openDB("", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if err := d.exec(context.Background(), stagingDDL()...); err != nil {
		t.Fatal(err)
	}
	return d
}

// ignoreReadTime leaves the sheets' read times, which differ between any two loads, out of a
// comparison of reports.
var ignoreReadTime = cmpopts.IgnoreFields(loaders.SheetReport{}, "Duration")

// stageDrop stages the drop at dir into a fresh DuckDB and returns the report, every staged row,
// the number of files read set-based, and the load's error.
func stageDrop(t *testing.T, dir string, rowByRow bool) (*loaders.Report, map[string][][]any, int64, error) {
	t.Helper()
	ctx := context.Background()
	d := stagingDB(t)
	st, err := newStager(ctx, d, dir)
	if err != nil {
		t.Fatal(err)
	}
	var bulked atomic.Int64
	opts := loaders.Options{Workers: 2, FileDone: st.fileDone}
	if !rowByRow {
		opts.BulkCSV = func(ctx context.Context, b *loaders.BulkFile) (bool, error) {
			ok, err := st.bulk(ctx, b)
			if ok {
				bulked.Add(1)
			}
			return ok, err
		}
	}
	rep, err := loaders.LoadDrop(ctx, dir, opts, st.sink)
	if cerr := st.close(); cerr != nil {
		t.Fatal(cerr)
	}
	if err != nil {
		return rep, nil, bulked.Load(), err
	}
	if err := st.writeSources(ctx); err != nil {
		t.Fatal(err)
	}
	keys, err := st.duplicateKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.finishStaging(ctx, duplicateRejects(rep, keys)); err != nil {
		t.Fatal(err)
	}
	return rep, stagedRows(t, d), bulked.Load(), nil
}

// TestBulkSameAsRowByRow: random drops whose cells mix canonical forms, forms only the Go rules
// read, and bad values, with ragged, blank and white-space rows, LF and CRLF files, give the same
// staged rows, rejects and report whether CSV files are read set-based or row by row. The Go
// reader is the reference; the set-based path must take most files.
func TestBulkSameAsRowByRow(t *testing.T) {
	for seed := uint64(1); seed <= 6; seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 99))
			dir := t.TempDir()
			eol := func() string {
				if r.IntN(2) == 0 {
					return "\r\n"
				}
				return "\n"
			}
			files := 0
			for _, k := range loaders.Kinds {
				for i := 0; i < 1+r.IntN(2); i++ {
					name := filepath.Join(dir, fmt.Sprintf("%s_%d.csv", k, i))
					if k == loaders.KindPayroll {
						name = filepath.Join(dir, "工资", fmt.Sprintf("2014年%02d月.csv", i+1))
					}
					writeBulkFile(t, r, name, k, 150+r.IntN(150), eol(), k == loaders.KindUnits && i == 1)
					files++
				}
			}
			// a file with a quote and one with mixed line ends stay with the Go reader
			writeBulkFile(t, r, filepath.Join(dir, "zz_mixed.csv"), loaders.KindIdentity, 50, "\r\n", false)
			appendFile(t, filepath.Join(dir, "zz_mixed.csv"), "\n622921198309080024,张三,男,1983-09-08,正常,\n")
			writeBulkFile(t, r, filepath.Join(dir, "zz_quoted.csv"), loaders.KindIdentity, 50, "\n", false)
			appendFile(t, filepath.Join(dir, "zz_quoted.csv"), "\n\"622921198309080024\",张三,男,1983-09-08,正常,\n")

			want, wantRows, n := stageWith(t, dir, true)
			if n != 0 {
				t.Fatalf("row by row: %d files read set-based", n)
			}
			got, gotRows, n := stageWith(t, dir, false)
			if n < int64(files-2) {
				t.Errorf("only %d of %d files read set-based", n, files)
			}
			if diff := cmp.Diff(want, got, ignoreReadTime); diff != "" {
				t.Errorf("report (-row by row +set-based):\n%s", diff)
			}
			if diff := cmp.Diff(wantRows, gotRows); diff != "" {
				t.Errorf("staged rows (-row by row +set-based):\n%s", diff)
			}
			if len(wantRows["payroll"]) == 0 || len(want.Rejects) == 0 {
				t.Errorf("the drop staged %d payroll rows and %d rejects: the test data is too clean or too broken", len(wantRows["payroll"]), len(want.Rejects))
			}
		})
	}
}

// FuzzBulkCSV: a payroll or staff CSV file with any data lines stages the same rows, rejects and
// report set-based as row by row. Each input opens DuckDB twice (about 30 inputs a second), so
// scripts/fuzz.sh runs it with -fuzzminimizetime 0: minimising every new input would take minutes.
func FuzzBulkCSV(f *testing.F) {
	for _, seed := range []string{
		"2014-04,D01,622921198309080024,张三,6228480000001047299,8250.17,7082.78,财政拨款\n",
		"2014-04,D01,62292119830908002x,张  三,,8250.,,\r\n2014-13,D01,622921198309080024,李四,1,1,1,x\n",
		"2014-4,D01,622921198309080024,阿卜杜拉·买买提,1 2,¥12,-1,\n\n   \n,,,,,,,\n",
		"2014-04,D01,622921198309080024,王五\u00a0,１２３,1e3,12.345,a,extra\n",
	} {
		f.Add(false, seed)
		f.Add(true, seed)
	}
	f.Fuzz(func(t *testing.T, staff bool, body string) {
		head := "发放年月,单位代码,身份证号,姓名,银行账号,应发工资,实发工资,经费来源\n"
		name := "工资.csv"
		if staff {
			head = "身份证号,姓名,性别,出生日期,单位代码,内设机构,编制类型,人员状态,职务,职务类别,进入本单位形式,进入本单位时间,离开本单位时间\n"
			name = "人员.csv"
		}
		if strings.HasPrefix(body, "\r") {
			return // a header line ending in \n\r is a header ending in a lone CR: not a CSV this test is about
		}
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(head+body), 0o644); err != nil {
			t.Fatal(err)
		}
		want, wantRows, _ := stageWithErr(t, dir, true)
		got, gotRows, _ := stageWithErr(t, dir, false)
		if diff := cmp.Diff(want, got, ignoreReadTime); diff != "" {
			t.Errorf("report (-row by row +set-based):\n%s", diff)
		}
		if diff := cmp.Diff(wantRows, gotRows); diff != "" {
			t.Errorf("staged rows (-row by row +set-based):\n%s", diff)
		}
	})
}

// TestBulkNotUTF8PastTheHead: a CSV file that is UTF-8 in the head the scan checks and GB18030
// further on is refused by DuckDB (it reads UTF-8 only) and then read by the Go reader as GB18030,
// staging what reading it row by row stages; a UTF-8 file as long is read set-based.
func TestBulkNotUTF8PastTheHead(t *testing.T) {
	var b strings.Builder
	b.WriteString("发放年月,单位代码,身份证号,姓名,银行账号,应发工资,实发工资,经费来源\n")
	for i := 0; b.Len() <= 300<<10; i++ {
		fmt.Fprintf(&b, "2014-04,D01,62292119830908%04d,张三,6228480000001047299,8250.17,7082.78,财政拨款\n", i)
	}
	utf8Text := b.String()
	gb, err := simplifiedchinese.GB18030.NewEncoder().String("李四")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		text string
		bulk int64
	}{
		{"utf-8", utf8Text + "2014-04,D01,622921198309089999,李四,1,1,1,财政拨款\n", 1},
		{"gb18030 past the head", utf8Text + "2014-04,D01,622921198309089999," + gb + ",1,1,1,财政拨款\n", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "pay.csv"), []byte(tc.text), 0o644); err != nil {
				t.Fatal(err)
			}
			want, wantRows, _ := stageWithErr(t, dir, true)
			got, gotRows, n := stageWithErr(t, dir, false)
			if n != tc.bulk {
				t.Errorf("%d files read set-based, want %d", n, tc.bulk)
			}
			if diff := cmp.Diff(want, got, ignoreReadTime); diff != "" {
				t.Errorf("report (-row by row +set-based):\n%s", diff)
			}
			if diff := cmp.Diff(wantRows, gotRows); diff != "" {
				t.Errorf("staged rows (-row by row +set-based):\n%s", diff)
			}
		})
	}
}

// TestBulkLongLines: long lines past the header search give what reading the file row by row
// gives. A cell over MaxCellLen stops the file: the line check finds it and leaves the file to the
// Go reader, so the rows after it are not staged either. Long cells that are each within it make
// a slow line longer than the line check's read buffer: it is read again in whole and staged.
func TestBulkLongLines(t *testing.T) {
	extra := 9 // columns no field is mapped to
	head := "发放年月,单位代码,身份证号,姓名,银行账号,应发工资,实发工资,经费来源" + strings.Repeat(",备注", extra) + "\n"
	row := "2014-04,D01,622921198309080024,张三,6228480000001047299,8250.17,7082.78,财政拨款" + strings.Repeat(",", extra) + "\n"
	long := strings.Repeat("\U00020000", loaders.MaxCellLen) // 4 bytes a character
	for _, tc := range []struct {
		name, line string
		err        bool
		bulk       int64
	}{
		{"a cell over MaxCellLen", "2014-04,D01,622921198309080024,张三,1,1,1," + long + "款" + strings.Repeat(",", extra) + "\n", true, 0},
		{"long cells within it", "2014-04,D01,622921198309080024,张 三,1,1,1,x" + strings.Repeat(","+long, extra) + "\n", false, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !tc.err && len(tc.line) <= 1<<20 {
				t.Fatalf("the line is %d bytes, not longer than the read buffer", len(tc.line))
			}
			dir := t.TempDir()
			text := head + strings.Repeat(row, 12) + tc.line + row
			if err := os.WriteFile(filepath.Join(dir, "pay.csv"), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			want, wantRows, _ := stageWithErr(t, dir, true)
			got, gotRows, n := stageWithErr(t, dir, false)
			if n != tc.bulk {
				t.Errorf("%d files read set-based, want %d", n, tc.bulk)
			}
			if _, failed := wantRows["error"]; failed != tc.err {
				t.Errorf("row by row: error %v, want %v", wantRows["error"], tc.err)
			}
			if diff := cmp.Diff(want, got, ignoreReadTime); diff != "" {
				t.Errorf("report (-row by row +set-based):\n%s", diff)
			}
			if diff := cmp.Diff(wantRows, gotRows); diff != "" {
				t.Errorf("staged rows (-row by row +set-based):\n%s", diff)
			}
		})
	}
}

// TestPayrollIDFromPid: payroll_rows keep a pay row's ID number as pid only, and the view payroll
// gives back the number the loader read, in its place among the columns, whichever path staged the
// row (a canonical line goes set-based, a lower-case x through the Go rules).
func TestPayrollIDFromPid(t *testing.T) {
	ids := []string{"622921198309080024", "62292119830908002X", "012345678901234567", "62292119830908002x"}
	text := "发放年月,单位代码,身份证号,姓名,银行账号,应发工资,实发工资,经费来源\n"
	for _, id := range ids {
		text += "2014-04,D01," + id + ",张三,6228480000001047299,8250.17,7082.78,财政拨款\n"
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "pay.csv"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, rowByRow := range []bool{false, true} {
		_, rows, n := stageWith(t, dir, rowByRow)
		if want := map[bool]int64{false: 1, true: 0}[rowByRow]; n != want {
			t.Errorf("row by row %v: %d files read set-based, want %d", rowByRow, n, want)
		}
		var got []string
		for _, r := range rows["payroll"] {
			got = append(got, fmt.Sprint(r[2]))
		}
		want := []string{ids[0], ids[1], ids[2], "62292119830908002X"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("row by row %v: payroll's id_no (-want +got):\n%s", rowByRow, diff)
		}
	}
	d := stagingDB(t)
	var cols int
	if err := d.sql.QueryRow(`SELECT count(*) FROM duckdb_columns() WHERE table_name = 'payroll_rows' AND column_name = 'id_no'`).Scan(&cols); err != nil {
		t.Fatal(err)
	}
	if cols != 0 {
		t.Error("payroll_rows stores id_no")
	}
}

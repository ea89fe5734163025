package loaders

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestReadManifest(t *testing.T) {
	dir := t.TempDir()
	if m, err := ReadManifest(dir); err != nil || len(m.Files) != 0 || !m.Params.AsOf.IsZero() {
		t.Fatalf("no manifest: %+v, %v", m, err)
	}
	writeFile(t, dir, ManifestName, []byte(`
[params]
as_of = 2014-03-31
months = ["2014-01", "2014年2月", 2014-03-01]
region_prefixes = ["白银市白银区", "白银区", "区"]

[[file]]
path = "人员/人员.xlsx"
sheet = "Sheet1"
kind = "staff"
header_row = 3
[file.columns]
"证件号" = "id_no"

[[file]]
path = './other\台账.csv'
`))
	m, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := &Manifest{
		Params: Params{
			AsOf:           day(2014, 3, 31),
			Months:         []time.Time{day(2014, 1, 1), day(2014, 2, 1), day(2014, 3, 1)},
			RegionPrefixes: []string{"白银市白银区", "白银区", "区"},
		},
		Files: []ManifestFile{
			{Path: "人员/人员.xlsx", Sheet: "Sheet1", Kind: KindStaff, HeaderRow: 3, Columns: map[string]string{"证件号": "id_no"}},
			{Path: "other/台账.csv"},
		},
	}
	if diff := cmp.Diff(want, m); diff != "" {
		t.Errorf("manifest (-want +got):\n%s", diff)
	}
	writeFile(t, dir, ManifestName, []byte(`[params]`+"\n"+`as_of = "2014/3/31"`))
	if m, err := ReadManifest(dir); err != nil || m.Params.AsOf != day(2014, 3, 31) {
		t.Errorf("as_of as a string: %+v, %v", m, err)
	}
}

func TestBadManifest(t *testing.T) {
	for _, tc := range []struct{ name, text, want string }{
		{"syntax", "[[file]\npath=1", `hecha.toml: toml: line 2: expected end of table array name delimiter ']', but got '\n' instead`},
		{"unknown key", "[params]\nasof = 2014-03-31", "hecha.toml: unknown keys: params.asof (known: [params] as_of, months, region_prefixes; [[file]] path, sheet, kind, header_row, [file.columns])"},
		{"bad as_of", "[params]\nas_of = \"2014-02-30\"", `hecha.toml: [params] as_of: "2014-02-30" is not a real date`},
		{"bad month", "[params]\nmonths = [\"2014-13\"]", `hecha.toml: [params] months: "2014-13" is not a real month`},
		{"no path", "[[file]]\nkind = \"staff\"", "hecha.toml: [[file]] #1: path is missing"},
		{"outside", "[[file]]\npath = \"../x.csv\"", `hecha.toml: [[file]] #1: path "../x.csv" is outside the drop`},
		{"unknown kind", "[[file]]\npath = \"a.csv\"\nkind = \"people\"", `hecha.toml: [[file]] a.csv: unknown kind "people" (known: units, ledger, staff, payroll, identity)`},
		{"unknown field", "[[file]]\npath = \"a.csv\"\nkind = \"staff\"\n[file.columns]\n\"证件\" = \"idno\"", `hecha.toml: [[file]] a.csv: columns name no field of staff: "证件" = "idno"`},
		{"unknown field any kind", "[[file]]\npath = \"a.csv\"\n[file.columns]\n\"证件\" = \"idno\"", `hecha.toml: [[file]] a.csv: columns name no field of any kind: "证件" = "idno"`},
		{"listed twice", "[[file]]\npath = \"a.csv\"\n[[file]]\npath = \"./a.csv\"", `hecha.toml: [[file]] a.csv: the file (and sheet "") is listed twice`},
		{"negative header row", "[[file]]\npath = \"a.csv\"\nheader_row = -1", "hecha.toml: [[file]] a.csv: header_row must be a row number from 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, ManifestName, []byte(tc.text))
			_, err := ReadManifest(dir)
			var se *StructuralError
			if !errors.As(err, &se) || se.File != ManifestName || err.Error() != tc.want {
				t.Errorf("error %v\nwant  %s", err, tc.want)
			}
			// LoadDrop stops on it too.
			if _, _, err := load(t, dir, Options{}); !errors.Is(err, ErrStructural) {
				t.Errorf("LoadDrop: %v", err)
			}
		})
	}
}

func TestManifestDrivesLoad(t *testing.T) {
	dir := t.TempDir()
	// Headers no rule recognises, a header row below row 10, and a sheet whose header would be
	// taken for another kind.
	src := "\n\n\n\n\n\n\n\n\n\n\n" + // 11 blank lines
		"证件号,名字,单位,编制,状态\n" + // line 12
		"620402199001011234,张三,U1,行政,在岗\n"
	writeFile(t, dir, "odd.csv", []byte(src))
	writeXLSX(t, dir, "book.xlsx",
		sheet{name: "A", rows: [][]any{{"标题"}, {"身份证号", "姓名", "户籍状态"}, {"620402199001011234", "甲", "正常"}}},
		sheet{name: "B", rows: [][]any{{"身份证号", "姓名", "户籍状态"}, {"620402199001011234", "乙", "正常"}}},
	)
	writeFile(t, dir, ManifestName, []byte(`
[[file]]
path = "odd.csv"
kind = "staff"
header_row = 12
[file.columns]
"证件号" = "id_no"
"名字" = "name"
"单位" = "unit_code"
"编制" = "estab_type"
"状态" = "status"

[[file]]
path = "book.xlsx"
sheet = "A"
header_row = 2
`))
	c, rep, err := load(t, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.rows) != 3 {
		t.Fatalf("rows %+v\nreport %+v", c.rows, rep)
	}
	if r := c.rows[2]; r.File != "odd.csv" || r.Kind != KindStaff || r.Line != 13 || c.value(t, 2, "estab_type") != "行政编制" {
		t.Errorf("odd.csv row %+v", r)
	}
	if rep.Files[1].Sheets[0].HeaderRow != 12 {
		t.Errorf("header row %d", rep.Files[1].Sheets[0].HeaderRow)
	}

	// A manifest naming a kind the sheet cannot hold, a missing sheet, a missing file.
	for _, tc := range []struct{ manifest, want string }{
		{"[[file]]\npath = \"odd.csv\"\nkind = \"units\"\nheader_row = 12", "odd.csv: sheet odd.csv: the header looks like 机构信息 (units) but lacks the required column(s) 单位代码、单位名称、机构类别"},
		{"[[file]]\npath = \"odd.csv\"\nheader_row = 40", "odd.csv: sheet odd.csv: hecha.toml names header_row 40, but the sheet has no such row"},
		{"[[file]]\npath = \"book.xlsx\"\nsheet = \"C\"", `hecha.toml: [[file]] book.xlsx names sheet "C", but the workbook's sheets are ["A" "B"]`},
		{"[[file]]\npath = \"gone.csv\"", "hecha.toml: names files that are not in the drop: gone.csv"},
	} {
		writeFile(t, dir, ManifestName, []byte(tc.manifest))
		_, _, err := load(t, dir, Options{})
		if !errors.Is(err, ErrStructural) || !contains(errStrings(err), tc.want) {
			t.Errorf("manifest %q: error %v\nwant %s", tc.manifest, err, tc.want)
		}
	}
}

func errStrings(err error) []string {
	var out []string
	for _, e := range unjoin(err) {
		out = append(out, e.Error())
	}
	return out
}

package loaders

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// ManifestName is the file name of the manifest at the root of a drop.
const ManifestName = "hecha.toml"

// Manifest is the optional hecha.toml at the root of a drop (docs/decisions.md): it names the kind,
// sheet, header row and column mapping of files the header rules cannot recognise, and may set the
// parameters of a run.
type Manifest struct {
	Params Params
	Files  []ManifestFile
}

// Params are the run parameters a drop may carry in the [params] table of its manifest. Flags and
// a --config file override them (docs/decisions.md); zero values mean "not set".
type Params struct {
	AsOf           time.Time   // as_of: a date in any form ParseDate reads, or a TOML date
	Months         []time.Time // months: the payroll months examined, first day of each, UTC
	RegionPrefixes []string    // region_prefixes: unit-name prefixes ignored by unit.renamed
}

// ManifestFile is one [[file]] table of the manifest.
type ManifestFile struct {
	Path      string            // relative to the drop, forward slashes
	Sheet     string            // empty: every sheet of the file
	Kind      Kind              // empty: recognised by the header as usual
	HeaderRow int               // as Excel numbers it; 0: searched for in the first 10 rows
	Columns   map[string]string // header text in the file -> english field name
}

type rawManifest struct {
	Params struct {
		AsOf           any      `toml:"as_of"`
		Months         []any    `toml:"months"`
		RegionPrefixes []string `toml:"region_prefixes"`
	} `toml:"params"`
	File []struct {
		Path      string            `toml:"path"`
		Sheet     string            `toml:"sheet"`
		Kind      string            `toml:"kind"`
		HeaderRow int               `toml:"header_row"`
		Columns   map[string]string `toml:"columns"`
	} `toml:"file"`
}

// ReadManifest reads dir/hecha.toml. A drop without one has an empty manifest and no error; a
// manifest that cannot be read or names unknown kinds or fields is a StructuralError naming
// hecha.toml.
func ReadManifest(dir string) (*Manifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if errors.Is(err, fs.ErrNotExist) {
		return &Manifest{}, nil
	}
	if err != nil {
		return nil, &StructuralError{File: ManifestName, Err: err}
	}
	m, err := ParseManifest(b)
	if err != nil {
		return nil, &StructuralError{File: ManifestName, Err: err}
	}
	return m, nil
}

// ParseManifest parses the text of a manifest.
func ParseManifest(b []byte) (*Manifest, error) {
	var raw rawManifest
	md, err := toml.Decode(string(b), &raw)
	if err != nil {
		return nil, err
	}
	if und := md.Undecoded(); len(und) > 0 {
		var keys []string
		for _, k := range und {
			keys = append(keys, k.String())
		}
		return nil, fmt.Errorf("unknown keys: %s (known: [params] as_of, months, region_prefixes; [[file]] path, sheet, kind, header_row, [file.columns])", strings.Join(keys, ", "))
	}
	m := &Manifest{}
	if raw.Params.AsOf != nil {
		t, err := tomlDate(raw.Params.AsOf, false)
		if err != nil {
			return nil, fmt.Errorf("[params] as_of: %w", err)
		}
		m.Params.AsOf = t
	}
	for _, v := range raw.Params.Months {
		t, err := tomlDate(v, true)
		if err != nil {
			return nil, fmt.Errorf("[params] months: %w", err)
		}
		m.Params.Months = append(m.Params.Months, t)
	}
	m.Params.RegionPrefixes = raw.Params.RegionPrefixes
	seen := map[string]bool{}
	for i, f := range raw.File {
		where := fmt.Sprintf("[[file]] #%d", i+1)
		if f.Path == "" {
			return nil, fmt.Errorf("%s: path is missing", where)
		}
		p := path.Clean(strings.ReplaceAll(f.Path, `\`, "/"))
		if path.IsAbs(p) || p == ".." || strings.HasPrefix(p, "../") {
			return nil, fmt.Errorf("%s: path %q is outside the drop", where, f.Path)
		}
		where = fmt.Sprintf("[[file]] %s", p)
		mf := ManifestFile{Path: p, Sheet: f.Sheet, Kind: Kind(f.Kind), HeaderRow: f.HeaderRow, Columns: f.Columns}
		if mf.Kind != "" && Schemas[mf.Kind] == nil {
			return nil, fmt.Errorf("%s: unknown kind %q (known: units, ledger, staff, payroll, identity)", where, f.Kind)
		}
		if f.HeaderRow < 0 {
			return nil, fmt.Errorf("%s: header_row must be a row number from 1", where)
		}
		if err := checkManualColumns(mf.Kind, f.Columns); err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		key := p + "\x00" + f.Sheet
		if seen[key] {
			return nil, fmt.Errorf("%s: the file (and sheet %q) is listed twice", where, f.Sheet)
		}
		seen[key] = true
		m.Files = append(m.Files, mf)
	}
	return m, nil
}

func tomlDate(v any, month bool) (time.Time, error) {
	var t time.Time
	var err error
	switch x := v.(type) {
	case time.Time:
		t = time.Date(x.Year(), x.Month(), x.Day(), 0, 0, 0, 0, time.UTC)
		if month {
			t = firstOfMonth(t)
		}
	case string:
		if month {
			t, err = ParseMonth(x)
		} else {
			t, err = ParseDate(x)
		}
	case int64:
		if month {
			t, err = ParseMonth(fmt.Sprint(x))
		} else {
			t, err = ParseDate(fmt.Sprint(x))
		}
	default:
		err = fmt.Errorf("%v is not a date", v)
	}
	return t, err
}

// entryFor returns the manifest entry for a file and sheet: one naming the sheet wins over one
// naming the whole file.
func (m *Manifest) entryFor(file, sheet string) *ManifestFile {
	if m == nil {
		return nil
	}
	var whole *ManifestFile
	for i := range m.Files {
		f := &m.Files[i]
		if f.Path != file {
			continue
		}
		if f.Sheet == sheet && sheet != "" {
			return f
		}
		if f.Sheet == "" {
			whole = f
		}
	}
	return whole
}

// manualColumns returns the entry's column map keyed by normalised header text.
func (f *ManifestFile) manualColumns() map[string]string {
	if f == nil || len(f.Columns) == 0 {
		return nil
	}
	out := make(map[string]string, len(f.Columns))
	for h, name := range f.Columns {
		out[NormalizeHeader(h)] = name
	}
	return out
}

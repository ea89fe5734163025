package loaders

import (
	"fmt"
	"sort"
	"strings"
)

// headerIndex maps a normalised header key to the index of a field, per kind.
var headerIndex = func() map[Kind]map[string]int {
	out := map[Kind]map[string]int{}
	for _, k := range Kinds {
		s := Schemas[k]
		m := map[string]int{}
		add := func(key string, i int) {
			key = NormalizeHeader(key)
			if j, ok := m[key]; ok && j != i {
				panic(fmt.Sprintf("loaders: header %q names two fields of %s", key, k))
			}
			m[key] = i
		}
		for i, f := range s.Fields {
			add(f.Label, i)
			add(f.Name, i)
			for _, syn := range f.Synonyms {
				add(syn, i)
			}
		}
		out[k] = m
	}
	return out
}()

// colMap is how the columns of one header row map to the fields of one kind.
type colMap struct {
	kind       Kind
	schema     *Schema
	col        []int // per field: column index, or -1 when the sheet lacks it
	unknown    []int // columns with a header that names no field (or a field already taken)
	recognised int
	missing    []string // Chinese labels of the required fields the header lacks
	required   int      // how many required fields the header holds
}

// matchHeader maps a header row to a kind's fields. manual maps normalised header keys to field
// names (a manifest's [file.columns]) and wins over the built-in labels.
func matchHeader(kind Kind, header []Cell, manual map[string]string) *colMap {
	s := Schemas[kind]
	cm := &colMap{kind: kind, schema: s, col: make([]int, len(s.Fields))}
	for i := range cm.col {
		cm.col[i] = -1
	}
	idx := headerIndex[kind]
	for j, c := range header {
		key := NormalizeHeader(c.Value)
		if key == "" {
			continue
		}
		fi, ok := -1, false
		if name, has := manual[key]; has {
			for i := range s.Fields {
				if s.Fields[i].Name == name {
					fi, ok = i, true
				}
			}
		} else {
			fi, ok = idx[key]
		}
		if !ok || cm.col[fi] >= 0 {
			cm.unknown = append(cm.unknown, j)
			continue
		}
		cm.col[fi] = j
		cm.recognised++
	}
	for i, f := range s.Fields {
		if !f.Required {
			continue
		}
		if cm.col[i] >= 0 {
			cm.required++
		} else {
			cm.missing = append(cm.missing, f.Label)
		}
	}
	return cm
}

func (cm *colMap) complete() bool { return len(cm.missing) == 0 }

// better reports whether a is a better match than b. Of two complete matches the one with more
// recognised columns wins (inputs.md); of two incomplete ones, the one holding more required
// columns, then more recognised columns. A tie goes to the earlier kind (b, tried first).
func better(a, b *colMap) bool {
	if b == nil {
		return true
	}
	if !a.complete() && a.required != b.required {
		return a.required > b.required
	}
	return a.recognised > b.recognised
}

// headerChoice is the outcome of looking for a header row among the first rows of a sheet.
type headerChoice struct {
	row     int // index into the buffered rows; -1 when none
	cm      *colMap
	partial *colMap // the best incomplete match holding at least two required columns
	partRow int
}

// findHeader looks for the header among the buffered rows. When kind is set only that kind is
// tried; when at is >= 0 only that row is tried.
func findHeader(rows [][]Cell, kind Kind, at int, manual map[string]string) headerChoice {
	kinds := Kinds
	if kind != "" {
		kinds = []Kind{kind}
	}
	hc := headerChoice{row: -1, partRow: -1}
	for r, row := range rows {
		if at >= 0 && r != at {
			continue
		}
		var best *colMap
		for _, k := range kinds {
			cm := matchHeader(k, row, manual)
			if cm.complete() {
				if better(cm, best) {
					best = cm
				}
			} else if cm.required >= 2 || kind != "" {
				if hc.partial == nil || better(cm, hc.partial) {
					hc.partial, hc.partRow = cm, r
				}
			}
		}
		if best != nil {
			hc.row, hc.cm = r, best
			return hc
		}
	}
	return hc
}

// missingError describes a header that lacks some required columns of its kind.
func (cm *colMap) missingError() error {
	return fmt.Errorf("the header looks like %s (%s) but lacks the required column(s) %s", cm.schema.Label, cm.kind, strings.Join(cm.missing, "、"))
}

// checkManualColumns validates a manifest's column map against a kind.
func checkManualColumns(kind Kind, cols map[string]string) error {
	var bad []string
	for h, name := range cols {
		if kind != "" {
			if Schemas[kind].Field(name) == nil {
				bad = append(bad, fmt.Sprintf("%q = %q", h, name))
			}
			continue
		}
		found := false
		for _, k := range Kinds {
			if Schemas[k].Field(name) != nil {
				found = true
			}
		}
		if !found {
			bad = append(bad, fmt.Sprintf("%q = %q", h, name))
		}
	}
	if len(bad) > 0 {
		sort.Strings(bad)
		what := "any kind"
		if kind != "" {
			what = string(kind)
		}
		return fmt.Errorf("columns name no field of %s: %s", what, strings.Join(bad, ", "))
	}
	return nil
}

// Package rules holds hecha's rule catalogue: one SQL file per rule (docs in README.md), with its
// metadata in `-- @key: value` comment lines at the top of the file, so that each file stays plain
// SQL that any tool can run. The package reads and validates the files without touching DuckDB;
// the engine prepares and runs the queries.
package rules

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/hecha-dev/hecha/findings"
)

//go:embed *.sql
var builtinFS embed.FS

// Rule is one check: a query over the engine's tables plus what a finding of it means.
type Rule struct {
	Code           string            // stable code, also the file name without .sql
	Category       int               // 1-7, the problem line of 附件3 二(一)
	Severity       findings.Severity // high, medium or low
	Subject        string            // what one finding is about (unit, person, nameplate, …)
	Title          string            // short Chinese title
	Description    string            // one Chinese sentence: when the rule fires
	DetailTemplate string            // Chinese detail sentence with {column} placeholders
	SQL            string            // the whole file text (metadata lines are SQL comments)
	Hash           string            // hex sha256 of the file text
	File           string            // where the rule came from, for messages
	// Line maps each metadata key to its line in File, for messages about it.
	Line map[string]int
}

// Problem is one thing wrong with one rule file, positioned at a line when it can be.
type Problem struct {
	File string
	Line int // 0 when the problem concerns the whole file
	Msg  string
}

// String formats the problem as file:line: message (file: message without a line).
func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s: %s", p.File, p.Msg)
}

// ErrInvalid is matched (errors.Is) by every *Error: the rule set cannot be used.
var ErrInvalid = errors.New("invalid rules")

// Error carries every problem found in a set of rule files, so that all can be fixed at once.
type Error struct {
	Problems []Problem
}

// Error lists every problem, one per line.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d problem(s) in rule files:", len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

// Is makes errors.Is(err, ErrInvalid) true.
func (e *Error) Is(target error) bool { return target == ErrInvalid }

// Keys lists the metadata keys a rule file must carry, in the order they are written.
var Keys = []string{"code", "category", "severity", "subject", "title", "description", "detail"}

var (
	metaLine  = regexp.MustCompile(`^--\s*@([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.*?)\s*$`)
	codeShape = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$`)
)

// Builtin returns the rules shipped with hecha, sorted by code.
func Builtin() ([]Rule, error) {
	return load(builtinFS, "rules/")
}

// Load reads every *.sql file at the root of fsys as a rule, sorted by code. It returns every
// problem at once in an *Error: bad or missing metadata, a code that does not match the file
// name, duplicate codes, an empty query, a malformed detail template. Whether the query prepares
// and whether the template's fields are columns of its result are checked by the engine.
func Load(fsys fs.FS) ([]Rule, error) {
	return load(fsys, "")
}

// LoadDir loads a user's rules folder; file names in problems carry the folder.
func LoadDir(dir string) ([]Rule, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("rules folder: %w", err)
	}
	return load(os.DirFS(dir), filepath.ToSlash(dir)+"/")
}

func load(fsys fs.FS, prefix string) ([]Rule, error) {
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []Rule
	var probs []Problem
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			probs = append(probs, Problem{File: prefix + name, Msg: err.Error()})
			continue
		}
		r, ps := Parse(prefix+name, data)
		probs = append(probs, ps...)
		if len(ps) == 0 {
			out = append(out, r)
		}
	}
	merged, err := Merge(out)
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			probs = append(probs, e.Problems...)
		}
	}
	if len(probs) > 0 {
		return nil, &Error{Problems: probs}
	}
	return merged, nil
}

// Merge joins rule sets (the builtin rules first, then a user's) into one list sorted by code; a
// code defined twice is a problem naming both files.
func Merge(sets ...[]Rule) ([]Rule, error) {
	seen := map[string]Rule{}
	var out []Rule
	var probs []Problem
	for _, set := range sets {
		for _, r := range set {
			if first, ok := seen[r.Code]; ok {
				probs = append(probs, Problem{File: r.File, Line: r.Line["code"],
					Msg: fmt.Sprintf("duplicate rule code %s (first defined in %s)", r.Code, first.File)})
				continue
			}
			seen[r.Code] = r
			out = append(out, r)
		}
	}
	if len(probs) > 0 {
		return nil, &Error{Problems: probs}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out, nil
}

// Parse reads one rule file. file is its name for messages; its base name without .sql must be
// the rule's code. It returns the rule and every problem found (the rule is usable only when
// there is none).
func Parse(file string, data []byte) (Rule, []Problem) {
	text := string(data)
	sum := sha256.Sum256(data)
	r := Rule{SQL: text, Hash: hex.EncodeToString(sum[:]), File: file, Line: map[string]int{}}
	var probs []Problem
	bad := func(line int, format string, args ...any) {
		probs = append(probs, Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
	}
	vals := map[string]string{}
	body := false
	for i, raw := range strings.Split(strings.TrimPrefix(text, "\ufeff"), "\n") {
		line := strings.TrimSpace(strings.TrimSuffix(raw, "\r"))
		n := i + 1
		if !strings.HasPrefix(line, "--") {
			if line != "" {
				body = true
			}
			continue
		}
		m := metaLine.FindStringSubmatch(line)
		if m == nil {
			continue // an ordinary comment
		}
		if body {
			bad(n, "metadata line @%s after the start of the query: metadata goes at the top of the file", m[1])
			continue
		}
		key, val := m[1], m[2]
		if !known(key) {
			bad(n, "unknown metadata key @%s (known: %s)", key, strings.Join(Keys, ", "))
			continue
		}
		if _, dup := vals[key]; dup {
			bad(n, "@%s given twice (first on line %d)", key, r.Line[key])
			continue
		}
		vals[key] = val
		r.Line[key] = n
		if val == "" {
			bad(n, "@%s is empty", key)
		}
	}
	for _, k := range Keys {
		if _, ok := vals[k]; !ok {
			bad(0, "missing metadata line -- @%s: …", k)
		}
	}
	if !body {
		bad(0, "no query: the file holds only comments")
	}
	want := strings.TrimSuffix(path.Base(filepath.ToSlash(file)), ".sql")
	if c, ok := vals["code"]; ok && c != "" {
		r.Code = c
		switch {
		case !codeShape.MatchString(c):
			bad(r.Line["code"], "code %q must be lower-case dotted words like staff.over_establishment", c)
		case c != want:
			bad(r.Line["code"], "code %s does not match the file name %s.sql", c, want)
		}
	}
	if c, ok := vals["category"]; ok && c != "" {
		n, err := strconv.Atoi(c)
		if err != nil || n < 1 || n > 7 {
			bad(r.Line["category"], "category %q must be a number from 1 to 7 (the problem lines of 附件3 二(一))", c)
		}
		r.Category = n
	}
	if s, ok := vals["severity"]; ok && s != "" {
		r.Severity = findings.Severity(s)
		if r.Severity.Rank() == 0 {
			bad(r.Line["severity"], "severity %q must be high, medium or low", s)
		}
	}
	r.Subject = vals["subject"]
	r.Title = vals["title"]
	r.Description = vals["description"]
	r.DetailTemplate = vals["detail"]
	if t, ok := vals["detail"]; ok && t != "" {
		if _, err := TemplateFields(t); err != nil {
			bad(r.Line["detail"], "detail template: %v", err)
		}
	}
	sort.SliceStable(probs, func(i, j int) bool { return lineKey(probs[i].Line) < lineKey(probs[j].Line) })
	return r, probs
}

// lineKey orders positioned problems by line, whole-file problems last.
func lineKey(n int) int {
	if n == 0 {
		return int(^uint(0) >> 1)
	}
	return n
}

func known(key string) bool {
	for _, k := range Keys {
		if k == key {
			return true
		}
	}
	return false
}

var fieldName = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

// TemplateFields returns the distinct {field} names of a detail template in order of first use.
// A brace that does not open or close a field name is an error; `{{` and `}}` write a literal brace.
func TemplateFields(t string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	err := walkTemplate(t, func(lit string) {}, func(f string) {
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	})
	return out, err
}

// Render fills a detail template: each {field} is replaced with value(field).
func Render(t string, value func(field string) string) string {
	var b strings.Builder
	_ = walkTemplate(t, func(lit string) { b.WriteString(lit) }, func(f string) { b.WriteString(value(f)) })
	return b.String()
}

// Detail fills the rule's detail template.
func (r *Rule) Detail(value func(field string) string) string { return Render(r.DetailTemplate, value) }

// Fields returns the fields the rule's detail template uses.
func (r *Rule) Fields() []string {
	f, _ := TemplateFields(r.DetailTemplate)
	return f
}

func walkTemplate(t string, lit func(string), field func(string)) error {
	for len(t) > 0 {
		i := strings.IndexAny(t, "{}")
		if i < 0 {
			lit(t)
			return nil
		}
		lit(t[:i])
		if strings.HasPrefix(t[i:], "{{") || strings.HasPrefix(t[i:], "}}") {
			lit(t[i : i+1])
			t = t[i+2:]
			continue
		}
		if t[i] == '}' {
			return fmt.Errorf("unmatched } at byte %d", i)
		}
		j := strings.IndexByte(t[i:], '}')
		if j < 0 {
			return fmt.Errorf("unclosed { at byte %d", i)
		}
		name := t[i+1 : i+j]
		if !fieldName.MatchString(name) {
			return fmt.Errorf("{%s} is not a column name (lower-case letters, digits, _)", name)
		}
		field(name)
		t = t[i+j+1:]
	}
	return nil
}

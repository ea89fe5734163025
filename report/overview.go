package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"sort"

	"github.com/hecha-dev/hecha/findings"
)

//go:embed overview.html.tmpl
var overviewTemplate string

// OverviewInput is what overview.html shows.
type OverviewInput struct {
	Title    string // the district
	RunID    string
	AsOf     string
	Summary  *findings.Summary
	Findings []findings.Finding
	// Reports maps a department code to its report's path relative to the output folder.
	Reports       map[string]string
	SummaryReport string // the whole drop's report, relative
	Workbook      string // findings.xlsx, relative
}

type overviewDept struct {
	Code, Name, Report string
	Estab, Posts       barPair
	Findings           int
	Problems           findings.Problems
}

// barPair is one approved-vs-actual chart: two bars scaled to the larger value.
type barPair struct {
	Approved, Actual int
	ApprovedW        float64 // bar widths in SVG units, out of chartWidth
	ActualW          float64
	Over             bool
}

const chartWidth = 320.0

func newBarPair(approved, actual, scale int) barPair {
	b := barPair{Approved: approved, Actual: actual, Over: actual > approved}
	if scale > 0 {
		b.ApprovedW = chartWidth * float64(approved) / float64(scale)
		b.ActualW = chartWidth * float64(actual) / float64(scale)
	}
	return b
}

type categoryRow struct {
	Number int
	Label  string
	Count  int
}

// WriteOverview writes overview.html: one self-contained page (inline CSS and SVG, no scripts,
// no external fonts) with the district's totals, a chart per department of approved vs actual
// establishment and posts, findings by category, and links to every report and workbook.
func WriteOverview(w io.Writer, in *OverviewInput) error {
	tmpl, err := template.New("overview").Parse(overviewTemplate)
	if err != nil {
		return fmt.Errorf("overview template: %w", err)
	}
	perDept := map[string]int{}
	var cats [8]int
	for _, f := range in.Findings {
		if f.Status == findings.StatusSuppressed {
			continue
		}
		perDept[f.DeptCode]++
		if f.Category >= 1 && f.Category <= 7 {
			cats[f.Category]++
		}
	}
	scaleE, scaleP := 1, 1
	for _, d := range in.Summary.Departments {
		scaleE = max(scaleE, estabTotal(d.Establishment.Approved), estabTotal(d.Establishment.Actual))
		scaleP = max(scaleP, postTotal(d.Posts.Approved), postTotal(d.Posts.Actual))
	}
	var depts []overviewDept
	for _, d := range in.Summary.Departments {
		depts = append(depts, overviewDept{Code: d.Code, Name: d.Name, Report: in.Reports[d.Code],
			Estab:    newBarPair(estabTotal(d.Establishment.Approved), estabTotal(d.Establishment.Actual), scaleE),
			Posts:    newBarPair(postTotal(d.Posts.Approved), postTotal(d.Posts.Actual), scaleP),
			Findings: perDept[d.Code], Problems: d.Problems})
	}
	sort.SliceStable(depts, func(i, j int) bool { return depts[i].Findings > depts[j].Findings })
	var catRows []categoryRow
	for c := 1; c <= 7; c++ {
		catRows = append(catRows, categoryRow{Number: c, Label: findings.Categories[c], Count: cats[c]})
	}
	t := in.Summary.Total
	data := map[string]any{
		"In": in, "Total": t, "Depts": depts, "Categories": catRows,
		"UnitsApproved": unitTotal(t.Units.Approved), "UnitsActual": unitTotal(t.Units.Actual),
		"EstabApproved": estabTotal(t.Establishment.Approved), "EstabActual": estabTotal(t.Establishment.Actual),
		"PostsApproved": postTotal(t.Posts.Approved), "PostsActual": postTotal(t.Posts.Actual),
		"Lines": ProblemLines(t.Problems),
	}
	return tmpl.Execute(w, data)
}

// postTotal counts leadership posts of every class (县处级 and 乡科级 are a split of the same).
func postTotal(t findings.PostTally) int { return t.Chief + t.Deputy + t.Other + t.Internal }

package findings

import (
	"sort"
	"time"
)

// Conclusions an auditor records on a finding (the 结论 column).
const (
	ConclusionTrue      = "属实"
	ConclusionFalse     = "不属实"
	ConclusionRectified = "已整改"
)

// Decision is an auditor's conclusion on a finding, matched by fingerprint.
type Decision struct {
	Fingerprint string
	Conclusion  string
	Opinion     string
	By          string
	At          time.Time
	Expires     time.Time // zero: never
	// Reopened is set once a run has found the finding again after an 已整改 decision: the closure
	// is then spent.
	Reopened bool
}

// Active reports whether the decision applies on day t.
func (d *Decision) Active(t time.Time) bool {
	return d.Expires.IsZero() || !t.After(d.Expires)
}

// Change kinds of the change list since the previous run.
const (
	ChangeNew          = "new"           // found now, not in the previous run
	ChangeResolved     = "resolved"      // in the previous run, gone now, and its unit's sources loaded
	ChangeReopened     = "reopened"      // closed as 已整改, and found again
	ChangeNotEvaluated = "not_evaluated" // in the previous run, gone now, but a source covering it did not load
	ChangeRuleChanged  = "rule_changed"  // the rule's text changed since the previous run: no comparison
)

// Change is one line of the change list.
type Change struct {
	Kind    string
	Finding Finding // the current finding, or the previous one for resolved and not evaluated
}

// Coverage says which sources loaded in a run: for each kind, the unit codes that have rows, and
// whether the kind loaded at all.
type Coverage struct {
	Units map[string]map[string]bool // kind -> unit code -> has rows
	Kinds map[string]bool            // kind -> loaded at all
}

// Covers reports whether every source that covered the unit in prev covers it in c too.
func (c *Coverage) Covers(prev *Coverage, unit string) bool {
	if prev == nil {
		return true
	}
	for kind, units := range prev.Units {
		if units[unit] && !c.Units[kind][unit] {
			return false
		}
	}
	for kind, loaded := range prev.Kinds {
		if loaded && !c.Kinds[kind] {
			return false
		}
	}
	return true
}

// Previous is what the store remembers of the previous run.
type Previous struct {
	Findings   []Finding
	RuleHashes map[string]string // rule code -> hash of its text
	Coverage   *Coverage
}

// Classify sets each current finding's Status (new, open or suppressed) and returns the change
// list against the previous run (nil prev: the first run, everything is new). decisions holds the
// latest decision per fingerprint; day is the run's date, for expiry. It returns the fingerprints
// whose 已整改 closure this run spends (found again), for the store to mark.
func Classify(cur []Finding, ruleHashes map[string]string, cov *Coverage, prev *Previous, decisions map[string]*Decision, day time.Time) (changes []Change, reopened []string) {
	prevByFP := map[string]*Finding{}
	var prevHashes map[string]string
	var prevCov *Coverage
	if prev != nil {
		for i := range prev.Findings {
			prevByFP[prev.Findings[i].Fingerprint] = &prev.Findings[i]
		}
		prevHashes, prevCov = prev.RuleHashes, prev.Coverage
	}
	ruleChanged := func(rule string) bool {
		if prev == nil {
			return false
		}
		old, ok := prevHashes[rule]
		return ok && old != ruleHashes[rule]
	}
	curFP := map[string]bool{}
	for i := range cur {
		f := &cur[i]
		curFP[f.Fingerprint] = true
		_, seen := prevByFP[f.Fingerprint]
		d := decisions[f.Fingerprint]
		switch {
		case d != nil && d.Conclusion == ConclusionFalse && d.Active(day):
			f.Status = StatusSuppressed
			continue
		case d != nil && d.Conclusion == ConclusionRectified && d.Active(day) && !d.Reopened:
			f.Status = StatusOpen
			changes = append(changes, Change{Kind: ChangeReopened, Finding: *f})
			reopened = append(reopened, f.Fingerprint)
			continue
		case seen:
			f.Status = StatusOpen
		default:
			f.Status = StatusNew
		}
		switch {
		case ruleChanged(f.Rule):
			changes = append(changes, Change{Kind: ChangeRuleChanged, Finding: *f})
		case !seen:
			changes = append(changes, Change{Kind: ChangeNew, Finding: *f})
		}
	}
	if prev != nil {
		for i := range prev.Findings {
			p := prev.Findings[i]
			if curFP[p.Fingerprint] || p.Status == StatusSuppressed {
				continue
			}
			switch {
			case ruleChanged(p.Rule):
				changes = append(changes, Change{Kind: ChangeRuleChanged, Finding: p})
			case !cov.Covers(prevCov, p.UnitCode):
				changes = append(changes, Change{Kind: ChangeNotEvaluated, Finding: p})
			default:
				changes = append(changes, Change{Kind: ChangeResolved, Finding: p})
			}
		}
	}
	sort.SliceStable(changes, func(i, j int) bool {
		a, b := changes[i], changes[j]
		if a.Kind != b.Kind {
			return changeOrder[a.Kind] < changeOrder[b.Kind]
		}
		if a.Finding.Rule != b.Finding.Rule {
			return a.Finding.Rule < b.Finding.Rule
		}
		if a.Finding.UnitCode != b.Finding.UnitCode {
			return a.Finding.UnitCode < b.Finding.UnitCode
		}
		return a.Finding.Subject < b.Finding.Subject
	})
	return changes, reopened
}

var changeOrder = map[string]int{ChangeNew: 0, ChangeReopened: 1, ChangeResolved: 2, ChangeNotEvaluated: 3, ChangeRuleChanged: 4}

// ProblemsOf computes the 二(一) numbers from findings, leaving out suppressed ones: an auditor's
// 不属实 takes a finding out of the department's report.
func ProblemsOf(fs []Finding) Problems {
	var p Problems
	units := map[int]map[string]bool{1: {}, 2: {}, 4: {}}
	persons := map[string]bool{}
	for i := range fs {
		f := &fs[i]
		if f.Status == StatusSuppressed {
			continue
		}
		switch f.Category {
		case 1, 2, 4:
			units[f.Category][f.UnitCode] = true
		case 3:
			p.Nameplates++
		case 6:
			persons[f.IDNo] = true
		case 7:
			p.Other++
		}
		switch f.Rule {
		case "staff.over_establishment":
			p.OverEstablishment += int(f.Count)
		case "posts.over_leaders":
			p.OverLeaders += int(f.Count)
		case "posts.over_internal_leaders":
			p.OverInternalLeaders += int(f.Count)
		}
	}
	p.UnapprovedUnits, p.FormChanged, p.Renamed = len(units[1]), len(units[2]), len(units[4])
	p.GhostPersons = len(persons)
	return p
}

// ApplyProblems recomputes the problem lines of every department and of the total from the
// findings (after their statuses are set).
func (s *Summary) ApplyProblems(fs []Finding) {
	byDept := map[string][]Finding{}
	for _, f := range fs {
		byDept[f.DeptCode] = append(byDept[f.DeptCode], f)
	}
	var total Problems
	for i := range s.Departments {
		d := &s.Departments[i]
		d.Problems = ProblemsOf(byDept[d.Code])
		addProblems(&total, d.Problems)
	}
	s.Total.Problems = total
}

func addProblems(p *Problems, q Problems) {
	p.UnapprovedUnits += q.UnapprovedUnits
	p.FormChanged += q.FormChanged
	p.Nameplates += q.Nameplates
	p.Renamed += q.Renamed
	p.OverEstablishment += q.OverEstablishment
	p.OverLeaders += q.OverLeaders
	p.OverInternalLeaders += q.OverInternalLeaders
	p.GhostPersons += q.GhostPersons
	p.Other += q.Other
}

package findings

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func fnd(rule, unit, subject string) Finding {
	return Finding{Rule: rule, UnitCode: unit, Subject: subject, Fingerprint: Fingerprint(rule, unit, subject)}
}

func cov(units map[string][]string, kinds ...string) *Coverage {
	c := &Coverage{Units: map[string]map[string]bool{}, Kinds: map[string]bool{}}
	for k, us := range units {
		c.Units[k] = map[string]bool{}
		for _, u := range us {
			c.Units[k][u] = true
		}
	}
	for _, k := range kinds {
		c.Kinds[k] = true
	}
	return c
}

type change struct{ Kind, Rule, Unit, Subject string }

func flatten(cs []Change) []change {
	var out []change
	for _, c := range cs {
		out = append(out, change{c.Kind, c.Finding.Rule, c.Finding.UnitCode, c.Finding.Subject})
	}
	return out
}

func TestClassify(t *testing.T) {
	day := time.Date(2015, 4, 1, 0, 0, 0, 0, time.UTC)
	hashes := map[string]string{"a": "1", "b": "2", "c": "3"}
	prev := &Previous{
		Findings: []Finding{fnd("a", "U1", "x"), fnd("a", "U2", "y"), fnd("a", "U3", "z"), fnd("c", "U1", "old"), fnd("a", "U1", "fixed")},
		// U2's payroll loaded last time.
		RuleHashes: map[string]string{"a": "1", "b": "2", "c": "OLD"},
		Coverage:   cov(map[string][]string{"payroll": {"U1", "U2", "U3"}}, "payroll"),
	}
	cur := []Finding{fnd("a", "U1", "x"), fnd("b", "U1", "n"), fnd("c", "U1", "new"), fnd("a", "U1", "fixed"), fnd("b", "U4", "lie")}
	decisions := map[string]*Decision{
		Fingerprint("a", "U1", "fixed"): {Conclusion: ConclusionRectified},
		Fingerprint("b", "U4", "lie"):   {Conclusion: ConclusionFalse},
	}
	// This run U2's payroll is missing: its finding is not evaluated, not resolved.
	now := cov(map[string][]string{"payroll": {"U1", "U3"}}, "payroll")
	changes, reopened := Classify(cur, hashes, now, prev, decisions, day)
	want := []change{
		{ChangeNew, "b", "U1", "n"},
		{ChangeReopened, "a", "U1", "fixed"},
		{ChangeResolved, "a", "U3", "z"},
		{ChangeNotEvaluated, "a", "U2", "y"},
		{ChangeRuleChanged, "c", "U1", "new"},
		{ChangeRuleChanged, "c", "U1", "old"},
	}
	if diff := cmp.Diff(want, flatten(changes)); diff != "" {
		t.Fatalf("changes (-want +got):\n%s", diff)
	}
	statuses := map[string]string{}
	for _, f := range cur {
		statuses[f.Rule+"/"+f.UnitCode+"/"+f.Subject] = f.Status
	}
	wantStatus := map[string]string{"a/U1/x": StatusOpen, "b/U1/n": StatusNew, "c/U1/new": StatusNew, "a/U1/fixed": StatusOpen, "b/U4/lie": StatusSuppressed}
	if diff := cmp.Diff(wantStatus, statuses); diff != "" {
		t.Fatalf("statuses (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{Fingerprint("a", "U1", "fixed")}, reopened); diff != "" {
		t.Fatalf("reopened (-want +got):\n%s", diff)
	}
}

func TestClassifyExpiredSuppressionAndSpentClosure(t *testing.T) {
	day := time.Date(2015, 4, 1, 0, 0, 0, 0, time.UTC)
	f := fnd("a", "U1", "x")
	cur := []Finding{f}
	d := map[string]*Decision{f.Fingerprint: {Conclusion: ConclusionFalse, Expires: day.AddDate(0, 0, -1)}}
	prev := &Previous{Findings: []Finding{f}, RuleHashes: map[string]string{"a": "1"}}
	changes, _ := Classify(cur, map[string]string{"a": "1"}, &Coverage{}, prev, d, day)
	if cur[0].Status != StatusOpen || len(changes) != 0 {
		t.Fatalf("expired 不属实 still applies: %s %v", cur[0].Status, changes)
	}
	d[f.Fingerprint] = &Decision{Conclusion: ConclusionRectified, Reopened: true}
	changes, reopened := Classify(cur, map[string]string{"a": "1"}, &Coverage{}, prev, d, day)
	if cur[0].Status != StatusOpen || len(changes) != 0 || len(reopened) != 0 {
		t.Fatalf("a spent 已整改 closure reopened again: %s %v %v", cur[0].Status, changes, reopened)
	}
}

func TestProblemsOfSkipsSuppressed(t *testing.T) {
	fs := []Finding{
		{Rule: "unit.unapproved", Category: 1, UnitCode: "U1"}, {Rule: "unit.revoked_active", Category: 1, UnitCode: "U1"},
		{Rule: "unit.nameplate_unapproved", Category: 3, UnitCode: "U1", Subject: "p1"},
		{Rule: "unit.nameplate_unapproved", Category: 3, UnitCode: "U1", Subject: "p2"},
		{Rule: "staff.over_establishment", Category: 5, Count: 3}, {Rule: "posts.over_leaders", Category: 5, Count: 1},
		{Rule: "posts.over_internal_leaders", Category: 5, Count: 2},
		{Rule: "payroll.after_death", Category: 6, IDNo: "A"}, {Rule: "payroll.multi_unit", Category: 6, IDNo: "A"},
		{Rule: "payroll.after_exit", Category: 6, IDNo: "B", Status: StatusSuppressed},
		{Rule: "staff.not_paid", Category: 7},
	}
	want := Problems{UnapprovedUnits: 1, Nameplates: 2, OverEstablishment: 3, OverLeaders: 1, OverInternalLeaders: 2, GhostPersons: 1, Other: 1}
	if diff := cmp.Diff(want, ProblemsOf(fs)); diff != "" {
		t.Fatalf("problems (-want +got):\n%s", diff)
	}
}

package engine

import (
	"context"
	"path/filepath"
	"testing"
)

func TestNoticesAndCoverage(t *testing.T) {
	res, err := Run(context.Background(), Config{Input: filepath.Join("testdata", "rules", "establishment", "drop"), Notices: true})
	if err != nil {
		t.Fatal(err)
	}
	var d01 int = -1
	for i, n := range res.Notices {
		if n.UnitCode == "D01" {
			d01 = i
		}
	}
	if d01 < 0 {
		t.Fatalf("no notice for D01 among %d", len(res.Notices))
	}
	n := res.Notices[d01]
	if n.UnitName != "白银区财政局" || n.DeptCode != "D01" || n.Kind != "行政机构" || n.Rank != "正科级" {
		t.Fatalf("D01 facts: %+v", n)
	}
	if n.Estab.Approved.Admin != 3 || n.Estab.Approved.Service != 1 || n.Posts.Approved.Chief != 1 {
		t.Fatalf("D01 approved: %+v %+v", n.Estab.Approved, n.Posts.Approved)
	}
	actual := n.Estab.Actual.Admin + n.Estab.Actual.Inst + n.Estab.Actual.Service + n.Estab.Actual.Other + n.Outside
	if actual != len(n.Staff) || len(n.Staff) == 0 {
		t.Fatalf("D01 counts %d persons by type but lists %d", actual, len(n.Staff))
	}
	for i := 1; i < len(n.Staff); i++ {
		if n.Staff[i-1].IDNo > n.Staff[i].IDNo {
			t.Fatalf("staff list not in ID order at %d", i)
		}
	}
	cov := res.Coverage
	for _, k := range []string{"units", "ledger", "staff", "payroll", "identity"} {
		if !cov.Kinds[k] {
			t.Errorf("kind %s not covered", k)
		}
	}
	if !cov.Units["staff"]["D01"] || !cov.Units["payroll"]["D01"] || !cov.Units["ledger"]["N02"] || cov.Units["units"]["N02"] {
		t.Errorf("unit coverage wrong: staff D01 %v, payroll D01 %v, ledger N02 %v, units N02 %v",
			cov.Units["staff"]["D01"], cov.Units["payroll"]["D01"], cov.Units["ledger"]["N02"], cov.Units["units"]["N02"])
	}
	without, err := Run(context.Background(), Config{Input: filepath.Join("testdata", "rules", "establishment", "drop")})
	if err != nil {
		t.Fatal(err)
	}
	if without.Notices != nil {
		t.Fatal("notices built without being asked for")
	}
}

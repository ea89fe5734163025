package engine

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func deltas(field int, v int64) [nCounts]int64 {
	var d [nCounts]int64
	d[field] = v
	return d
}

func TestFoldLedger(t *testing.T) {
	asOf := day("2024-12-31")
	events := []LedgerEvent{
		// A: orphan adjustment before 设立, counted; a rename; negative then positive
		{UnitCode: "A", DocNo: "a0", DocDate: day("2010-01-01"), Event: "编制调整", Deltas: deltas(fAdmin, 2), Ord: 1},
		{UnitCode: "A", DocNo: "a1", DocDate: day("2011-01-01"), Event: "设立", UnitName: "甲局", UnitKind: "行政机构", Funding: "全额拨款", Rank: "正科级", ParentCode: "P", Deltas: deltas(fAdmin, 1), Ord: 2},
		{UnitCode: "A", DocNo: "a2", DocDate: day("2012-01-01"), Event: "更名", UnitName: "甲中心", Ord: 3},
		{UnitCode: "A", DocNo: "a3", DocDate: day("2013-01-01"), Event: "类别调整", UnitKind: "事业单位", Ord: 4},
		{UnitCode: "A", DocNo: "a4", DocDate: day("2014-01-01"), Event: "编制调整", Deltas: deltas(fService, -1), Ord: 5},
		{UnitCode: "A", DocNo: "a5", DocDate: day("2015-01-01"), Event: "编制调整", Deltas: deltas(fService, 1), Ord: 6},
		// an event after as_of changes nothing and is no orphan
		{UnitCode: "A", DocNo: "a9", DocDate: day("2025-01-01"), Event: "撤销", Ord: 7},
		{UnitCode: "Z", DocNo: "z9", DocDate: day("2025-01-01"), Event: "编制调整", Deltas: deltas(fAdmin, 1), Ord: 8},
		// B: revoked, then events that change nothing, then re-established from zero
		{UnitCode: "B", DocNo: "b1", DocDate: day("2010-01-01"), Event: "设立", UnitName: "乙所", Deltas: deltas(fInstFull, 5), Ord: 9},
		{UnitCode: "B", DocNo: "b2", DocDate: day("2010-06-01"), Event: "加挂牌子", Nameplate: "乙牌", Ord: 10},
		{UnitCode: "B", DocNo: "b3", DocDate: day("2011-01-01"), Event: "撤销", Ord: 11},
		{UnitCode: "B", DocNo: "b4", DocDate: day("2012-01-01"), Event: "编制调整", Deltas: deltas(fInstFull, 7), Ord: 12},
		{UnitCode: "B", DocNo: "b5", DocDate: day("2012-01-01"), Event: "加挂牌子", Nameplate: "乙二牌", Ord: 13},
		// C: ties on one date follow Ord, not the input order; negative names the last doc taking it below 0
		{UnitCode: "C", DocNo: "c2", DocDate: day("2016-01-01"), Event: "更名", UnitName: "丙二", Ord: 21},
		{UnitCode: "C", DocNo: "c1", DocDate: day("2016-01-01"), Event: "更名", UnitName: "丙一", Ord: 20},
		{UnitCode: "C", DocNo: "c0", DocDate: day("2015-01-01"), Event: "设立", UnitName: "丙", Deltas: deltas(fLeadChief, 1), Ord: 30},
		{UnitCode: "C", DocNo: "c3", DocDate: day("2016-02-01"), Event: "编制调整", Deltas: deltas(fLeadChief, -2), Ord: 31},
		{UnitCode: "C", DocNo: "c4", DocDate: day("2016-03-01"), Event: "编制调整", Deltas: deltas(fLeadChief, 3), Ord: 32},
		{UnitCode: "C", DocNo: "c5", DocDate: day("2016-04-01"), Event: "编制调整", Deltas: deltas(fLeadChief, -4), Ord: 33},
		{UnitCode: "C", DocNo: "c6", DocDate: day("2016-05-01"), Event: "编制调整", Deltas: deltas(fLeadChief, -1), Ord: 34},
		// D: 撤销牌子 then a new 加挂牌子 of the same name
		{UnitCode: "D", DocNo: "d0", DocDate: day("2010-01-01"), Event: "设立", UnitName: "丁", Ord: 40},
		{UnitCode: "D", DocNo: "d1", DocDate: day("2011-01-01"), Event: "加挂牌子", Nameplate: "丁牌", Ord: 41},
		{UnitCode: "D", DocNo: "d2", DocDate: day("2012-01-01"), Event: "撤销牌子", Nameplate: "丁 牌", Ord: 42},
		{UnitCode: "D", DocNo: "d3", DocDate: day("2013-01-01"), Event: "加挂牌子", Nameplate: "丁牌", Ord: 43},
		{UnitCode: "D", DocNo: "d4", DocDate: day("2013-01-01"), Event: "加挂牌子", Nameplate: "丁二牌", Ord: 44},
		{UnitCode: "D", DocNo: "d5", DocDate: day("2014-01-01"), Event: "撤销牌子", Nameplate: "丁二牌", Ord: 45},
	}
	f := FoldLedger(events, asOf, NewNameNormalizer(nil).Norm)

	if d := cmp.Diff([]string{"A", "B", "C", "D"}, f.Codes); d != "" {
		t.Errorf("codes (-want +got)\n%s", d)
	}
	a := f.Units["A"]
	if !a.Active() || a.Name != "甲中心" || a.NameDoc != "a2" || a.Kind != "事业单位" || a.Funding != "全额拨款" || a.FormDoc != "a3" || a.Parent != "P" {
		t.Errorf("A state: %+v", a)
	}
	if a.Counts[fAdmin] != 3 || cmp.Diff([]string{"a0", "a1"}, a.Docs[fAdmin]) != "" {
		t.Errorf("A admin = %d by %v, want 3 by a0、a1", a.Counts[fAdmin], a.Docs[fAdmin])
	}
	if a.Counts[fService] != 0 {
		t.Errorf("A service = %d, want 0", a.Counts[fService])
	}
	b := f.Units["B"]
	if !b.Established || !b.Revoked || b.Active() || b.RevokeDoc != "b3" || b.Counts[fInstFull] != 0 || len(b.Nameplates()) != 0 {
		t.Errorf("B after 撤销: %+v", b)
	}
	c := f.Units["C"]
	if c.Name != "丙二" || c.NameDoc != "c2" {
		t.Errorf("C name = %s by %s, want 丙二 by c2 (ties follow row order)", c.Name, c.NameDoc)
	}
	d := f.Units["D"]
	if got := d.Nameplates(); len(got) != 1 || got[0] != (Plate{"丁牌", "d3"}) {
		t.Errorf("D nameplates = %v", got)
	}
	// only A's first event precedes a 设立; Z's event is after as_of
	wantOrphans := []Orphan{{UnitCode: "A", DocNo: "a0", DocDate: day("2010-01-01"), Event: "编制调整"}}
	if diff := cmp.Diff(wantOrphans, f.Orphans); diff != "" {
		t.Errorf("orphans (-want +got)\n%s", diff)
	}
	wantNeg := []Negative{{UnitCode: "C", Field: CountFields[fLeadChief], Value: -3, DocNo: "c5", DocDate: day("2016-04-01")}}
	if diff := cmp.Diff(wantNeg, f.Negatives); diff != "" {
		t.Errorf("negatives (-want +got)\n%s", diff)
	}
	if c.Approved(fLeadChief) != 0 {
		t.Errorf("C approved lead_chief = %d, want 0 (clamped)", c.Approved(fLeadChief))
	}
}

// TestFoldReestablish: a 设立 after a 撤销 starts from zero.
func TestFoldReestablish(t *testing.T) {
	events := []LedgerEvent{
		{UnitCode: "B", DocNo: "b1", DocDate: day("2010-01-01"), Event: "设立", UnitName: "乙所", Deltas: deltas(fInstFull, 5), Ord: 1},
		{UnitCode: "B", DocNo: "b2", DocDate: day("2011-01-01"), Event: "撤销", Ord: 2},
		{UnitCode: "B", DocNo: "b3", DocDate: day("2012-01-01"), Event: "编制调整", Deltas: deltas(fInstFull, 7), Ord: 3},
		{UnitCode: "B", DocNo: "b4", DocDate: day("2013-01-01"), Event: "设立", UnitName: "乙中心", Deltas: deltas(fInstFull, 1), Ord: 4},
	}
	b := FoldLedger(events, day("2024-12-31"), foldName).Units["B"]
	if !b.Active() || b.Counts[fInstFull] != 1 || b.Name != "乙中心" || cmp.Diff([]string{"b4"}, b.Docs[fInstFull]) != "" {
		t.Errorf("B re-established: active=%v inst_full=%d docs=%v name=%s", b.Active(), b.Counts[fInstFull], b.Docs[fInstFull], b.Name)
	}
	if b2 := FoldLedger(events, day("2012-06-30"), foldName).Units["B"]; !b2.Revoked || b2.Counts[fInstFull] != 0 {
		t.Errorf("B on 2012-06-30: revoked=%v inst_full=%d", b2.Revoked, b2.Counts[fInstFull])
	}
}

func TestRetirementMonth(t *testing.T) {
	r := DefaultRetirement()
	group := func(male, worker bool) RetirementGroup {
		for _, g := range r.Groups {
			if g.Male == male && g.Worker == worker {
				return g
			}
		}
		t.Fatal("no group")
		return RetirementGroup{}
	}
	for _, c := range []struct {
		male, worker bool
		birth, want  string
	}{
		{true, false, "1964-12-31", "2024-12"},
		{true, false, "1965-01-01", "2025-02"}, // 60y1m
		{true, false, "1965-04-30", "2025-05"}, // 60y1m
		{true, false, "1965-05-01", "2025-07"}, // 60y2m
		{true, true, "1976-12-01", "2039-12"},  // capped at 63
		{false, false, "1969-12-01", "2024-12"},
		{false, false, "1970-01-01", "2025-02"},
		{false, false, "1981-12-01", "2039-12"}, // capped at 58
		{false, true, "1974-12-01", "2024-12"},
		{false, true, "1975-01-01", "2025-02"},
		{false, true, "1975-03-01", "2025-05"},
		{false, true, "1984-12-01", "2039-12"}, // capped at 55
	} {
		got := group(c.male, c.worker).RetirementMonth(day(c.birth)).Format("2006-01")
		if got != c.want {
			t.Errorf("male=%v worker=%v born %s: retire %s, want %s", c.male, c.worker, c.birth, got, c.want)
		}
	}
}

func TestNames(t *testing.T) {
	n := NewNameNormalizer([]string{"区", "白银市白银区", "白银区"})
	for _, c := range [][2]string{
		{"白银市白银区财政局", "财政局"},
		{"白银区 财政局（本级）", "财政局本级"},
		{"区财政局", "财政局"},
		{"白银区", "白银区"}, // a prefix alone is kept
		{"ＡＢＣ中心", "ABC中心"},
	} {
		if got := n.Norm(c[0]); got != c[1] {
			t.Errorf("Norm(%q) = %q, want %q", c[0], got, c[1])
		}
	}
	got := DeriveRegionPrefixes([]string{"白银区财政局", "白银区教育局", "白银市白银区档案馆", "白银区卫生局"})
	if d := cmp.Diff([]string{"白银区", "区"}, got); d != "" {
		t.Errorf("derived prefixes (-want +got)\n%s", d)
	}
}

func TestDepartment(t *testing.T) {
	parents := map[string]string{"A": "", "B": "A", "C": "B", "X": "Y", "Y": "X", "W": "X", "Q": "UNKNOWN"}
	p := func(c string) string { return parents[c] }
	for c, want := range map[string]string{"A": "A", "B": "A", "C": "A", "X": "X", "Y": "Y", "W": "X", "Q": "UNKNOWN"} {
		if got := department(c, p); got != want {
			t.Errorf("department(%s) = %s, want %s", c, got, want)
		}
	}
}

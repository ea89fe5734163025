package engine

import (
	"sort"
	"strings"
	"time"

	"github.com/hecha-dev/hecha/loaders"
)

// CountField is one approved count of the ledger: an establishment type or a post class.
type CountField struct {
	Name  string // english field name of the ledger kind (admin, lead_chief, …)
	Label string // Chinese label: the establishment type or post class it approves
}

// CountFields lists the ledger's count fields in the order of inputs.md. Each label equals the
// staff registry value it is compared with (estab_type or post_class).
var CountFields = []CountField{
	{"admin", loaders.EstabAdmin},
	{"politics_law", loaders.EstabPolitics},
	{"inst_full", loaders.EstabFull},
	{"inst_partial", loaders.EstabPartial},
	{"inst_self", loaders.EstabSelf},
	{"service", loaders.EstabService},
	{"other", loaders.EstabOther},
	{"lead_chief", "部门领导正职"},
	{"lead_deputy", "部门领导副职"},
	{"lead_other", "部门其他领导"},
	{"lead_internal", "内设机构领导"},
	{"nonlead_principal", "主任科员"},
	{"nonlead_deputy", "副主任科员"},
}

// Indexes into CountFields, for the summary.
const (
	fAdmin = iota
	fPolitics
	fInstFull
	fInstPartial
	fInstSelf
	fService
	fOther
	fLeadChief
	fLeadDeputy
	fLeadOther
	fLeadInternal
	fNonleadPrincipal
	fNonleadDeputy
	nCounts
)

// LedgerEvent is one row of the ledger, as the fold reads it. Optional text fields are "" when
// absent.
type LedgerEvent struct {
	UnitCode   string
	UnitName   string
	DocNo      string
	DocDate    time.Time
	Event      string
	UnitKind   string
	Funding    string
	Rank       string
	Nameplate  string
	ParentCode string
	Deltas     [nCounts]int64
	// Ord orders events of the same date: the position of the row in the drop by (file path,
	// sheet order, line).
	Ord   int64
	File  string
	Sheet string
	Line  int
}

// Plate is an approved nameplate and the document that approved it.
type Plate struct {
	Name  string
	DocNo string
}

// UnitState is the approved state of one unit on the as-of date: the fold of its ledger events.
type UnitState struct {
	UnitCode string
	// Established: a 设立 on or before the as-of date exists. Revoked: the last of the unit's 设立
	// and 撤销 events is a 撤销. A unit is approved and alive when Established && !Revoked.
	Established   bool
	Revoked       bool
	EstablishedOn time.Time
	EstablishDoc  string
	RevokedOn     time.Time
	RevokeDoc     string
	Name          string // approved name (设立, then 更名)
	NameDoc       string
	Kind          string // approved unit kind (设立, then 类别调整)
	Funding       string // approved funding form (设立, then 类别调整)
	FormDoc       string // the last document that set the kind or funding
	Rank          string // approved rank (设立, then 规格调整)
	RankDoc       string
	Parent        string // approved parent code (设立)
	// Counts are the folded counts, possibly negative; Approved clamps them at 0.
	Counts [nCounts]int64
	// Docs lists, per count, the documents whose non-zero delta produced the number, in fold order.
	Docs [nCounts][]string
	// negDoc is, per count, the document whose delta last took the count below zero.
	negDoc  [nCounts]string
	negDate [nCounts]time.Time
	plates  []Plate // approved nameplates in the order they were approved
	norms   []string
}

// Active reports whether the unit is established and not revoked on the as-of date.
func (u *UnitState) Active() bool { return u.Established && !u.Revoked }

// Approved returns count i clamped at 0: the number compared with actual staff.
func (u *UnitState) Approved(i int) int64 {
	if u.Counts[i] < 0 {
		return 0
	}
	return u.Counts[i]
}

// Nameplates returns the approved nameplates.
func (u *UnitState) Nameplates() []Plate { return u.plates }

// Orphan is a ledger event other than 设立 for a unit with no 设立 before it.
type Orphan struct {
	UnitCode string
	DocNo    string
	DocDate  time.Time
	Event    string
	File     string
	Sheet    string
	Line     int
}

// Negative is an approved count that the fold leaves below zero, with the document that took it
// there.
type Negative struct {
	UnitCode string
	Field    CountField
	Value    int64
	DocNo    string
	DocDate  time.Time
}

// Fold is the approved state of every unit with ledger events on or before the as-of date.
type Fold struct {
	Units     map[string]*UnitState
	Codes     []string // unit codes, sorted
	Orphans   []Orphan
	Negatives []Negative // sorted by unit code, then field order
}

// FoldLedger folds the ledger on asOf (docs/decisions.md, "The fold"). Events after asOf are
// ignored; the rest apply in (date, Ord) order. norm is the name normalisation used to match a
// 撤销牌子 with the nameplate it withdraws.
func FoldLedger(events []LedgerEvent, asOf time.Time, norm func(string) string) *Fold {
	var evs []LedgerEvent
	for _, e := range events {
		if !e.DocDate.After(asOf) {
			evs = append(evs, e)
		}
	}
	sort.SliceStable(evs, func(i, j int) bool {
		if !evs[i].DocDate.Equal(evs[j].DocDate) {
			return evs[i].DocDate.Before(evs[j].DocDate)
		}
		return evs[i].Ord < evs[j].Ord
	})
	f := &Fold{Units: map[string]*UnitState{}}
	for _, e := range evs {
		u := f.Units[e.UnitCode]
		if u == nil {
			u = &UnitState{UnitCode: e.UnitCode}
			f.Units[e.UnitCode] = u
			f.Codes = append(f.Codes, e.UnitCode)
		}
		if e.Event != loaders.EventEstablish && !u.Established {
			f.Orphans = append(f.Orphans, Orphan{UnitCode: e.UnitCode, DocNo: e.DocNo, DocDate: e.DocDate,
				Event: e.Event, File: e.File, Sheet: e.Sheet, Line: e.Line})
		}
		if u.Revoked && e.Event != loaders.EventEstablish {
			continue // after 撤销 only a new 设立 changes anything
		}
		switch e.Event {
		case loaders.EventEstablish:
			if u.Revoked {
				*u = UnitState{UnitCode: u.UnitCode} // re-established from zero
			}
			u.Established = true
			u.EstablishedOn, u.EstablishDoc = e.DocDate, e.DocNo
			setText(&u.Name, &u.NameDoc, e.UnitName, e.DocNo)
			setText(&u.Kind, &u.FormDoc, e.UnitKind, e.DocNo)
			setText(&u.Funding, &u.FormDoc, e.Funding, e.DocNo)
			setText(&u.Rank, &u.RankDoc, e.Rank, e.DocNo)
			if e.ParentCode != "" {
				u.Parent = e.ParentCode
			}
		case loaders.EventRename:
			setText(&u.Name, &u.NameDoc, e.UnitName, e.DocNo)
		case loaders.EventReclass:
			setText(&u.Kind, &u.FormDoc, e.UnitKind, e.DocNo)
			setText(&u.Funding, &u.FormDoc, e.Funding, e.DocNo)
		case loaders.EventRerank:
			setText(&u.Rank, &u.RankDoc, e.Rank, e.DocNo)
		case loaders.EventAddPlate:
			if e.Nameplate != "" {
				n := norm(e.Nameplate)
				if i := indexOf(u.norms, n); i >= 0 {
					u.plates[i] = Plate{e.Nameplate, e.DocNo}
				} else {
					u.plates = append(u.plates, Plate{e.Nameplate, e.DocNo})
					u.norms = append(u.norms, n)
				}
			}
		case loaders.EventDropPlate:
			if i := indexOf(u.norms, norm(e.Nameplate)); e.Nameplate != "" && i >= 0 {
				u.plates = append(u.plates[:i:i], u.plates[i+1:]...)
				u.norms = append(u.norms[:i:i], u.norms[i+1:]...)
			}
		case loaders.EventRevoke:
			code := u.UnitCode
			est, estOn, estDoc := u.Established, u.EstablishedOn, u.EstablishDoc
			name, nameDoc, kind, funding, formDoc, rank, rankDoc, parent := u.Name, u.NameDoc, u.Kind, u.Funding, u.FormDoc, u.Rank, u.RankDoc, u.Parent
			*u = UnitState{UnitCode: code, Established: est, EstablishedOn: estOn, EstablishDoc: estDoc,
				Name: name, NameDoc: nameDoc, Kind: kind, Funding: funding, FormDoc: formDoc,
				Rank: rank, RankDoc: rankDoc, Parent: parent}
			u.Revoked, u.RevokedOn, u.RevokeDoc = true, e.DocDate, e.DocNo
			continue // a 撤销 zeroes everything, whatever its deltas say
		}
		for i, d := range e.Deltas {
			if d == 0 {
				continue
			}
			before := u.Counts[i]
			u.Counts[i] += d
			if len(u.Docs[i]) == 0 || u.Docs[i][len(u.Docs[i])-1] != e.DocNo {
				u.Docs[i] = append(u.Docs[i], e.DocNo)
			}
			if before >= 0 && u.Counts[i] < 0 {
				u.negDoc[i], u.negDate[i] = e.DocNo, e.DocDate
			}
		}
	}
	sort.Strings(f.Codes)
	for _, c := range f.Codes {
		u := f.Units[c]
		for i, v := range u.Counts {
			if v < 0 {
				f.Negatives = append(f.Negatives, Negative{UnitCode: c, Field: CountFields[i], Value: v,
					DocNo: u.negDoc[i], DocDate: u.negDate[i]})
			}
		}
	}
	return f
}

func setText(dst, doc *string, v, docNo string) {
	if v = strings.TrimSpace(v); v != "" {
		*dst, *doc = v, docNo
	}
}

func indexOf(xs []string, x string) int {
	for i, y := range xs {
		if y == x {
			return i
		}
	}
	return -1
}

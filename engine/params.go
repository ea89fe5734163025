package engine

import (
	"fmt"
	"time"
)

// Retirement is the statutory retirement table (rules.md, "Statutory retirement"). It is staged
// as the table retirement (male, worker, base_months, reform_from, step_months, max_months).
type Retirement struct {
	Groups []RetirementGroup `toml:"groups"`
}

// RetirementGroup is the retirement age of one (sex, group). The age is BaseMonths for people born
// before ReformFrom; from ReformFrom on, it rises by one month for every StepMonths months of
// birth (the first month counting as one step), up to MaxMonths. A zero ReformFrom means no reform.
type RetirementGroup struct {
	Male       bool      `toml:"male"`
	Worker     bool      `toml:"worker"` // the worker group: 工勤编制 and 编外; otherwise the cadre group
	BaseMonths int       `toml:"base_months"`
	ReformFrom time.Time `toml:"reform_from"` // first birth month the reform applies to
	StepMonths int       `toml:"step_months"`
	MaxMonths  int       `toml:"max_months"`
}

// DefaultRetirement returns the defaults of rules.md, with the 2025 reform: men 60 (born 1965-01
// on: +1 month per 4, up to 63); women cadres 55 (born 1970-01 on: +1 per 4, up to 58); women
// workers 50 (born 1975-01 on: +1 per 2, up to 55).
func DefaultRetirement() *Retirement {
	ym := func(y int, m time.Month) time.Time { return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC) }
	return &Retirement{Groups: []RetirementGroup{
		{Male: true, Worker: false, BaseMonths: 60 * 12, ReformFrom: ym(1965, 1), StepMonths: 4, MaxMonths: 63 * 12},
		{Male: true, Worker: true, BaseMonths: 60 * 12, ReformFrom: ym(1965, 1), StepMonths: 4, MaxMonths: 63 * 12},
		{Male: false, Worker: false, BaseMonths: 55 * 12, ReformFrom: ym(1970, 1), StepMonths: 4, MaxMonths: 58 * 12},
		{Male: false, Worker: true, BaseMonths: 50 * 12, ReformFrom: ym(1975, 1), StepMonths: 2, MaxMonths: 55 * 12},
	}}
}

// RetirementMonth returns the last month a person of the group born in birth may be paid.
func (g RetirementGroup) RetirementMonth(birth time.Time) time.Time {
	bm := time.Date(birth.Year(), birth.Month(), 1, 0, 0, 0, 0, time.UTC)
	age := g.BaseMonths
	if !g.ReformFrom.IsZero() && !bm.Before(g.ReformFrom) && g.StepMonths > 0 {
		k := monthIndex(bm) - monthIndex(g.ReformFrom)
		age += min(k/g.StepMonths+1, g.MaxMonths-g.BaseMonths)
	}
	return bm.AddDate(0, age, 0)
}

func (r *Retirement) validate() error {
	seen := map[[2]bool]bool{}
	for _, g := range r.Groups {
		if g.BaseMonths <= 0 || g.MaxMonths < g.BaseMonths || (!g.ReformFrom.IsZero() && g.StepMonths <= 0) {
			return fmt.Errorf("retirement group (male=%v worker=%v): ages must be positive, max ≥ base, step > 0", g.Male, g.Worker)
		}
		seen[[2]bool{g.Male, g.Worker}] = true
	}
	for _, k := range [][2]bool{{true, false}, {true, true}, {false, false}, {false, true}} {
		if !seen[k] {
			return fmt.Errorf("retirement table has no group for male=%v worker=%v", k[0], k[1])
		}
	}
	return nil
}

func monthIndex(t time.Time) int { return t.Year()*12 + int(t.Month()) - 1 }

func firstOfMonth(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

func lastOfMonth(t time.Time) time.Time { return firstOfMonth(t).AddDate(0, 1, -1) }

// parseMonth reads YYYY-MM.
func parseMonth(s string) (time.Time, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return time.Time{}, fmt.Errorf("month %q: want YYYY-MM", s)
	}
	return t, nil
}

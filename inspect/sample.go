// Package inspect supports the inspection stage of the source document (督查验收): the spot-check
// sample of at least 40% of units, and the cross-check rotation in which departments inspect each
// other (对调轮换). Both are pure, seeded algorithms: the same inputs and seed give the same answer.
package inspect

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
)

// Unit is a unit that can be drawn.
type Unit struct {
	Code     string
	Name     string
	DeptCode string
	DeptName string
	High     bool // has a high-severity finding in the run sampled
}

// Reasons a unit is in the sample.
const (
	ReasonHigh    = "存在高风险问题"
	ReasonRandom  = "随机抽取"
	ReasonEarlier = "前次抽取"
)

// Pick is one sampled unit and why it was drawn.
type Pick struct {
	Unit
	Reason string
}

// Sample draws at least ratio of the units: every unit with a high-severity finding first, then a
// seeded random draw stratified by department until the ratio is reached. Units of an earlier
// sample (by code) are kept first with ReasonEarlier — the draw only adds to them. Picks come back
// sorted by department, then unit code.
func Sample(units []Unit, ratio float64, seed uint64, earlier []string) ([]Pick, error) {
	if ratio <= 0 || ratio > 1 || math.IsNaN(ratio) {
		return nil, fmt.Errorf("the sampling ratio must be above 0 and at most 1, not %v", ratio)
	}
	all := append([]Unit(nil), units...)
	sort.Slice(all, func(i, j int) bool { return all[i].Code < all[j].Code })
	for i := 1; i < len(all); i++ {
		if all[i].Code == all[i-1].Code {
			return nil, fmt.Errorf("unit %s is listed twice", all[i].Code)
		}
	}
	target := int(math.Ceil(ratio*float64(len(all)) - 1e-9))
	picked := map[string]string{}
	for _, code := range earlier {
		picked[code] = ReasonEarlier
	}
	for _, u := range all {
		if u.High && picked[u.Code] == "" {
			picked[u.Code] = ReasonHigh
		}
	}
	count := 0
	for _, u := range all {
		if picked[u.Code] != "" {
			count++
		}
	}
	if need := target - count; need > 0 {
		for _, code := range stratifiedDraw(all, picked, need, seed) {
			picked[code] = ReasonRandom
		}
	}
	var out []Pick
	for _, u := range all {
		if r := picked[u.Code]; r != "" {
			out = append(out, Pick{Unit: u, Reason: r})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].DeptCode < out[j].DeptCode })
	return out, nil
}

// stratifiedDraw draws need units not yet picked, allocated to departments in proportion to
// their remaining units (largest remainder), shuffled within each department by the seed.
func stratifiedDraw(all []Unit, picked map[string]string, need int, seed uint64) []string {
	pool := map[string][]string{}
	var depts []string
	remaining := 0
	for _, u := range all {
		if picked[u.Code] != "" {
			continue
		}
		if _, ok := pool[u.DeptCode]; !ok {
			depts = append(depts, u.DeptCode)
		}
		pool[u.DeptCode] = append(pool[u.DeptCode], u.Code)
		remaining++
	}
	if need > remaining {
		need = remaining
	}
	sort.Strings(depts)
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	for _, d := range depts {
		codes := pool[d]
		rng.Shuffle(len(codes), func(i, j int) { codes[i], codes[j] = codes[j], codes[i] })
	}
	// Largest-remainder allocation of need over departments.
	alloc := map[string]int{}
	type rem struct {
		dept string
		frac float64
	}
	var rems []rem
	given := 0
	for _, d := range depts {
		exact := float64(need) * float64(len(pool[d])) / float64(remaining)
		alloc[d] = int(exact)
		given += alloc[d]
		rems = append(rems, rem{d, exact - float64(alloc[d])})
	}
	sort.SliceStable(rems, func(i, j int) bool { return rems[i].frac > rems[j].frac })
	for i := 0; given < need; i = (i + 1) % len(rems) {
		d := rems[i].dept
		if alloc[d] < len(pool[d]) {
			alloc[d]++
			given++
		}
	}
	var out []string
	for _, d := range depts {
		out = append(out, pool[d][:alloc[d]]...)
	}
	return out
}

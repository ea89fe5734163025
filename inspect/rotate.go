package inspect

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
)

// ErrNoRotation means no assignment satisfies the constraints.
var ErrNoRotation = errors.New("no rotation satisfies the constraints")

// Exclusion forbids team Inspector from inspecting department Inspected.
type Exclusion struct {
	Inspector, Inspected string
}

// Assignment is one department's team and the department it inspects.
type Assignment struct {
	Inspector string
	Inspected string
}

// searchBudget bounds the backtracking search so that an impossible set of exclusions ends with
// an error instead of running for ever.
const searchBudget = 2_000_000

// Rotate assigns each department's inspection team another department to inspect, so that every
// department is inspected exactly once, nobody inspects itself, no two departments inspect each
// other, and no exclusion is broken. The seed decides among the valid assignments.
func Rotate(depts []string, exclusions []Exclusion, seed uint64) ([]Assignment, error) {
	ds := append([]string(nil), depts...)
	sort.Strings(ds)
	for i := 1; i < len(ds); i++ {
		if ds[i] == ds[i-1] {
			return nil, fmt.Errorf("department %s is listed twice", ds[i])
		}
	}
	n := len(ds)
	if n < 3 {
		return nil, fmt.Errorf("%w: %d departments cannot inspect each other by rotation without two inspecting each other (at least 3 are needed)", ErrNoRotation, n)
	}
	index := map[string]int{}
	for i, d := range ds {
		index[d] = i
	}
	banned := make([][]bool, n)
	for i := range banned {
		banned[i] = make([]bool, n)
		banned[i][i] = true
	}
	for _, e := range exclusions {
		a, okA := index[e.Inspector]
		b, okB := index[e.Inspected]
		if !okA || !okB {
			return nil, fmt.Errorf("exclusion %s:%s names a department that is not in the run", e.Inspector, e.Inspected)
		}
		banned[a][b] = true
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x5851f42d4c957f2d))
	order := rng.Perm(n)
	// Try a single random cycle first: it satisfies everything but the exclusions.
	target := make([]int, n)
	ok := true
	for k := 0; k < n; k++ {
		a, b := order[k], order[(k+1)%n]
		target[a] = b
		if banned[a][b] {
			ok = false
		}
	}
	if !ok {
		var err error
		if target, err = search(n, banned, rng); err != nil {
			return nil, err
		}
	}
	out := make([]Assignment, n)
	for a := 0; a < n; a++ {
		out[a] = Assignment{Inspector: ds[a], Inspected: ds[target[a]]}
	}
	return out, nil
}

// search backtracks over teams in order, trying targets in a seeded random order.
func search(n int, banned [][]bool, rng *rand.Rand) ([]int, error) {
	target := make([]int, n)
	for i := range target {
		target[i] = -1
	}
	taken := make([]bool, n)
	cands := make([][]int, n)
	for a := 0; a < n; a++ {
		for b := 0; b < n; b++ {
			if !banned[a][b] {
				cands[a] = append(cands[a], b)
			}
		}
		if len(cands[a]) == 0 {
			return nil, fmt.Errorf("%w: a team has no department left it may inspect", ErrNoRotation)
		}
		rng.Shuffle(len(cands[a]), func(i, j int) { cands[a][i], cands[a][j] = cands[a][j], cands[a][i] })
	}
	steps := 0
	var place func(a int) (bool, error)
	place = func(a int) (bool, error) {
		if a == n {
			return true, nil
		}
		for _, b := range cands[a] {
			if steps++; steps > searchBudget {
				return false, fmt.Errorf("%w within the search budget: relax the exclusions", ErrNoRotation)
			}
			if taken[b] || target[b] == a {
				continue
			}
			target[a], taken[b] = b, true
			done, err := place(a + 1)
			if done || err != nil {
				return done, err
			}
			target[a], taken[b] = -1, false
		}
		return false, nil
	}
	done, err := place(0)
	if err != nil {
		return nil, err
	}
	if !done {
		return nil, ErrNoRotation
	}
	return target, nil
}

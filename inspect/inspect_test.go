package inspect

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func randomDistrict(r *rand.Rand) []Unit {
	nd := 1 + r.IntN(12)
	n := 1 + r.IntN(300)
	units := make([]Unit, n)
	for i := range units {
		units[i] = Unit{Code: fmt.Sprintf("U%05d", i), DeptCode: fmt.Sprintf("D%02d", r.IntN(nd)), High: r.IntN(10) == 0}
	}
	return units
}

func TestSampleProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 500; trial++ {
		units := randomDistrict(r)
		ratio := []float64{0.4, 0.1, 0.75, 1, 0.01}[trial%5]
		seed := r.Uint64()
		picks, err := Sample(units, ratio, seed, nil)
		if err != nil {
			t.Fatal(err)
		}
		if need := int(math.Ceil(ratio * float64(len(units)))); len(picks) < need {
			t.Fatalf("trial %d: %d of %d units drawn, ratio %v needs %d", trial, len(picks), len(units), ratio, need)
		}
		in := map[string]bool{}
		for _, p := range picks {
			if in[p.Code] {
				t.Fatalf("trial %d: %s drawn twice", trial, p.Code)
			}
			in[p.Code] = true
		}
		for _, u := range units {
			if u.High && !in[u.Code] {
				t.Fatalf("trial %d: high-severity unit %s not drawn", trial, u.Code)
			}
		}
		again, _ := Sample(units, ratio, seed, nil)
		if diff := cmp.Diff(picks, again); diff != "" {
			t.Fatalf("trial %d: same seed, different sample:\n%s", trial, diff)
		}
		// Extending keeps every earlier draw.
		var earlier []string
		for _, p := range picks {
			earlier = append(earlier, p.Code)
		}
		more, err := Sample(units, math.Min(1, ratio+0.2), seed+1, earlier)
		if err != nil {
			t.Fatal(err)
		}
		kept := map[string]bool{}
		for _, p := range more {
			kept[p.Code] = true
		}
		for _, c := range earlier {
			if !kept[c] {
				t.Fatalf("trial %d: --extend dropped %s", trial, c)
			}
		}
	}
}

func TestSampleIsStratified(t *testing.T) {
	var units []Unit
	for i := 0; i < 100; i++ {
		units = append(units, Unit{Code: fmt.Sprintf("A%03d", i), DeptCode: "A"})
	}
	for i := 0; i < 50; i++ {
		units = append(units, Unit{Code: fmt.Sprintf("B%03d", i), DeptCode: "B"})
	}
	picks, err := Sample(units, 0.4, 7, nil)
	if err != nil {
		t.Fatal(err)
	}
	per := map[string]int{}
	for _, p := range picks {
		per[p.DeptCode]++
		if p.Reason != ReasonRandom {
			t.Fatalf("reason %q", p.Reason)
		}
	}
	if per["A"] != 40 || per["B"] != 20 {
		t.Fatalf("draw per department %v, want A 40 and B 20", per)
	}
	if _, err := Sample(units, 0, 1, nil); err == nil {
		t.Fatal("ratio 0 accepted")
	}
}

func checkRotation(t *testing.T, depts []string, ex []Exclusion, as []Assignment) {
	t.Helper()
	if len(as) != len(depts) {
		t.Fatalf("%d assignments for %d departments", len(as), len(depts))
	}
	to := map[string]string{}
	inspected := map[string]bool{}
	for _, a := range as {
		if a.Inspector == a.Inspected {
			t.Fatalf("%s inspects itself", a.Inspector)
		}
		if inspected[a.Inspected] {
			t.Fatalf("%s inspected twice", a.Inspected)
		}
		inspected[a.Inspected] = true
		to[a.Inspector] = a.Inspected
	}
	for a, b := range to {
		if to[b] == a {
			t.Fatalf("%s and %s inspect each other", a, b)
		}
	}
	for _, e := range ex {
		if to[e.Inspector] == e.Inspected {
			t.Fatalf("exclusion %v broken", e)
		}
	}
}

func TestRotateProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	solved := 0
	for trial := 0; trial < 500; trial++ {
		n := 3 + r.IntN(30)
		var depts []string
		for i := 0; i < n; i++ {
			depts = append(depts, fmt.Sprintf("D%02d", i))
		}
		var ex []Exclusion
		for k := r.IntN(n); k > 0; k-- {
			a, b := r.IntN(n), r.IntN(n)
			if a != b {
				ex = append(ex, Exclusion{depts[a], depts[b]})
			}
		}
		seed := r.Uint64()
		as, err := Rotate(depts, ex, seed)
		if errors.Is(err, ErrNoRotation) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		checkRotation(t, depts, ex, as)
		solved++
		again, _ := Rotate(depts, ex, seed)
		if diff := cmp.Diff(as, again); diff != "" {
			t.Fatalf("same seed, different rotation:\n%s", diff)
		}
	}
	if solved < 450 {
		t.Fatalf("only %d of 500 random districts got a rotation", solved)
	}
}

func TestRotateImpossible(t *testing.T) {
	for _, c := range []struct {
		depts []string
		ex    []Exclusion
	}{
		{[]string{"A", "B"}, nil},
		{[]string{"A"}, nil},
		// With three departments the only rotations are the two 3-cycles; ban one edge of each.
		{[]string{"A", "B", "C"}, []Exclusion{{"A", "B"}, {"A", "C"}}},
	} {
		if _, err := Rotate(c.depts, c.ex, 1); !errors.Is(err, ErrNoRotation) {
			t.Errorf("Rotate(%v, %v) = %v, want ErrNoRotation", c.depts, c.ex, err)
		}
	}
	if _, err := Rotate([]string{"A", "B", "C"}, []Exclusion{{"A", "Z"}}, 1); err == nil {
		t.Error("an exclusion naming an unknown department was accepted")
	}
}

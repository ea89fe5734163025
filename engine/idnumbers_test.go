package engine

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/hecha-dev/hecha/ids"
)

// TestIDNumbersSQL: id_numbers judged in SQL says what ids.Validate (through idReason),
// ids.BirthDate and ids.Male say, for valid numbers, every kind of failure (province, impossible
// and future birth dates, leap days, check digit) and the odd numbers left to Go.
func TestIDNumbersSQL(t *testing.T) {
	ctx := context.Background()
	d := stagingDB(t)
	asOf := time.Date(2015, 3, 31, 0, 0, 0, 0, time.UTC)
	r := rand.New(rand.NewPCG(7, 7))
	dates := []string{"19830908", "19000229", "20000229", "19960229", "19970229", "19831301", "19830231", "19830000",
		"19830431", "20150331", "20150401", "20991231", "09991231", "30000101", "10000101", "29991231", "18991231"}
	regions := []string{"620402", "110101", "990101", "710000", "160000", "820000", "000000"}
	want := map[string][]any{}
	for i := 0; i < 3000; i++ {
		id := ids.Make(regions[r.IntN(len(regions))], time.Date(1940+r.IntN(70), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC), r.IntN(1000))
		switch r.IntN(4) {
		case 0: // another birth date, check digit recomputed or not
			id17 := id[:6] + dates[r.IntN(len(dates))] + id[14:17]
			id = id17 + string(ids.CheckDigit(id17))
			if r.IntN(2) == 0 {
				id = id17 + "X"
			}
		case 1: // a wrong check digit
			id = id[:17] + string("0123456789X"[r.IntN(11)])
		}
		if i%500 == 0 {
			id = []string{"62040219830908002", "6204021983090800AB", "ABCDEF19830908002X", "620402198309080024 "}[i/500%4]
		}
		reason := idReason(id, asOf)
		var birth any
		if b, ok := ids.BirthDate(id); ok {
			birth = b
		}
		var why any
		if reason != "" {
			why = reason
		}
		want[id] = []any{reason == "", why, birth, ids.Male(id)}
	}
	for id := range want {
		if _, err := d.sql.Exec("INSERT INTO identity (id_no) VALUES (?)", id); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.stageIDNumbers(ctx, asOf); err != nil {
		t.Fatal(err)
	}
	rows, err := d.sql.Query("SELECT id_no, valid, reason, birth_date, male FROM id_numbers")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n, kinds := 0, map[string]bool{}
	for rows.Next() {
		var id string
		var valid, male bool
		var reason sql.NullString
		var birth sql.NullTime
		if err := rows.Scan(&id, &valid, &reason, &birth, &male); err != nil {
			t.Fatal(err)
		}
		n++
		w, ok := want[id]
		if !ok {
			t.Errorf("%s: not an ID number of the drop", id)
			continue
		}
		var b any
		if birth.Valid {
			b = birth.Time.UTC()
		}
		var why any
		if reason.Valid {
			why = reason.String
			kinds[fmt.Sprint([]rune(reason.String)[:4])] = true
		}
		if got := []any{valid, why, b, male}; fmt.Sprint(got) != fmt.Sprint(w) {
			t.Errorf("%s: SQL gives %v, Go %v", id, got, w)
		}
	}
	if n != len(want) {
		t.Errorf("%d rows for %d ID numbers", n, len(want))
	}
	if len(kinds) < 5 {
		t.Errorf("only %d kinds of reason were met: %v", len(kinds), kinds)
	}
}

package engine

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/hecha-dev/hecha/ids"
	"github.com/hecha-dev/hecha/loaders"
)

// TestIDNumbersSQL: id_numbers judged in SQL says what ids.Validate (through idReason),
// ids.BirthDate and ids.Male say, for valid numbers, every kind of failure (province, impossible
// and future birth dates, leap days, check digit) and the odd numbers left to Go (born before 1000
// or after 2999). Staged ID numbers are canonical (the loader's), so these are too.
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
		pid, ok := ids.PersonKey(id)
		if !ok {
			t.Fatalf("%s: not a canonical ID number", id)
		}
		if _, err := d.sql.Exec("INSERT INTO identity (id_no, pid) VALUES (?, ?)", id, pid); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.stageIDNumbers(ctx, asOf, false); err != nil {
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

// TestPersonKeySQL: the SQL macros person_key and person_id are ids.PersonKey and its inverse.
func TestPersonKeySQL(t *testing.T) {
	d := stagingDB(t)
	r := rand.New(rand.NewPCG(11, 11))
	idList := []string{"000000000000000000", "00000000000000000X", "999999999999999999", "99999999999999999X", "11010519491231002X"}
	for range 2000 {
		var b [18]byte
		for i := range b {
			b[i] = byte('0' + r.IntN(10))
		}
		if r.IntN(11) == 0 {
			b[17] = 'X'
		}
		idList = append(idList, string(b[:]))
	}
	for _, id := range idList {
		want, _ := ids.PersonKey(id)
		var got int64
		var back string
		if err := d.sql.QueryRow("SELECT person_key(?), person_id(person_key(?))", id, id).Scan(&got, &back); err != nil {
			t.Fatal(err)
		}
		if got != want || back != id {
			t.Errorf("%s: person_key %d (Go %d), person_id back %s", id, got, want, back)
		}
	}
	var null sql.NullInt64
	if err := d.sql.QueryRow("SELECT person_key(NULL)").Scan(&null); err != nil || null.Valid {
		t.Errorf("person_key(NULL) = %v, %v; want NULL", null, err)
	}
}

// TestStagePersonKey: a row staged through the appender gets its ID number's key in pid, and an ID
// number not in the loader's canonical form (which no reader gives) stops the staging with an error
// instead of staging a NULL key.
func TestStagePersonKey(t *testing.T) {
	ctx := context.Background()
	d := stagingDB(t)
	dir := t.TempDir()
	st, err := newStager(ctx, d, dir)
	if err != nil {
		t.Fatal(err)
	}
	row := func(id string) *loaders.Row {
		vals := make([]any, len(loaders.Schemas[loaders.KindIdentity].Fields))
		vals[personField(loaders.KindIdentity)] = id
		return &loaders.Row{Kind: loaders.KindIdentity, File: "identity.csv", Sheet: "identity.csv", Line: 2, Values: vals}
	}
	if err := st.sink(row("62292119830908002X")); err != nil {
		t.Fatal(err)
	}
	err = st.sink(row("62292119830908002x"))
	if err == nil || !strings.Contains(err.Error(), "canonical") || !strings.Contains(err.Error(), "identity.csv") {
		t.Errorf("a non-canonical ID number staged with error %v", err)
	}
	if err := st.close(); err != nil {
		t.Fatal(err)
	}
	var pid int64
	var n int
	if err := d.sql.QueryRow("SELECT any_value(pid), count(*) FROM identity").Scan(&pid, &n); err != nil {
		t.Fatal(err)
	}
	if want, _ := ids.PersonKey("62292119830908002X"); n != 1 || pid != want {
		t.Errorf("staged %d rows, pid %d; want 1 row, pid %d", n, pid, want)
	}
}

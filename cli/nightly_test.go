package cli

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/hecha-dev/hecha/findings"
	"github.com/hecha-dev/hecha/ids"
)

// A tiny district for the nightly tests: 财政局 (D01, 2 行政编制 approved) and its 国库中心 (U2).
var (
	idA1 = ids.Make("620402", time.Date(1970, 3, 15, 0, 0, 0, 0, time.UTC), 11)
	idA2 = ids.Make("620402", time.Date(1980, 5, 20, 0, 0, 0, 0, time.UTC), 22)
	idA3 = ids.Make("620402", time.Date(1985, 7, 7, 0, 0, 0, 0, time.UTC), 31)
	idB1 = ids.Make("620402", time.Date(1990, 9, 9, 0, 0, 0, 0, time.UTC), 42)
	idG  = ids.Make("620402", time.Date(1975, 1, 1, 0, 0, 0, 0, time.UTC), 53)
)

type nightlyDrop struct {
	d01Name  string
	u2Staff  bool // B1 registered in U2
	ruleNote string
}

// write lays the drop out in dir (replacing it) and the user rules in rulesDir.
func (n nightlyDrop) write(t *testing.T, dir, rulesDir string) {
	t.Helper()
	os.RemoveAll(dir)
	os.RemoveAll(rulesDir)
	files := map[string]string{
		"units.csv": "单位代码,单位名称,机构类别,主管部门代码,经费形式,机构规格\n" +
			"D01," + n.d01Name + ",行政机构,,全额拨款,正科级\n" +
			"U2,白银区国库集中支付中心,事业单位,D01,全额拨款,股级\n",
		"ledger.csv": "单位代码,单位名称,批准文号,批准日期,事项,机构类别,经费形式,机构规格,上级单位代码,行政编制,事业编制(全额拨款)\n" +
			"D01,白银区财政局,白区编发〔2010〕1号,2010-03-01,设立,行政机构,全额拨款,正科级,,2,\n" +
			"U2,白银区国库集中支付中心,白区编发〔2012〕5号,2012-05-01,设立,事业单位,全额拨款,股级,D01,,1\n",
		"identity.csv": "身份证号,姓名,户籍状态\n" + idA1 + ",张伟,正常\n" + idA2 + ",李娜,正常\n" + idA3 + ",王强,正常\n" + idB1 + ",赵敏,正常\n" + idG + ",钱多,正常\n",
	}
	staff := "身份证号,姓名,单位代码,编制类型,人员状态,进入本单位时间\n" +
		idA1 + ",张伟,D01,行政编制,在岗,2010-01-01\n" + idA2 + ",李娜,D01,行政编制,在岗,2010-01-01\n" + idA3 + ",王强,D01,行政编制,在岗,2010-01-01\n"
	if n.u2Staff {
		staff += idB1 + ",赵敏,U2,事业编制(全额拨款),在岗,2012-06-01\n"
	}
	files["staff.csv"] = staff
	pay := "发放年月,单位代码,身份证号,姓名,应发工资\n"
	for _, m := range []string{"2015-01", "2015-02", "2015-03"} {
		pay += m + ",D01," + idA1 + ",张伟,9800.00\n" + m + ",D01," + idA2 + ",李娜,5000.00\n" + m + ",D01," + idA3 + ",王强,5000.00\n"
		pay += m + ",U2," + idB1 + ",赵敏,4000.00\n" + m + ",U2," + idG + ",钱多,4000.00\n"
	}
	files["payroll.csv"] = pay
	for name, body := range files {
		writeTestFile(t, filepath.Join(dir, name), body)
	}
	writeTestFile(t, filepath.Join(rulesDir, "custom.u2_staff.sql"), `-- @code: custom.u2_staff
-- @category: 7
-- @severity: low
-- @subject: person
-- @title: 国库中心人员
-- @description: 国库中心在职人员（测试用规则）
-- @detail: {name}在国库中心在职
SELECT unit_code, id_no AS subject, id_no, name, 1 AS cnt, NULL AS amount_fen, NULL AS first_month, NULL AS last_month
FROM staff_asof WHERE unit_code = 'U2'
`)
	writeTestFile(t, filepath.Join(rulesDir, "custom.big_pay.sql"), `-- @code: custom.big_pay
-- @category: 7
-- @severity: low
-- @subject: person
-- @title: 高工资
-- @description: 月应发工资超过9000元（测试用规则）
-- @detail: {name}月应发工资超过9000元
`+n.ruleNote+`
SELECT unit_code, id_no AS subject, id_no, max(name) AS name, count(*) AS cnt, sum(gross) AS amount_fen,
       min(pay_month) AS first_month, max(pay_month) AS last_month
FROM pay WHERE gross > 900000 GROUP BY unit_code, id_no
`)
}

func writeTestFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// statuses reads findings.csv as "rule unit subject" -> status.
func statuses(t *testing.T, out string) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, r := range readCSVFile(t, filepath.Join(out, "findings.csv"), "rule", "unit_code", "subject", "status") {
		m[r[0]+" "+r[1]+" "+r[2]] = r[3]
	}
	return m
}

// changes reads the 变化 sheet of findings.xlsx as sorted "label rule-title unit".
func changes(t *testing.T, out string) []string {
	t.Helper()
	f, err := excelize.OpenFile(filepath.Join(out, "findings.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("变化")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows[1:] {
		got = append(got, r[0]+" "+r[1]+" "+r[2])
	}
	sort.Strings(got)
	return got
}

// decide edits a findings.xlsx as an auditor would: 结论 and 处理意见 of the finding with the given
// fingerprint, and (to check it is ignored) its 说明.
func decide(t *testing.T, path, fingerprint, conclusion, opinion string) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, sheet := range f.GetSheetList() {
		rows, _ := f.GetRows(sheet)
		if len(rows) == 0 {
			continue
		}
		col := map[string]int{}
		for i, h := range rows[0] {
			col[h] = i + 1
		}
		if col["结论"] == 0 {
			continue
		}
		for r, row := range rows[1:] {
			if len(row) >= col["指纹"] && row[col["指纹"]-1] == fingerprint {
				for h, v := range map[string]string{"结论": conclusion, "处理意见": opinion, "说明": "审核人改过的说明"} {
					cell, _ := excelize.CoordinatesToCellName(col[h], r+2)
					if err := f.SetCellStr(sheet, cell, v); err != nil {
						t.Fatal(err)
					}
				}
				if err := f.Save(); err != nil {
					t.Fatal(err)
				}
				return
			}
		}
	}
	t.Fatalf("no row with fingerprint %s in %s", fingerprint, path)
}

func TestThreeNightsOfChanges(t *testing.T) {
	dir := t.TempDir()
	drop, rulesDir, out, st := filepath.Join(dir, "drop"), filepath.Join(dir, "rules"), filepath.Join(dir, "out"), filepath.Join(dir, "hecha.duckdb")
	run := func() {
		t.Helper()
		mustRun(t, "run", "--input", drop, "--out", out, "--store", st, "--rules", rulesDir)
	}
	overEst := "staff.over_establishment D01 行政编制"
	ghost := "payroll.not_registered U2 " + idG
	u2Staff := "custom.u2_staff U2 " + idB1
	bigPay := "custom.big_pay D01 " + idA1
	renamed := "unit.renamed D01 D01"
	b1Ghost := "payroll.not_registered U2 " + idB1

	// Night 1: everything is new.
	nightlyDrop{d01Name: "白银区财政局", u2Staff: true}.write(t, drop, rulesDir)
	run()
	want1 := map[string]string{overEst: "new", ghost: "new", u2Staff: "new", bigPay: "new"}
	if diff := cmp.Diff(want1, statuses(t, out)); diff != "" {
		t.Fatalf("night 1 statuses (-want +got):\n%s", diff)
	}
	// The auditors send the workbook back: the overstaffing is fixed, the ghost is a mistake.
	wb := filepath.Join(dir, "returned.xlsx")
	data, err := os.ReadFile(filepath.Join(out, "findings.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, wb, string(data))
	decide(t, wb, findings.Fingerprint("staff.over_establishment", "D01", "行政编制"), "已整改", "已调出一人")
	decide(t, wb, findings.Fingerprint("payroll.not_registered", "U2", idG), "不属实", "系临时代发，已核实")
	code, stdout, stderr := hecha(t, "review", "import", wb, "--store", st, "--by", "李审计")
	if code != ExitOK || !strings.Contains(stdout, "2 decisions imported") || !strings.Contains(stdout, "不属实 1") {
		t.Fatalf("review import: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "edits to these columns are ignored") || !strings.Contains(stderr, "说明") {
		t.Fatalf("edits to 说明 not warned about:\n%s", stderr)
	}

	// Night 2: D01 changed its name; the overstaffing is back although marked fixed; the ghost is
	// still paid but suppressed.
	nightlyDrop{d01Name: "白银区财政局机关", u2Staff: true}.write(t, drop, rulesDir)
	run()
	want2 := map[string]string{overEst: "open", ghost: "suppressed", u2Staff: "open", bigPay: "open", renamed: "new"}
	if diff := cmp.Diff(want2, statuses(t, out)); diff != "" {
		t.Fatalf("night 2 statuses (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"新发现 擅自变更机构名称 D01", "重新出现 超编 D01"}, changes(t, out)); diff != "" {
		t.Fatalf("night 2 changes (-want +got):\n%s", diff)
	}

	// Night 3: the name is fixed; U2's registry rows are missing (its finding is not evaluated,
	// not resolved), which also makes B1 an unregistered payee; the big-pay rule's text changed.
	nightlyDrop{d01Name: "白银区财政局", u2Staff: false, ruleNote: "-- threshold reviewed"}.write(t, drop, rulesDir)
	run()
	want3 := map[string]string{overEst: "open", ghost: "suppressed", bigPay: "open", b1Ghost: "new"}
	if diff := cmp.Diff(want3, statuses(t, out)); diff != "" {
		t.Fatalf("night 3 statuses (-want +got):\n%s", diff)
	}
	want3Changes := []string{"新发现 发放工资但未在本单位实名登记 U2", "已消除 擅自变更机构名称 D01", "未评估（数据未报送） 国库中心人员 U2", "规则已修改 高工资 D01"}
	sort.Strings(want3Changes)
	if diff := cmp.Diff(want3Changes, changes(t, out)); diff != "" {
		t.Fatalf("night 3 changes (-want +got):\n%s", diff)
	}
	var sum summaryFile
	readJSONFile(t, filepath.Join(out, "summary.json"), &sum)
	if diff := cmp.Diff(map[string]int{"new": 1, "resolved": 1, "not_evaluated": 1, "rule_changed": 1}, sum.Changes); diff != "" {
		t.Fatalf("night 3 summary.json changes (-want +got):\n%s", diff)
	}
	// The suppressed ghost is not counted in the report numbers: only B1 is.
	if sum.Total.Problems.GhostPersons != 1 {
		t.Fatalf("吃空饷 persons %d, want 1 (the suppressed finding left out)", sum.Total.Problems.GhostPersons)
	}

	hist := mustRun(t, "history", "--store", st)
	if strings.Count(hist, "\n") != 4 || !strings.Contains(hist, "not_evaluated 1") {
		t.Fatalf("history:\n%s", hist)
	}
	diff := mustRun(t, "diff", "previous", "latest", "--store", st)
	for _, want := range []string{"- custom.u2_staff", "- unit.renamed", "+ payroll.not_registered", "620402********"} {
		if !strings.Contains(diff, want) {
			t.Fatalf("diff lacks %q:\n%s", want, diff)
		}
	}
}

func readJSONFile(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatal(err)
	}
}

func TestScheduleRunsIntoDatedFoldersAndHoldsTheStore(t *testing.T) {
	dir := t.TempDir()
	drop, rulesDir, out := filepath.Join(dir, "drop"), filepath.Join(dir, "rules"), filepath.Join(dir, "nightly")
	nightlyDrop{d01Name: "白银区财政局", u2Staff: true}.write(t, drop, rulesDir)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	type result struct {
		code   int
		stderr string
	}
	done := make(chan result, 1)
	go func() {
		var o, e strings.Builder
		code := Do(ctx, []string{"--log-format", "json", "schedule", "--cron", "*/1 * * * * *", "--input", drop, "--out", out,
			"--keep", "1", "--max-runs", "2"}, &o, &e)
		done <- result{code, e.String()}
	}()
	// While the scheduler holds the store, a second hecha process is refused.
	store := filepath.Join(out, "hecha.duckdb")
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := os.Stat(store + ".lock"); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the scheduler never opened its store")
		}
		time.Sleep(50 * time.Millisecond)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "HECHA_CLI_MAIN=1")
	cmd.Args = append(cmd.Args, "--", "run", "--input", drop, "--out", filepath.Join(dir, "manual"), "--store", store)
	child, err := cmd.CombinedOutput()
	if code := cmd.ProcessState.ExitCode(); code != ExitInternal || !strings.Contains(string(child), "in use by another hecha process") {
		t.Fatalf("second process against the same store: exit %d, err %v\n%s", code, err, child)
	}
	r := <-done
	if r.code != ExitOK {
		t.Fatalf("schedule exit %d:\n%s", r.code, r.stderr)
	}
	if strings.Count(r.stderr, `"message":"run finished"`) != 2 || !strings.Contains(r.stderr, `"run_id"`) || !strings.Contains(r.stderr, `"stage_rules"`) {
		t.Fatalf("schedule log lacks two finished runs with run ids and stage timings:\n%s", r.stderr)
	}
	entries, _ := os.ReadDir(out)
	var runs []string
	for _, e := range entries {
		if e.IsDir() && isRunID(e.Name()) {
			runs = append(runs, e.Name())
		}
	}
	if len(runs) != 1 {
		t.Fatalf("--keep 1 left run folders %v", runs)
	}
	latest, err := os.Readlink(filepath.Join(out, "latest"))
	if err != nil || latest != runs[0] {
		t.Fatalf("latest -> %q (%v), want %s", latest, err, runs[0])
	}
	if _, err := os.Stat(filepath.Join(out, "latest", "findings.csv")); err != nil {
		t.Fatalf("latest run folder incomplete: %v", err)
	}
	hist := mustRun(t, "history", "--store", store)
	if strings.Count(hist, "\n") != 3 {
		t.Fatalf("the store should keep both runs:\n%s", hist)
	}
}

func TestScheduleStopsOnCancel(t *testing.T) {
	dir := t.TempDir()
	drop, rulesDir := filepath.Join(dir, "drop"), filepath.Join(dir, "rules")
	nightlyDrop{d01Name: "白银区财政局", u2Staff: true}.write(t, drop, rulesDir)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		var o, e strings.Builder
		done <- Do(ctx, []string{"schedule", "--cron", "0 2 * * *", "--input", drop, "--out", filepath.Join(dir, "n")}, &o, &e)
	}()
	time.Sleep(300 * time.Millisecond)
	cancel()
	select {
	case code := <-done:
		if code != ExitOK {
			t.Fatalf("schedule stopped with exit %d", code)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("schedule did not stop on cancel (SIGTERM)")
	}
}

func TestMain(m *testing.M) {
	// The test binary doubles as hecha for tests that need a second process.
	if os.Getenv("HECHA_CLI_MAIN") == "1" {
		args := os.Args[1:]
		for i, a := range args {
			if a == "--" {
				args = args[i+1:]
				break
			}
		}
		os.Exit(Do(context.Background(), args, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// Package findings holds what a run concludes — findings and the per-department numbers of the
// verification report — as plain Go values. The engine produces them, the fixtures predict them
// and every export reads them; nothing here touches DuckDB or the file system.
package findings

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
)

// Severity of a rule.
type Severity string

// Severities, highest first.
const (
	High   Severity = "high"
	Medium Severity = "medium"
	Low    Severity = "low"
)

// Rank orders severities: high 3, medium 2, low 1, anything else 0.
func (s Severity) Rank() int {
	switch s {
	case High:
		return 3
	case Medium:
		return 2
	case Low:
		return 1
	}
	return 0
}

// Categories are the seven numbered problem lines of 附件3 section 二(一).
var Categories = [8]string{
	1: "未经机构编制部门批准擅自设立机构",
	2: "擅自改变机构设置形式",
	3: "擅自加挂牌子",
	4: "擅自变更机构名称",
	5: "超编、超职数配备领导",
	6: "吃空饷",
	7: "除上述问题外的其他问题",
}

// Status of a finding relative to earlier runs and auditors' decisions.
const (
	StatusNew        = "new"
	StatusOpen       = "open"
	StatusSuppressed = "suppressed"
)

// Finding is one line of findings.csv: one (rule, unit, subject).
type Finding struct {
	Rule        string
	Category    int
	Severity    Severity
	DeptCode    string
	DeptName    string
	UnitCode    string
	UnitName    string
	Subject     string
	IDNo        string // person rules only: canonical 18 characters
	Name        string // person rules: the person's name
	Count       int64
	Amount      *int64 // fen (1/100 yuan); nil when the rule has no amount
	FirstMonth  string // YYYY-MM, payroll rules only
	LastMonth   string
	Detail      string
	Fingerprint string
	Status      string
}

// Fingerprint is the stable identity of a finding across runs: a hash of (rule, unit, subject).
func Fingerprint(rule, unitCode, subject string) string {
	h := sha256.Sum256([]byte(rule + "\x1f" + unitCode + "\x1f" + subject))
	return hex.EncodeToString(h[:8])
}

// Yuan formats an amount in fen as yuan with two decimals.
func Yuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return fmt.Sprintf("%s%d.%02d", sign, fen/100, fen%100)
}

// Key identifies a finding for comparisons: rule, unit and subject.
type Key struct {
	Rule, UnitCode, Subject string
}

// Key returns the finding's key.
func (f *Finding) Key() Key { return Key{f.Rule, f.UnitCode, f.Subject} }

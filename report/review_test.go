package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// auditorEdits writes the sample workbook, edits it as an auditor would and returns the bytes.
func auditorEdits(t *testing.T, edit func(f *excelize.File)) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteFindingsWorkbook(&buf, sampleWorkbook()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	edit(f)
	var out bytes.Buffer
	if _, err := f.WriteTo(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestReadReviewRoundTrip(t *testing.T) {
	data := auditorEdits(t, func(f *excelize.File) {
		f.SetCellValue("死亡后发放工资", "M2", "不属实")
		f.SetCellValue("死亡后发放工资", "N2", "系同名人员，已核实")
		f.SetCellValue("死亡后发放工资", "J2", "改过的说明")
		f.SetCellValue("超编", "I2", "已整改")
	})
	rows, err := ReadReview(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	type got struct{ Sheet, FP, Conclusion, Opinion string }
	var gs []got
	for _, r := range rows {
		gs = append(gs, got{r.Sheet, r.Fingerprint, r.Conclusion, r.Opinion})
	}
	want := []got{{"超编", "fp2", "已整改", ""}, {"死亡后发放工资", "fp1", "不属实", "系同名人员，已核实"}}
	if diff := cmp.Diff(want, gs); diff != "" {
		t.Fatalf("review rows (-want +got):\n%s", diff)
	}
	wb := sampleWorkbook()
	if diff := cmp.Diff([]string{"说明"}, EditedColumns(rows[1], &wb.Findings[0])); diff != "" {
		t.Fatalf("edited columns (-want +got):\n%s", diff)
	}
	if ed := EditedColumns(rows[0], &wb.Findings[1]); len(ed) != 0 {
		t.Fatalf("untouched row reported edited: %v", ed)
	}
}

func TestReadReviewRejectsUnknownConclusion(t *testing.T) {
	data := auditorEdits(t, func(f *excelize.File) { f.SetCellValue("超编", "I2", "差不多") })
	_, err := ReadReview(bytes.NewReader(data))
	if err == nil || !strings.Contains(err.Error(), "sheet 超编 row 2") {
		t.Fatalf("unknown 结论: %v", err)
	}
}

func TestReadReviewRefusesOtherWorkbooks(t *testing.T) {
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "姓名")
	var buf bytes.Buffer
	f.WriteTo(&buf)
	if _, err := ReadReview(&buf); err == nil || !strings.Contains(err.Error(), "指纹") {
		t.Fatalf("a workbook without 指纹 columns: %v", err)
	}
	if _, err := ReadReview(strings.NewReader("not a zip")); err == nil {
		t.Fatal("a non-xlsx file was read")
	}
}

func TestEditedColumnsAcceptsRevealedWorkbooks(t *testing.T) {
	wb := sampleWorkbook()
	wb.RevealIDs = true
	var buf bytes.Buffer
	if err := WriteFindingsWorkbook(&buf, wb); err != nil {
		t.Fatal(err)
	}
	rows, err := ReadReview(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if ed := EditedColumns(rows[1], &wb.Findings[0]); len(ed) != 0 {
		t.Fatalf("an untouched revealed workbook reported edits: %v", ed)
	}
}

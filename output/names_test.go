package output

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestSafeName(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"区财政局", "区财政局"},
		{"../../etc/passwd", "____etc_passwd"},
		{"..", "_"},
		{"a/b\\c", "a_b_c"},
		{`名称<>:"|?*`, "名称_______"},
		{"  .隐藏. ", "隐藏"},
		{"", "_"},
		{"CON", "_CON"},
		{"nul.txt", "_nul.txt"},
		{"tab\there", "tab_here"},
		{"=HYPERLINK()", "=HYPERLINK()"},
	} {
		if got := SafeName(c.in); got != c.want {
			t.Errorf("SafeName(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	long := SafeName(strings.Repeat("很长的单位名称", 40))
	if len(long) > maxNameBytes || !strings.HasPrefix(long, "很长的") || strings.ContainsRune(long, '\uFFFD') {
		t.Errorf("long name cut badly: %d bytes %q", len(long), long)
	}
	for _, hostile := range []string{"../x", "..\\x", "/abs", "a/../../b"} {
		p := filepath.Join("/out/reports", SafeName(hostile)+".docx")
		if filepath.Dir(p) != "/out/reports" {
			t.Errorf("%q escapes the folder: %s", hostile, p)
		}
	}
}

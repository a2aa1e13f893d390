package generator

import (
	"os"
	"strings"
	"testing"
)

func TestLegacyWord(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"KÕ ho¹ch n¨m 2025", "ho¹ch"},     // TCVN3
		{"Tr­êng TiÓu häc", "Tr\u00adêng"}, // TCVN3, ư as a soft hyphen
		{"Keá hoaïch naêm 2025", "hoaïch"}, // VNI
		{"Leâ Thò Dung", "Leâ"},            // VNI
		{"Phoøng Giaùo duïc", "Phoøng"},    // VNI
		{"®Èy m¹nh", "®Èy"},                // TCVN3
	}
	for _, tt := range tests {
		got, ok := legacyWord(tt.in)
		if !ok || got != tt.want {
			t.Errorf("legacyWord(%q): got %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

// Genuine Vietnamese, the whole seed plan among it, is never taken for a
// legacy encoding.
func TestLegacyWordAcceptsVietnamese(t *testing.T) {
	seed, err := os.ReadFile("../testdata/ke-hoach-2025-phong-gddt-quan-1.txt")
	if err != nil {
		t.Fatal(err)
	}
	lines := append(strings.Split(string(seed), "\n"),
		"Tiếng Việt có dấu: buông, tiên, yên, tuân, thuê, khuya, ngoằn ngoèo, quyết, «trích dẫn», 25°C, 120m², 3m³",
		"ẮẰẲẴẶ ẤẦẨẪẬ ÉÈẺẼẸ ÍÌỈĨỊ ÓÒỎÕỌ ỚỜỞỠỢ ÚÙỦŨỤ ỨỪỬỮỰ ÝỲỶỸỴ Đ đ",
	)
	for _, l := range lines {
		if w, ok := legacyWord(l); ok {
			t.Errorf("legacyWord flags %q in %q", w, l)
		}
	}
}

func TestKeyIndex(t *testing.T) {
	src := `nam = 2025 # năm
[co_quan]
ten = """
nhiều
dòng"""
ds = [
  "một",
  "hai",
]
[[doan]]
so = "I."
[[doan]]
thay = { "cụm từ" = "khác" }
[doan.con]
x = 1
[bang]
mot = { a = 1,
  "dòng hai" = 2 }
`
	ix := indexKeys(src)
	tests := []struct {
		key  string
		want int
	}{
		{"nam", 1}, {"co_quan", 2}, {"co_quan.ten", 3}, {"co_quan.ds", 6}, {"co_quan.ds[2]", 8},
		{"doan[1]", 10}, {"doan[1].so", 11}, {"doan[2]", 12}, {`doan[2].thay."cụm từ"`, 13},
		{"doan[2].con.x", 15}, {"doan[2].thieu", 12}, {"khong_co", 0}, {`bang.mot."dòng hai"`, 18}, {"bang.mot.a", 17},
	}
	for _, tt := range tests {
		if got := ix.line(tt.key); got != tt.want {
			t.Errorf("line(%q): got %d, want %d", tt.key, got, tt.want)
		}
	}
}

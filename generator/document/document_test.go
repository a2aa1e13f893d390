package document_test

import (
	"strings"
	"testing"

	"kehoach/generator/document"
)

func TestSymbols(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Kế hoạch số 18-KH/BDVQU ngày 31", []string{"18-KH/BDVQU"}},
		{"Công văn số 156/UBND-TTQ, Kết luận số 01-KL/TW.", []string{"156/UBND-TTQ", "01-KL/TW"}},
		{"Số: 05/KH-THNBK", []string{"05/KH-THNBK"}},
		{"Chương trình số 36-CTr/BCĐ", []string{"36-CTr/BCĐ"}},
		{"Độc lập - Tự do - Hạnh phúc", nil},
		{"hiệu lực - hiệu quả", nil},
		{"trước ngày 01/11", []string{"01/11"}},
		{"Số:      /BC-THNBK", []string{"/BC-THNBK"}},
	}
	for _, tt := range tests {
		var got []string
		for _, sp := range document.Symbols(tt.in) {
			got = append(got, tt.in[sp[0]:sp[1]])
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%q: got %q, want %q", tt.in, got, tt.want)
		}
	}
}

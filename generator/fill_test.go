package generator

import (
	"errors"
	"testing"
)

// A placeholder without a value is an error, never a blank.
func TestFillNeedsValues(t *testing.T) {
	values := map[string]string{"a": "A", "blank": " "}
	tests := []struct {
		in, want string
		err      error // matched with errors.Is; errAny: any error
	}{
		{"x {{a}} y", "x A y", nil},
		{"{{ a }}{{a}}", "AA", nil},
		{"no placeholder", "no placeholder", nil},
		{"{{b}}", "", ErrNoValue},
		{"{{blank}}", "", ErrNoValue},
		{"{{a", "", errAny},
	}
	for _, tc := range tests {
		got, err := fill(tc.in, values)
		switch {
		case tc.err == nil && (err != nil || got != tc.want):
			t.Errorf("%q: got %q, %v, want %q", tc.in, got, err, tc.want)
		case tc.err == errAny && err == nil, tc.err != nil && tc.err != errAny && !errors.Is(err, tc.err):
			t.Errorf("%q: got error %v, want %v", tc.in, err, tc.err)
		}
	}
}

var errAny = errors.New("any error")

// A long header name breaks where a văn thư breaks it: after the kind of
// school, or before the place, never inside a place name.
func TestIssuerLinesBreakBeforeThePlace(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ỦY BAN NHÂN DÂN PHƯỜNG SÀI GÒN", "ỦY BAN NHÂN DÂN\nPHƯỜNG SÀI GÒN"},
		{"PHÒNG GIÁO DỤC VÀ ĐÀO TẠO QUẬN 1", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO\nQUẬN 1"},
		{"ỦY BAN NHÂN DÂN THỊ XÃ THUẬN AN", "ỦY BAN NHÂN DÂN\nTHỊ XÃ THUẬN AN"},
		{"TRƯỜNG TIỂU HỌC NGUYỄN BỈNH KHIÊM", "TRƯỜNG TIỂU HỌC\nNGUYỄN BỈNH KHIÊM"},
		{"ỦY BAN NHÂN DÂN QUẬN 1", "ỦY BAN NHÂN DÂN QUẬN 1"},                   // fits
		{"ỦY BAN NHÂN DÂN\nPHƯỜNG SÀI GÒN", "ỦY BAN NHÂN DÂN\nPHƯỜNG SÀI GÒN"}, // its own break
		{"SỞ GIÁO DỤC VÀ ĐÀO TẠO THÀNH PHỐ HỒ CHÍ MINH", "SỞ GIÁO DỤC VÀ ĐÀO TẠO\nTHÀNH PHỐ HỒ CHÍ MINH"},
	}
	for _, tt := range tests {
		if got := issuerLines(tt.in); got != tt.want {
			t.Errorf("%q: got %q, want %q", tt.in, got, tt.want)
		}
	}
}

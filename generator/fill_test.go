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

package web

import (
	"path/filepath"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"kehoach/generator"
)

// fold is how a search matches: generator.Fold.
func fold(s string) string { return generator.Fold(s) }

// matches reports whether every word of the folded query q occurs in the
// folded text.
func matches(text, q string) bool {
	for _, w := range strings.Fields(q) {
		if !strings.Contains(text, w) {
			return false
		}
	}
	return true
}

// ascii returns s with its Vietnamese letters written without diacritics,
// keeping case and punctuation, for a file name every browser accepts:
// "Kế hoạch - Trường TH Nguyễn Bỉnh Khiêm.pdf" → "Ke hoach - Truong TH
// Nguyen Binh Khiem.pdf". Other characters outside printable ASCII, and
// the quotes and backslashes of a header, become "_".
func ascii(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'đ':
			b.WriteByte('d')
		case r == 'Đ':
			b.WriteByte('D')
		case r < 0x20 || r > 0x7e || r == '"' || r == '\\':
			b.WriteByte('_')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// contentDisposition is an attachment header with both names of the file:
// an ASCII one for old clients and the Vietnamese one (RFC 6266, RFC 8187).
func contentDisposition(name string) string {
	const attrChar = "!#$&+-.^_`|~"
	var b strings.Builder
	for _, c := range []byte(name) {
		if c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(attrChar, c) >= 0) {
			b.WriteByte(c)
			continue
		}
		b.WriteString("%" + strings.ToUpper(hex2(c)))
	}
	return `attachment; filename="` + ascii(name) + `"; filename*=UTF-8''` + b.String()
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&15]})
}

// KeyFor is the URL segment of a plan read from the file at path: its
// name without extension, folded, words joined by "-" ("Kế hoạch
// 2027.toml" → "ke-hoach-2027"); never a segment the app uses itself.
func KeyFor(path string) string {
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	key := strings.ReplaceAll(fold(base), " ", "-")
	if key == "" || reserved[key] {
		key = strings.TrimSuffix("ke-hoach-"+key, "-")
	}
	return key
}

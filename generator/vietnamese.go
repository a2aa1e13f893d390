package generator

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Text typed with a legacy 8-bit Vietnamese font (TCVN3/ABC ".VnTime", VNI
// "VNI-Times") and pasted as Unicode shows Latin-1 symbols and letters that
// Vietnamese never uses: "KÕ ho¹ch" (TCVN3), "Keá hoaïch" (VNI). The runes
// below are those; guillemets and the degree sign are left out because they
// occur in genuine text.
const legacyRunes = "¡¢£¤¥¦§¨©ª¬\u00ad®¯±´µ¶·¸¹º¼½¾¿" + // TCVN3 letters; not ² ³ (m², m³)
	"ÄÅÆÇËÎÏÐÑÖ×ØÛÜÞßäåæçëîïðñö÷øûüþÿ" // VNI letters and TCVN3 capitals

// VNI writes a tone or a hat as a second character after the vowel:
// "Leâ" for "Lê", "hoïc" for "học". Vietnamese never puts these after a
// plain vowel.
const (
	vowels = "aeiouyAEIOUY"
)

// vniPairs are vowel pairs that look Vietnamese letter by letter but never
// occur in Vietnamese ("iê", "uô", "uâ" do occur and are not listed).
var vniPairs = []string{"aâ", "eâ", "oâ", "aê", "oô", "AÂ", "EÂ", "OÂ", "AÊ"}

// legacyWord returns the first word of s that looks like legacy-encoded
// Vietnamese: it holds one of legacyRunes next to a letter, or a VNI tone
// mark after a vowel.
func legacyWord(s string) (string, bool) {
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) }) {
		for _, p := range vniPairs {
			if strings.Contains(w, p) {
				return w, true
			}
		}
		rs := []rune(w)
		for i, r := range rs {
			if i > 0 && strings.ContainsRune(vowels, rs[i-1]) && strings.ContainsRune("ùøûõï", r) {
				return w, true
			}
			if !strings.ContainsRune(legacyRunes, r) {
				continue
			}
			prev := i > 0 && unicode.IsLetter(rs[i-1])
			next := i+1 < len(rs) && unicode.IsLetter(rs[i+1])
			if prev || next {
				return w, true
			}
		}
	}
	return "", false
}

// upper uppercases Vietnamese text for headers and titles.
func upper(s string) string { return strings.ToUpper(s) }

// Fold returns s as a search or a heading is matched, the way people type
// Vietnamese without its marks: lowercase, without diacritics, đ as d,
// every run of characters other than letters and digits one space
// ("Nguyễn Bỉnh-Khiêm" and "nguyen binh khiem", "Hiệu trưởng: Họ và tên"
// and "hieu_truong.ho_ten" alike).
func Fold(s string) string {
	var b strings.Builder
	space := true
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			r = 'd'
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			r = unicode.ToLower(r)
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		}
		b.WriteRune(r)
		space = false
	}
	return strings.TrimSpace(b.String())
}

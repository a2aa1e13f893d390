package generator

import (
	"fmt"
	"sort"
	"strings"

	"kehoach/generator/document"
)

// Text in a plan file may carry emphasis, *italic* and **bold**, and
// placeholders, {{ten_truong}}. Markup is parsed first and placeholders are
// filled afterwards in one pass, so a value from a school's details (which
// may contain "*" or "{{") always comes out literally.

// parseMarkup splits s into runs at its * and ** marks.
func parseMarkup(s string) ([]document.Run, error) {
	var runs []document.Run
	var cur strings.Builder
	bold, italic := false, false
	flush := func() {
		if cur.Len() > 0 {
			runs = append(runs, document.Run{Text: cur.String(), Bold: bold, Italic: italic})
			cur.Reset()
		}
	}
	for i := 0; i < len(s); i++ {
		if s[i] != '*' {
			cur.WriteByte(s[i])
			continue
		}
		flush()
		if i+1 < len(s) && s[i+1] == '*' {
			bold = !bold
			i++
		} else {
			italic = !italic
		}
	}
	flush()
	switch {
	case bold:
		return nil, fmt.Errorf("dấu ** mở chữ đậm chưa được đóng; hãy thêm ** ở cuối phần chữ đậm")
	case italic:
		return nil, fmt.Errorf("dấu * mở chữ nghiêng chưa được đóng; hãy thêm * ở cuối phần chữ nghiêng")
	}
	return runs, nil
}

// placeholders returns the names used in s, or an error for an unclosed one.
func placeholders(s string) ([]string, error) {
	var names []string
	for {
		i := strings.Index(s, "{{")
		if i < 0 {
			return names, nil
		}
		j := strings.Index(s[i:], "}}")
		if j < 0 {
			return names, fmt.Errorf("chỗ điền %q chưa đóng; hãy viết {{tên}} với đủ hai dấu }}", clip(s[i:], 30))
		}
		names = append(names, strings.TrimSpace(s[i+2:i+j]))
		s = s[i+j+2:]
	}
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// checkText reports bad markup and placeholders in the value at key. With a
// nil set no placeholder is allowed.
func checkText(pl *problemList, key, s string, allowed map[string]bool) {
	if s == "" {
		return
	}
	if _, err := parseMarkup(s); err != nil {
		pl.add(key, "%v", err)
	}
	names, err := placeholders(s)
	if err != nil {
		pl.add(key, "%v", err)
	}
	for _, n := range names {
		if allowed == nil {
			pl.add(key, "không dùng chỗ điền {{%s}} ở đây; hãy viết thẳng nội dung", n)
			continue
		}
		if !allowed[n] {
			if hint := renamedPlaceholder(n, allowed); hint != "" {
				pl.add(key, "chỗ điền {{%s}} không có%s", n, hint)
				continue
			}
			pl.add(key, "chỗ điền {{%s}} không có; các chỗ điền dùng được ở đây: %s", n, strings.Join(sortedKeys(allowed), ", "))
		}
	}
}

func sortedKeys(m map[string]bool) []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	for i, n := range names {
		names[i] = "{{" + n + "}}"
	}
	return names
}

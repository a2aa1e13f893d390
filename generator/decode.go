package generator

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"golang.org/x/text/unicode/norm"
)

// Date is a calendar date that may be blank, for a signer to fill in by hand.
type Date struct {
	Year, Month, Day int
}

// IsZero reports whether the date is blank.
func (d Date) IsZero() bool { return d.Year == 0 }

func (d Date) before(e Date) bool {
	return d.Year < e.Year || d.Year == e.Year && (d.Month < e.Month || d.Month == e.Month && d.Day < e.Day)
}

var (
	dateType  = reflect.TypeOf(Date{})
	basisType = reflect.TypeOf(Basis{})
)

// decodeFile parses TOML source and fills v (a pointer to a struct whose
// fields carry `toml:"key"` tags, and `toml:"key,required"` for what must be
// present). Unlike toml.Decode it goes on after a bad value, so that every
// problem of the file is reported at once, each with its line. Every string
// is normalised to NFC and checked for legacy 8-bit Vietnamese encodings.
// filled is false when the file could not be parsed at all.
func decodeFile(name string, src []byte, v any) (pl *problemList, filled bool) {
	pl = &problemList{file: name}
	if bytes.HasPrefix(src, []byte{0xFF, 0xFE}) || bytes.HasPrefix(src, []byte{0xFE, 0xFF}) {
		pl.list = append(pl.list, Problem{File: name, Line: 1,
			Msg: "tệp được lưu ở dạng UTF-16 (Unicode của Notepad cũ); hãy mở tệp và lưu lại với bảng mã UTF-8"})
		return pl, false
	}
	if !utf8.Valid(src) {
		line := 1 + strings.Count(string(src[:firstInvalidUTF8(src)]), "\n")
		pl.list = append(pl.list, Problem{File: name, Line: line,
			Msg: "tệp không phải văn bản UTF-8 (có thể được lưu bằng bảng mã cũ TCVN3/ABC hoặc VNI); hãy mở tệp và lưu lại với bảng mã UTF-8"})
		return pl, false
	}
	// Notepad on Windows saves UTF-8 with a byte-order mark and CRLF line
	// ends; neither changes what a line number points at.
	text := strings.TrimPrefix(string(src), "\ufeff")
	var m map[string]any
	if _, err := toml.Decode(text, &m); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			pl.list = append(pl.list, Problem{File: name, Line: pe.Position.Line, Key: pe.LastKey,
				Msg: syntaxHint(pe, lineOf(text, pe.Position.Line)) + " (TOML: " + pe.Message + "); lỗi cú pháp làm dừng việc đọc tệp, sửa xong hãy chạy lại để thấy các lỗi còn lại"})
			return pl, false
		}
		pl.list = append(pl.list, Problem{File: name, Msg: "không đọc được: " + err.Error()})
		return pl, false
	}
	pl.index = indexKeys(text)
	d := decoder{pl: pl}
	d.object(m, "", reflect.ValueOf(v).Elem())
	return pl, true
}

// checked runs the checks of a decoded file, leaving out what they say
// about a key that already has a problem (a value of the wrong type reads
// as zero, and would be reported twice), and returns every problem.
func checked(pl *problemList, check func(*problemList)) error {
	sem := &problemList{file: pl.file, index: pl.index}
	check(sem)
	for _, p := range sem.list {
		covered := false
		for _, q := range pl.list {
			if q.Key == "" || p.Key == q.Key || strings.HasPrefix(p.Key, q.Key+".") || strings.HasPrefix(p.Key, q.Key+"[") {
				covered = true
				break
			}
		}
		if !covered {
			pl.list = append(pl.list, p)
		}
	}
	return pl.err()
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

type decoder struct{ pl *problemList }

type fieldInfo struct {
	index    int
	required bool
}

func fieldsOf(t reflect.Type) (map[string]fieldInfo, []string) {
	fields := map[string]fieldInfo{}
	var names []string
	for i := 0; i < t.NumField(); i++ {
		tag := t.Field(i).Tag.Get("toml")
		if tag == "" || tag == "-" {
			continue
		}
		name, opt, _ := strings.Cut(tag, ",")
		fields[name] = fieldInfo{index: i, required: opt == "required"}
		names = append(names, name)
	}
	return fields, names
}

func (d *decoder) object(m map[string]any, path string, rv reflect.Value) {
	fields, names := fieldsOf(rv.Type())
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		f, ok := fields[k]
		key := joinKey(path, k)
		if !ok {
			if hint := renamedKey(fields, k, m[k]); hint != "" {
				d.pl.add(key, "%s", hint)
				continue
			}
			d.pl.add(key, "khóa %q không có trong mẫu; hãy kiểm tra chính tả hoặc xóa dòng này (các khóa dùng được ở đây: %s)", k, strings.Join(names, ", "))
			continue
		}
		d.value(m[k], key, rv.Field(f.index), f.required)
	}
	for _, name := range names {
		f := fields[name]
		if !f.required {
			continue
		}
		val, ok := m[name]
		if !ok {
			where := path
			if where == "" {
				where = name
			}
			table := strings.ReplaceAll(joinKey(stripIndexes(path), name), `"`, "")
			switch ft := rv.Field(f.index).Type(); {
			case ft.Kind() == reflect.Struct && ft != dateType:
				d.pl.add(where, "thiếu bảng [%s]; hãy thêm bảng này cùng các khóa của nó", table)
			case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
				d.pl.add(where, "thiếu bảng [[%s]]; hãy thêm ít nhất một bảng như vậy", table)
			default:
				d.pl.add(where, "thiếu khóa %q; hãy thêm dòng: %s = …", name, name)
			}
			continue
		}
		if s, isStr := val.(string); isStr && strings.TrimSpace(s) == "" {
			d.pl.add(joinKey(path, name), "%q không được để trống; hãy điền giá trị", name)
		}
	}
}

func tomlKind(v any) string {
	switch v.(type) {
	case string:
		return "chuỗi văn bản"
	case int64:
		return "số nguyên"
	case float64:
		return "số thực"
	case bool:
		return "true/false"
	case time.Time:
		return "ngày tháng"
	case []map[string]any:
		return "danh sách bảng [[…]]"
	case []any:
		return "danh sách […]"
	case map[string]any:
		return "bảng"
	}
	return fmt.Sprintf("%T", v)
}

func (d *decoder) wrongType(key string, got any, want, example string) {
	d.pl.add(key, "giá trị là %s nhưng cần %s; hãy viết, ví dụ: %s", tomlKind(got), want, example)
}

func (d *decoder) value(v any, key string, rv reflect.Value, required bool) {
	leaf := key[strings.LastIndexByte(key, '.')+1:]
	switch {
	case rv.Type() == dateType:
		d.date(v, key, rv, required)
		return
	case rv.Kind() == reflect.String:
		s, ok := v.(string)
		if !ok {
			d.wrongType(key, v, "chuỗi văn bản trong ngoặc kép", leaf+` = "…"`)
			return
		}
		rv.SetString(d.text(key, s))
	case rv.Kind() == reflect.Bool:
		b, ok := v.(bool)
		if !ok {
			d.wrongType(key, v, "true hoặc false (không có ngoặc kép)", leaf+" = true")
			return
		}
		rv.SetBool(b)
	case rv.Kind() == reflect.Int:
		n, ok := v.(int64)
		if !ok {
			example := leaf + " = 3"
			if s, isStr := v.(string); isStr && isDigits(strings.TrimSpace(s)) {
				example = leaf + " = " + strings.TrimSpace(s)
			}
			d.wrongType(key, v, "số nguyên (không có ngoặc kép)", example)
			return
		}
		rv.SetInt(n)
	case rv.Kind() == reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			d.wrongType(key, v, "bảng", "["+key+"]")
			return
		}
		d.object(m, key, rv)
	case rv.Kind() == reflect.Map:
		m, ok := v.(map[string]any)
		if !ok {
			d.wrongType(key, v, "bảng các cặp tên = giá trị", "["+key+"]")
			return
		}
		out := reflect.MakeMapWithSize(rv.Type(), len(m))
		elem := rv.Type().Elem()
		for k, mv := range m {
			ek := joinKey(key, k)
			if elem.Kind() == reflect.String {
				s, ok := mv.(string)
				if !ok {
					d.wrongType(ek, mv, "chuỗi văn bản trong ngoặc kép", `"…" = "…"`)
					continue
				}
				out.SetMapIndex(reflect.ValueOf(d.text(ek, k)), reflect.ValueOf(d.text(ek, s)))
				continue
			}
			ev := reflect.New(elem).Elem()
			d.value(mv, ek, ev, elem == dateType)
			out.SetMapIndex(reflect.ValueOf(d.text(ek, k)), ev)
		}
		rv.Set(out)
	case rv.Kind() == reflect.Slice && rv.Type().Elem().Kind() == reflect.Struct:
		var tables []map[string]any
		switch t := v.(type) {
		case []map[string]any:
			tables = t
		case []any:
			for i, e := range t {
				if str, isStr := e.(string); isStr && rv.Type().Elem() == basisType {
					// A basis may be written as a plain string.
					e = map[string]any{"noi_dung": str}
				}
				m, ok := e.(map[string]any)
				if !ok {
					d.wrongType(indexKey(key, i+1), e, "bảng", "[["+key+"]]")
					return
				}
				tables = append(tables, m)
			}
		default:
			d.wrongType(key, v, "danh sách bảng", "[["+key+"]]")
			return
		}
		out := reflect.MakeSlice(rv.Type(), len(tables), len(tables))
		for i, m := range tables {
			d.object(m, indexKey(key, i+1), out.Index(i))
		}
		rv.Set(out)
	case rv.Kind() == reflect.Slice && rv.Type().Elem().Kind() == reflect.String:
		list, ok := v.([]any)
		if !ok {
			d.wrongType(key, v, "danh sách chuỗi", leaf+` = ["…", "…"]`)
			return
		}
		out := reflect.MakeSlice(rv.Type(), 0, len(list))
		for i, e := range list {
			ek := indexKey(key, i+1)
			s, ok := e.(string)
			if !ok {
				d.wrongType(ek, e, "chuỗi văn bản trong ngoặc kép", `"…"`)
				continue
			}
			out = reflect.Append(out, reflect.ValueOf(d.text(ek, s)))
		}
		rv.Set(out)
	case rv.Kind() == reflect.Slice && rv.Type().Elem().Kind() == reflect.Float64:
		list, ok := v.([]any)
		if !ok {
			d.wrongType(key, v, "danh sách số", leaf+` = [1, 6, 2]`)
			return
		}
		out := reflect.MakeSlice(rv.Type(), 0, len(list))
		for i, e := range list {
			var f float64
			switch n := e.(type) {
			case int64:
				f = float64(n)
			case float64:
				f = n
			default:
				d.wrongType(indexKey(key, i+1), e, "số", "2")
				continue
			}
			out = reflect.Append(out, reflect.ValueOf(f))
		}
		rv.Set(out)
	default:
		panic("generator: unsupported field type " + rv.Type().String())
	}
}

func (d *decoder) date(v any, key string, rv reflect.Value, required bool) {
	leaf := key[strings.LastIndexByte(key, '.')+1:]
	switch t := v.(type) {
	case time.Time:
		rv.Set(reflect.ValueOf(Date{t.Year(), int(t.Month()), t.Day()}))
	case string:
		switch {
		case required:
			d.pl.add(key, "ngày %q viết chưa đúng; hãy viết không có ngoặc kép theo dạng năm-tháng-ngày, ví dụ: %s = 2025-05-01", t, leaf)
		case strings.TrimSpace(t) != "":
			d.pl.add(key, "ngày %q viết chưa đúng; hãy viết không có ngoặc kép theo dạng năm-tháng-ngày, ví dụ: %s = 2025-03-05, hoặc để trống: %s = \"\"", t, leaf, leaf)
		}
	default:
		d.wrongType(key, v, "ngày tháng", leaf+" = 2025-03-05")
	}
}

// text normalises s to NFC and reports text that cannot be right in a
// Vietnamese official document.
func (d *decoder) text(key, s string) string {
	if strings.Contains(s, "\r") {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	}
	s = norm.NFC.String(s)
	if w, ok := legacyWord(s); ok {
		d.pl.add(key, "chữ \"%s\" có vẻ được gõ bằng bảng mã cũ (TCVN3/ABC hoặc VNI), không phải Unicode; hãy chuyển mã sang Unicode dựng sẵn (ví dụ bằng công cụ chuyển mã của Unikey) rồi dán lại", w)
	}
	for _, r := range s {
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r == utf8.RuneError || r == 0xFFFE || r == 0xFFFF {
			d.pl.add(key, "có ký tự điều khiển %U không in được; hãy gõ lại giá trị này", r)
			break
		}
		if r > 0xFFFF {
			d.pl.add(key, "có ký tự %q (%U), như biểu tượng cảm xúc, mà văn bản hành chính không in được; hãy bỏ ký tự này", r, r)
			break
		}
	}
	return s
}

// stripIndexes turns truong[3].hieu_truong into truong.hieu_truong, the way
// a table header is written.
func stripIndexes(path string) string {
	var b strings.Builder
	skip := false
	for _, r := range path {
		switch {
		case r == '[':
			skip = true
		case r == ']':
			skip = false
		case !skip:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func lineOf(text string, n int) string {
	lines := strings.Split(text, "\n")
	if n < 1 || n > len(lines) {
		return ""
	}
	return strings.TrimSpace(lines[n-1])
}

var (
	dateLike   = regexp.MustCompile(`=\s*\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\s*(#.*)?$`)
	bareText   = regexp.MustCompile(`=\s*[\p{L}]`)
	leadZeroes = regexp.MustCompile(`=\s*0\d+\s*(#.*)?$`)
)

// syntaxHint says in Vietnamese what a TOML syntax error most likely is on
// the line where it was found.
func syntaxHint(pe toml.ParseError, line string) string {
	switch {
	case dateLike.MatchString(line):
		return "ngày viết chưa đúng; hãy viết không có ngoặc kép, theo dạng năm-tháng-ngày với đủ chữ số và là ngày có thật, ví dụ: ngay = 2025-03-05"
	case strings.Contains(pe.Message, "has already been defined"):
		return "khóa hoặc bảng này đã có ở phía trên; mỗi khóa chỉ viết một lần (nếu đây là bảng con của một trường, hãy xem dòng [[truong]] phía trên có gõ đúng không)"
	case leadZeroes.MatchString(line):
		return "số có số 0 ở đầu phải đặt trong ngoặc kép, ví dụ: so = \"05\""
	case bareText.MatchString(line) && !strings.Contains(line, "true") && !strings.Contains(line, "false"):
		return "chữ phải đặt trong ngoặc kép, ví dụ: ten = \"Trường Tiểu học A\""
	case strings.Contains(pe.Message, "expected '\"'") || strings.Contains(pe.Message, "strings cannot contain newlines"):
		return "thiếu dấu ngoặc kép \" đóng ở cuối chuỗi văn bản"
	case strings.Contains(pe.Message, "expected a comma"):
		return "các mục trong danh sách […] cách nhau bằng dấu phẩy"
	}
	return "lỗi cú pháp; hãy sửa dòng này (chữ đặt trong ngoặc kép, mỗi khóa viết một lần, danh sách cách nhau bằng dấu phẩy)"
}

// renamedKey says what a key of a file written before plans declared their
// own roles is called now: chi_phong is chi_co_quan, and a school's person
// in charge ([truong.<role>]) goes under phu_trach.
func renamedKey(fields map[string]fieldInfo, k string, v any) string {
	if _, ok := fields["chi_co_quan"]; ok && k == "chi_phong" {
		return "khóa chi_phong nay là chi_co_quan (chỉ có trong kế hoạch của cơ quan ban hành); hãy đổi tên khóa"
	}
	if m, isTable := v.(map[string]any); isTable {
		if _, ok := fields["phu_trach"]; ok && m["ho_ten"] != nil {
			return fmt.Sprintf("bảng [truong.%s] nay viết [truong.phu_trach.%s]: người phụ trách mỗi việc nằm dưới phu_trach, với mã việc mà kế hoạch khai báo trong [[phu_trach]]; hãy đổi tên bảng", k, k)
		}
	}
	return ""
}

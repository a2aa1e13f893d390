package sheet

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"kehoach/generator"
)

// WriteTOML writes schools as a schools file for plan, laid out as
// data/schools.toml is: a [[truong]] table each, then its
// [truong.hieu_truong] and a [truong.phu_trach.<ma>] for each role of the
// plan, in the plan's order. Optional keys left blank are left out; a
// role the plan does not declare is too. generator.LoadSchools reads it
// back to the same schools.
func WriteTOML(w io.Writer, plan *generator.Plan, schools []generator.School) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "# Danh sách trường dùng với %s; mỗi trường là một bảng [[truong]].\n", planName(plan))
	fmt.Fprintln(bw, "# Tệp được lưu ở dạng UTF-8, chữ tiếng Việt dựng sẵn (Unicode NFC).")
	if len(plan.Roles) > 0 {
		fmt.Fprintln(bw, "# Người phụ trách mà kế hoạch cần ([[phu_trach]]), mỗi người một bảng (xung_ho, ho_ten, chuc_vu):")
		for _, r := range plan.Roles {
			fmt.Fprintf(bw, "#   [truong.phu_trach.%s]  %s\n", r.ID, r.Work)
		}
	}
	cols := columns(plan)
	for _, s := range schools {
		rec := recordOf(plan, s)
		fmt.Fprint(bw, "\n[[truong]]\n")
		table := ""
		for _, c := range cols {
			t, k := "", c.key
			if i := strings.LastIndexByte(c.key, '.'); i >= 0 {
				t, k = c.key[:i], c.key[i+1:]
			}
			if t != table {
				fmt.Fprintf(bw, "\n[truong.%s]\n", t)
				table = t
			}
			switch v := c.field(rec).(type) {
			case *string:
				if *v != "" || c.required {
					fmt.Fprintf(bw, "%s = %s\n", k, tomlString(*v))
				}
			case *bool:
				fmt.Fprintf(bw, "%s = %t\n", k, *v)
			case *generator.Date:
				if !v.IsZero() {
					fmt.Fprintf(bw, "%s = %04d-%02d-%02d\n", k, v.Year, v.Month, v.Day)
				}
			}
		}
	}
	return bw.Flush()
}

// tomlString quotes s as a TOML basic string: the escapes TOML knows, and
// \uXXXX for any other control character.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
				continue
			}
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

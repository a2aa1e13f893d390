package sheet

import (
	"errors"
	"regexp"
	"strconv"
	"strings"

	"kehoach/generator"
)

// Explain locates the problems generator.New found in the sheet's
// schools: a problem keyed truong[i].<field> (a school built in code has
// no file line) becomes one of the sheet's file, keyed by the sheet, the
// school's row and the field's column, with the same message. A school
// named by its place in the list ("trường thứ 3 trong danh sách") is
// named by its row. Other problems, such as the plan's, and other errors
// are left as they are; errors joined with errors.Join are explained one
// by one.
func (s *Sheet) Explain(err error) error {
	if ps, ok := err.(generator.Problems); ok {
		return s.explain(ps)
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, s.Explain(e))
		}
		return errors.Join(out...)
	}
	return err
}

// schoolKey matches a key about a school, truong[3].hieu_truong.ho_ten.
var (
	schoolKey = regexp.MustCompile(`^truong\[(\d+)\](?:\.(.*))?$`)
	listPlace = regexp.MustCompile(`trường thứ (\d+) trong danh sách`)
)

func (s *Sheet) explain(ps generator.Problems) generator.Problems {
	var list []located
	for _, p := range ps {
		i := 0
		m := schoolKey.FindStringSubmatch(p.Key)
		if m != nil {
			i, _ = strconv.Atoi(m[1])
		}
		if i < 1 || i > len(s.rows) {
			list = append(list, located{p: p})
			continue
		}
		row := s.rows[i-1]
		col, heading := s.column(m[2])
		p.Msg = listPlace.ReplaceAllStringFunc(p.Msg, func(place string) string {
			j, _ := strconv.Atoi(listPlace.FindStringSubmatch(place)[1])
			if j < 1 || j > len(s.rows) {
				return place
			}
			return "trường ở dòng " + strconv.Itoa(s.rows[j-1])
		})
		list = append(list, located{row, col, generator.Problem{File: s.File, Key: s.at(row, col, heading), Msg: p.Msg}})
	}
	return sortedProblems(list)
}

// column finds the column of a field's key, or of the nearest key above it
// that has one (hieu_truong.ho_ten, then hieu_truong); 0 when none has.
func (s *Sheet) column(key string) (int, string) {
	for key != "" {
		if col, ok := s.cols[key]; ok {
			return col, s.headings[key]
		}
		i := strings.LastIndexByte(key, '.')
		if i < 0 {
			break
		}
		key = key[:i]
	}
	return 0, ""
}

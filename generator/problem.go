package generator

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// ErrInvalid is matched (with errors.Is) by every error that reports
// problems in a plan or school file.
var ErrInvalid = errors.New("generator: dữ liệu không hợp lệ")

// Problem is one thing wrong in an input file, located by file, line and
// key, with a message in Vietnamese that says what to do.
type Problem struct {
	File string // file name as given to the loader
	Line int    // 1-based line; 0 when the whole file is concerned
	Key  string // dotted key path, e.g. truong[3].hieu_truong.ho_ten
	Msg  string
}

func (p Problem) Error() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	if p.Key != "" {
		b.WriteString(": ")
		b.WriteString(p.Key)
	}
	b.WriteString(": ")
	b.WriteString(p.Msg)
	return b.String()
}

// Problems is every problem found in one or more files. It is returned as
// an error so that callers can print all of them at once.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// Is reports ErrInvalid, so callers can branch on bad input.
func (ps Problems) Is(target error) bool { return target == ErrInvalid }

func (ps Problems) sorted() Problems {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].File != ps[j].File {
			return ps[i].File < ps[j].File
		}
		return ps[i].Line < ps[j].Line
	})
	return ps
}

// problemList collects problems for one file.
type problemList struct {
	file  string
	index *keyIndex
	list  Problems
}

func (l *problemList) add(key, format string, args ...any) {
	line := 0
	if l.index != nil {
		line = l.index.line(key)
	}
	l.list = append(l.list, Problem{File: l.file, Line: line, Key: key, Msg: fmt.Sprintf(format, args...)})
}

func (l *problemList) err() error {
	if len(l.list) == 0 {
		return nil
	}
	return l.list.sorted()
}

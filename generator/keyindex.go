package generator

import (
	"strconv"
	"strings"
)

// keyIndex maps every key path of a TOML file to the line it is written on,
// so that problems found after decoding can point at the line to fix.
// BurntSushi/toml keeps key positions private and does not number the
// tables of an array, so the file is scanned once more here. The scanner
// trusts that the TOML library has already accepted the syntax.
//
// Paths look like bao_cao.ky[2].han or doan[14].truong_thay."cụm từ"; array
// indexes are 1-based, as a person counts them.
type keyIndex struct {
	lines  map[string]int
	arrays map[string]int // table-array path -> number of tables seen
}

func indexKeys(src string) *keyIndex {
	ix := &keyIndex{lines: map[string]int{}, arrays: map[string]int{}}
	s := scanner{src: src, line: 1, ix: ix}
	s.document()
	return ix
}

// line returns the line of key, or of its nearest ancestor that has one.
func (ix *keyIndex) line(key string) int {
	if ix == nil { // a plan built in code has no file
		return 0
	}
	for key != "" {
		if l, ok := ix.lines[key]; ok {
			return l
		}
		key = parentKey(key)
	}
	return 0
}

func parentKey(key string) string {
	if strings.HasSuffix(key, "]") {
		if i := strings.LastIndexByte(key, '['); i >= 0 {
			return key[:i]
		}
	}
	inQuote := false
	last := -1
	for i := 0; i < len(key); i++ {
		switch key[i] {
		case '"':
			inQuote = !inQuote
		case '.':
			if !inQuote {
				last = i
			}
		}
	}
	if last < 0 {
		return ""
	}
	return key[:last]
}

// joinKey appends one segment to a path, quoting it unless it is bare.
func joinKey(path, seg string) string {
	if !isBareKey(seg) {
		seg = strconv.Quote(seg)
	}
	if path == "" {
		return seg
	}
	return path + "." + seg
}

func isBareKey(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

func indexKey(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

type scanner struct {
	src  string
	pos  int
	line int
	ix   *keyIndex
}

func (s *scanner) eof() bool { return s.pos >= len(s.src) }

func (s *scanner) peek() byte {
	if s.eof() {
		return 0
	}
	return s.src[s.pos]
}

func (s *scanner) next() byte {
	c := s.src[s.pos]
	s.pos++
	if c == '\n' {
		s.line++
	}
	return c
}

// skip passes spaces, and newlines and comments too when nl is set.
func (s *scanner) skip(nl bool) {
	for !s.eof() {
		switch c := s.peek(); {
		case c == ' ' || c == '\t' || c == '\r':
			s.next()
		case c == '\n' && nl:
			s.next()
		case c == '#':
			for !s.eof() && s.peek() != '\n' {
				s.next()
			}
		default:
			return
		}
	}
}

func (s *scanner) document() {
	table := ""
	for {
		s.skip(true)
		if s.eof() {
			return
		}
		if s.peek() == '[' {
			table = s.header()
			continue
		}
		line, start := s.line, s.pos
		key := s.keyPath(table)
		s.ix.lines[key] = line
		s.skip(false)
		if s.peek() == '=' {
			s.next()
		}
		s.value(key)
		if s.pos == start { // not TOML the scanner knows: move on
			s.next()
		}
	}
}

// header reads [a.b] or [[a.b]] and returns the path it opens.
func (s *scanner) header() string {
	line := s.line
	s.next()
	array := s.peek() == '['
	if array {
		s.next()
	}
	var segs []string
	for !s.eof() && s.peek() != ']' {
		s.skip(false)
		segs = append(segs, s.keySeg())
		s.skip(false)
		if s.peek() == '.' {
			s.next()
		}
	}
	for !s.eof() && s.peek() == ']' {
		s.next()
	}
	// Resolve each prefix to the current table of an array of tables.
	path := ""
	for i, seg := range segs {
		path = joinKey(path, seg)
		if i == len(segs)-1 && array {
			s.ix.arrays[path]++
			s.ix.lines[path] = line
			path = indexKey(path, s.ix.arrays[path])
		} else if n := s.ix.arrays[path]; n > 0 {
			path = indexKey(path, n)
		}
	}
	if _, ok := s.ix.lines[path]; !ok {
		s.ix.lines[path] = line
	}
	return path
}

func (s *scanner) keyPath(base string) string {
	path := base
	for {
		s.skip(false)
		path = joinKey(path, s.keySeg())
		s.skip(false)
		if s.peek() != '.' {
			return path
		}
		s.next()
	}
}

func (s *scanner) keySeg() string {
	switch s.peek() {
	case '"', '\'':
		return s.str()
	}
	start := s.pos
	for !s.eof() {
		c := s.peek()
		if c == '=' || c == '.' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '}' || c == ',' {
			break
		}
		s.next()
	}
	return s.src[start:s.pos]
}

// str reads a string of any of the four TOML kinds and returns its
// contents (escapes are left as written; only keys use the result).
func (s *scanner) str() string {
	q := s.next()
	if strings.HasPrefix(s.src[s.pos:], string([]byte{q, q})) {
		s.next()
		s.next()
		end := strings.Repeat(string(q), 3)
		start := s.pos
		for !s.eof() && !strings.HasPrefix(s.src[s.pos:], end) {
			if q == '"' && s.peek() == '\\' {
				s.next()
			}
			if !s.eof() {
				s.next()
			}
		}
		v := s.src[start:s.pos]
		for i := 0; i < 3 && !s.eof(); i++ {
			s.next()
		}
		// A multi-line string may end with up to two extra quotes.
		for !s.eof() && s.peek() == q {
			s.next()
		}
		return v
	}
	start := s.pos
	for !s.eof() && s.peek() != q && s.peek() != '\n' {
		if q == '"' && s.peek() == '\\' {
			s.next()
		}
		s.next()
	}
	v := s.src[start:s.pos]
	if !s.eof() && s.peek() == q {
		s.next()
	}
	if q == '"' {
		if u, err := strconv.Unquote(`"` + v + `"`); err == nil {
			return u
		}
	}
	return v
}

func (s *scanner) value(key string) {
	s.skip(false)
	switch s.peek() {
	case '"', '\'':
		s.str()
	case '[':
		s.next()
		for i := 1; ; i++ {
			s.skip(true)
			if s.eof() || s.peek() == ']' {
				break
			}
			elem, start := indexKey(key, i), s.pos
			s.ix.lines[elem] = s.line
			s.value(elem)
			s.skip(true)
			if s.peek() == ',' || s.pos == start {
				s.next()
			}
		}
		if !s.eof() {
			s.next()
		}
	case '{':
		s.next()
		for {
			s.skip(true) // TOML 1.1 lets inline tables span lines
			if s.eof() || s.peek() == '}' {
				break
			}
			line, start := s.line, s.pos
			k := s.keyPath(key)
			s.ix.lines[k] = line
			s.skip(false)
			if s.peek() == '=' {
				s.next()
			}
			s.value(k)
			s.skip(true)
			if s.peek() == ',' || s.pos == start {
				s.next()
			}
		}
		if !s.eof() && s.peek() == '}' {
			s.next()
		}
	default:
		for !s.eof() {
			c := s.peek()
			if c == ',' || c == ']' || c == '}' || c == '\n' || c == '#' {
				break
			}
			s.next()
		}
	}
}

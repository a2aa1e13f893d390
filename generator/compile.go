package generator

import (
	"reflect"
	"strings"
)

// compile copies plan and schools, so that the Generator owns what it
// reads, and checks the copies as the loaders check a file: every string
// normalised to NFC and free of legacy encodings and control characters,
// required values present, dates real, and then the plan's and the
// schools' own rules. A plan built in code gets the same checks, and the
// same messages (without line numbers), as one read from TOML.
func compile(plan *Plan, schools []School) (*Plan, []School, error) {
	p := new(Plan)
	deepCopy(reflect.ValueOf(p).Elem(), reflect.ValueOf(plan).Elem())
	f := &schoolFile{Schools: make([]School, len(schools))}
	for i := range schools {
		deepCopy(reflect.ValueOf(&f.Schools[i]).Elem(), reflect.ValueOf(&schools[i]).Elem())
	}
	schoolsName := "danh sách trường"
	sp := &problemList{file: schoolsName}
	if len(schools) > 0 && schools[0].src != nil {
		sp.file, sp.index = schools[0].src.file, schools[0].src.index
	}
	for i := range schools {
		f.Schools[i].line, f.Schools[i].src = schools[i].line, schools[i].src
	}
	pp := &problemList{file: p.name()}
	sanitize(pp, "", reflect.ValueOf(p).Elem())
	for i := range f.Schools {
		sanitize(sp, indexKey("truong", i+1), reflect.ValueOf(&f.Schools[i]).Elem())
	}
	perr := checked(pp, p.check)
	serr := checked(sp, func(pl *problemList) {
		f.check(pl)
		dir := p.folder()
		for i := range f.Schools {
			s := &f.Schools[i]
			key := indexKey("truong", i+1)
			if s.ID == dir {
				pl.add(key+".id", "id %q trùng tên thư mục chứa kế hoạch của cơ quan ban hành (co_quan.thu_muc); hãy đặt id khác", dir)
			}
			s.checkForPlan(pl, key, p)
		}
	})
	if perr != nil || serr != nil {
		var all Problems
		for _, err := range []error{perr, serr} {
			if ps, ok := err.(Problems); ok {
				all = append(all, ps...)
			}
		}
		return nil, nil, all
	}
	return p, f.Schools, nil
}

// deepCopy copies src into dst, sharing nothing that can be changed: the
// exported fields of structs, slices and maps. Unexported fields are left
// zero; the checks compute them again.
func deepCopy(dst, src reflect.Value) {
	switch src.Kind() {
	case reflect.Struct:
		t := src.Type()
		for i := 0; i < src.NumField(); i++ {
			if t.Field(i).IsExported() {
				deepCopy(dst.Field(i), src.Field(i))
			}
		}
	case reflect.Slice:
		if src.IsNil() {
			return
		}
		n := reflect.MakeSlice(src.Type(), src.Len(), src.Len())
		for i := 0; i < src.Len(); i++ {
			deepCopy(n.Index(i), src.Index(i))
		}
		dst.Set(n)
	case reflect.Map:
		if src.IsNil() {
			return
		}
		n := reflect.MakeMapWithSize(src.Type(), src.Len())
		it := src.MapRange()
		for it.Next() {
			n.SetMapIndex(it.Key(), it.Value()) // string keys; values strings or structs of strings
		}
		dst.Set(n)
	default:
		dst.Set(src)
	}
}

// sanitize walks a value the way decodeFile fills one: the text checks of
// the decoder on every string (normalised in place), required strings and
// dates present, dates that exist.
func sanitize(pl *problemList, path string, rv reflect.Value) {
	d := decoder{pl: pl}
	t := rv.Type()
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag := sf.Tag.Get("toml")
		if !sf.IsExported() || tag == "" || tag == "-" {
			continue
		}
		name, opt, _ := strings.Cut(tag, ",")
		required := opt == "required"
		key := joinKey(path, name)
		fv := rv.Field(i)
		switch {
		case fv.Type() == dateType:
			date := fv.Interface().(Date)
			if date.IsZero() {
				if required {
					pl.add(key, "thiếu ngày %q; hãy điền, ví dụ: %s = 2025-05-01", name, name)
				}
				continue
			}
			if !date.valid() {
				pl.add(key, "ngày %04d-%02d-%02d không có thật; hãy sửa lại", date.Year, date.Month, date.Day)
			}
		case fv.Kind() == reflect.String:
			s := d.text(key, fv.String())
			fv.SetString(s)
			if required && strings.TrimSpace(s) == "" {
				pl.add(key, "%q không được để trống; hãy điền giá trị", name)
			}
		case fv.Kind() == reflect.Struct:
			if !required && fv.IsZero() {
				continue // an optional table left out, such as [bao_cao]
			}
			sanitize(pl, key, fv)
		case fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() == reflect.String:
			for j := 0; j < fv.Len(); j++ {
				e := fv.Index(j)
				e.SetString(d.text(indexKey(key, j+1), e.String()))
			}
		case fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() == reflect.Struct:
			for j := 0; j < fv.Len(); j++ {
				sanitize(pl, indexKey(key, j+1), fv.Index(j))
			}
		case fv.Kind() == reflect.Map && !fv.IsNil():
			n := reflect.MakeMapWithSize(fv.Type(), fv.Len())
			it := fv.MapRange()
			for it.Next() {
				k := joinKey(key, it.Key().String())
				v := reflect.New(fv.Type().Elem()).Elem()
				v.Set(it.Value())
				switch {
				case v.Kind() == reflect.String:
					v.SetString(d.text(k, v.String()))
				case v.Type() == dateType:
					if date := v.Interface().(Date); !date.IsZero() && !date.valid() {
						pl.add(k, "ngày %04d-%02d-%02d không có thật; hãy sửa lại", date.Year, date.Month, date.Day)
					}
				case v.Kind() == reflect.Struct:
					sanitize(pl, k, v)
				}
				n.SetMapIndex(reflect.ValueOf(d.text(k, it.Key().String())), v)
			}
			fv.Set(n)
		}
	}
}

// valid reports whether the date exists in the calendar.
func (d Date) valid() bool {
	if d.Month < 1 || d.Month > 12 || d.Day < 1 || d.Year < 1 {
		return false
	}
	days := [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[d.Month]
	if d.Month == 2 && (d.Year%4 == 0 && d.Year%100 != 0 || d.Year%400 == 0) {
		days = 29
	}
	return d.Day <= days
}
